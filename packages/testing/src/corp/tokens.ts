import { type Failure, fail } from '../wecom/answer.js'
import { newAccessToken } from './ids.js'
import type { CorpState, TokenRecord } from './state.js'

interface IssuedToken {
  access_token: string
  expires_in: number
}

/**
 * The secret gettoken was called with: `corpSecret` (undefined agentid: the simulator lets its tokens
 * reach every app), or an app's own `secret`. Undefined when it belongs to nobody (40001).
 */
export function secretOwner(state: CorpState, secret: string): { agentid: number | undefined } | undefined {
  if (secret === state.options.corpSecret) return { agentid: undefined }
  for (const agent of state.agents.values()) {
    if (agent.secret !== undefined && agent.secret === secret) return { agentid: agent.agentid }
  }
  return undefined
}

/**
 * "有效期内重复获取返回相同结果，过期后获取会返回新的access_token" (older gettoken docs): a live
 * token of the same secret is handed out again, with the seconds it has left, rather than a fresh
 * one. "每个应用的access_token是彼此独立的": each secret has its own.
 */
export function issueToken(
  state: CorpState,
  secret: string,
  agentid: number | undefined,
  now: number,
): IssuedToken {
  for (const [token, record] of state.tokens) {
    if (record.secret === secret && record.expiresAt > now) {
      return { access_token: token, expires_in: Math.ceil((record.expiresAt - now) / 1000) }
    }
  }
  const token = newAccessToken()
  const ttl = state.options.tokenTtlSeconds
  state.tokens.set(token, { expiresAt: now + ttl * 1000, secret, agentid })
  return { access_token: token, expires_in: ttl }
}

/** 41001 missing, 40014 unknown (never issued, or invalidated), 42001 expired. */
export function checkToken(state: CorpState, token: string | undefined, now: number): TokenRecord | Failure {
  if (token === undefined || token === '') return fail(41001)
  const record = state.tokens.get(token)
  if (!record) return fail(40014)
  if (record.expiresAt <= now) return fail(42001)
  return record
}

export function expireTokens(state: CorpState, now: number): void {
  for (const record of state.tokens.values()) record.expiresAt = Math.min(record.expiresAt, now)
}

export function invalidateTokens(state: CorpState): void {
  state.tokens.clear()
}
