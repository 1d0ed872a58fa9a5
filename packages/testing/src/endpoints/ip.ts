import { ok } from '../wecom/answer.js'
import type { Endpoint } from './types.js'

/**
 * The addresses WeCom calls callback URLs from, as getcallbackip answered them in the wild (the docs'
 * own example is "1.2.3.4", "2.3.3.3").
 */
const CALLBACK_IPS: readonly string[] = [
  '101.226.129.166',
  '101.89.18.158',
  '112.60.18.78',
  '116.128.138.160',
  '121.51.130.85',
  '140.207.189.106',
  '180.97.117.89',
  '183.3.224.149',
]

/** qyapi.weixin.qq.com's addresses, from get_api_domain_ip's docs example. */
const API_DOMAIN_IPS: readonly string[] = ['182.254.11.176', '182.254.78.66']

/**
 * GET getcallbackip (document/path/90238) and GET get_api_domain_ip (document/path/92520) →
 * {ip_list}. Their error answers carry `"ip_list": []` too, as the docs' 42001 example shows.
 */
export const getCallbackIp: Endpoint = ipEndpoint('getcallbackip', CALLBACK_IPS)
export const getApiDomainIp: Endpoint = ipEndpoint('get_api_domain_ip', API_DOMAIN_IPS)

function ipEndpoint(path: string, ips: readonly string[]): Endpoint {
  return {
    path,
    method: 'GET',
    failureFields: { ip_list: [] },
    handle() {
      return ok({ ip_list: [...ips] })
    },
  }
}
