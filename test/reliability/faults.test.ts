// Faults on real sockets. Every row of the fault table (scenarios.ts) runs in a child Node
// process against a node:http fault server in this one; then the token is revoked under 1 000
// calls in flight. Each row is checked for the typed error the caller gets, its fields, the
// exact number of requests the server saw (what was retried and what was not) and the
// messages it delivered. The child must settle every call, never reject unhandled, and end by
// itself promptly: no timer, socket or listener left behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ChildResult, removeBundle, runChild } from './child-process.js'
import { closedPort, type FaultServer, type Scenario, startFaultServer } from './fault-server.js'
import {
  type ExpectedOutcome,
  type FaultScenario,
  LATE_MS,
  SCENARIOS,
  type ScenarioRun,
  SECRET,
  WARM_TOKEN,
} from './scenarios.js'

/**
 * An abort must end the call this soon. Without the abort, these calls would wait for the
 * 5 s timeout or the 10 s backoff; the bound leaves room for a loaded CI machine.
 */
const PROMPT_MS = 1_000
/** Calls in flight when the token is revoked. */
const STORM = 1_000

let server: FaultServer
const scenarios = new Map<string, Scenario>()
let storm: Scenario
let child: ChildResult
const runs = new Map<string, ScenarioRun>()
/** gettoken requests when the first and the second half of the storm heard their 40014/42001. */
const stormTokens: number[] = []

beforeAll(async () => {
  server = await startFaultServer()
  const refusedPort = await closedPort()
  for (const s of SCENARIOS) {
    if (!s.refused)
      scenarios.set(s.name, server.scenario(s.name, s.script, { lateMs: LATE_MS, ...s.serverOptions }))
  }
  // 1 000 GETs held until all are in; then the token is revoked and the first half answered
  // 40014. The second half hears 42001 only once the first half was refreshed and replayed.
  storm = server.scenario('storm', { 'user/get': ({ n }) => (n <= STORM ? 'hang' : 'ok') })
  let wave = 0
  const drive = setInterval(() => {
    if (wave === 0 && storm.holding === STORM) {
      wave = 1
      stormTokens.push(storm.received.gettoken ?? 0)
      storm.revokeTokens(40014)
      storm.release(STORM / 2)
    } else if (wave === 1 && storm.received['user/get'] === STORM + STORM / 2) {
      wave = 2
      stormTokens.push(storm.received.gettoken ?? 0)
      storm.release(STORM, 42001)
    }
  }, 5)
  try {
    child = await runChild(
      { mode: 'faults', origin: server.origin, refusedPort, storm: STORM },
      // --expose-gc: aborts mid-request and mid-body run right after a forced gc.
      { nodeArgs: ['--expose-gc'], killAfterMs: 45_000 },
    )
  } finally {
    clearInterval(drive)
  }
  for (const m of child.messages) if (m.type === 'scenario') runs.set(m.name, m.run)
}, 60_000)

afterAll(async () => {
  await server?.close()
  await removeBundle()
})

describe('the child process running every fault', () => {
  it('ends by itself within 1 s of its last call settling: no timer, socket or listener left', () => {
    expect(child.killed, 'the child hung and was killed').toBe(false)
    expect(child.exitAfterDoneMs).toBeLessThan(1_000)
    expect(child.code).toBe(0)
  })

  it('has no unhandled rejection and writes nothing to stderr', () => {
    expect(child.messages.filter((m) => m.type === 'unhandled')).toEqual([])
    expect(child.messages.find((m) => m.type === 'exit')).toMatchObject({ unhandled: 0 })
    expect(child.stderr).toBe('')
  })

  it('settles every call of every row', () => {
    expect([...runs.keys()].sort()).toEqual(SCENARIOS.map((s) => s.name).sort())
  })
})

describe('the fault table', () => {
  for (const s of SCENARIOS) {
    it(`${s.name}: ${describeRow(s)}`, () => {
      const run = runs.get(s.name)
      expect(run, 'the row did not settle').toBeDefined()
      check(s, run!, scenarios.get(s.name))
    })
  }
})

describe(`the token revoked while ${STORM} calls are in flight`, () => {
  // Exactly one more gettoken, not "a few": the refresh after 40014/42001 is single-flight
  // (every call that saw the rejection waits on the same one), and a call drops the token it
  // was refused with only while that token is still the current one, so a rejection that
  // arrives after the refresh cannot start another.
  it('40014 for the first 500 at once: one more gettoken; every call succeeds on the new token', () => {
    expect(stormTokens[0]).toBe(1)
    expect(child.messages.find((m) => m.type === 'storm')).toMatchObject({ failed: [], mismatched: 0 })
    // Every replay carried the one new token.
    expect(new Set(storm.tokensSeen['user/get']!.slice(STORM))).toEqual(new Set([storm.tokens[1]]))
  })

  it('42001 for the other 500 after the refresh: no further gettoken', () => {
    expect(stormTokens).toEqual([1, 2])
    expect(storm.received).toEqual({ gettoken: 2, 'user/get': 2 * STORM })
  })
})

/** The expected fields as matchers: a RegExp matches a string. */
function matcher(expected: ExpectedOutcome): Record<string, unknown> {
  const convert = (value: unknown): unknown => {
    if (value instanceof RegExp) return expect.stringMatching(value)
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v)]))
    }
    return value
  }
  return convert(expected) as Record<string, unknown>
}

/** Everything a row promises. */
function check(s: FaultScenario, run: ScenarioRun, scenario: Scenario | undefined) {
  const calls = (s.calls ?? 1) * (s.waves ?? 1)
  expect(run.outcomes).toHaveLength(calls)
  const secrets = [SECRET, WARM_TOKEN, ...(scenario?.tokens ?? [])]
  for (const outcome of run.outcomes) {
    expect(outcome).toMatchObject(matcher(s.expect))
    if (s.abort && s.abort !== 'before') {
      expect(outcome.afterAbortMs, 'ms from the abort to the rejection').toBeLessThan(PROMPT_MS)
    }
    // Whatever failed, what the caller got holds neither the secret nor a token.
    const text = JSON.stringify(outcome)
    for (const secret of secrets) expect(text).not.toContain(secret)
  }
  // The attempts the client made and the requests the server received, long after the call
  // settled (the child has exited): the same numbers, so nothing was sent after the end.
  expect(run.attempts).toEqual(s.attempts)
  if (scenario) expect(scenario.received).toEqual(s.attempts)
  if (s.delivered !== undefined) {
    for (let i = 0; i < calls; i++) {
      expect(scenario?.messages.get(`${s.name} #${i}`) ?? 0, `deliveries of call ${i}`).toBe(s.delivered)
    }
  }
}

function describeRow(s: FaultScenario): string {
  const outcome = s.expect.ok ? 'resolves' : `rejects with ${s.expect.error.name}${fieldsOf(s.expect.error)}`
  const calls = (s.calls ?? 1) * (s.waves ?? 1)
  const attempts = Object.entries(s.attempts)
    .map(([path, n]) => `${n} × ${path}`)
    .join(', ')
  const delivered = s.delivered === undefined ? '' : `; delivered ${s.delivered}×`
  const abort = s.abort ? `abort ${s.abort}; ` : ''
  return `${abort}${calls > 1 ? `${calls} calls, each ` : ''}${outcome}; ${attempts || 'no request at all'}${delivered}`
}

function fieldsOf(error: Record<string, unknown>): string {
  const shown = ['code', 'status', 'errcode', 'timeout', 'aborted']
    .filter((k) => error[k] !== undefined && error[k] !== false)
    .map((k) => `${k} ${String(error[k])}`)
  return shown.length ? ` (${shown.join(', ')})` : ''
}
