import type { Credentials } from '@wecom-kit/core'
import { freshToken, tokenKey } from '@wecom-kit/core/resource-kit'

// The provider_access_token as a credential strategy, run by core's token manager like every
// other token (one refresh for any number of callers, refresh ahead of expiry, refresh + one
// replay on an invalid token, the store and its lock).

export const PROVIDER_TOKEN_PATH = 'service/get_provider_token'

/**
 * get_provider_token errcodes meaning the credential itself is wrong, remembered for a minute
 * instead of asking again (WeCom bans an IP that keeps sending bad secrets): 40001 invalid
 * secret, 40013 invalid corpid, 40091 a secret of another corp (global error codes, 90313).
 */
export const PROVIDER_REFUSED_ERRCODES: readonly number[] = [40001, 40013, 40091]

/**
 * The provider_access_token: POST service/get_provider_token `{ corpid, provider_secret }`
 * (document/path/91200), sent as `provider_access_token`. A stale provider token answers 40014
 * ("invalid access_token", which WeCom's help names for all three token kinds), 42001 ("expired")
 * or 40082 ("invalid suite_access_token or provider_access_token"): each is refreshed and
 * replayed once.
 */
export function providerCredentials(corpId: string, providerSecret: string): Credentials {
  return {
    // The provider corpid plus a hash of the secret: a reset secret never gets the old token back.
    cacheKey: (kind) =>
      tokenKey(
        corpId,
        providerSecret,
        kind === 'access_token' ? 'provider_access_token' : `provider_${kind}`,
      ),
    // The secret goes in the JSON body, never in a URL.
    async fetchToken({ call }) {
      const body = await call(PROVIDER_TOKEN_PATH, {
        json: { corpid: corpId, provider_secret: providerSecret },
      })
      return freshToken(body, 'provider_access_token', PROVIDER_TOKEN_PATH)
    },
    tokenParam: 'provider_access_token',
    refusedErrcodes: PROVIDER_REFUSED_ERRCODES,
    // Besides core's 40014 / 42001: WeCom's errmsg for 40082 names both suite and provider tokens.
    invalidTokenErrcodes: [40082],
  }
}
