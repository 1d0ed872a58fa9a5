import type { HttpHandler } from 'msw'
import type { WeComSimulator } from '../simulator.js'
import type { InjectedFailure, ListenOptions, NewMember, RecordedRequest, SimulatorServer } from '../types.js'

/** The third-party app (第三方应用, a "suite") the provider world hosts. */
export interface SuiteCredentials {
  suiteId: string
  suiteSecret: string
  /** The Token of the suite's 指令回调 settings. */
  token: string
  /** The 43-character EncodingAESKey of the same settings. */
  encodingAesKey: string
}

export interface ProviderSimulatorOptions {
  /** The service provider's own CorpID. Default `wwsimprovider`. */
  providerCorpId?: string | undefined
  /** The provider secret (服务商的secret) for service/get_provider_token. Default `sim-provider-secret`. */
  providerSecret?: string | undefined
  /** The suite; every field has a default (suiteId `wwsimsuite`). */
  suite?: Partial<SuiteCredentials> | undefined
  /** The suite's name, as get_auth_info shows its app. Default `模拟第三方应用`. */
  suiteName?: string | undefined
  /**
   * The 指令回调 URL: suite tickets and authorization notices are encrypted (receiveId = suiteId),
   * signed and POSTed there as WeCom does. Without it they are only recorded. `setSuiteCallback`
   * changes it.
   */
  callbackUrl?: string | undefined
  /** Where the msw handlers answer. Default `https://qyapi.weixin.qq.com/cgi-bin/`. */
  baseUrl?: string | undefined
  /** Lifetime of suite, provider and corp tokens, in seconds. Default 7200, as WeCom. */
  tokenTtlSeconds?: number | undefined
  /** How often a suite ticket is due, in ms of simulated time. Default 600 000 (10 minutes), as WeCom. */
  ticketIntervalMs?: number | undefined
  /** Where the simulator reads the time, epoch ms. Default `Date.now`; `advanceTime` moves on from it. */
  clock?: (() => number) | undefined
}

/** A corp that authorizes (installs) the suite; created on first use. */
export interface AuthorizeOptions {
  /** Default: a fresh `wwsimcorpN`. An existing corp (authorized before, or `addCorp`) is reused. */
  corpId?: string | undefined
  /** Default `模拟企业N`. Only used when the corp is new. */
  corpName?: string | undefined
  /**
   * The admin who installs the app: added to the corp when missing (lenient user/create rules).
   * Default `{ userid: 'admin', name: '管理员' }`.
   */
  admin?: NewMember | undefined
  /** The state of the install link or QR code, echoed in create_auth and get_permanent_code. */
  state?: string | undefined
  /**
   * A pre_auth_code from service/get_pre_auth_code, when the install starts on the provider's site:
   * its set_session_info (auth_type 1: a test install) applies.
   */
  preAuthCode?: string | undefined
  /**
   * Whether WeCom pushes create_auth. Default true (installs from the app market); WeCom does not push
   * it for installs that start on the provider's site, which get the auth_code in the redirect instead.
   */
  notify?: boolean | undefined
}

export interface Authorization {
  corpId: string
  corpName: string
  /** The app WeCom created in the corp for the suite. */
  agentid: number
  /** The single-use temporary code (临时授权码), 10 minutes. */
  authCode: string
  /** The install's create_auth notice, when one was pushed. */
  notice: SuiteNoticeRecord | undefined
}

/** A 指令回调 WeCom pushed (or would have): suite_ticket, create_auth, change_auth, cancel_auth … */
export interface SuiteNoticeRecord {
  /** The decrypted notice: SuiteId, InfoType, TimeStamp and its own fields. */
  notice: Record<string, string | number>
  /** The same as WeCom's XML, before encryption. */
  xml: string
  /** Epoch ms, simulated clock. */
  at: number
  /** With a callback URL set: what it answered (WeCom wants `success`), or why it could not be reached. */
  delivery?: { status: number; body: string } | { error: string }
}

/** A contact change in an authorized corp (通讯录变更, InfoType change_contact), as pushed to the suite. */
export interface ContactChange {
  /** create_user, update_user, delete_user, create_party, update_party, delete_party, update_tag. */
  ChangeType: string
  [field: string]: string | number
}

/** How many token requests arrived (refused ones included), by kind; corp ones by auth_corpid. */
export interface TokenFetchCounts {
  suite: number
  provider: number
  corp: Record<string, number>
}

/** What `verifySuiteCallback` saw. */
export interface SuiteCallbackCheck {
  ok: boolean
  status: number
  body: string
  /** The echostr's plaintext, which the URL had to answer. */
  expected: string
}

export interface ProviderSimulator {
  readonly providerCorpId: string
  readonly providerSecret: string
  readonly suite: Readonly<SuiteCredentials>
  /** Where `handlers` answer; always ends with `/`. */
  readonly baseUrl: string
  /** msw handlers for the whole provider world: `setupServer(...sim.handlers)`. */
  readonly handlers: HttpHandler[]
  /** Every request of the world: service/* for the provider, the rest for the corp of its access_token. */
  handle(request: Request): Promise<Response>
  /** A real local HTTP server sharing this world's state. */
  listen(options?: ListenOptions): Promise<SimulatorServer>

  /** The 指令回调 URL; `undefined` stops posting (notices are still recorded). */
  setSuiteCallback(url: string | undefined): void
  /**
   * The check the provider admin makes when the callback URL is saved: a signed GET whose
   * `echostr` is encrypted with the provider's corpid as its receiveId (not the suite id, which
   * the notices carry). `ok` when the URL answered the decrypted echostr, exactly.
   */
  verifySuiteCallback(): Promise<SuiteCallbackCheck>
  /** Pushes a new suite ticket now (as "刷新ticket" in the provider admin does); resolves once delivered. */
  pushSuiteTicket(): Promise<SuiteNoticeRecord>
  /** The latest ticket pushed, or undefined before the first push. */
  suiteTicket(): string | undefined
  /** Pushes the tickets that fell due on the clock since the last push (one every `ticketIntervalMs`). */
  tick(): Promise<SuiteNoticeRecord[]>
  /** Every notice pushed since the last reset, oldest first (copies). */
  suiteNotices(): SuiteNoticeRecord[]
  /** Called with each notice as it fires (before delivery). Returns an unsubscribe. */
  onSuiteNotice(listener: (record: SuiteNoticeRecord) => void): () => void

  /** Adds a corp that has not installed the suite yet (it gets a directory of its own). */
  addCorp(corp: { corpId: string; corpName?: string | undefined }): WeComSimulator
  /** An admin installs the suite in a corp: an auth_code, and a create_auth notice unless `notify: false`. */
  authorize(options?: AuthorizeOptions): Promise<Authorization>
  /** The admin changed the authorization (visible range, permissions): a change_auth notice. */
  changeAuth(corpId: string): Promise<SuiteNoticeRecord>
  /** The corp uninstalled the suite: its permanent code and corp tokens stop working; a cancel_auth notice. */
  cancelAuth(corpId: string): Promise<SuiteNoticeRecord>
  /**
   * The secret was reset (重新获取secret): the permanent code stops working, and a reset_permanent_code
   * notice carries a new auth_code for service/get_permanent_code.
   */
  resetPermanentCode(corpId: string): Promise<SuiteNoticeRecord>
  /** Pushes a change_contact notice for an authorized corp (its fields after ChangeType as given). */
  notifyContactChange(corpId: string, change: ContactChange): Promise<SuiteNoticeRecord>
  /** A single-use code, 5 minutes, for service/auth/getuserinfo3rd (a member signs in to the app). */
  issueOAuthCode(corpId: string, userid: string): string
  /** A single-use code, 10 minutes, for service/get_login_info (a member scans the provider's login QR). */
  issueLoginCode(corpId: string, userid: string): string

  /** The corp's own simulator: seed its directory, read what the suite's app sent … */
  corp(corpId: string): WeComSimulator
  /** CorpIDs of every corp, in creation order. */
  corps(): string[]
  /** The permanent code of an authorized corp, or undefined (never authorized, cancelled, or reset). */
  permanentCode(corpId: string): string | undefined
  /** The open_userid of a member of a corp, as the suite sees it (fixed per suite and member). */
  openUserId(corpId: string, userid: string): string
  /** The open_corpid of a corp, as this provider sees it. */
  openCorpId(corpId: string): string

  /** Every suite_access_token issued so far now answers 42009 (expired). */
  expireSuiteTokens(): void
  /** Every suite_access_token issued so far now answers 40082 (invalid). */
  invalidateSuiteTokens(): void
  /** Every corp token (service/get_corp_token) of a corp, or of every corp, now answers 42001. */
  expireCorpTokens(corpId?: string): void
  /** Every provider_access_token issued so far now answers 42001 (expired). */
  expireProviderTokens(): void
  /** Requests for each kind of token since the last reset or `clearRequests`. */
  tokenFetches(): TokenFetchCounts

  /** The simulated time, epoch ms. */
  now(): number
  /** Moves the simulated time on for the provider and every corp, and pushes the tickets that fell due. */
  advanceTime(ms: number): Promise<void>

  /** The next `times` calls of a provider path (e.g. `service/get_corp_token`) fail this way. */
  failNext(path: string, failure: InjectedFailure, times?: number): void
  /** Delay before answers of provider paths (or of one). Corp paths: `sim.corp(id).setLatency`. */
  setLatency(ms: number, path?: string): void
  /** Requests to provider paths and to no corp (unknown access_token), oldest first (copies). */
  readonly requests: RecordedRequest[]
  clearRequests(): void
  countCalls(path: string): number
  /** Back to a world without corps, tokens, tickets, notices or controls. */
  reset(): void
}
