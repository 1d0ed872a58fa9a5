import {
  type ClientOptions,
  createClient,
  type Hooks,
  memoryTokenStore,
  type RateLimitOptions,
  type RequestOptions,
  type RetryOptions,
  type TokenStore,
  type WeComClient,
} from '@wecom-kit/core'
import {
  bindAll,
  defineOperation,
  type Operation,
  parseInput,
  requestOptions,
  validationError,
} from '@wecom-kit/core/resource-kit'
import * as v from 'valibot'
import { authCorpCredentials, corpTokenKey, suiteCredentials } from './credentials.js'
import {
  getSuiteAdminList,
  getSuiteAuthInfo,
  getSuiteAuthInfoV1,
  getSuitePermanentCode,
  getSuitePermanentCodeV1,
  getSuitePreAuthCode,
  getUserDetail3rd,
  getUserInfo3rd,
  setSuiteSessionInfo,
} from './endpoints.js'
import {
  type AdminListInput,
  AuthCorpId,
  type AuthCorpInput,
  InstallUrlInput,
  PermanentCode,
  type SetSessionInfoInput,
} from './schemas.js'
import { createTicketKeeper } from './ticket.js'
import type {
  SuiteAdminListResult,
  SuiteAuthInfoResult,
  SuitePermanentCodeResult,
  SuitePermanentCodeV1Result,
  SuitePreAuthCodeResult,
  UserDetail3rdResult,
  UserInfo3rdResult,
  WeComResult,
} from './types.js'

export interface SuiteClientOptions {
  /** The suite's id (第三方应用 `ww…`/`wx…`, or a customized-app template `dk…`). */
  suiteId: string
  /** The suite's secret. It stays in a closure: never in a store key, an error or a hook. */
  suiteSecret: string
  /**
   * Where the suite_ticket, the suite token and every authorized corp's token live. Default: in
   * memory, for this suite client. A fleet shares `redisTokenStore` from `@wecom-kit/redis`.
   */
  tokenStore?: TokenStore | undefined
  /** Default `https://qyapi.weixin.qq.com/cgi-bin/`: a fixed-IP forward proxy or a simulator. */
  baseUrl?: string | undefined
  fetch?: typeof fetch | undefined
  /** Per attempt, ms. Default 10 000. */
  timeout?: number | undefined
  retry?: RetryOptions | undefined
  /** For the suite's calls and every corp client's. Hooks see URLs with the tokens replaced by `***`. */
  hooks?: Hooks | undefined
  /** Pacing, as for `createClient`: the suite's calls count against the suite, each corp's against that corp. */
  rateLimit?: RateLimitOptions | boolean | undefined
}

/** Which authorized corp `corpClient` speaks for. */
export interface SuiteCorpOptions {
  /** The authorized corp's corpid (`auth_corp_info.corpid` of getPermanentCode). */
  corpId: string
  /** Its permanent code (`permanent_code` of getPermanentCode). */
  permanentCode: string
  /** The agentid the corp gave the app (`auth_info.agent[].agentid`), the default for messages, menus and JS-SDK. */
  agentId?: number | string | undefined
  /** As for `createClient`: WeCom's duplicate check on every messages.send. */
  duplicateCheck?: ClientOptions['duplicateCheck']
}

export interface SuiteInstallUrlResult {
  /** `https://open.work.weixin.qq.com/3rdapp/install?…`: send the corp's admin there. */
  url: string
  pre_auth_code: string
  /** Seconds the URL works (the pre-auth code's lifetime). */
  expires_in: number
}

export interface SuiteClient {
  readonly suiteId: string
  /**
   * The suite's own core client: its calls carry the suite_access_token. For the standalone
   * functions (`getSuitePermanentCode(suite.client, code)`) and `suite.client.request(path, …)`.
   */
  readonly client: WeComClient
  /**
   * Keeps the suite_ticket of a suite_ticket callback (pushed every 10 minutes) in the token
   * store, where every process of a fleet reads it. The latest one saved wins.
   */
  saveTicket(ticket: string): Promise<void>
  /** A valid suite_access_token, fetched with the saved ticket or refreshed as needed. */
  getSuiteAccessToken(): Promise<string>
  getPreAuthCode(options?: RequestOptions): Promise<SuitePreAuthCodeResult>
  setSessionInfo(input: SetSessionInfoInput, options?: RequestOptions): Promise<WeComResult>
  /** A pre-auth code (and its session info, when given) made into the install URL. */
  getInstallUrl(
    input: { redirect_uri: string; state?: string; session_info?: SetSessionInfoInput['session_info'] },
    options?: RequestOptions,
  ): Promise<SuiteInstallUrlResult>
  /** service/v2/get_permanent_code: what an auth_code (install redirect or create_auth) grants. */
  getPermanentCode(authCode: string, options?: RequestOptions): Promise<SuitePermanentCodeResult>
  /**
   * service/get_permanent_code, the older endpoint: agents and a first corp token too. That token
   * is kept in the token store, so that the corp's first `corpClient` call fetches none.
   */
  getPermanentCodeV1(authCode: string, options?: RequestOptions): Promise<SuitePermanentCodeV1Result>
  getAuthInfo(input: AuthCorpInput, options?: RequestOptions): Promise<SuiteAuthInfoResult>
  getAuthInfoV1(input: AuthCorpInput, options?: RequestOptions): Promise<SuiteAuthInfoResult>
  getAdminList(input: AdminListInput, options?: RequestOptions): Promise<SuiteAdminListResult>
  /** Third-party OAuth: who opened the app's link, from the redirect's `code`. */
  getUserInfo3rd(code: string, options?: RequestOptions): Promise<UserInfo3rdResult>
  /** Third-party OAuth: the member's private fields, from getUserInfo3rd's `user_ticket`. */
  getUserDetail3rd(userTicket: string, options?: RequestOptions): Promise<UserDetail3rdResult>
  /**
   * A core client for an authorized corp, on the corp token of service/get_corp_token: every
   * resource works with it (`.with(users, messages)`). The same options give the same client
   * (one token for any number of callers); corp tokens live in the suite's token store. The
   * last 1 000 clients used are kept; an older one is made again on its next use, from the store.
   */
  corpClient(options: SuiteCorpOptions): WeComClient
}

const INSTALL_URL = 'https://open.work.weixin.qq.com/3rdapp/install'

const PRE_AUTH_CODE: Operation = getSuitePreAuthCode.operation
const SESSION_INFO: Operation = setSuiteSessionInfo.operation

/**
 * Gets a pre-auth code, sets its session info when given (`{ auth_type: 1 }` for a test
 * authorization), and builds the install URL: the corp's admin authorizes the app there and
 * comes back to `redirect_uri` with `auth_code` (for getPermanentCode) and `state`. `client` is
 * the suite's own (`suite.client`): its corpId is the suite id.
 */
export const getSuiteInstallUrl = /* @__PURE__ */ defineOperation(
  [PRE_AUTH_CODE, SESSION_INFO],
  async (
    client: WeComClient,
    input: { redirect_uri: string; state?: string; session_info?: SetSessionInfoInput['session_info'] },
    options?: RequestOptions,
  ): Promise<SuiteInstallUrlResult> => {
    const { redirect_uri, state, session_info } = parseInput(InstallUrlInput, input, 'install URL input')
    const request = requestOptions(options)
    const { pre_auth_code, expires_in } = await getSuitePreAuthCode(client, request)
    if (session_info) await setSuiteSessionInfo(client, { pre_auth_code, session_info }, request)
    const query = new URLSearchParams({ suite_id: client.options.corpId, pre_auth_code, redirect_uri })
    if (state) query.set('state', state)
    return { url: `${INSTALL_URL}?${query}`, pre_auth_code, expires_in }
  },
)

const SUITE_TOKEN: Operation = {
  method: 'POST',
  path: 'service/get_suite_token',
  doc: 90600,
  idempotent: true,
}
const CORP_TOKEN: Operation = { method: 'POST', path: 'service/get_corp_token', doc: 90605, idempotent: true }

const SuiteIdentity = v.object({
  suiteId: v.pipe(v.string('suiteId must be a string'), v.minLength(1, 'suiteId is required')),
  suiteSecret: v.pipe(v.string('suiteSecret must be a string'), v.minLength(1, 'suiteSecret is required')),
})

const CorpIdentity = v.object({ corpId: AuthCorpId, permanentCode: PermanentCode })

/**
 * How many corp clients a suite keeps (the most recently used). Past it, the least recently used
 * is dropped: its token stays in the store, so making it again costs a store read, not a fetch.
 */
const MAX_CORP_CLIENTS = 1_000

/** Refresh this long before WeCom's expiry, as core does: 5 minutes, or a tenth of a short lifetime. */
const expiresAtOf = (expiresIn: number, now: number) =>
  now + Math.max(1_000, expiresIn * 1000 - Math.min(300_000, expiresIn * 100))

/**
 * A service provider's suite (第三方应用 or a customized-app template): suite_ticket storage, the
 * suite token, the install flow, permanent codes, and a core client per authorized corp.
 *
 * ```ts
 * const suite = createSuiteClient({ suiteId, suiteSecret, tokenStore })
 * await suite.saveTicket(ticket)                         // from each suite_ticket callback
 * const { permanent_code, auth_corp_info } = await suite.getPermanentCode(authCode)
 * const corp = suite.corpClient({ corpId: auth_corp_info.corpid, permanentCode: permanent_code }).with(users)
 * ```
 */
export function createSuiteClient(options: SuiteClientOptions): SuiteClient {
  if (typeof options !== 'object' || options === null) {
    throw validationError('suite options', '', 'createSuiteClient takes an options object')
  }
  const { suiteId, suiteSecret } = parseInput(SuiteIdentity, options, 'suite options')
  const { tokenStore, baseUrl, fetch, timeout, retry, hooks, rateLimit } = options
  // One store for the ticket, the suite token and every corp token: what "the suite's store" means.
  const store = tokenStore ?? memoryTokenStore()
  const shared = { tokenStore: store, baseUrl, fetch, timeout, retry, hooks, rateLimit }
  // Checks the shared options (a WeComValidationError naming the option at fault).
  const tickets = createTicketKeeper(suiteId, store, hooks)
  const client = createClient({
    ...shared,
    corpId: suiteId,
    credentials: suiteCredentials(suiteId, suiteSecret, tickets),
  })

  // One client per corp (and agent, and duplicate check), so that any number of callers share
  // one token and one refresh. A new permanent code for the corp replaces its client. The Map's
  // order is the order of use (a hit moves its entry to the end), so the first entry is the
  // least recently used: a provider with many corps keeps the busy ones, not every one ever seen.
  const corps = new Map<string, { permanentCode: string; client: WeComClient }>()
  function corpClient(corp: SuiteCorpOptions): WeComClient {
    if (typeof corp !== 'object' || corp === null) {
      throw validationError('corpClient options', '', 'corpClient takes { corpId, permanentCode, agentId? }')
    }
    const { corpId, permanentCode } = parseInput(CorpIdentity, corp, 'corpClient options')
    const slot = `${corpId}\n${corp.agentId ?? ''}\n${JSON.stringify(corp.duplicateCheck ?? null)}`
    const known = corps.get(slot)
    if (known) corps.delete(slot)
    if (known && known.permanentCode === permanentCode) {
      corps.set(slot, known)
      return known.client
    }
    const made = createClient({
      ...shared,
      corpId,
      agentId: corp.agentId as number | undefined,
      duplicateCheck: corp.duplicateCheck,
      credentials: authCorpCredentials({ suiteId, corpId, permanentCode }, client),
    })
    corps.set(slot, { permanentCode, client: made })
    if (corps.size > MAX_CORP_CLIENTS) corps.delete(corps.keys().next().value as string)
    return made
  }

  // The v1 answer holds the corp's access_token: kept where corpClient looks first, under the
  // same key, so that installing a corp and calling it at once fetches no second token.
  async function getPermanentCodeV1(authCode: string, options?: RequestOptions) {
    const answer = await getSuitePermanentCodeV1(client, authCode, options)
    const { access_token, expires_in, permanent_code, auth_corp_info } = answer
    if (typeof access_token === 'string' && access_token !== '' && typeof expires_in === 'number') {
      const corp = { suiteId, corpId: auth_corp_info.corpid, permanentCode: permanent_code }
      const key = await corpTokenKey(corp)
      try {
        await store.set(key, { value: access_token, expiresAt: expiresAtOf(expires_in, Date.now()) })
      } catch (error) {
        // The answer stands: corpClient fetches a token of its own. Name and message only.
        const safe = new Error(error instanceof Error ? error.message : String(error))
        safe.name = error instanceof Error ? error.name : 'Error'
        hooks?.onStoreError?.({ operation: 'set', key, error: safe })
      }
    }
    return answer
  }

  return {
    suiteId,
    client,
    ...bindAll(client, {
      getPreAuthCode: getSuitePreAuthCode,
      setSessionInfo: setSuiteSessionInfo,
      getInstallUrl: getSuiteInstallUrl,
      getPermanentCode: getSuitePermanentCode,
      getAuthInfo: getSuiteAuthInfo,
      getAuthInfoV1: getSuiteAuthInfoV1,
      getAdminList: getSuiteAdminList,
      getUserInfo3rd,
      getUserDetail3rd,
    }),
    // Labelled like the endpoints, for docs/coverage.md: saving a ticket calls nothing.
    saveTicket: Object.assign((ticket: string) => tickets.save(ticket), { operation: [] as Operation[] }),
    getSuiteAccessToken: Object.assign(() => client.getAccessToken(), { operation: SUITE_TOKEN }),
    getPermanentCodeV1: Object.assign(getPermanentCodeV1, { operation: getSuitePermanentCodeV1.operation }),
    corpClient: Object.assign(corpClient, { operation: CORP_TOKEN }),
  }
}
