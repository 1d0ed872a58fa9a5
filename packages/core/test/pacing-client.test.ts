// Pacing through the client, against the simulator with WeCom's limits turned on (msw face).
// The client's limiter and the simulator share a manual clock: a minute passes when the test
// says so, and the numbers are the same on a loaded machine.
import {
  type ClientOptions,
  createClient,
  createRateLimiter,
  isWeComApiError,
  type RequestInfo,
  type ResponseInfo,
  type RetryInfo,
} from '@wecom-kit/core'
import { createWeComSimulator } from '@wecom-kit/testing'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flush, type ManualClock, manualClock } from './clock.js'
import { BASE, rejectionOf, useMsw } from './helpers.js'

const server = useMsw()
let clock: ManualClock
let sim: ReturnType<typeof createWeComSimulator>

beforeEach(() => {
  clock = manualClock()
  sim = createWeComSimulator({ baseUrl: BASE, clock: () => clock.now() })
  server.use(...sim.handlers)
  for (let i = 0; i < 20; i++) sim.addUser({ userid: `u${i}`, name: `成员${i}`, department: [1] })
})

function client(rateLimit: ClientOptions['rateLimit'], extra: Partial<ClientOptions> = {}) {
  return createClient({
    corpId: sim.corpId,
    corpSecret: sim.corpSecret,
    baseUrl: BASE,
    retry: { retries: 3, minTimeout: 1, maxTimeout: 5 },
    rateLimit:
      rateLimit && typeof rateLimit === 'object'
        ? { limiter: createRateLimiter({ clock }), ...rateLimit }
        : rateLimit,
    ...extra,
  })
}

/** n users.get calls at once, each settling to its answer or its error. */
function burst(c: ReturnType<typeof client>, n: number, signal?: AbortSignal) {
  const settled: unknown[] = []
  const all = Promise.all(
    Array.from({ length: n }, (_, i) =>
      c.request<{ userid: string }>('user/get', { query: { userid: `u${i}` }, signal }).then(
        (answer) => {
          settled.push(answer)
          return answer
        },
        (error: unknown) => {
          settled.push(error)
          return error
        },
      ),
    ),
  )
  return { all, settled }
}

const accepted = () => sim.rateLimitStats('user/get').accepted

describe('a burst past the budget (simulator: 5 calls a minute on user/get)', () => {
  beforeEach(() => sim.setRateLimit({ requests: 5 }, 'user/get'))

  it('paced: every call succeeds, WeCom never says 45009, no window holds more than 5', async () => {
    const c = client({ requestsPerMinute: 5 })
    const { all, settled } = burst(c, 12)
    await vi.waitFor(() => expect(accepted()).toBe(5))
    await flush()
    expect(settled).toHaveLength(5)
    clock.advance(61_000)
    await vi.waitFor(() => expect(accepted()).toBe(10))
    clock.advance(61_000)
    const answers = await all
    expect(answers.map((a) => (a as { userid: string }).userid)).toEqual(
      Array.from({ length: 12 }, (_, i) => `u${i}`),
    )
    expect(sim.rateLimitStats('user/get')).toMatchObject({ accepted: 12, refused: 0, maxInWindow: 5 })
  })

  it('unpaced (rateLimit: false): the calls past the budget fail with 45009', async () => {
    const { all } = burst(client(false), 12)
    const outcomes = await all
    const refused = outcomes.filter((o) => isWeComApiError(o) && o.errcode === 45009)
    expect(refused).toHaveLength(7)
    expect(refused[0]).toMatchObject({ path: 'user/get', hint: expect.stringMatching(/frequency limit/) })
  })

  it('a 45009 that still arrives is waited out and sent again, not counted against retries', async () => {
    // This client believes in 10 a minute; WeCom allows 5 and blocks the path for 60 s.
    const requests: RequestInfo[] = []
    const c = client(
      { requestsPerMinute: 10 },
      { retry: { retries: 0 }, hooks: { beforeRequest: (info) => void requests.push({ ...info }) } },
    )
    const { all, settled } = burst(c, 8)
    await vi.waitFor(() => expect(sim.rateLimitStats('user/get')).toMatchObject({ accepted: 5, refused: 3 }))
    await flush()
    expect(settled).toHaveLength(5)
    clock.advance(60_000) // WeCom's block is over: one call probes, then one more fits this client's window
    await vi.waitFor(() => expect(accepted()).toBe(7))
    await flush()
    expect(accepted()).toBe(7)
    clock.advance(1_000) // this client's own window (10 in its first second) has room again
    const outcomes = await all
    expect(outcomes.every((o) => !(o instanceof Error))).toBe(true)
    expect(sim.rateLimitStats('user/get')).toMatchObject({ accepted: 8, refused: 3 })
    const resent = requests.filter((r) => r.path === 'user/get' && r.attempt === 2)
    expect(resent).toHaveLength(3)
    for (const r of resent) expect(r.waitedMs).toBeGreaterThanOrEqual(60_000)
  })
})

describe('45033 (simulator: 2 calls of user/get at once)', () => {
  it('lowers the calls in flight and retries: every call succeeds', async () => {
    sim.setRateLimit({ concurrency: 2 }, 'user/get')
    sim.setLatency(200, 'user/get') // long enough for the whole burst to be in flight at once
    const retries: RetryInfo[] = []
    const c = client(
      { maxConcurrent: 8 },
      {
        retry: { retries: 6, minTimeout: 1, maxTimeout: 5 },
        hooks: { onRetry: (info) => void retries.push(info) },
      },
    )
    const outcomes = await burst(c, 8).all
    expect(outcomes.every((o) => !(o instanceof Error))).toBe(true)
    const stats = sim.rateLimitStats('user/get')
    expect(stats).toMatchObject({ accepted: 8, maxInFlight: 2 })
    expect(stats.congested).toBeGreaterThan(0)
    expect(retries.length).toBe(stats.congested)
    for (const r of retries)
      expect(r).toMatchObject({ error: { errcode: 45033 }, waitedMs: expect.any(Number) })
  })
})

describe('waiting', () => {
  it('the signal ends a wait at once; nothing is sent', async () => {
    const c = client({ requestsPerMinute: 1 })
    await c.request('user/get', { query: { userid: 'u0' } })
    const controller = new AbortController()
    const waiting = rejectionOf(c.request('user/get', { query: { userid: 'u1' }, signal: controller.signal }))
    await flush()
    controller.abort()
    expect(await waiting).toMatchObject({ name: 'WeComNetworkError', aborted: true, sent: 'no' })
    expect(sim.countCalls('user/get')).toBe(1)
    expect(clock.pending).toBe(0)
  })

  it('hooks show how long each call waited; gettoken, which is not paced, shows nothing', async () => {
    const before: RequestInfo[] = []
    const after: ResponseInfo[] = []
    const c = client(
      { requestsPerMinute: 2 },
      {
        hooks: {
          beforeRequest: (info) => void before.push({ ...info }),
          afterResponse: (info) => void after.push(info),
        },
      },
    )
    const { all } = burst(c, 3)
    await vi.waitFor(() => expect(sim.countCalls('user/get')).toBe(2))
    clock.advance(61_000)
    await all
    const waited = (infos: RequestInfo[]) => infos.filter((i) => i.path === 'user/get').map((i) => i.waitedMs)
    expect(waited(before)).toEqual([0, 0, 61_000])
    expect(waited(after)).toEqual([0, 0, 61_000])
    expect(before.find((i) => i.path === 'gettoken')).not.toHaveProperty('waitedMs')
    expect(after.find((i) => i.path === 'gettoken')?.waitedMs).toBeUndefined()
  })

  it('a client with afterResponse only sees waitedMs too', async () => {
    const after: ResponseInfo[] = []
    const c = client({}, { hooks: { afterResponse: (info) => void after.push(info) } })
    await c.request('user/get', { query: { userid: 'u0' } })
    expect(after.find((i) => i.path === 'user/get')?.waitedMs).toBe(0)
  })

  it('rateLimit: false: nothing waits, hooks see no waitedMs', async () => {
    const before: RequestInfo[] = []
    const c = client(false, { hooks: { beforeRequest: (info) => void before.push({ ...info }) } })
    await burst(c, 60).all
    expect(sim.countCalls('user/get')).toBe(60)
    expect(before.every((i) => i.waitedMs === undefined)).toBe(true)
    expect(c.options.rateLimit).toBe(false)
  })
})

describe('sharing and options', () => {
  it('clients of one corp share its budget by default (one per process)', async () => {
    // The process-wide limiter runs on the real clock: the calls past the budget are aborted.
    const controller = new AbortController()
    const one = () =>
      createClient({
        corpId: sim.corpId,
        corpSecret: sim.corpSecret,
        baseUrl: BASE,
        rateLimit: { requestsPerMinute: 3 },
      })
    const a = burst(one(), 3, controller.signal)
    const b = burst(one(), 3, controller.signal)
    await vi.waitFor(() => expect(sim.countCalls('user/get')).toBe(3))
    await new Promise((r) => setTimeout(r, 50))
    expect(sim.countCalls('user/get')).toBe(3)
    controller.abort()
    const outcomes = [...(await a.all), ...(await b.all)]
    expect(outcomes.filter((o) => o instanceof Error)).toHaveLength(3)
  })

  it.each([
    [{ requestsPerMinute: 0 }, 'rateLimit.requestsPerMinute'],
    [{ requestsPerHour: 1.5 }, 'rateLimit.requestsPerHour'],
    [{ maxConcurrent: -1 }, 'rateLimit.maxConcurrent'],
    [{ limiter: {} }, 'rateLimit.limiter'],
    ['yes', 'rateLimit'],
  ])('refuses rateLimit %j before any request', (rateLimit, path) => {
    expect(() =>
      createClient({ corpId: 'ww', corpSecret: 's', rateLimit: rateLimit as ClientOptions['rateLimit'] }),
    ).toThrow(
      expect.objectContaining({ name: 'WeComValidationError', issues: [expect.objectContaining({ path })] }),
    )
  })

  it('resolves the options it runs with', () => {
    expect(client({ requestsPerMinute: 600 }).options.rateLimit).toEqual({
      requestsPerMinute: 600,
      requestsPerHour: undefined,
      maxConcurrent: 50,
    })
  })
})
