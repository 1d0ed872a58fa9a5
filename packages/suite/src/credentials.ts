import { type Credentials, isWeComApiError, type WeComClient } from '@wecom-kit/core'
import { freshToken, tokenKey } from '@wecom-kit/core/resource-kit'
import { withSuiteHint } from './errors.js'
import type { TicketKeeper } from './ticket.js'

// The two token strategies of a suite, both run by core's token manager (one refresh for any
// number of callers, refresh ahead of expiry, refresh + one replay on an invalid token, the
// store and its lock). Store keys hold ids and a hash, never a secret, ticket or permanent code.

const SUITE_TOKEN_PATH = 'service/get_suite_token'
const CORP_TOKEN_PATH = 'service/get_corp_token'

/**
 * The suite_access_token: POST service/get_suite_token `{ suite_id, suite_secret, suite_ticket }`
 * (document/path/90600) with the newest saved ticket, sent as `suite_access_token`. Without a
 * usable ticket it fails with a `SuiteTicketError` before any request.
 */
export function suiteCredentials(suiteId: string, suiteSecret: string, tickets: TicketKeeper): Credentials {
  return {
    // suiteId plus a hash of the secret: a reset secret never picks up the old secret's token.
    cacheKey: (kind) =>
      tokenKey(suiteId, suiteSecret, kind === 'access_token' ? 'suite_access_token' : `suite_${kind}`),
    async fetchToken({ call }) {
      const ticket = await tickets.current()
      try {
        const body = await call(SUITE_TOKEN_PATH, {
          json: { suite_id: suiteId, suite_secret: suiteSecret, suite_ticket: ticket },
        })
        return freshToken(body, 'suite_access_token', SUITE_TOKEN_PATH)
      } catch (error) {
        // A refused ticket is not sent again: the next one saved is.
        if (isWeComApiError(error) && error.errcode === 40085) tickets.refuse(ticket)
        throw withSuiteHint(error)
      }
    },
    tokenParam: 'suite_access_token',
    // 40080 suite_secret, 40083 suite_id: asking again with them only gets the IP banned.
    refusedErrcodes: [40080, 40083],
    // 40082 "invalid suite_token", besides 42009 "suite_access_token expired" (core's own).
    invalidTokenErrcodes: [40082],
  }
}

/**
 * The store key of an authorized corp's token: per suite and corp, with a hash over the permanent
 * code, so that a corp that installed the app again (a new code) never gets the token of its old
 * grant back from the store. Never the code itself.
 */
export function corpTokenKey(corp: AuthCorp, kind = 'access_token'): Promise<string> {
  return tokenKey(corp.corpId, `${corp.suiteId}:${corp.permanentCode}`, `suite:${corp.suiteId}:${kind}`)
}

export interface AuthCorp {
  suiteId: string
  corpId: string
  permanentCode: string
}

/**
 * An authorized corp's access_token: POST service/get_corp_token `{ auth_corpid, permanent_code }`
 * (document/path/90605) through the suite's own client, so that the suite token is fetched,
 * shared and replaced (42009, 40082) like any suite call's.
 */
export function authCorpCredentials(corp: AuthCorp, suite: WeComClient): Credentials {
  // A copy: a caller changing its object later must not move the store key.
  const own: AuthCorp = { suiteId: corp.suiteId, corpId: corp.corpId, permanentCode: corp.permanentCode }
  const { corpId, permanentCode } = own
  return {
    cacheKey: (kind) => corpTokenKey(own, kind),
    async fetchToken() {
      try {
        const body = await suite.request(CORP_TOKEN_PATH, {
          method: 'POST',
          json: { auth_corpid: corpId, permanent_code: permanentCode },
          // Asking twice hands out the same token: safe to send again.
          idempotent: true,
        })
        return freshToken(body, 'access_token', CORP_TOKEN_PATH)
      } catch (error) {
        throw withSuiteHint(error)
      }
    },
    // 40084 permanent_code invalid (reset by a new install), 48004 authorization cancelled.
    refusedErrcodes: [40084, 48004],
  }
}
