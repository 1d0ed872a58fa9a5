import { createFailureQueue } from '../controls/failures.js'
import { createLatency } from '../controls/latency.js'
import { createRecorder } from '../controls/recorder.js'
import { findMember } from '../corp/members.js'
import { createCorpState } from '../corp/state.js'
import { expireTokens } from '../corp/tokens.js'
import { type Endpoint, routeTable } from '../endpoints/index.js'
import { createHandle } from '../engine/handle.js'
import { normalizePath } from '../engine/paths.js'
import { createMswHandlers } from '../faces/msw.js'
import { listen } from '../faces/node.js'
import { resolveOptions } from '../options.js'
import { AUTH_ENDPOINTS } from './auth-endpoints.js'
import { IDENTITY_ENDPOINTS } from './identity-endpoints.js'
import { fireNotice, type NoticeListener, verifyCallbackUrl } from './notices.js'
import { checkUrl, resolveProviderOptions } from './options.js'
import type { ProviderSimulator, ProviderSimulatorOptions, SuiteNoticeRecord } from './types.js'
import {
  AUTH_CODE_TTL_MS,
  addCorp,
  type CorpEntry,
  corpState,
  createWorld,
  newCode,
  newTicket,
  OAUTH_CODE_TTL_MS,
  type ProviderWorld,
  SUITE_AGENT_ID,
  TICKET_TTL_MS,
} from './world.js'

/** "auth_code … 10分钟内有效" for the login QR code too. */
const LOGIN_CODE_TTL_MS = 10 * 60 * 1000

/**
 * A service provider's world: one suite (third-party app) with its tickets and tokens, the corps
 * that install it, each with a directory of its own, and the provider's own token. Requests under
 * `service/` (and batch/userid_to_openuserid) are the provider's; any other request goes to the
 * corp whose access_token it carries, so a token from service/get_corp_token reads and writes that
 * corp only.
 */
export function createProviderSimulator(options: ProviderSimulatorOptions = {}): ProviderSimulator {
  const resolved = resolveProviderOptions(options)
  const { basePath, ticketIntervalMs } = resolved
  let offset = 0
  const now = () => resolved.clock() + offset
  let world = createWorld(resolved, now)
  const listeners = new Set<NoticeListener>()
  const failures = createFailureQueue()
  const latency = createLatency()
  const recorder = createRecorder()

  // The provider's own APIs, plus every corp API answered for "no corp": 41001 without a token,
  // 40014 with one that no corp issued. Refilled on reset: the endpoints hold the world.
  const providerPaths = new Set<string>()
  const engineRoutes = new Map<string, Endpoint>()
  const fillRoutes = () => {
    providerPaths.clear()
    engineRoutes.clear()
    for (const [name, endpoint] of routeTable()) engineRoutes.set(name, endpoint)
    for (const make of [...AUTH_ENDPOINTS, ...IDENTITY_ENDPOINTS]) {
      const endpoint = make(world)
      providerPaths.add(endpoint.path)
      engineRoutes.set(endpoint.path, endpoint)
    }
  }
  fillRoutes()
  const nobody = createCorpState(resolveOptions({ corpId: '', baseUrl: resolved.baseUrl, agents: [] }))
  const providerHandle = createHandle({
    basePath,
    routes: engineRoutes,
    state: () => nobody,
    failures,
    latency,
    recorder,
    now,
  })

  const handle = async (request: Request): Promise<Response> => {
    const url = new URL(request.url)
    const path = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) : undefined
    if (path !== undefined && !providerPaths.has(path)) {
      const token = url.searchParams.get('access_token')
      const corp = token ? corpOfToken(world, token) : undefined
      if (corp) return corp.sim.handle(request)
    }
    return providerHandle(request)
  }

  const entryOf = (what: string, corpId: string): CorpEntry => {
    const entry = world.corps.get(corpId)
    if (!entry) throw new Error(`${what}: no corp "${corpId}"`)
    return entry
  }
  const installed = (what: string, corpId: string): CorpEntry => {
    const entry = entryOf(what, corpId)
    if (!entry.auth) throw new Error(`${what}: corp "${corpId}" has not installed the suite`)
    return entry
  }
  const notice = (infoType: string, fields: Record<string, string | number | undefined>) =>
    fireNotice(world, listeners, infoType, fields)

  const pushSuiteTicket = (): Promise<SuiteNoticeRecord> => {
    const ticket = newTicket()
    world.tickets.set(ticket, now() + TICKET_TTL_MS)
    world.latestTicket = ticket
    return notice('suite_ticket', { SuiteTicket: ticket })
  }

  const tick = async (): Promise<SuiteNoticeRecord[]> => {
    const pushed: SuiteNoticeRecord[] = []
    while (world.nextTicketAt <= now()) {
      world.nextTicketAt += ticketIntervalMs
      pushed.push(await pushSuiteTicket())
    }
    return pushed
  }

  const memberCode = (what: string, corpId: string, userid: string, ttl: number) => {
    const entry = installed(what, corpId)
    const member = findMember(corpState(entry), userid)
    if (!member) throw new Error(`${what}: no member "${userid}" in corp "${corpId}"`)
    return { corpId, userid: member.userid, expiresAt: now() + ttl }
  }

  const path = (name: string) => normalizePath(name, basePath)

  return {
    providerCorpId: resolved.providerCorpId,
    providerSecret: resolved.providerSecret,
    suite: resolved.suite,
    baseUrl: resolved.baseUrl,
    handlers: createMswHandlers(resolved.baseUrl, handle),
    handle,
    listen: (listenOptions) => listen(handle, basePath, listenOptions),

    setSuiteCallback(url) {
      world.callbackUrl = url === undefined ? undefined : checkUrl(url)
    },
    verifySuiteCallback: () => verifyCallbackUrl(world),
    pushSuiteTicket,
    suiteTicket: () => world.latestTicket,
    tick,
    suiteNotices: () => world.notices.map((record) => structuredClone(record)),
    onSuiteNotice(listener) {
      if (typeof listener !== 'function') throw new TypeError('onSuiteNotice: give a function')
      const wrapped: NoticeListener = (record) => listener(record)
      listeners.add(wrapped)
      return () => void listeners.delete(wrapped)
    },

    addCorp: ({ corpId, corpName }) => addCorp(world, corpId, corpName ?? corpId).sim,
    async authorize(authorizeOptions = {}) {
      const corpId = authorizeOptions.corpId ?? freeCorpId(world)
      const entry =
        world.corps.get(corpId) ??
        addCorp(world, corpId, authorizeOptions.corpName ?? `模拟企业${world.corps.size + 1}`)
      if (entry.auth) throw new Error(`authorize: corp "${corpId}" has installed the suite already`)
      let authType = 0
      if (authorizeOptions.preAuthCode !== undefined) {
        const record = world.preAuthCodes.get(authorizeOptions.preAuthCode)
        if (!record || record.expiresAt <= now())
          throw new Error('authorize: the pre_auth_code is unknown or expired')
        authType = record.authType
        world.preAuthCodes.delete(authorizeOptions.preAuthCode)
      }
      const admin = authorizeOptions.admin ?? { userid: 'admin', name: '管理员' }
      const state = corpState(entry)
      if (!findMember(state, admin.userid)) entry.sim.addUser(admin)
      if (!state.agents.has(SUITE_AGENT_ID)) {
        entry.sim.addAgent({
          agentid: SUITE_AGENT_ID,
          name: resolved.suiteName.slice(0, 32),
          description: `${resolved.suiteName}（第三方应用）`,
        })
      }
      const stateParam = authorizeOptions.state ?? ''
      entry.auth = {
        agentid: SUITE_AGENT_ID,
        permanentCode: undefined,
        admin: admin.userid,
        state: stateParam,
        authType,
      }
      const authCode = newCode()
      world.authCodes.set(authCode, { corpId, state: stateParam, expiresAt: now() + AUTH_CODE_TTL_MS })
      const pushed =
        authorizeOptions.notify === false
          ? undefined
          : await notice('create_auth', { AuthCode: authCode, State: stateParam || undefined })
      return { corpId, corpName: entry.corpName, agentid: SUITE_AGENT_ID, authCode, notice: pushed }
    },
    changeAuth(corpId) {
      installed('changeAuth', corpId)
      return notice('change_auth', { AuthCorpId: corpId })
    },
    cancelAuth(corpId) {
      const entry = installed('cancelAuth', corpId)
      entry.auth = undefined
      // The corp's tokens all came from its permanent code: uninstalling ends them (40014).
      corpState(entry).tokens.clear()
      return notice('cancel_auth', { AuthCorpId: corpId })
    },
    resetPermanentCode(corpId) {
      const entry = installed('resetPermanentCode', corpId)
      entry.auth!.permanentCode = undefined
      const authCode = newCode()
      world.authCodes.set(authCode, { corpId, state: '', expiresAt: now() + AUTH_CODE_TTL_MS })
      return notice('reset_permanent_code', { AuthCode: authCode })
    },
    notifyContactChange(corpId, change) {
      installed('notifyContactChange', corpId)
      if (typeof change?.ChangeType !== 'string')
        throw new TypeError('notifyContactChange: give a ChangeType')
      const { ChangeType, ...fields } = change
      return notice('change_contact', { AuthCorpId: corpId, ChangeType, ...fields })
    },
    issueOAuthCode(corpId, userid) {
      const code = newCode()
      world.oauthCodes.set(code, memberCode('issueOAuthCode', corpId, userid, OAUTH_CODE_TTL_MS))
      return code
    },
    issueLoginCode(corpId, userid) {
      const code = newCode()
      world.loginCodes.set(code, memberCode('issueLoginCode', corpId, userid, LOGIN_CODE_TTL_MS))
      return code
    },

    corp: (corpId) => entryOf('corp', corpId).sim,
    corps: () => [...world.corps.keys()],
    permanentCode: (corpId) => world.corps.get(corpId)?.auth?.permanentCode,
    openUserId(corpId, userid) {
      const member = findMember(corpState(entryOf('openUserId', corpId)), userid)
      if (!member) throw new Error(`openUserId: no member "${userid}" in corp "${corpId}"`)
      return member.open_userid
    },
    openCorpId: (corpId) => entryOf('openCorpId', corpId).openCorpId,

    expireSuiteTokens() {
      for (const record of world.suiteTokens.values()) record.expiresAt = Math.min(record.expiresAt, now())
    },
    invalidateSuiteTokens: () => world.suiteTokens.clear(),
    expireCorpTokens(corpId) {
      const entries = corpId === undefined ? [...world.corps.values()] : [entryOf('expireCorpTokens', corpId)]
      for (const entry of entries) expireTokens(corpState(entry), now())
    },
    expireProviderTokens() {
      for (const record of world.providerTokens.values()) record.expiresAt = Math.min(record.expiresAt, now())
    },
    tokenFetches() {
      const counts = { suite: 0, provider: 0, corp: {} as Record<string, number> }
      for (const request of recorder.list()) {
        if (request.path === 'service/get_suite_token') counts.suite++
        else if (request.path === 'service/get_provider_token') counts.provider++
        else if (request.path === 'service/get_corp_token') {
          const corpId = (request.json as { auth_corpid?: unknown } | undefined)?.auth_corpid
          const key = typeof corpId === 'string' ? corpId : ''
          counts.corp[key] = (counts.corp[key] ?? 0) + 1
        }
      }
      return counts
    },

    now,
    async advanceTime(ms) {
      if (!(ms >= 0) || !Number.isFinite(ms))
        throw new RangeError('advanceTime: ms must be a finite number >= 0')
      offset += ms
      await tick()
    },

    failNext(name, failure, times = 1) {
      failures.add(path(name), failure, times)
    },
    setLatency: (ms, name) => latency.set(ms, name === undefined ? undefined : path(name)),
    get requests() {
      return recorder.list()
    },
    clearRequests: () => recorder.clear(),
    countCalls: (name) => recorder.count(path(name)),
    reset() {
      offset = 0
      world = createWorld(resolved, now)
      fillRoutes()
      failures.clear()
      latency.clear()
      recorder.clear()
    },
  }
}

/** The corp whose access_token this is (live or not: the corp itself says 42001 for an old one). */
function corpOfToken(world: ProviderWorld, token: string): CorpEntry | undefined {
  for (const entry of world.corps.values()) if (corpState(entry).tokens.has(token)) return entry
  return undefined
}

function freeCorpId(world: ProviderWorld): string {
  let n = world.corps.size + 1
  while (world.corps.has(`wwsimcorp${n}`)) n++
  return `wwsimcorp${n}`
}
