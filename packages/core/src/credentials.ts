import { isWeComApiError, type WeComApiError, WeComHttpError } from './errors.js'
import type { HttpMethod } from './hooks.js'
import { type FreshToken, tokenKey } from './token.js'
import type { Query } from './transport.js'

/**
 * How a client gets its token. A corp app's secret is one strategy (`corpSecretCredentials`);
 * a suite's authorized corp, a provider or a token source of your own are others. The token
 * manager (one refresh for any number of callers, refresh ahead of expiry, refresh + one replay
 * when WeCom calls the token invalid, the store and its lock) is the same for every strategy.
 */
export interface Credentials {
  /**
   * The store key for a value of this credential (`kind` is `access_token`, or a ticket's name).
   * Stable across processes, and never holding a secret: hash it.
   */
  cacheKey(kind: string): Promise<string>
  /** Fetches a fresh token, through `context.call` or any way of its own. */
  fetchToken(context: CredentialContext): Promise<FreshToken>
  /** The query parameter the token is sent in. Default `access_token`. */
  readonly tokenParam?: string | undefined
  /**
   * errcodes of `fetchToken` meaning the credential itself is wrong: the failure is remembered
   * for a minute instead of asking again (WeCom bans an IP that sends bad secrets repeatedly).
   */
  readonly refusedErrcodes?: readonly number[] | undefined
  /** errcodes meaning "this token is invalid or expired", besides 40014, 42001 and 42009. */
  readonly invalidTokenErrcodes?: readonly number[] | undefined
}

export interface CredentialContext {
  /** A WeCom call without a token, through the client's transport, timeout and hooks. */
  call<T = Record<string, unknown>>(
    path: string,
    init?: { method?: HttpMethod; query?: Query; json?: unknown },
  ): Promise<T>
}

/** The errcodes after which a token is dropped, refreshed and the call replayed once. */
export const INVALID_TOKEN_ERRCODES: ReadonlySet<number> = new Set([40014, 42001, 42009])

/**
 * A token answer (`{ access_token, expires_in }`, or `suite_access_token`, …) as a FreshToken;
 * an answer without the token is an HTTP-level error, not a success with no token.
 */
export function freshToken(body: Record<string, unknown>, field: string, path: string): FreshToken {
  const value = body[field]
  if (typeof value !== 'string' || value === '') {
    throw new WeComHttpError(200, path, `the answer has no ${field}`)
  }
  return { value, expiresIn: typeof body.expires_in === 'number' ? body.expires_in : 7200 }
}

/** The app secret of a corp: `gettoken?corpid=…&corpsecret=…`. */
export function corpSecretCredentials(corpId: string, corpSecret: string): Credentials {
  return {
    // corpId plus a hash of the secret: two apps of one corp never share a token.
    cacheKey: (kind) => tokenKey(corpId, corpSecret, kind),
    async fetchToken({ call }) {
      const body = await call('gettoken', { query: { corpid: corpId, corpsecret: corpSecret } })
      return freshToken(body, 'access_token', 'gettoken')
    },
    // 40001 secret, 40013 corpId.
    refusedErrcodes: [40001, 40013],
  }
}

const REFUSED_COOL_DOWN_MS = 60_000

export interface TokenFetcher {
  /** Fetches a token with the client's retries; a refused credential is not asked again for a minute. */
  fetch(): Promise<FreshToken>
  /** True for an error that came out of `fetch`: it ran its own retries, the caller must not again. */
  isTokenFailure(error: unknown): boolean
}

/**
 * Token fetching for one client: the strategy's fetch through `call` (the client's transport and
 * retries, no token), with the refused-credential cool-down.
 */
export function createTokenFetcher(strategy: Credentials, call: CredentialContext['call']): TokenFetcher {
  const failures = new WeakSet<object>()
  const refusedCodes = new Set(strategy.refusedErrcodes ?? [])
  let refused: { error: WeComApiError; until: number } | undefined

  return {
    async fetch() {
      if (refused && Date.now() < refused.until) throw refused.error
      try {
        return await strategy.fetchToken({ call })
      } catch (error) {
        if (typeof error === 'object' && error !== null) failures.add(error)
        if (isWeComApiError(error) && refusedCodes.has(error.errcode)) {
          refused = { error, until: Date.now() + REFUSED_COOL_DOWN_MS }
        }
        throw error
      }
    },
    isTokenFailure: (error) => typeof error === 'object' && error !== null && failures.has(error),
  }
}
