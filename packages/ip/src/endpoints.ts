import { defineEndpoint } from '@wecom-kit/core/resource-kit'
import type { IpListResult } from './types.js'

// The ip operation table: one entry per plain endpoint (check the input, call one path).
// `idempotent`: may the call be sent again after it possibly reached WeCom?

/**
 * GET getcallbackip: the addresses WeCom's callbacks come from — for a firewall in front of
 * your callback URL.
 */
export const getCallbackIps = /* @__PURE__ */ defineEndpoint({
  method: 'GET',
  path: 'getcallbackip',
  doc: 92521,
  idempotent: true,
  returns: {} as IpListResult,
})

/** GET get_api_domain_ip: the addresses behind qyapi.weixin.qq.com — for outbound rules. */
export const getApiDomainIps = /* @__PURE__ */ defineEndpoint({
  method: 'GET',
  path: 'get_api_domain_ip',
  doc: 92520,
  idempotent: true,
  returns: {} as IpListResult,
})
