// The fault table: what the server does, which call meets it, and what the SDK owes the caller
// (the typed error and its fields, and how many requests the server saw). Plain data and
// plain code, no vitest: child.ts runs every row in a child Node process, and faults.test.ts
// checks each row's outcome there, plus that nothing hung, leaked or rejected unhandled.
import {
  type ClientOptions,
  createClient,
  isWeComApiError,
  isWeComError,
  isWeComHttpError,
  isWeComNetworkError,
  isWeComValidationError,
  memoryTokenStore,
} from '@wecom-kit/core'
import { tokenKey } from '@wecom-kit/core/resource-kit'
import { messages } from '@wecom-kit/messages'
import type { ScenarioOptions, Script, Step } from './fault-server.js'

// The child process cannot import packages/core/test/helpers.ts (it pulls in msw and vitest).
export const CORP_ID = 'wwreliability0001'
export const SECRET = 'Rel1ab1l1ty-corp-secret-VALUE-0123456789abcdef'
export const AGENT_ID = 1000002

/**
 * Per attempt, for calls that are not meant to time out: local answers take milliseconds, but
 * a loaded CI machine (two cores, other test files running) can stall one for hundreds.
 */
export const TIMEOUT_MS = 5_000
/** Per attempt, for the rows whose server is slower than the timeout. */
export const SHORT_TIMEOUT_MS = 800
/** 'headers-late' answers after this: far past SHORT_TIMEOUT_MS. */
export const LATE_MS = 5_000
export const RETRY = { retries: 3, minTimeout: 1, maxTimeout: 5 } as const
/** Attempts of a call retried to the end: the first and RETRY.retries more. */
export const ALL_ATTEMPTS = RETRY.retries + 1

/**
 * GET: a read (idempotent). POST: a create (not idempotent). send: messages.send without
 * duplicate checking (not idempotent). send-dedup: with `enable_duplicate_check: 1` (idempotent).
 */
export type CallKind = 'GET' | 'POST' | 'send' | 'send-dedup'
export const KINDS: readonly CallKind[] = ['GET', 'POST', 'send', 'send-dedup']
export const PATH: Record<CallKind, string> = {
  GET: 'user/get',
  POST: 'department/create',
  send: 'message/send',
  'send-dedup': 'message/send',
}
const IDEMPOTENT: Record<CallKind, boolean> = { GET: true, POST: false, send: false, 'send-dedup': true }

export type Guard = 'api' | 'http' | 'network' | 'validation' | 'other'

/** How one call settled, as plain data (it crosses the process boundary). */
export type Outcome =
  | { ok: true; value: Record<string, unknown>; afterAbortMs?: number }
  | { ok: false; guard: Guard; error: Record<string, unknown>; afterAbortMs?: number }

/** Expected fields; a RegExp matches a string field. */
export type Fields = Record<string, unknown>
export type ExpectedError = { ok: false; guard: Guard; error: Fields }
export type ExpectedOutcome = { ok: true; value?: Fields } | ExpectedError

export type AbortMode =
  /** The signal is aborted before the call. */
  | 'before'
  /** Aborted once the server holds the request (it never answers). */
  | 'mid-request'
  /** Aborted once the server has sent the headers and half the body (it sends no more). */
  | 'mid-body'
  /** Aborted 20 ms into a 10 s backoff. */
  | 'mid-backoff'
  /** Aborted 50 ms into a gettoken the server holds. */
  | 'waiting-for-token'
  /** `AbortSignal.timeout(1000)` on a request the server holds. */
  | 'signal-timeout'

export interface FaultScenario {
  /** Unique; also the scenario's prefix on the server. */
  name: string
  kind: CallKind
  script?: Script
  serverOptions?: ScenarioOptions
  /**
   * The base URL is a closed port. 'warm': the client starts with a token in its store, so the
   * call itself meets the refusal; 'cold': gettoken does.
   */
  refused?: 'warm' | 'cold'
  client?: Partial<ClientOptions>
  abort?: AbortMode
  /** Concurrent calls per wave. Default 1. */
  calls?: number
  /** Waves, one after the other. Default 1. */
  waves?: number
  /** What every call must settle to. */
  expect: ExpectedOutcome
  /**
   * Requests per path, gettoken included, both as sent (client hook) and as received (server):
   * the exact number of attempts, so what was retried and what was not.
   */
  attempts: Record<string, number>
  /** Message deliveries (people notified) per call, counted by the server. */
  delivered?: number
}

// ---------------------------------------------------------------------------------------------
// The table

const network = (fields: Fields): ExpectedError => ({
  ok: false,
  guard: 'network',
  error: { name: 'WeComNetworkError', kind: 'network', timeout: false, aborted: false, ...fields },
})
const http = (status: number, fields: Fields = {}): ExpectedError => ({
  ok: false,
  guard: 'http',
  error: { name: 'WeComHttpError', kind: 'http', status, ...fields },
})
const api = (errcode: number, fields: Fields = {}): ExpectedError => ({
  ok: false,
  guard: 'api',
  error: { name: 'WeComApiError', kind: 'api', errcode, ...fields },
})

interface FaultRow {
  step: Step | 'refused'
  label: string
  error: ExpectedError
  /**
   * always: retried for every call (nothing reached WeCom, or WeCom refused without acting).
   * idempotent: retried for reads and duplicate-checked sends only (it may have been acted on).
   * never: not retried (the answer will not change).
   */
  retried: 'always' | 'idempotent' | 'never'
  /** The server acted on the request (a message reached people) before failing. */
  acted: boolean
  client?: Partial<ClientOptions>
}

const TIMED_OUT = new RegExp(`timed out after ${SHORT_TIMEOUT_MS} ms`)
const SHORT = { timeout: SHORT_TIMEOUT_MS }

export const FAULT_ROWS: readonly FaultRow[] = [
  {
    step: 'refused',
    label: 'connection refused',
    error: network({ code: 'ECONNREFUSED' }),
    retried: 'always',
    acted: false,
  },
  {
    step: 'rst-before-body',
    label: 'reset (RST) before the request is read',
    error: network({ code: 'ECONNRESET' }),
    retried: 'idempotent',
    acted: false,
  },
  {
    step: 'close-before-body',
    label: 'connection closed before the request is read',
    error: network({ code: 'UND_ERR_SOCKET' }),
    retried: 'idempotent',
    acted: false,
  },
  {
    step: 'close-after-body',
    label: 'connection closed after the request was acted on',
    error: network({ code: 'UND_ERR_SOCKET' }),
    retried: 'idempotent',
    acted: true,
  },
  {
    step: 'rst-after-body',
    label: 'reset (RST) after the request was acted on',
    error: network({ code: 'ECONNRESET' }),
    retried: 'idempotent',
    acted: true,
  },
  {
    step: 'headers-late',
    label: 'headers slower than the timeout',
    error: network({ timeout: true, message: TIMED_OUT }),
    retried: 'idempotent',
    acted: true,
    client: SHORT,
  },
  {
    step: 'body-stall',
    label: 'body stalls after the headers',
    error: network({ timeout: true, message: TIMED_OUT }),
    retried: 'idempotent',
    acted: true,
    client: SHORT,
  },
  {
    step: 'half-body',
    label: 'body cut half-way (Content-Length)',
    error: network({ code: 'UND_ERR_SOCKET' }),
    retried: 'idempotent',
    acted: true,
  },
  {
    step: 'half-body-chunked',
    label: 'body cut half-way (chunked)',
    error: network({ code: 'UND_ERR_SOCKET' }),
    retried: 'idempotent',
    acted: true,
  },
  ...[502, 503, 504].map(
    (status): FaultRow => ({
      step: { status },
      label: `HTTP ${status}`,
      error: http(status, { message: new RegExp(`answered HTTP ${status}: a body that is not JSON`) }),
      retried: 'idempotent',
      acted: true,
    }),
  ),
  {
    step: 'html-502',
    label: 'proxy HTML 502 page echoing the URL',
    // The page quotes the request URL: the token must come out as ***.
    error: http(502, { message: /502 Bad Gateway (GET|POST) \/cgi-bin\/[a-z/]+\?access_token=\*\*\*/ }),
    retried: 'idempotent',
    acted: true,
  },
  {
    step: 'html-200',
    label: 'captive portal: 200 with HTML',
    error: http(200, { message: /expected JSON, got a body that is not JSON: "<html>/ }),
    retried: 'never',
    acted: false,
  },
  {
    step: 'truncated-json',
    label: '200 with truncated JSON',
    error: http(200, { message: /expected JSON, got a body that is not JSON: "\{"errcode":0/ }),
    retried: 'never',
    acted: true,
  },
  {
    step: { errcode: -1, errmsg: 'system busy' },
    label: 'errcode -1 (busy)',
    error: api(-1, { errmsg: 'system busy', hint: /busy: a transient answer that wecom-kit retries/ }),
    retried: 'always',
    acted: false,
  },
  {
    step: { errcode: 45033, errmsg: 'api concurrent out of limit' },
    label: 'errcode 45033 (concurrency limit)',
    error: api(45033, { hint: /concurrency limit/ }),
    retried: 'always',
    acted: false,
  },
  {
    step: { errcode: 6000, errmsg: 'data version conflict' },
    label: 'errcode 6000 (version conflict)',
    error: api(6000, { hint: /version conflict/ }),
    retried: 'always',
    acted: false,
  },
  {
    step: { errcode: 60020, errmsg: 'not allow to access from your ip' },
    label: 'errcode 60020 (IP not trusted)',
    error: api(60020, { hint: /trusted IPs/, message: /errcode 60020.*trusted IPs/ }),
    retried: 'never',
    acted: false,
  },
  {
    step: { errcode: 45009, errmsg: 'api freq out of limit' },
    label: 'errcode 45009 (frequency limit)',
    error: api(45009, { hint: /frequency limit/ }),
    retried: 'never',
    acted: false,
  },
  {
    step: { errcode: 48002, errmsg: 'api forbidden' },
    label: 'errcode 48002 (API not allowed)',
    error: api(48002, { hint: /not allowed to call this API/ }),
    retried: 'never',
    acted: false,
  },
]

function retriedFor(row: FaultRow, kind: CallKind): boolean {
  return row.retried === 'always' || (row.retried === 'idempotent' && IDEMPOTENT[kind])
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
}

/**
 * Each fault × each call kind, twice: the fault on every attempt (the error the caller gets,
 * after how many attempts) and the fault once (a retried call recovers; one that is not
 * retried fails on the first attempt).
 */
function faultScenarios(): FaultScenario[] {
  const out: FaultScenario[] = []
  for (const row of FAULT_ROWS) {
    for (const kind of KINDS) {
      const path = PATH[kind]
      const retried = retriedFor(row, kind)
      const sends = kind === 'send' || kind === 'send-dedup'
      const refused = row.step === 'refused'
      const error = {
        ...row.error,
        error: { ...row.error.error, path },
      }
      // A refused port never reaches gettoken: those clients start with a token.
      const token = refused ? {} : { gettoken: 1 }
      for (const times of ['always', 'once'] as const) {
        if (refused && times === 'once') continue
        const step = row.step as Step
        const script = refused ? undefined : { [path]: times === 'always' ? [step] : [step, 'ok' as const] }
        const recovers = times === 'once' && retried
        const attempts = times === 'always' ? (retried ? ALL_ATTEMPTS : 1) : retried ? 2 : 1
        out.push({
          name: `${slug(row.label)}-${times}-${slug(kind)}`,
          kind,
          ...(script ? { script } : {}),
          ...(refused ? { refused: 'warm' as const } : {}),
          ...(row.client ? { client: row.client } : {}),
          expect: recovers ? { ok: true } : error,
          attempts: { ...token, [path]: attempts },
          // Never twice: a send that may have been delivered is replayed only with WeCom's
          // duplicate check on, which delivers it once.
          ...(sends ? { delivered: recovers ? 1 : row.acted ? 1 : 0 } : {}),
        })
      }
    }
  }
  return out
}

/** A token WeCom rejects (40014 invalid, 42001 expired): one refresh and one replay, not a retry. */
function tokenScenarios(): FaultScenario[] {
  const out: FaultScenario[] = []
  for (const errcode of [40014, 42001]) {
    for (const kind of KINDS) {
      const path = PATH[kind]
      const sends = kind === 'send' || kind === 'send-dedup'
      out.push(
        {
          name: `token-${errcode}-once-${slug(kind)}`,
          kind,
          script: { [path]: [{ errcode }, 'ok'] },
          expect: { ok: true },
          attempts: { gettoken: 2, [path]: 2 },
          ...(sends ? { delivered: 1 } : {}),
        },
        {
          name: `token-${errcode}-always-${slug(kind)}`,
          kind,
          script: { [path]: [{ errcode }] },
          // The replay is rejected too: surfaced, never a loop.
          expect: api(errcode, { path, hint: /replayed once/ }),
          attempts: { gettoken: 2, [path]: 2 },
          ...(sends ? { delivered: 0 } : {}),
        },
      )
    }
  }
  return out
}

/** JSON as WeCom writes it: raw control characters in strings, integers past 2^53. */
function controlCharScenarios(): FaultScenario[] {
  return KINDS.map((kind) => ({
    name: `control-chars-${slug(kind)}`,
    kind,
    script: { [PATH[kind]]: ['control-chars'] },
    expect: {
      ok: true,
      value: { address: 'line 1\nline 2\ttab\u0001', msgid: '18446744073709551615' },
    },
    attempts: { gettoken: 1, [PATH[kind]]: 1 },
    ...(kind === 'send' || kind === 'send-dedup' ? { delivered: 1 } : {}),
  }))
}

/** 5xx bursts: a read rides out a burst shorter than its retries, and reports the last status after. */
function burstScenarios(): FaultScenario[] {
  const burst: Step[] = [{ status: 502 }, { status: 503 }, { status: 504 }]
  return [
    {
      name: 'burst-502-503-504-then-ok-get',
      kind: 'GET',
      script: { 'user/get': [...burst, 'ok'] },
      expect: { ok: true, value: { userid: 'user0' } },
      attempts: { gettoken: 1, 'user/get': 4 },
    },
    {
      name: 'burst-longer-than-retries-get',
      kind: 'GET',
      script: { 'user/get': [...burst, { status: 502 }, 'ok'] },
      expect: http(502, { path: 'user/get' }),
      attempts: { gettoken: 1, 'user/get': 4 },
    },
    {
      name: 'burst-502-503-504-then-ok-send-dedup',
      kind: 'send-dedup',
      script: { 'message/send': [...burst, 'ok'] },
      expect: { ok: true },
      attempts: { gettoken: 1, 'message/send': 4 },
      delivered: 1,
    },
    {
      name: 'burst-502-503-504-then-ok-send',
      kind: 'send',
      script: { 'message/send': [...burst, 'ok'] },
      expect: http(502, { path: 'message/send' }),
      attempts: { gettoken: 1, 'message/send': 1 },
      delivered: 1,
    },
    {
      name: 'burst-under-concurrency-get',
      kind: 'GET',
      calls: 50,
      // Each call meets a whole 502, 503, 504 burst of its own before its answer.
      script: { 'user/get': ({ nOfId }) => burst[nOfId - 1] ?? 'ok' },
      expect: { ok: true },
      attempts: { gettoken: 1, 'user/get': 200 },
    },
  ]
}

/** gettoken failing: a bad secret is one clear error and no storm; transient failures are retried once over. */
function gettokenScenarios(): FaultScenario[] {
  const gettoken = (name: string, steps: Step[], expect: ExpectedOutcome, tokens: number, extra = {}) => ({
    name: `gettoken-${name}`,
    kind: 'GET' as const,
    calls: 20,
    script: { gettoken: steps },
    expect,
    attempts: { gettoken: tokens, ...(expect.ok ? { 'user/get': 20 } : {}) },
    ...extra,
  })
  return [
    // One gettoken for 20 concurrent calls, and none again for a second wave: remembered.
    gettoken(
      'bad-secret',
      [{ errcode: 40001, errmsg: 'invalid credential' }],
      api(40001, { path: 'gettoken', hint: /corpSecret is wrong.*does not retry gettoken/ }),
      1,
      { waves: 2 },
    ),
    gettoken(
      'bad-corpid',
      [{ errcode: 40013, errmsg: 'invalid corpid' }],
      api(40013, { path: 'gettoken', hint: /corpId is wrong/ }),
      1,
      { waves: 2 },
    ),
    // Retried inside the one shared token fetch.
    gettoken('busy-twice', [{ errcode: -1 }, { errcode: -1 }, 'ok'], { ok: true }, 3),
    // Retried by the token fetch only: 4 gettoken in all, not 4 per call nor 4 × 4.
    gettoken('busy-always', [{ errcode: -1, errmsg: 'system busy' }], api(-1, { path: 'gettoken' }), 4),
    gettoken('http-502', [{ status: 502 }], http(502, { path: 'gettoken' }), 4),
    gettoken('reset', ['close-after-body'], network({ path: 'gettoken', code: 'UND_ERR_SOCKET' }), 4),
    gettoken(
      'timeout',
      ['headers-late'],
      network({ path: 'gettoken', timeout: true, message: TIMED_OUT }),
      4,
      { client: SHORT },
    ),
    gettoken(
      'no-token-in-answer',
      [{ json: { errcode: 0, errmsg: 'ok' } }],
      http(200, { path: 'gettoken', message: /no access_token/ }),
      1,
    ),
    gettoken('captive-portal', ['html-200'], http(200, { path: 'gettoken' }), 1),
    gettoken('truncated-json', ['truncated-json'], http(200, { path: 'gettoken' }), 1),
    {
      name: 'gettoken-refused',
      kind: 'GET',
      refused: 'cold',
      expect: network({ path: 'gettoken', code: 'ECONNREFUSED' }),
      attempts: { gettoken: ALL_ATTEMPTS },
    },
  ]
}

/** Abort signals: no request once aborted, prompt rejection, no attempt after the abort. */
function abortScenarios(): FaultScenario[] {
  const aborted = (path: string) => network({ path, aborted: true })
  const out: FaultScenario[] = []
  for (const kind of KINDS) {
    const path = PATH[kind]
    out.push(
      {
        name: `abort-before-${slug(kind)}`,
        kind,
        abort: 'before',
        expect: aborted(path),
        // Not even gettoken.
        attempts: {},
      },
      {
        name: `abort-mid-request-${slug(kind)}`,
        kind,
        abort: 'mid-request',
        script: { [path]: ['hang'] },
        expect: aborted(path),
        attempts: { gettoken: 1, [path]: 1 },
      },
      {
        name: `abort-mid-body-${slug(kind)}`,
        kind,
        abort: 'mid-body',
        script: { [path]: ['body-stall'] },
        expect: aborted(path),
        attempts: { gettoken: 1, [path]: 1 },
      },
    )
  }
  out.push(
    {
      name: 'abort-mid-backoff-get',
      kind: 'GET',
      abort: 'mid-backoff',
      script: { 'user/get': [{ status: 502 }] },
      client: { retry: { retries: 3, minTimeout: 10_000, maxTimeout: 10_000 } },
      expect: aborted('user/get'),
      attempts: { gettoken: 1, 'user/get': 1 },
    },
    {
      name: 'abort-mid-backoff-send',
      kind: 'send',
      abort: 'mid-backoff',
      script: { 'message/send': [{ errcode: -1 }] },
      client: { retry: { retries: 3, minTimeout: 10_000, maxTimeout: 10_000 } },
      expect: aborted('message/send'),
      attempts: { gettoken: 1, 'message/send': 1 },
      delivered: 0,
    },
    {
      name: 'abort-waiting-for-token-get',
      kind: 'GET',
      abort: 'waiting-for-token',
      // The refresh is shared and goes on after the abort (another call may be waiting for
      // it): it ends with the late answer, not with the abort.
      script: { gettoken: ['headers-late'] },
      serverOptions: { lateMs: 2_000 },
      expect: aborted('user/get'),
      attempts: { gettoken: 1 },
    },
    {
      name: 'abort-signal-timeout-get',
      kind: 'GET',
      abort: 'signal-timeout',
      script: { 'user/get': ['hang'] },
      expect: aborted('user/get'),
      attempts: { gettoken: 1, 'user/get': 1 },
    },
  )
  return out
}

export const SCENARIOS: readonly FaultScenario[] = [
  ...faultScenarios(),
  ...tokenScenarios(),
  ...controlCharScenarios(),
  ...burstScenarios(),
  ...gettokenScenarios(),
  ...abortScenarios(),
]

// ---------------------------------------------------------------------------------------------
// Running a row (in the child process)

export interface ScenarioRun {
  outcomes: Outcome[]
  /** Requests the client sent per path (beforeRequest hook): the attempts. */
  attempts: Record<string, number>
}

export const WARM_TOKEN = 'WARM-TOKEN-never-issued-by-the-server-0123456789'

export async function runScenario(s: FaultScenario, baseUrl: string): Promise<ScenarioRun> {
  const attempts: Record<string, number> = {}
  const aborters = new Map<number, () => void>()
  let tokenStore: ClientOptions['tokenStore']
  if (s.refused === 'warm') {
    tokenStore = memoryTokenStore()
    await tokenStore.set(await tokenKey(CORP_ID, SECRET), {
      value: WARM_TOKEN,
      expiresAt: Date.now() + 3_600_000,
    })
  }
  const client = createClient({
    corpId: CORP_ID,
    corpSecret: SECRET,
    agentId: AGENT_ID,
    baseUrl,
    timeout: TIMEOUT_MS,
    retry: RETRY,
    // The retry policy itself, unpaced: a paced client waits a 45009 out (docs/pacing.md).
    rateLimit: false,
    tokenStore,
    hooks: {
      beforeRequest: ({ path }) => {
        attempts[path] = (attempts[path] ?? 0) + 1
        if (s.abort === 'waiting-for-token' && path === 'gettoken') {
          for (const abort of aborters.values()) setTimeout(abort, 50)
        }
        if ((s.abort === 'mid-request' || s.abort === 'mid-body') && path === PATH[s.kind]) {
          const abortAll = () => {
            // A busy process collects garbage between the answer's headers and the abort;
            // forced here (the child runs with --expose-gc), so that whatever an abort needs
            // is shown to be held, not left to how loaded the machine is.
            globalThis.gc?.()
            for (const abort of aborters.values()) abort()
          }
          void whenHeld(new URL(`/__status/${s.name}`, baseUrl)).then(abortAll, abortAll)
        }
      },
      onRetry: () => {
        if (s.abort === 'mid-backoff') for (const abort of aborters.values()) setTimeout(abort, 20)
      },
    },
    ...s.client,
  }).with(messages)

  const call = async (i: number): Promise<Outcome> => {
    let signal: AbortSignal | undefined
    let abortedAt: number | undefined
    if (s.abort === 'before') signal = AbortSignal.abort()
    else if (s.abort === 'signal-timeout') {
      signal = AbortSignal.timeout(1_000)
      signal.addEventListener('abort', () => {
        abortedAt = performance.now()
      })
    } else if (s.abort) {
      const controller = new AbortController()
      signal = controller.signal
      aborters.set(i, () => {
        aborters.delete(i)
        abortedAt = performance.now()
        controller.abort()
      })
    }
    const content = `${s.name} #${i}`
    const text = { touser: 'zhangsan', msgtype: 'text' as const, text: { content } }
    const promise: Promise<unknown> =
      s.kind === 'GET'
        ? client.request('user/get', { query: { userid: `user${i}` }, signal })
        : s.kind === 'POST'
          ? client.request('department/create', { json: { name: '研发部', parentid: 1 }, signal })
          : client.messages.send(s.kind === 'send' ? text : { ...text, enable_duplicate_check: 1 }, {
              signal,
            })
    const outcome = await outcomeOf(promise)
    if (abortedAt !== undefined) outcome.afterAbortMs = performance.now() - abortedAt
    return outcome
  }

  const outcomes: Outcome[] = []
  const calls = s.calls ?? 1
  for (let wave = 0; wave < (s.waves ?? 1); wave++) {
    outcomes.push(...(await Promise.all(Array.from({ length: calls }, (_, i) => call(wave * calls + i)))))
  }
  return { outcomes, attempts }
}

/** Resolves once the fault server holds a request (or half an answer) of the scenario. */
async function whenHeld(status: URL): Promise<void> {
  for (;;) {
    const { waiting } = (await (await fetch(status)).json()) as { waiting: number }
    if (waiting > 0) return
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

/** As JSON would carry it (no undefined fields): the same here and from the child. */
export async function outcomeOf(promise: Promise<unknown>): Promise<Outcome> {
  try {
    const value = await promise
    return { ok: true, value: JSON.parse(JSON.stringify(value)) }
  } catch (error) {
    return { ok: false, guard: guardOf(error), error: JSON.parse(JSON.stringify(errorFields(error))) }
  }
}

export function guardOf(error: unknown): Guard {
  if (isWeComApiError(error)) return 'api'
  if (isWeComHttpError(error)) return 'http'
  if (isWeComNetworkError(error)) return 'network'
  if (isWeComValidationError(error)) return 'validation'
  return 'other'
}

function errorFields(error: unknown): Record<string, unknown> {
  if (isWeComError(error)) return error.toJSON()
  return error instanceof Error ? { name: error.name, message: error.message } : { value: String(error) }
}
