// Four Node processes paced by one budget in Redis, against the simulator's HTTP face with
// WeCom's limit turned on. Time runs 30 times faster than the wall (the same clock in the
// workers and the simulator): three minutes of windows in about six seconds.
import { type ChildProcess, fork } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createWeComSimulator, type SimulatorServer } from '@wecom-kit/testing'
import { build } from 'esbuild'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { RateOutcome } from './support/rate-worker.js'
import { describeWithRedis, type RedisServer, startRedisServer } from './support/redis-server.js'

const CORP = { corpId: 'wwratefleet', corpSecret: 'rate-fleet-secret' }
const PROCESSES = 4
const CALLS = 15
const PER_MINUTE = 20
const SCALE = 30
const START = Date.now()
const source = (path: string) => fileURLToPath(new URL(path, import.meta.url))

describeWithRedis('a fleet of 4 processes on one Redis budget', () => {
  const sim = createWeComSimulator({ ...CORP, clock: () => START + (Date.now() - START) * SCALE })
  let wecom: SimulatorServer
  let server: RedisServer
  let bundleDir: string
  const children: ChildProcess[] = []

  beforeAll(async () => {
    bundleDir = mkdtempSync(join(tmpdir(), 'wecom-kit-rate-fleet-'))
    const bundle = join(bundleDir, 'rate-worker.cjs')
    await build({
      entryPoints: [source('./support/rate-worker.ts')],
      outfile: bundle,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      alias: {
        '@wecom-kit/core': source('../../core/src/index.ts'),
        '@wecom-kit/core/resource-kit': source('../../core/src/resource-kit.ts'),
        '@wecom-kit/redis': source('../src/index.ts'),
      },
      logLevel: 'warning',
    })
    server = await startRedisServer()
    wecom = await sim.listen()
    for (let i = 0; i < CALLS; i++) sim.addUser({ userid: `u${i}`, name: `成员${i}`, department: [1] })
    sim.setRateLimit({ requests: PER_MINUTE }, 'user/get')
    for (let i = 0; i < PROCESSES; i++) {
      children.push(
        fork(bundle, [], {
          env: {
            ...process.env,
            START: String(START),
            SCALE: String(SCALE),
            REDIS_PORT: String(server.port),
            WECOM_URL: wecom.url,
            CORP_ID: CORP.corpId,
            CORP_SECRET: CORP.corpSecret,
            PER_MINUTE: String(PER_MINUTE),
          },
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        }),
      )
    }
    await Promise.all(children.map((child) => new Promise((resolve) => child.once('message', resolve))))
  }, 30_000)
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL')
    await wecom?.close()
    await server?.close()
    if (bundleDir) rmSync(bundleDir, { recursive: true, force: true })
  })

  it('4 × 15 calls at once, 20 a minute for the fleet: all succeed, WeCom never refuses one', async () => {
    const outcomes = await Promise.all(
      children.map(
        (child) =>
          new Promise<RateOutcome>((resolve) => {
            child.once('message', (outcome: RateOutcome) => resolve(outcome))
            child.send({ n: CALLS })
          }),
      ),
    )
    expect(outcomes.flatMap((o) => o.errors)).toEqual([])
    expect(outcomes.reduce((sum, o) => sum + o.ok, 0)).toBe(PROCESSES * CALLS)
    expect(outcomes.every((o) => o.storeErrors === 0)).toBe(true)
    // 60 calls need three windows: in each, the fleet together sent at most the one budget.
    expect(sim.rateLimitStats('user/get')).toMatchObject({
      accepted: 60,
      refused: 0,
      maxInWindow: PER_MINUTE,
    })
  }, 60_000)
})
