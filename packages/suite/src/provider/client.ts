import {
  createClient,
  type Hooks,
  type RateLimitOptions,
  type RetryOptions,
  type TokenStore,
  type WeComClient,
  type WithResources,
} from '@wecom-kit/core'
import { bindAll, isWellFormed, validationError } from '@wecom-kit/core/resource-kit'
import { providerCredentials } from './credentials.js'
import {
  corpIdToOpenCorpId,
  finishExternalUserIdMigration,
  getProviderLoginInfo,
  getRegisterCode,
  getRegisterInfo,
} from './endpoints.js'
import { license } from './license.js'

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
export interface ProviderClient extends WeComClient, WithResources<[typeof license]>, ProviderCalls {}

type ProviderCalls = ReturnType<
  typeof bindAll<{
    getLoginInfo: typeof getProviderLoginInfo
    corpIdToOpenCorpId: typeof corpIdToOpenCorpId
    getRegisterCode: typeof getRegisterCode
    getRegisterInfo: typeof getRegisterInfo
    finishExternalUserIdMigration: typeof finishExternalUserIdMigration
  }>
>

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
  const { corpId, providerSecret, ...rest } = options
  checkSecret(providerSecret)
  const core = createClient({ corpId, ...rest, credentials: providerCredentials(corpId, providerSecret) })
  return build(core.with(license))
}

/** The provider client over `core`; `with` keeps the provider calls on every copy. */
function build(core: WeComClient & WithResources<[typeof license]>): ProviderClient {
  const provider = {
    ...core,
    ...bindAll(core, {
      getLoginInfo: getProviderLoginInfo,
      corpIdToOpenCorpId,
      getRegisterCode,
      getRegisterInfo,
      finishExternalUserIdMigration,
    }),
    with: (...resources: Parameters<WeComClient['with']>) => build(core.with(...resources)),
  }
  return provider as ProviderClient
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
