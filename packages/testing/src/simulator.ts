import type { HttpHandler } from 'msw'
import { createFailureQueue } from './controls/failures.js'
import { createLatency } from './controls/latency.js'
import { createRateLimits, type RateLimitRule, type RateLimitStats } from './controls/rate-limits.js'
import { createRecorder } from './controls/recorder.js'
import { agentView, createAgent } from './corp/agents.js'
import { appChatMessageView, appChatView, createAppChat } from './corp/appchats.js'
import { type CallbackListener, callbackView, checkTarget } from './corp/callbacks.js'
import { cardUpdateView, issueResponseCode } from './corp/cards.js'
import { createDepartment, departmentView, sortedById } from './corp/departments.js'
import { finishJobs, jobView } from './corp/jobs.js'
import { addLinkedCorp, linkedMessageView } from './corp/linkedcorp.js'
import { imageView, MEDIA_TYPES, mediaView, storeMedia } from './corp/media.js'
import { createMember, findMember, memberView } from './corp/members.js'
import { deliveries, sentMessageView } from './corp/messages.js'
import { issueCode } from './corp/oauth.js'
import { type CorpState, createCorpState } from './corp/state.js'
import { changeTagMembers, createTag, sortedTags, tagView } from './corp/tags.js'
import { expireTickets, verifyJsapiSignature } from './corp/tickets.js'
import { expireTokens, invalidateTokens } from './corp/tokens.js'
import type { JsonObject } from './corp/values.js'
import { createRobot, robotMediaView, robotMessageView, robotView } from './corp/webhooks.js'
import { createExternalContactControls, type ExternalContactSimulator } from './customers.js'
import { routeTable } from './endpoints/index.js'
import { createHandle } from './engine/handle.js'
import { normalizePath } from './engine/paths.js'
import { createMswHandlers } from './faces/msw.js'
import { listen } from './faces/node.js'
import { createKfControls, type KfSimulator } from './kf.js'
import { checkJobSteps, type ResolvedOptions, resolveOptions } from './options.js'
import type {
  Agent,
  AppChat,
  AppChatMessageRecord,
  BatchJob,
  CallbackRecord,
  CallbackTargetOptions,
  Department,
  InjectedFailure,
  JsapiSignatureCheck,
  LinkedCorpMessageRecord,
  ListenOptions,
  Media,
  Member,
  MenuButton,
  MessageDelivery,
  NewAgent,
  NewAppChat,
  NewDepartment,
  NewLinkedCorp,
  NewMedia,
  NewMember,
  NewTag,
  NewWebhook,
  OAuthCodeOptions,
  RecordedRequest,
  SentMessage,
  SimulatorOptions,
  SimulatorServer,
  Tag,
  TemplateCardUpdate,
  UploadedImage,
  WebhookMedia,
  WebhookMessageRecord,
  WebhookRobot,
} from './types.js'
import { type Failure, isFailure } from './wecom/answer.js'
import { errcodeMessage } from './wecom/errcodes.js'

export interface WeComSimulator extends CallbackSimulator, KfSimulator, ExternalContactSimulator {
  readonly corpId: string
  readonly corpSecret: string
  /** Where `handlers` answer; always ends with `/`. */
  readonly baseUrl: string

  /** msw handlers for every path under `baseUrl`: `setupServer(...sim.handlers)`. */
  readonly handlers: HttpHandler[]
  /** The one implementation both faces call: a WeCom request in, WeCom's answer out. */
  handle(request: Request): Promise<Response>
  /** A real local HTTP server sharing this simulator's state. */
  listen(options?: ListenOptions): Promise<SimulatorServer>

  /** Seeds a department (department/create rules; `parentid` defaults to 1). Throws when refused. */
  addDepartment(department: NewDepartment): Department
  /** Seeds a member (user/create rules, lenient on department and contact). Throws when refused. */
  addUser(member: NewMember): Member
  /** Copies, by id. */
  departments(): Department[]
  /** Copies, in creation order. */
  users(): Member[]
  /** A copy; userids match case-insensitively, as in WeCom. */
  getUser(userid: string): Member | undefined
  /** A single-use code, valid 5 minutes, for auth/getuserinfo and user/getuserinfo. */
  issueOAuthCode(userid: string, options?: OAuthCodeOptions): string

  /** Seeds a tag (tag/create rules) with members; throws when refused or a member is unknown. */
  addTag(tag: NewTag): Tag
  /** Copies, by tagid. */
  tags(): Tag[]
  getTag(tagid: number): Tag | undefined

  /** Stores a file as media/upload would, without multipart or its checks; returns the media_id. */
  addMedia(media: NewMedia): string
  /** A copy of stored media (bytes included), or undefined when unknown or expired. */
  getMedia(mediaId: string): Media | undefined
  /** Images stored by media/uploadimg, oldest first (copies). */
  uploadedImages(): UploadedImage[]

  /** Batch jobs whose results WeCom still keeps (the last five), oldest first; reading does not advance them. */
  jobs(): BatchJob[]
  getJob(jobid: string): BatchJob | undefined
  /** Runs every unfinished batch job now, in submission order, as if getresult had seen it through. */
  finishJobs(): void
  /** getresult answers before a job submitted from now on is done (see `jobSteps`); until `reset()`. */
  setJobSteps(steps: number): void

  /** Seeds an app (agent/set rules: name 1–32 characters, description 4–120). Throws when refused. */
  addAgent(agent: NewAgent): Agent
  /** Copies, in creation order, as agent/get answers them. */
  agents(): Agent[]
  getAgent(agentid: number): Agent | undefined
  /** The app's menu as menu/create stored it (a copy), or undefined when it has none. */
  getMenu(agentid: number): MenuButton[] | undefined

  /** Messages message/send delivered, oldest first (copies); recalled ones are marked. */
  sentMessages(): SentMessage[]
  /**
   * Delivered messages grouped by app and identical request body: how many times each logical
   * message really reached its recipients. Retries absorbed by the duplicate check do not count.
   */
  deliveries(): MessageDelivery[]

  /**
   * Adds a group robot (群机器人): webhook/send and webhook/upload_media answer for its key. The key
   * defaults to a random UUID; `url` is its webhook address on this simulator.
   */
  addWebhook(robot?: NewWebhook): WebhookRobot
  /** Every robot, in creation order. */
  webhooks(): WebhookRobot[]
  /** What the robot of `key` posted to its group, oldest first (copies). Throws for an unknown key. */
  webhookMessages(key: string): WebhookMessageRecord[]
  /** A file the robot of `key` uploaded (a copy), or undefined when unknown or past its 3 days. */
  getWebhookMedia(key: string, mediaId: string): WebhookMedia | undefined

  /**
   * Seeds an app chat as appchat/create would make it for `agentid` (default: the first app).
   * Throws when refused (fewer than 2 members, unknown userids, a taken chatid …).
   */
  addAppChat(chat: NewAppChat): AppChat
  /** Every app chat, in creation order, as appchat/get answers them. */
  appChats(): AppChat[]
  getAppChat(chatid: string): AppChat | undefined
  /** Messages appchat/send delivered to `chatid`, oldest first (copies); [] for an unknown chat. */
  appChatMessages(chatid: string): AppChatMessageRecord[]

  /**
   * A member clicked the template card of `msgid`: the response_code its callback would carry, for
   * message/update_template_card (valid 72 hours, once).
   */
  issueResponseCode(msgid: string): string
  /** message/update_template_card calls WeCom accepted, oldest first (copies). */
  templateCardUpdates(): TemplateCardUpdate[]
  /** Links a corp (互联企业): linkedcorp/message/send reaches "corpId/userid" of its `users`. */
  addLinkedCorp(corp: NewLinkedCorp): void
  /** Messages linkedcorp/message/send delivered, oldest first (copies). */
  linkedCorpMessages(): LinkedCorpMessageRecord[]

  /** Every jsapi ticket issued so far expires: the ticket endpoints issue new ones. */
  expireTickets(): void
  /**
   * Whether `signature` is what the JS-SDK signature of this page, nonce and timestamp is with the
   * live ticket the simulator issued (get_jsapi_ticket's, or with `ticketType: 'agent'` the app's
   * ticket/get?type=agent_config one). False when no such ticket was issued or it expired.
   */
  verifyJsapiSignature(check: JsapiSignatureCheck): boolean

  /** The simulated time, epoch ms: the `clock` option plus every `advanceTime`. */
  now(): number
  /**
   * Moves the simulated time on: tokens, codes, media, tickets, the duplicate check and the recall
   * window all see it. `reset()` brings it back to the clock.
   */
  advanceTime(ms: number): void

  /** Every token issued so far now answers 42001 (expired). */
  expireTokens(): void
  /** Every token issued so far now answers 40014 (invalid), as when WeCom revokes them early. */
  invalidateTokens(): void
  /** The next `times` calls of `path` (e.g. `user/get`, `gettoken`) fail this way. */
  failNext(path: string, failure: InjectedFailure, times?: number): void
  /** Delay before every answer, or before answers of one path (which wins). 0 removes it. */
  setLatency(ms: number, path?: string): void
  /**
   * WeCom's rate limits, to rehearse bulk jobs: past `requests` calls of a path in `windowMs`
   * (simulated clock) it answers 45009 and refuses for `blockMs`; past `concurrency` calls at
   * once, 45033. Without `path`, every path gets a budget of its own under the rule; a path's own
   * rule wins. `null` removes it.
   */
  setRateLimit(rule: RateLimitRule | null, path?: string): void
  /** What the rate limit of `path` let through and refused so far. */
  rateLimitStats(path: string): RateLimitStats
  /** Requests received so far, oldest first (copies). */
  readonly requests: RecordedRequest[]
  clearRequests(): void
  countCalls(path: string): number
  /**
   * Back to the corp as created: root department only, the apps of the `agents` option, no members,
   * tokens, messages or tickets, no controls set, no time advanced.
   */
  reset(): void
}

/** Events WeCom pushes to an app's callback URL (customer service, customer contact). */
export interface CallbackSimulator {
  /**
   * Where callbacks go: each event is encrypted with the EncodingAESKey (receiveId: the corpId),
   * signed with the Token and POSTed to the URL as WeCom does. `undefined` stops posting; events
   * are still recorded and listeners still called. `reset()` clears it.
   */
  setCallback(target: CallbackTargetOptions | undefined): void
  /** Every event fired since the last reset, oldest first (copies), with its delivery. */
  callbacks(): CallbackRecord[]
  /** Called with each event as it fires (before delivery); survives `reset()`. Returns an unsubscribe. */
  onCallback(listener: (record: CallbackRecord) => void): () => void
}

export function createWeComSimulator(options: SimulatorOptions = {}): WeComSimulator {
  const resolved = resolveOptions(options)
  const { basePath } = resolved
  let offset = 0
  const now = () => resolved.clock() + offset
  let state: CorpState = freshState(resolved)
  const failures = createFailureQueue()
  const latency = createLatency()
  const rateLimits = createRateLimits()
  const recorder = createRecorder()
  const handle = createHandle({
    basePath,
    routes: routeTable(),
    state: () => state,
    failures,
    latency,
    recorder,
    rateLimits,
    now,
  })
  const path = (name: string) => normalizePath(name, basePath)
  const callbackListeners = new Set<CallbackListener>()

  const simulator: WeComSimulator = {
    corpId: resolved.corpId,
    corpSecret: resolved.corpSecret,
    baseUrl: resolved.baseUrl,
    handlers: createMswHandlers(resolved.baseUrl, handle),
    handle,
    listen: (listenOptions) => listen(handle, basePath, listenOptions),

    addDepartment(department) {
      const input = { ...department, parentid: department.parentid ?? 1 }
      const created = orThrow('addDepartment', createDepartment(state, input))
      return departmentView(state, created)
    },
    addUser(member) {
      return memberView(
        orThrow('addUser', createMember(state, { ...member } as JsonObject, { strict: false })),
      )
    },
    departments: () => sortedById(state).map((department) => departmentView(state, department)),
    users: () => [...state.members.values()].map(memberView),
    getUser(userid) {
      const member = findMember(state, userid)
      return member && memberView(member)
    },
    issueOAuthCode(userid, codeOptions = {}) {
      const member = findMember(state, userid)
      if (!member) throw new Error(`issueOAuthCode: no member "${userid}"`)
      return issueCode(state, member.userid, codeOptions, now())
    },

    addTag(tag) {
      const unknownUser = tag.userlist?.find((userid) => !findMember(state, userid))
      if (unknownUser !== undefined) throw new Error(`addTag: no member "${unknownUser}"`)
      const unknownParty = tag.partylist?.find((id) => !state.departments.has(id))
      if (unknownParty !== undefined) throw new Error(`addTag: no department ${unknownParty}`)
      const created = orThrow('addTag', createTag(state, { tagname: tag.tagname, tagid: tag.tagid }))
      if (tag.userlist?.length || tag.partylist?.length) {
        const input = { tagid: created.tagid, userlist: tag.userlist ?? [], partylist: tag.partylist ?? [] }
        orThrow('addTag', changeTagMembers(state, input, 'add'))
      }
      return tagView(state, created)
    },
    tags: () => sortedTags(state).map((tag) => tagView(state, tag)),
    getTag(tagid) {
      const tag = state.tags.get(tagid)
      return tag && tagView(state, tag)
    },

    addMedia(media) {
      const type = media.type ?? 'file'
      if (!MEDIA_TYPES.includes(type))
        throw new Error(`addMedia: type must be one of ${MEDIA_TYPES.join(', ')}`)
      const file = { bytes: toBytes(media.bytes), filename: media.filename, contentType: media.contentType }
      return storeMedia(state, type, file, now()).media_id
    },
    getMedia(mediaId) {
      const media = state.media.get(mediaId)
      return media && media.expiresAt > now() ? mediaView(media) : undefined
    },
    uploadedImages: () => [...state.images.values()].map(imageView),

    jobs: () => [...state.jobs.values()].map(jobView),
    getJob(jobid) {
      const job = state.jobs.get(jobid)
      return job && jobView(job)
    },
    finishJobs: () => finishJobs(state),
    setJobSteps(steps) {
      checkJobSteps(steps)
      state.jobSteps = steps
    },

    addAgent(agent) {
      return agentView(state, orThrow('addAgent', createAgent(state, structuredClone(agent))))
    },
    agents: () => [...state.agents.values()].map((agent) => agentView(state, agent)),
    getAgent(agentid) {
      const agent = state.agents.get(agentid)
      return agent && agentView(state, agent)
    },
    getMenu(agentid) {
      const menu = state.menus.get(agentid)
      return menu && structuredClone(menu)
    },

    sentMessages: () => state.messages.map(sentMessageView),
    deliveries: () => deliveries(state),

    addWebhook: (robot) => robotView(createRobot(state, robot), resolved.baseUrl),
    webhooks: () => [...state.robots.values()].map((robot) => robotView(robot, resolved.baseUrl)),
    webhookMessages(key) {
      const robot = state.robots.get(key)
      if (!robot) throw new Error('webhookMessages: no robot with this key')
      return robot.messages.map(robotMessageView)
    },
    getWebhookMedia(key, mediaId) {
      const robot = state.robots.get(key)
      return robot && robotMediaView(robot, mediaId, now())
    },

    addAppChat(chat) {
      const agent =
        chat.agentid === undefined ? state.agents.values().next().value : state.agents.get(chat.agentid)
      if (!agent) throw new Error('addAppChat: no such app')
      const { agentid: _agentid, ...body } = chat
      return appChatView(
        orThrow('addAppChat', createAppChat(state, agent, structuredClone(body) as JsonObject)),
      )
    },
    appChats: () => [...state.appChats.values()].map(appChatView),
    getAppChat(chatid) {
      const chat = state.appChats.get(chatid)
      return chat && appChatView(chat)
    },
    appChatMessages: (chatid) => state.appChats.get(chatid)?.messages.map(appChatMessageView) ?? [],

    issueResponseCode: (msgid) => issueResponseCode(state, msgid, now()),
    templateCardUpdates: () => state.cardUpdates.map(cardUpdateView),
    addLinkedCorp: (corp) => addLinkedCorp(state, corp),
    linkedCorpMessages: () => state.linkedMessages.map(linkedMessageView),

    expireTickets: () => expireTickets(state, now()),
    verifyJsapiSignature: (check) => verifyJsapiSignature(state, check, now()),

    now,
    advanceTime(ms) {
      if (!(ms >= 0) || !Number.isFinite(ms))
        throw new RangeError('advanceTime: ms must be a finite number >= 0')
      offset += ms
    },

    expireTokens: () => expireTokens(state, now()),
    invalidateTokens: () => invalidateTokens(state),
    failNext(name, failure, times = 1) {
      if (
        'status' in failure &&
        !(Number.isInteger(failure.status) && failure.status >= 200 && failure.status <= 599)
      ) {
        throw new RangeError('failNext: status must be an HTTP status from 200 to 599')
      }
      failures.add(path(name), failure, times)
    },
    setLatency: (ms, name) => latency.set(ms, name === undefined ? undefined : path(name)),
    setRateLimit: (rule, name) => rateLimits.set(rule, name === undefined ? undefined : path(name)),
    rateLimitStats: (name) => rateLimits.stats(path(name)),
    get requests() {
      return recorder.list()
    },
    clearRequests: () => recorder.clear(),
    countCalls: (name) => recorder.count(path(name)),
    setCallback(target) {
      state.callbacks.target = target === undefined ? undefined : checkTarget(target)
    },
    callbacks: () => state.callbacks.records.map(callbackView),
    onCallback(listener) {
      if (typeof listener !== 'function') throw new TypeError('onCallback: give a function')
      const wrapped: CallbackListener = (record) => listener(callbackView(record))
      callbackListeners.add(wrapped)
      return () => void callbackListeners.delete(wrapped)
    },
    ...createKfControls({ state: () => state, now, listeners: callbackListeners }),
    ...createExternalContactControls({ state: () => state, now, listeners: callbackListeners }),

    reset() {
      offset = 0
      state = freshState(resolved)
      failures.clear()
      latency.clear()
      rateLimits.clear()
      recorder.clear()
    },
  }
  CORP_STATES.set(simulator, () => state)
  return simulator
}

/** Each simulator's live corp state, for the provider world (which issues corp tokens into it). */
const CORP_STATES = new WeakMap<WeComSimulator, () => CorpState>()

/** Internal, not exported from the package: the corp state a simulator answers from right now. */
export function corpStateOf(simulator: WeComSimulator): CorpState {
  const state = CORP_STATES.get(simulator)
  if (!state) throw new TypeError('not a simulator made by createWeComSimulator')
  return state()
}

/** A new corp with the apps of the `agents` option; a refused app is a test bug, thrown at once. */
function freshState(options: ResolvedOptions): CorpState {
  const state = createCorpState(options)
  for (const agent of options.agents) orThrow('agents', createAgent(state, structuredClone(agent)))
  return state
}

/** Seeding mistakes are test bugs: fail loudly with WeCom's own errcode in the message. */
function orThrow<T>(what: string, outcome: T | Failure): T {
  if (!isFailure(outcome)) return outcome
  const detail = outcome.detail ? ` (${outcome.detail})` : ''
  throw new Error(
    `${what}: WeCom would refuse it: ${outcome.errcode} ${errcodeMessage(outcome.errcode)}${detail}`,
  )
}

/** Seeded bytes are copied: the caller's buffer stays theirs. */
function toBytes(bytes: Uint8Array | ArrayBuffer | string): Uint8Array {
  if (typeof bytes === 'string') return new TextEncoder().encode(bytes)
  if (bytes instanceof ArrayBuffer) return new Uint8Array(bytes.slice(0))
  return bytes.slice()
}
