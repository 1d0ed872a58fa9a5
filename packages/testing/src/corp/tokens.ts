import { type Failure, fail } from '../wecom/answer.js'
import { newAccessToken } from './ids.js'
import type { CorpState } from './state.js'

export interface IssuedToken {
  access_token: string
  expires_in: number
}

/**
 * "有效期内重复获取返回相同结果，过期后获取会返回新的access_token" (older gettoken docs): a live
 * token is handed out again, with the seconds it has left, rather than a fresh one.
 */
export function issueToken(state: CorpState, now: number): IssuedToken {
  for (const [token, record] of state.tokens) {
    if (record.expiresAt > now) {
      return { access_token: token, expires_in: Math.ceil((record.expiresAt - now) / 1000) }
    }
  }
  const token = newAccessToken()
  const ttl = state.options.tokenTtlSeconds
  state.tokens.set(token, { expiresAt: now + ttl * 1000 })
  return { access_token: token, expires_in: ttl }
}

/** 41001 missing, 40014 unknown (never issued, or invalidated), 42001 expired. */
export function checkToken(state: CorpState, token: string | undefined, now: number): Failure | undefined {
  if (token === undefined || token === '') return fail(41001)
  const record = state.tokens.get(token)
  if (!record) return fail(40014)
  if (record.expiresAt <= now) return fail(42001)
  return undefined
}

export function expireTokens(state: CorpState, now: number): void {
  for (const record of state.tokens.values()) record.expiresAt = Math.min(record.expiresAt, now)
}

export function invalidateTokens(state: CorpState): void {
  state.tokens.clear()
}
