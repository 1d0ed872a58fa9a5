import type { HttpHandler } from 'msw'
import { createFailureQueue } from './controls/failures.js'
import { createLatency } from './controls/latency.js'
import { createRecorder } from './controls/recorder.js'
import { createDepartment, departmentView, sortedById } from './corp/departments.js'
import { createMember, findMember, memberView } from './corp/members.js'
import { issueCode } from './corp/oauth.js'
import { type CorpState, createCorpState } from './corp/state.js'
import { expireTokens, invalidateTokens } from './corp/tokens.js'
import type { JsonObject } from './corp/values.js'
import { routeTable } from './endpoints/index.js'
import { createHandle } from './engine/handle.js'
import { normalizePath } from './engine/paths.js'
import { createMswHandlers } from './faces/msw.js'
import { listen } from './faces/node.js'
import { resolveOptions } from './options.js'
import type {
  Department,
  InjectedFailure,
  ListenOptions,
  Member,
  NewDepartment,
  NewMember,
  OAuthCodeOptions,
  RecordedRequest,
  SimulatorOptions,
  SimulatorServer,
} from './types.js'
import { type Failure, isFailure } from './wecom/answer.js'
import { errcodeMessage } from './wecom/errcodes.js'

export interface WeComSimulator {
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

  /** Every token issued so far now answers 42001 (expired). */
  expireTokens(): void
  /** Every token issued so far now answers 40014 (invalid), as when WeCom revokes them early. */
  invalidateTokens(): void
  /** The next `times` calls of `path` (e.g. `user/get`, `gettoken`) fail this way. */
  failNext(path: string, failure: InjectedFailure, times?: number): void
  /** Delay before every answer, or before answers of one path (which wins). 0 removes it. */
  setLatency(ms: number, path?: string): void
  /** Requests received so far, oldest first (copies). */
  readonly requests: RecordedRequest[]
  clearRequests(): void
  countCalls(path: string): number
  /** Back to the corp as created: root department only, no members or tokens, no controls set. */
  reset(): void
}

export function createWeComSimulator(options: SimulatorOptions = {}): WeComSimulator {
  const resolved = resolveOptions(options)
  const { basePath } = resolved
  let state: CorpState = createCorpState(resolved)
  const failures = createFailureQueue()
  const latency = createLatency()
  const recorder = createRecorder()
  const handle = createHandle({
    basePath,
    routes: routeTable(),
    state: () => state,
    failures,
    latency,
    recorder,
  })
  const path = (name: string) => normalizePath(name, basePath)

  return {
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
      return issueCode(state, member.userid, codeOptions, Date.now())
    },

    expireTokens: () => expireTokens(state, Date.now()),
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
    get requests() {
      return recorder.list()
    },
    clearRequests: () => recorder.clear(),
    countCalls: (name) => recorder.count(path(name)),
    reset() {
      state = createCorpState(resolved)
      failures.clear()
      latency.clear()
      recorder.clear()
    },
  }
}

/** Seeding mistakes are test bugs: fail loudly with WeCom's own errcode in the message. */
function orThrow<T>(what: string, outcome: T | Failure): T {
  if (!isFailure(outcome)) return outcome
  const detail = outcome.detail ? ` (${outcome.detail})` : ''
  throw new Error(
    `${what}: WeCom would refuse it: ${outcome.errcode} ${errcodeMessage(outcome.errcode)}${detail}`,
  )
}
