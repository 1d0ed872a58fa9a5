import { type RequestOptions, type WeComClient, type WeComResult } from '@wecom-kit/core'
import { requestOptions } from '@wecom-kit/core/resource-kit'

export interface IpListResult extends WeComResult {
  ip_list: string[]
}

/**
 * GET getcallbackip: the addresses WeCom's callbacks come from — for a firewall in front of
 * your callback URL.
 */
export async function getCallbackIps(client: WeComClient, options?: RequestOptions): Promise<IpListResult> {
  return client.request('getcallbackip', requestOptions(options))
}

/** GET get_api_domain_ip: the addresses behind qyapi.weixin.qq.com — for outbound rules. */
export async function getApiDomainIps(client: WeComClient, options?: RequestOptions): Promise<IpListResult> {
  return client.request('get_api_domain_ip', requestOptions(options))
}
