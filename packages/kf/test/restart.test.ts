// A process killed mid-sync (SIGKILL, no cleanup) and started again neither loses nor repeats a
// message: the cursor lives in a real redis-server, the worker is a real child process, and the
// simulator (in this process, over HTTP) keeps taking messages while the worker is down.
import { type ChildProcess, fork } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createClient } from '@wecom-kit/core'
import { kf } from '@wecom-kit/kf'
import { redisCursorStore } from '@wecom-kit/redis'
import { createWeComSimulator, type SimulatorServer } from '@wecom-kit/testing'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'
import { bundleWorker } from '../../../test/support/bundle-worker.js'
import {
  describeWithRedis,
  type RedisServer,
  startRedisServer,
} from '../../redis/test/support/redis-server.js'
import type { WorkerEvent } from './support/sync-worker.js'

const CORP = { corpId: 'wwrestart', corpSecret: 'restart-secret' }
/** A killed worker's lock lapses after this; the next one waits for it. */
const LOCK_LEASE = 400
const source = (path: string) => fileURLToPath(new URL(path, import.meta.url))

describeWithRedis('kf.syncMessages across kills and restarts', () => {
  const sim = createWeComSimulator(CORP)
  let wecom: SimulatorServer
  let server: RedisServer
  let redis: Redis
  let dir: string
  let bundle: string
  let log: string
  let openKfId: string

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wecom-kit-kf-restart-'))
    bundle = join(dir, 'sync-worker.cjs')
    await bundleWorker(source('./support/sync-worker.ts'), bundle, ['core', 'kf', 'redis'])
    server = await startRedisServer()
    redis = new Redis({ host: '127.0.0.1', port: server.port })
    wecom = await sim.listen()
  })
  afterAll(async () => {
    redis?.disconnect()
    await wecom?.close()
    await server?.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })
  beforeEach(async () => {
    sim.reset()
    await redis.flushall()
    openKfId = sim.addKfAccount({ name: '售后' }).open_kfid
    log = join(dir, `handled-${Date.now()}.log`)
    writeFileSync(log, '')
  })

  const says = async (from: number, to: number) => {
    for (let i = from; i <= to; i++) await sim.kfCustomerSays(openKfId, `m${String(i).padStart(2, '0')}`)
  }
  const handled = () => readFileSync(log, 'utf8').split('\n').filter(Boolean)
  const expected = (n: number) => Array.from({ length: n }, (_, i) => `m${String(i + 1).padStart(2, '0')}`)

  /** Starts a worker; kills it (SIGKILL) while it works on its `killAt`-th message, or lets it finish. */
  function runWorker(killAt?: number): Promise<{ killed: boolean; seen: string[] }> {
    const child: ChildProcess = fork(bundle, [], {
      env: {
        ...process.env,
        REDIS_PORT: String(server.port),
        WECOM_URL: wecom.url,
        CORP_ID: CORP.corpId,
        CORP_SECRET: CORP.corpSecret,
        OPEN_KFID: openKfId,
        PAGE_SIZE: '4',
        WORK_MS: '150',
        LOG_FILE: log,
        LOCK_LEASE: String(LOCK_LEASE),
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: [],
    })
    const seen: string[] = []
    return new Promise((resolve, reject) => {
      child.on('message', (event: WorkerEvent) => {
        if (event.event !== 'handling') return
        seen.push(event.content)
        if (seen.length === killAt) child.kill('SIGKILL')
      })
      child.once('exit', (code, signal) => {
        if (signal === 'SIGKILL') resolve({ killed: true, seen })
        else if (code === 0) resolve({ killed: false, seen })
        else reject(new Error(`worker exited with ${code ?? signal}`))
      })
    })
  }

  it('killed mid-page, mid-handling, twice, with messages arriving while down: each message handled once, in order', async () => {
    await says(1, 10)
    // Page size 4: the 6th message is in the middle of the second page.
    const first = await runWorker(6)
    expect(first).toMatchObject({ killed: true })
    expect(first.seen).toEqual(expected(6))
    expect(handled()).toEqual(expected(5)) // m06 was in hand when the process died

    await says(11, 14) // the customer keeps writing while nothing runs
    const second = await runWorker(5)
    expect(second.killed).toBe(true)
    expect(second.seen).toEqual(['m06', 'm07', 'm08', 'm09', 'm10']) // starts with the one in hand
    expect(handled()).toEqual(expected(9))

    await says(15, 17)
    const last = await runWorker()
    expect(last.killed).toBe(false)
    expect(last.seen[0]).toBe('m10')
    expect(handled()).toEqual(expected(17)) // all of them, once each, in order
    // Nothing left: a fresh process finds nothing to do.
    expect((await runWorker()).seen).toEqual([])
  })

  it('killed right at a page boundary: the next page is not skipped', async () => {
    await says(1, 8)
    const first = await runWorker(5) // the first message of page two
    expect(first.killed).toBe(true)
    expect(handled()).toEqual(expected(4))
    await runWorker()
    expect(handled()).toEqual(expected(8))
  })

  it('two processes of a fleet syncing one account at once: the Redis lock makes them take turns', async () => {
    await says(1, 12)
    const clientOf = () => createClient({ ...CORP, baseUrl: wecom.url }).with(kf)
    const connections: Redis[] = []
    const store = () => {
      const connection = new Redis({ host: '127.0.0.1', port: server.port })
      connections.push(connection)
      return redisCursorStore(connection, { prefix: 'fleet:', lockLease: LOCK_LEASE })
    }
    const drain = async () => {
      const got: string[] = []
      for await (const message of clientOf().kf.syncMessages({
        open_kfid: openKfId,
        cursorStore: store(),
        limit: 5,
      })) {
        got.push(String(message.text?.content))
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
      return got
    }
    const [a, b] = await Promise.all([drain(), drain()]).finally(() => {
      for (const connection of connections) connection.disconnect()
    })
    expect([...a, ...b].sort()).toEqual(expected(12))
    expect(a.length === 0 || b.length === 0).toBe(true)
  })
})
