// A fleet: 8 Node processes on one redis-server and one WeCom-shaped HTTP server (the
// simulator, in this process). Each worker runs fleet-worker.ts, bundled from the sources.
import { type ChildProcess, fork } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createWeComSimulator, type SimulatorServer } from '@wecom-kit/testing'
import { Redis } from 'ioredis'
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest'
import { bundleWorker } from '../../../test/support/bundle-worker.js'
import type { Event, Outcome, Request } from './support/fleet-worker.js'
import { describeWithRedis, type RedisServer, startRedisServer } from './support/redis-server.js'

const CORP = { corpId: 'wwfleet', corpSecret: 'fleet-secret' }
const PROCESSES = 8
const LOCK_LEASE = 500
const source = (path: string) => fileURLToPath(new URL(path, import.meta.url))

class Worker {
  readonly gettokens: number[] = []
  private readonly pending = new Map<number, (outcome: Outcome) => void>()
  private nextId = 0
  readonly ready: Promise<void>

  constructor(readonly child: ChildProcess) {
    this.ready = new Promise((resolve, reject) => {
      child.once('exit', (code, signal) => reject(new Error(`worker exited early (${code ?? signal})`)))
      child.on('message', (message: Outcome | Event) => {
        if ('event' in message) {
          if (message.event === 'ready') resolve()
          else this.gettokens.push(Date.now())
        } else {
          this.pending.get(message.id)?.(message)
          this.pending.delete(message.id)
        }
      })
    })
    this.ready.catch(() => {})
  }

  send(command: Request): Promise<Outcome> {
    const id = ++this.nextId
    return new Promise((resolve) => {
      this.pending.set(id, resolve)
      this.child.send({ ...command, id })
    })
  }
}

describeWithRedis('a fleet of 8 processes on one Redis', () => {
  const sim = createWeComSimulator(CORP)
  let wecom: SimulatorServer
  let server: RedisServer
  let redis: Redis
  let bundleDir: string
  let bundle: string
  let workers: Worker[] = []

  const spawnFleet = async (n = PROCESSES) => {
    workers = Array.from(
      { length: n },
      () =>
        new Worker(
          fork(bundle, [], {
            env: {
              ...process.env,
              REDIS_PORT: String(server.port),
              WECOM_URL: wecom.url,
              CORP_ID: CORP.corpId,
              CORP_SECRET: CORP.corpSecret,
              LOCK_LEASE: String(LOCK_LEASE),
            },
            stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
          }),
        ),
    )
    await Promise.all(workers.map((w) => w.ready))
    return workers
  }
  const all = (command: Request, fleet = workers) => Promise.all(fleet.map((w) => w.send(command)))

  beforeAll(async () => {
    bundleDir = mkdtempSync(join(tmpdir(), 'wecom-kit-fleet-'))
    bundle = join(bundleDir, 'fleet-worker.cjs')
    await bundleWorker(source('./support/fleet-worker.ts'), bundle, ['core', 'jssdk', 'redis'])
    server = await startRedisServer()
    redis = new Redis({ host: '127.0.0.1', port: server.port })
    redis.on('error', () => {})
    wecom = await sim.listen()
  })
  afterAll(async () => {
    redis?.disconnect()
    await wecom?.close()
    await server?.close()
    if (bundleDir) rmSync(bundleDir, { recursive: true, force: true })
  })
  beforeEach(async () => {
    sim.reset()
    await redis.flushall()
  })
  afterEach(() => {
    for (const w of workers) w.child.kill('SIGKILL')
  })

  it('8 processes × 50 concurrent cold calls: exactly one gettoken; tickets once each', async () => {
    await spawnFleet()
    const outcomes = await all({ cmd: 'calls', n: 50, lanes: 50, spacingMs: 0 })
    expect(outcomes.flatMap((o) => o.errors)).toEqual([])
    expect(outcomes.reduce((sum, o) => sum + o.ok, 0)).toBe(PROCESSES * 50)
    expect(sim.countCalls('gettoken')).toBe(1)
    expect(workers.filter((w) => w.gettokens.length > 0)).toHaveLength(1)

    const tickets = await all({ cmd: 'tickets' })
    expect(tickets.flatMap((o) => o.errors)).toEqual([])
    // Every process got the same ticket, agent ticket and token.
    expect(new Set(tickets.map((o) => o.values.sort().join()))).toHaveProperty('size', 1)
    expect(sim.countCalls('get_jsapi_ticket')).toBe(1)
    expect(sim.countCalls('ticket/get')).toBe(1)
    expect(sim.countCalls('gettoken')).toBe(1)
    expect(outcomes.every((o) => o.storeErrors === 0)).toBe(true)
  })

  it('the lock holder killed mid-refresh: another process refreshes after the lease, no call fails', async () => {
    await spawnFleet()
    sim.setLatency(5_000, 'gettoken') // the first holder's gettoken hangs …
    const running = workers.map((w) => w.send({ cmd: 'calls', n: 10, lanes: 10, spacingMs: 0 }))
    // The holder's gettoken reached WeCom (and its own report of it reached us).
    await waitFor(() => sim.countCalls('gettoken') === 1 && workers.some((w) => w.gettokens.length > 0))
    const holder = workers.find((w) => w.gettokens.length > 0)!
    holder.child.kill('SIGKILL') // … and its process dies holding the lock
    const killedAt = Date.now()
    sim.setLatency(0, 'gettoken')
    const survivors = workers.filter((w) => w !== holder)
    const outcomes = await Promise.all(running.filter((_, i) => workers[i] !== holder))
    const waited = Date.now() - killedAt

    expect(outcomes.flatMap((o) => o.errors)).toEqual([])
    expect(outcomes.reduce((sum, o) => sum + o.ok, 0)).toBe(survivors.length * 10)
    // One takeover refresh after the lease (the dead holder's renewals stopped) …
    const takeovers = survivors.flatMap((w) => w.gettokens)
    expect(takeovers).toHaveLength(1)
    const takeoverAfter = takeovers[0]! - killedAt
    if (process.env.FLEET_DEBUG) console.log({ takeoverAfter, waited })
    expect(takeoverAfter).toBeGreaterThan(LOCK_LEASE / 3)
    expect(takeoverAfter).toBeLessThan(LOCK_LEASE + 1_000) // the lease, plus polling and a loaded CI
    expect(sim.countCalls('gettoken')).toBe(2)
    // … well before the client's own lease (timeout × attempts, 10 s here) would have lapsed.
    expect(waited).toBeLessThan(3_000)
  })

  it('Redis restarted mid-run: every call succeeds, each process reports once, then shares again', async () => {
    await spawnFleet()
    const warm = await all({ cmd: 'calls', n: 5, lanes: 5, spacingMs: 0 })
    expect(warm.flatMap((o) => o.errors)).toEqual([])
    expect(sim.countCalls('gettoken')).toBe(1)

    // Calls keep flowing for about 1.5 s while Redis goes away and comes back empty.
    const running = all({ cmd: 'calls', n: 60, lanes: 2, spacingMs: 50 })
    await sleep(200)
    await server.stop()
    await sleep(100)
    sim.expireTokens() // every process must refresh while Redis is down
    await sleep(600)
    await server.start()
    const outcomes = await running
    expect(outcomes.flatMap((o) => o.errors)).toEqual([])
    expect(outcomes.reduce((sum, o) => sum + o.ok, 0)).toBe(PROCESSES * 60)
    // Refreshed locally, each process on its own, and said so once. (A process whose store
    // call was queued during a reconnect attempt that then succeeded within the store's timeout
    // saw no failure, and rightly reports none.)
    const reports = outcomes.map((o) => o.storeErrors)
    expect(reports.every((n) => n <= 1)).toBe(true)
    expect(reports.filter((n) => n === 1).length).toBeGreaterThanOrEqual(PROCESSES / 2)

    // Redis is back (and empty): the next expiry is one gettoken for the fleet again.
    await waitFor(async () => (await all({ cmd: 'status' })).every((o) => o.redisStatus === 'ready'))
    sim.expireTokens()
    const before = sim.countCalls('gettoken')
    const after = await all({ cmd: 'calls', n: 10, lanes: 10, spacingMs: 0 })
    expect(after.flatMap((o) => o.errors)).toEqual([])
    expect(sim.countCalls('gettoken') - before).toBe(1)
    expect(after.map((o) => o.storeErrors)).toEqual(reports) // nothing more to report
  })
})

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await sleep(10)
  }
}
