import {
  type CredentialContext,
  createClient,
  type FreshToken,
  type Hooks,
  memoryTokenStore,
  type RateLimitOptions,
  type RequestOptions,
  type RetryOptions,
  type TokenStore,
  type WeComClient,
  type WithResources,
} from '@wecom-kit/core'
import { bindAll, defineEndpoint, isWellFormed, validationError } from '@wecom-kit/core/resource-kit'
import * as v from 'valibot'
import { withSuiteHints } from '../errors.js'
import { fetchProviderToken, providerStrategy } from './credentials.js'
import {
  corpIdToOpenCorpId,
  finishExternalUserIdMigration,
  getRegisterCode,
  getRegisterInfo,
} from './endpoints.js'
import { license } from './license.js'
import { ProviderAuthCode } from './schemas.js'
import type { ProviderLoginInfo } from './types.js'

export interface ProviderClientOptions {
  /** The provider's own corpid (服务商的corpid). */
  corpId: string
  /** The provider secret (服务商管理后台 → 通用开发参数). Never in a store key, a hook or an error. */
  providerSecret: string
  /** Where the provider token lives. Default: in memory, per client. */
  tokenStore?: TokenStore | undefined
  baseUrl?: string | undefined
  fetch?: typeof fetch | undefined
  /** Per attempt, ms. Default 10 000. */
  timeout?: number | undefined
  retry?: RetryOptions | undefined
  hooks?: Hooks | undefined
  /** Pacing of the provider corp's calls (see `createClient`); `false` turns it off. */
  rateLimit?: RateLimitOptions | boolean | undefined
}

/**
 * A client on the provider_access_token: `request`, `getAccessToken` (the provider token) and
 * `with` as on any core client, plus the provider calls and `license` (接口调用许可).
 */
export interface ProviderClient extends WeComClient, WithResources<[typeof license]> {
  /**
   * POST service/get_login_info `{ auth_code }`: who logged in through the provider's web login
   * (扫码/网页授权登录). Not replayed: the code is single use.
   */
  getLoginInfo(authCode: string, options?: RequestOptions): Promise<ProviderLoginInfo>
  corpIdToOpenCorpId: ProviderCalls['corpIdToOpenCorpId']
  getRegisterCode: ProviderCalls['getRegisterCode']
  getRegisterInfo: ProviderCalls['getRegisterInfo']
  finishExternalUserIdMigration: ProviderCalls['finishExternalUserIdMigration']
}

const PROVIDER_CALLS = { corpIdToOpenCorpId, getRegisterCode, getRegisterInfo, finishExternalUserIdMigration }
type ProviderCalls = ReturnType<typeof bindAll<typeof PROVIDER_CALLS>>

/**
 * get_login_info is the one provider call whose token goes in `access_token`, not
 * `provider_access_token` (document/path/91125): it runs on a second client of the same token.
 */
const getProviderLoginInfo = /* @__PURE__ */ withSuiteHints(
  /* @__PURE__ */ defineEndpoint({
    method: 'POST',
    path: 'service/get_login_info',
    doc: 91125,
    // A replay after the code was consumed can only fail (40078), and hides the real outcome.
    idempotent: false,
    input: /* @__PURE__ */ v.object({ auth_code: ProviderAuthCode }),
    args: (authCode: string) => ({ auth_code: authCode }),
    returns: {} as ProviderLoginInfo,
  }),
)

/**
 * A client for the provider itself (服务商): the provider token fetched with
 * `{ corpid, provider_secret }`, kept in `tokenStore` under a key of the corpid and a hash of
 * the secret, refreshed ahead of expiry and on 40014 / 42001 (one replay, never a loop).
 *
 * ```ts
 * const provider = createProviderClient({ corpId: providerCorpId, providerSecret })
 * const { user_info, corp_info } = await provider.getLoginInfo(authCode)
 * const { open_corpid } = await provider.corpIdToOpenCorpId(corpId)
 * ```
 */
export function createProviderClient(options: ProviderClientOptions): ProviderClient {
  if (typeof options !== 'object' || options === null) {
    throw validationError('provider client options', '', 'createProviderClient takes an options object')
  }
  const { corpId, providerSecret, tokenStore, ...rest } = options
  checkSecret(providerSecret)
  // One token for both parameters: one store, one fetch in flight.
  const store = tokenStore ?? memoryTokenStore()
  const fetch = oneInFlight(fetchProviderToken(corpId, providerSecret))
  const common = { corpId, tokenStore: store, ...rest }
  const core = createClient({ ...common, credentials: providerStrategy(corpId, providerSecret, fetch) }).with(
    license,
  )
  const login = createClient({
    ...common,
    credentials: providerStrategy(corpId, providerSecret, fetch, { tokenParam: 'access_token' }),
  })
  return build(core, login)
}

/** The provider client over `core`; `with` keeps the provider calls on every copy. */
function build(core: WeComClient & WithResources<[typeof license]>, login: WeComClient): ProviderClient {
  const provider = {
    ...core,
    ...bindAll(core, PROVIDER_CALLS),
    ...bindAll(login, { getLoginInfo: getProviderLoginInfo }),
    with: (...resources: Parameters<WeComClient['with']>) => build(core.with(...resources), login),
  }
  return provider as ProviderClient
}

/** Callers at once share one token request, whichever of the two clients asked. */
function oneInFlight(fetch: (context: CredentialContext) => Promise<FreshToken>) {
  let pending: Promise<FreshToken> | undefined
  return (context: CredentialContext): Promise<FreshToken> => {
    pending ??= fetch(context).finally(() => {
      pending = undefined
    })
    return pending
  }
}

function checkSecret(secret: unknown): void {
  // No value quoted: it is the secret.
  const problem =
    typeof secret !== 'string'
      ? 'providerSecret must be a string'
      : secret === ''
        ? 'providerSecret must not be empty'
        : isWellFormed(secret)
          ? undefined
          : 'providerSecret must be well-formed text'
  if (problem) throw validationError('provider client options', 'providerSecret', problem)
}
