import type { WeComClient } from '@wecom-kit/core'
import { parseInput } from '@wecom-kit/core/resource-kit'
import { AuthorizeUrlInput } from './schemas.js'

export interface AuthorizeUrlOptions {
  /** Letters and digits, ≤ 128; WeCom hands it back on the redirect. */
  state?: string | undefined
  /** `snsapi_base` (default): the userid only; `snsapi_privateinfo`: a user_ticket too. */
  scope?: 'snsapi_base' | 'snsapi_privateinfo' | undefined
  /** Default: the client's agentId. Required for snsapi_privateinfo. */
  agentId?: number | undefined
}

/**
 * The OAuth URL to send a member's browser to (no HTTP call). Parameters in the order the
 * official docs give; the redirect URI percent-encoded once.
 */
export function getAuthorizeUrl(
  client: WeComClient,
  redirectUri: string,
  options: AuthorizeUrlOptions = {},
): string {
  const o = parseInput(
    AuthorizeUrlInput,
    {
      redirectUri,
      scope: options?.scope,
      state: options?.state,
      agentId: options?.agentId ?? client.options.agentId,
    },
    'authorize URL options',
  )
  let url =
    'https://open.weixin.qq.com/connect/oauth2/authorize' +
    `?appid=${encodeURIComponent(client.options.corpId)}` +
    `&redirect_uri=${encodeURIComponent(o.redirectUri)}` +
    `&response_type=code&scope=${o.scope ?? 'snsapi_base'}`
  if (o.state !== undefined) url += `&state=${o.state}`
  if (o.agentId !== undefined) url += `&agentid=${o.agentId}`
  return `${url}#wechat_redirect`
}
