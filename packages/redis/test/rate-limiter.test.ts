// redisRateLimiter on a real redis-server, in one process: each limiter on its own connection
// stands for one process of a fleet (the multi-process run is rate-fleet.test.ts). A manual
// clock moves the windows; Redis holds them.
import {
  createClient,
  createRateLimiter,
  type Hooks,
  WeComApiError,
  WeComNetworkError,
} from '@wecom-kit/core'
import type { RateLane } from '@wecom-kit/core/resource-kit'
import { redisRateLimiter, redisRateStore } from '@wecom-kit/redis'
import { createWeComSimulator, type SimulatorServer } from '@wecom-kit/testing'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, beforeEach, expect, it, vi } from 'vitest'
import { flush, manualClock } from '../../core/test/clock.js'
import { describeWithRedis, type RedisServer, startRedisServer } from './support/redis-server.js'

type StoreErrorInfo = Parameters<NonNullable<Hooks['onStoreError']>>[0]

describeWithRedis('redisRateLimiter: one budget for a fleet', () => {
  let server: RedisServer
  let redis: Redis
  const connections: Redis[] = []
  const connect = () => {
    const connection = new Redis({ host: '127.0.0.1', port: server.port })
    connection.on('error', () => {})
    connections.push(connection)
    return connection
  }
  let clock: ReturnType<typeof manualClock>
  /** The lane of one "process": its own connection and limiter, the shared clock. */
  const processLane = (limits = { requestsPerMinute: 5 }, path = 'user/get', options = {}) =>
    createRateLimiter({ store: redisRateStore(connect(), options), clock })
      .corp('wwfleet', limits)
      .lane(path)

  /** Resolves each wait into `granted` as it is granted. */
  const waits = (lane: RateLane, n: number) => {
    const granted: number[] = []
    for (let i = 0; i < n; i++) void lane.wait(undefined, 'user/get').then((t) => granted.push(t))
    return granted
  }
  /** Lets Redis answer and the pacers hand out what they can. */
  const settle = async () => {
    for (let i = 0; i < 5; i++) {
      await redis.ping()
      await flush()
    }
  }

  beforeAll(async () => {
    server = await startRedisServer()
    redis = connect()
  })
  afterAll(async () => {
    for (const connection of connections) connection.disconnect()
    await server?.close()
  })
  beforeEach(async () => {
    clock = manualClock()
    await redis.flushall()
  })

  it('two processes share one window: 5 a minute between them, then the rest after it', async () => {
    const a = processLane()
    const b = processLane()
    const fromA = waits(a, 4)
    const fromB = waits(b, 4)
    await vi.waitFor(() => expect(fromA.length + fromB.length).toBe(5))
    await settle()
    expect(fromA.length + fromB.length).toBe(5)
    for (const t of fromA) a.done(t)
    for (const t of fromB) b.done(t)
    await settle()
    clock.advance(60_999)
    await settle()
    expect(fromA.length + fromB.length).toBe(5)
    clock.advance(1)
    await vi.waitFor(() => expect(fromA.length + fromB.length).toBe(8))
  })

  it('stamps a call when its answer arrives; a call that never left is given back', async () => {
    const a = processLane({ requestsPerMinute: 2 })
    const b = processLane({ requestsPerMinute: 2 })
    const [first, second] = [await a.wait(undefined, 'user/get'), await a.wait(undefined, 'user/get')]
    a.done(first, new WeComNetworkError('refused', { path: 'user/get', sent: 'no' })) // given back
    clock.advance(30_000)
    a.done(second) // stamped at 30 s
    await settle()
    const third = await b.wait(undefined, 'user/get') // the place given back
    b.done(third)
    const late = waits(b, 1)
    clock.advance(31_000) // 61 s after the start: a pacer counting from dispatch would send here
    await settle()
    expect(late).toEqual([])
    clock.advance(30_000) // 61 s after the answers
    await vi.waitFor(() => expect(late).toHaveLength(1))
  })

  it("a 45009 in one process blocks the path for the whole fleet, for WeCom's 60 s", async () => {
    const a = processLane({ requestsPerMinute: 100 })
    const b = processLane({ requestsPerMinute: 100 })
    const ticket = await a.wait(undefined, 'user/get')
    expect(a.done(ticket, new WeComApiError(45009, 'api freq out of limit', 'user/get'))).toBe(true)
    await settle()
    const blocked = waits(b, 1)
    clock.advance(59_999)
    await settle()
    expect(blocked).toEqual([])
    clock.advance(1)
    await vi.waitFor(() => expect(blocked).toHaveLength(1))
  })

  it('a process that died with calls in flight holds their places until holdMs lapses', async () => {
    const dead = processLane({ requestsPerMinute: 1 }, 'user/get', { holdMs: 10_000 })
    await dead.wait(undefined, 'user/get') // never done: the process died mid-call
    const alive = processLane({ requestsPerMinute: 1 }, 'user/get', { holdMs: 10_000 })
    const granted = waits(alive, 1)
    clock.advance(9_000)
    await settle()
    expect(granted).toEqual([])
    clock.advance(1_100) // the store says "ask again" every 100 ms while only calls in flight hold it
    await vi.waitFor(() => expect(granted).toHaveLength(1))
  })

  it('keys carry the prefix and one hash tag per path (one Cluster slot), and expire', async () => {
    const lane = processLane({ requestsPerMinute: 5 }, 'user/get', { prefix: 'myapp:' })
    lane.done(await lane.wait(undefined, 'user/get'))
    await settle()
    const keys = (await redis.keys('*')).sort()
    expect(keys).toEqual([
      'myapp:{wecom:rate:wwfleet:user/get}:w3600000',
      'myapp:{wecom:rate:wwfleet:user/get}:w60000',
    ])
    for (const key of keys) expect(await redis.pttl(key)).toBeGreaterThan(0)
  })

  it('Redis down: each process paces alone, reported once; back up: shared again', async () => {
    const reports: StoreErrorInfo[] = []
    const sim = createWeComSimulator({ corpId: 'wwdown', corpSecret: 'down-secret' })
    let wecom: SimulatorServer | undefined
    try {
      wecom = await sim.listen()
      const c = createClient({
        corpId: 'wwdown',
        corpSecret: 'down-secret',
        baseUrl: wecom.url,
        retry: { retries: 0 },
        rateLimit: { requestsPerMinute: 3, limiter: redisRateLimiter(connect(), { clock }) },
        hooks: { onStoreError: (info) => void reports.push(info) },
      })
      await c.request('getcallbackip')
      // The call's `complete` runs after it answered: let it land before Redis goes, or its
      // failure (not the next reserve's) is the outage's first.
      await vi.waitFor(async () =>
        expect(await redis.zcard('{wecom:rate:wwdown:getcallbackip}:inflight')).toBe(0),
      )
      await server.stop()
      await c.request('getcallbackip')
      await c.request('getcallbackip')
      expect(reports.map((r) => [r.operation, r.key])).toEqual([['reserve', 'wwdown:getcallbackip']])
      expect(reports[0]!.error.message).toMatch(/Redis/)
      // Still paced: this process's own window is full.
      const controller = new AbortController()
      const waiting = c.request('getcallbackip', { signal: controller.signal }).catch((e: unknown) => e)
      await new Promise((r) => setTimeout(r, 50))
      controller.abort()
      expect(await waiting).toMatchObject({ aborted: true, sent: 'no' })
      expect(sim.countCalls('getcallbackip')).toBe(3)

      await server.start()
      await vi.waitFor(() => expect(connections.every((x) => x.status === 'ready')).toBe(true), {
        timeout: 10_000,
      })
      clock.advance(61_000)
      await c.request('getcallbackip')
      expect(await redis.keys('*')).not.toEqual([])
      expect(reports).toHaveLength(1)
    } finally {
      await wecom?.close()
    }
  })
})
