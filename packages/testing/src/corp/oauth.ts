import type { OAuthCodeOptions } from '../types.js'
import { type Failure, fail } from '../wecom/answer.js'
import { newDeviceId, newOAuthCode } from './ids.js'
import type { CorpState, OAuthCodeRecord } from './state.js'

/** "code只能使用一次，5分钟未被使用自动过期" (auth/getuserinfo). */
const CODE_TTL_MS = 5 * 60 * 1000

export function issueCode(state: CorpState, userid: string, options: OAuthCodeOptions, now: number): string {
  const code = newOAuthCode()
  state.oauthCodes.set(code, {
    userid,
    scope: options.scope ?? 'snsapi_base',
    deviceId: options.deviceId ?? newDeviceId(),
    expiresAt: now + CODE_TTL_MS,
  })
  return code
}

/** A code answers once. Unknown, spent and expired codes all get 40029 "invalid code". */
export function consumeCode(
  state: CorpState,
  code: string | undefined,
  now: number,
): OAuthCodeRecord | Failure {
  if (code === undefined || code === '') return fail(41008)
  const record = state.oauthCodes.get(code)
  state.oauthCodes.delete(code)
  if (!record || record.expiresAt <= now) return fail(40029)
  return record
}
