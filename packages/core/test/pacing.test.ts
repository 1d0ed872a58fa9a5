// The pacer on its own, on a manual clock: windows, calls in flight, 45009 blocks, 45033 cuts,
// aborts, sharing between clients, and a shared store. Minutes and hours pass in microseconds,
// the same on a loaded machine as on an idle one.
import {
  createClient,
  createRateLimiter,
  type RateStore,
  type RateWindow,
  WeComApiError,
  WeComNetworkError,
  WeComValidationError,
} from '@wecom-kit/core'
import type { RateLane } from '@wecom-kit/core/resource-kit'
import { describe, expect, it, vi } from 'vitest'
import { flush, type ManualClock, manualClock } from './clock.js'
import { CORP_ID, rejectionOf, SECRET } from './helpers.js'

const freq = (path = 'user/get') => new WeComApiError(45009, 'api freq out of limit', path)
const concur = (path = 'user/get') => new WeComApiError(45033, 'api concurrent out of limit', path)

function setup(limits: Parameters<ReturnType<typeof createRateLimiter>['corp']>[1] = {}, path = 'user/get') {
  const clock = manualClock()
  const limiter = createRateLimiter({ clock })
  const lane = limiter.corp('wwcorp', limits).lane(path)
  return { clock, limiter, lane }
}

/** Takes `n` slots at once; fails the test if one is not free. */
function takeAll(lane: RateLane, n: number): number[] {
  return Array.from({ length: n }, () => {
    const ticket = lane.take()
    expect(ticket).toBeGreaterThan(0)
    return ticket
  })
}

/** A waiting call, with how it ended so far. */
function waiting(lane: RateLane, signal?: AbortSignal) {
  const call = { ticket: undefined as number | undefined, error: undefined as unknown }
  lane.wait(signal, 'user/get').then(
    (ticket) => {
      call.ticket = ticket
    },
    (error: unknown) => {
      call.error = error
    },
  )
  return call
}

async function advance(clock: ManualClock, ms: number) {
  clock.advance(ms)
  await flush()
}

it('the process-wide budget is made by the first paced client, not before', () => {
  // (That importing core does nothing at all is scripts/check-packages.mjs's import-time check.)
  const key = Symbol.for('wecom-kit.rate-limiter.v1')
  const holder = globalThis as unknown as Record<symbol, unknown>
  const before = holder[key]
  delete holder[key]
  createClient({ corpId: CORP_ID, corpSecret: SECRET, rateLimit: false })
  createClient({ corpId: CORP_ID, corpSecret: SECRET, rateLimit: { limiter: createRateLimiter() } })
  expect(key in globalThis).toBe(false)
  createClient({ corpId: CORP_ID, corpSecret: SECRET })
  expect(key in globalThis).toBe(true)
  if (before) holder[key] = before
})

describe('windows', () => {
  it('takes at once while the minute has room, then nothing until its first second has left', async () => {
    const { clock, lane } = setup({ requestsPerMinute: 5 })
    const tickets = takeAll(lane, 5)
    expect(lane.take()).toBe(-1) // five in flight fill the window before any answer is back
    await advance(clock, 500)
    for (const t of tickets) lane.done(t)
    await advance(clock, 60_499) // 60.999 s after the start
    expect(lane.take()).toBe(-1)
    await advance(clock, 1)
    takeAll(lane, 5)
    expect(lane.take()).toBe(-1)
  })

  it('counts a call from dispatch and stamps it when its answer arrives, not when it was queued', async () => {
    // Five calls whose answers take 30 s: WeCom may count them as late as that, so the window
    // frees 60 s after the answers, not 60 s after the calls left the queue.
    const { clock, lane } = setup({ requestsPerMinute: 5 })
    const tickets = takeAll(lane, 5)
    await advance(clock, 30_000)
    for (const t of tickets) lane.done(t)
    await advance(clock, 31_000)
    expect(lane.take()).toBe(-1) // a pacer counting from the queue would send here
    await advance(clock, 29_999)
    expect(lane.take()).toBe(-1)
    await advance(clock, 1)
    expect(lane.take()).toBeGreaterThan(0)
  })

  it('a call that never left is given back; one that may have reached WeCom counts', () => {
    const { lane } = setup({ requestsPerMinute: 2 })
    const refused = new WeComNetworkError('refused', { path: 'user/get', sent: 'no' })
    for (let i = 0; i < 10; i++) lane.done(lane.take(), refused)
    lane.done(lane.take(), new WeComValidationError([{ path: 'json', message: 'bad' }]))
    const [a, b] = takeAll(lane, 2)
    lane.done(a!, new WeComNetworkError('reset', { path: 'user/get', sent: 'maybe' }))
    lane.done(b!, new TypeError('a hook threw'))
    expect(lane.take()).toBe(-1)
  })

  it('keeps the hour too', async () => {
    const { clock, lane } = setup({ requestsPerHour: 3 })
    for (const t of takeAll(lane, 3)) lane.done(t)
    await advance(clock, 60 * 60_000) // the bucket holding them leaves after 61 minutes
    expect(lane.take()).toBe(-1)
    await advance(clock, 60_000)
    expect(lane.take()).toBeGreaterThan(0)
  })

  it('waiting calls go in order as the window opens, on one timer per path', async () => {
    const { clock, lane } = setup({ requestsPerMinute: 2 })
    for (const t of takeAll(lane, 2)) lane.done(t)
    const calls = Array.from({ length: 5 }, () => waiting(lane))
    await flush()
    expect(calls.every((c) => c.ticket === undefined)).toBe(true)
    expect(clock.pending).toBe(1)
    await advance(clock, 61_000)
    expect(calls.map((c) => c.ticket !== undefined)).toEqual([true, true, false, false, false])
    for (const c of calls.slice(0, 2)) lane.done(c.ticket!)
    await advance(clock, 61_000)
    expect(calls.map((c) => c.ticket !== undefined)).toEqual([true, true, true, true, false])
    expect(calls[2]!.ticket).toBeLessThan(calls[3]!.ticket!)
    // Two in flight fill the window: no timer until their answers are stamped.
    expect(clock.pending).toBe(0)
    for (const c of calls.slice(2, 4)) lane.done(c.ticket!)
    expect(clock.pending).toBe(1)
    await advance(clock, 61_000)
    expect(calls[4]!.ticket).toBeGreaterThan(0)
  })

  it("WeCom's own limits per path: 600 a minute for getcheckindata, none for message/send", () => {
    const { limiter } = setup()
    const corp = limiter.corp('wwother', {})
    const run = (path: string, n: number) => {
      const lane = corp.lane(path)
      for (let i = 0; i < n; i++) {
        const ticket = lane.take()
        if (ticket < 0) return i
        lane.done(ticket)
      }
      return n
    }
    expect(run('checkin/getcheckindata', 1_000)).toBe(600)
    expect(run('user/get', 20_000)).toBe(10_000)
    expect(run('message/send', 20_000)).toBe(20_000)
    // A client's own limit applies to every path, but never raises WeCom's for one path.
    const mine = limiter.corp('wwmine', { requestsPerMinute: 1_000 })
    const count = (path: string) => {
      const lane = mine.lane(path)
      let n = 0
      for (let t = lane.take(); t > 0 && n < 5_000; t = lane.take(), n++) lane.done(t)
      return n
    }
    expect([count('checkin/getcheckindata'), count('user/get'), count('message/send')]).toEqual([
      600, 1_000, 1_000,
    ])
  })
})

describe('calls in flight', () => {
  it('holds at maxConcurrent; a call that ends lets the next waiting one go', async () => {
    const { lane } = setup({ maxConcurrent: 2 })
    const [a] = takeAll(lane, 2)
    expect(lane.take()).toBe(-1)
    const next = waiting(lane)
    await flush()
    expect(next.ticket).toBeUndefined()
    lane.done(a!)
    await flush()
    expect(next.ticket).toBeGreaterThan(0)
  })

  it('45033 halves the calls in flight, once per wave, then adds one per round of successes', async () => {
    const { lane } = setup({ maxConcurrent: 8 })
    const wave = takeAll(lane, 8)
    // The whole wave hears 45033: one cut, from 8 to 4, not eight of them.
    for (const t of wave) expect(lane.done(t, concur())).toBe(false) // retried with backoff, as before
    const round = takeAll(lane, 4)
    expect(lane.take()).toBe(-1)
    for (const t of round) lane.done(t) // four successes at four: one more
    takeAll(lane, 5)
    expect(lane.take()).toBe(-1)
  })
})

describe('45009 that still arrives', () => {
  it('is waited out (60 s), then one call probes before the others go', async () => {
    const { clock, lane } = setup()
    const inFlight = takeAll(lane, 3)
    // The first refusal blocks the path; the others were sent before the block: same block.
    for (const t of inFlight) expect(lane.done(t, freq())).toBe(true)
    expect(lane.take()).toBe(-1)
    const calls = Array.from({ length: 4 }, () => waiting(lane))
    await advance(clock, 59_999)
    expect(calls.filter((c) => c.ticket !== undefined)).toHaveLength(0)
    await advance(clock, 1)
    expect(calls.filter((c) => c.ticket !== undefined)).toHaveLength(1)
    lane.done(calls[0]!.ticket!) // the probe got through: the block is over
    await flush()
    expect(calls.filter((c) => c.ticket !== undefined)).toHaveLength(4)
  })

  it('blocked three times in a row: the 45009 surfaces, for the calls waiting too', async () => {
    const { clock, lane } = setup()
    expect(lane.done(lane.take(), freq())).toBe(true)
    const probe = waiting(lane)
    const behind = waiting(lane)
    await advance(clock, 60_000)
    expect(lane.done(probe.ticket!, freq())).toBe(true) // the second block
    const again = waiting(lane)
    await advance(clock, 60_000)
    // Hours or a day of blocking (the hour's limit, another app): no more waiting.
    expect(lane.done(behind.ticket!, freq())).toBe(false)
    await flush()
    expect(again.error).toMatchObject({ errcode: 45009 })
    expect(await rejectionOf(lane.wait(undefined, 'user/get'))).toMatchObject({ errcode: 45009 })
    // Once WeCom's block is over, a call may try again.
    await advance(clock, 60_000)
    const later = lane.take()
    expect(later).toBeGreaterThan(0)
    lane.done(later)
    takeAll(lane, 10)
  })

  it('surfaces at once on paths WeCom blocks for hours or a day (tickets, permanent images, sends)', () => {
    const { limiter } = setup()
    for (const path of ['get_jsapi_ticket', 'ticket/get', 'media/uploadimg', 'message/send']) {
      const lane = limiter.corp('wwcorp', {}).lane(path)
      expect(lane.done(lane.take(), freq(path))).toBe(false)
      expect(lane.take()).toBeGreaterThan(0)
    }
  })
})

describe('abort', () => {
  it('a waiting call stops at once, nothing sent; its place goes to the next', async () => {
    const { lane } = setup({ maxConcurrent: 1 })
    const first = lane.take()
    const controller = new AbortController()
    const aborted = waiting(lane, controller.signal)
    const next = waiting(lane)
    controller.abort()
    await flush()
    expect(aborted.error).toMatchObject({
      name: 'WeComNetworkError',
      aborted: true,
      sent: 'no',
      path: 'user/get',
    })
    lane.done(first)
    await flush()
    expect(next.ticket).toBeGreaterThan(0)
  })

  it('leaves no timer behind when every waiting call aborted', async () => {
    const { clock, lane } = setup({ requestsPerMinute: 1 })
    lane.done(lane.take())
    const controller = new AbortController()
    const calls = [waiting(lane, controller.signal), waiting(lane, controller.signal)]
    await flush()
    expect(clock.pending).toBe(1)
    controller.abort()
    await flush()
    expect(calls.every((c) => c.error !== undefined)).toBe(true)
    expect(clock.pending).toBe(0)
  })

  it('an aborted signal never queues', async () => {
    const { lane } = setup()
    expect(await rejectionOf(lane.wait(AbortSignal.abort(), 'user/get'))).toMatchObject({ aborted: true })
  })
})

describe('sharing', () => {
  it('every client of a corp shares a lane per path; other corps and paths have their own', () => {
    const { limiter } = setup()
    const a = limiter.corp('wwa', {})
    expect(limiter.corp('wwa', {}).lane('user/get')).toBe(a.lane('user/get'))
    expect(a.lane('/user/get?userid=x')).toBe(a.lane('user/get'))
    expect(a.lane('user/list')).not.toBe(a.lane('user/get'))
    expect(limiter.corp('wwb', {}).lane('user/get')).not.toBe(a.lane('user/get'))
    expect(createRateLimiter().corp('wwa', {}).lane('user/get')).not.toBe(a.lane('user/get'))
  })

  it('the strictest limit a client sets applies to all of them', () => {
    const { limiter } = setup()
    const lane = limiter.corp('wwa', { requestsPerMinute: 5 }).lane('user/get')
    limiter.corp('wwa', { requestsPerMinute: 3 })
    limiter.corp('wwa', { requestsPerMinute: 4 })
    limiter.corp('wwa', {}) // WeCom's default does not loosen what a client asked for
    for (const t of takeAll(lane, 3)) lane.done(t)
    expect(lane.take()).toBe(-1)
  })
})

describe('a shared store (a fleet)', () => {
  function fakeStore(answers: { reserve?: () => Promise<number> } = {}) {
    const log: string[] = []
    const store: RateStore = {
      reserve: vi.fn(async (key: string, _id: string, windows: readonly RateWindow[]) => {
        log.push(`reserve ${key} ${windows.map((w) => `${w.limit}/${w.ms}`).join(' ')}`)
        return answers.reserve ? answers.reserve() : 0
      }),
      complete: vi.fn(
        async (_key: string, _id: string, _w: readonly RateWindow[], _now: number, reached: boolean) => {
          log.push(`complete ${reached}`)
        },
      ),
      block: vi.fn(async (key: string, until: number, _now: number) => {
        log.push(`block ${key} ${until}`)
      }),
    }
    return { store, log }
  }

  it('asks the store for every call, completes it there, and tells it of blocks', async () => {
    const clock = manualClock()
    const { store, log } = fakeStore()
    const lane = createRateLimiter({ clock, store }).corp('wwf', { requestsPerMinute: 600 }).lane('user/get')
    expect(lane.take()).toBe(-1) // a shared budget is asked, never assumed
    const ticket = await lane.wait(undefined, 'user/get')
    expect(lane.done(ticket, freq())).toBe(true)
    await flush()
    expect(log).toEqual([
      'reserve wwf:user/get 600/60000 150000/3600000',
      'complete true',
      `block wwf:user/get ${clock.now() + 60_000}`,
    ])
    const [, id] = vi.mocked(store.reserve).mock.calls[0]!
    expect(vi.mocked(store.complete).mock.calls[0]![1]).toBe(id)
  })

  it('waits as long as the store says (another process spent the window)', async () => {
    const clock = manualClock()
    let answer = 5_000
    const { store } = fakeStore({ reserve: async () => answer })
    const lane = createRateLimiter({ clock, store }).corp('wwf', {}).lane('user/get')
    const call = waiting(lane)
    await flush()
    expect(call.ticket).toBeUndefined()
    answer = 0
    await advance(clock, 4_999)
    expect(call.ticket).toBeUndefined()
    await advance(clock, 1)
    expect(call.ticket).toBeGreaterThan(0)
  })

  it('a failing store is reported, and pacing goes on here alone', async () => {
    const clock = manualClock()
    const { store } = fakeStore({
      reserve: async () => {
        throw new Error('Redis is not connected')
      },
    })
    const report = vi.fn()
    const lane = createRateLimiter({ clock, store }).corp('wwf', { requestsPerMinute: 2 }).lane('user/get')
    const tickets = [
      await lane.wait(undefined, 'user/get', report),
      await lane.wait(undefined, 'user/get', report),
    ]
    expect(report).toHaveBeenCalledWith(expect.any(Error), 'reserve', 'wwf:user/get')
    for (const t of tickets) lane.done(t)
    const third = waiting(lane)
    await flush()
    expect(third.ticket).toBeUndefined() // the local window still holds
  })
})
