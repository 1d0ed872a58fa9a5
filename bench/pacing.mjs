// Rate pacing, against the simulator's real HTTP face with 30 ms of latency and WeCom's limit
// scaled down to 600 calls a minute on user/get (the simulator answers 45009 past it and
// blocks the path for 60 s, as WeCom does):
//   - paced: 1 000 users.get through Promise.all on one client;
//   - unpaced (`rateLimit: false`): the same burst;
//   - a fleet: 4 processes × 250 users.get at once, one budget on Redis (redisRateLimiter);
//   - the cost of pacing per call when under the limits: take/done pairs on a lane, and
//     users.get paced vs unpaced against the bench server.
// The paced run and the fleet run use two simulators and run side by side: each needs a
// minute's window and a bit, and the whole must stay under two minutes.
// `node bench/pacing.mjs` (after `pnpm build`) prints the results; bench/run.mjs adds them to
// docs/benchmarks.md. The fleet part needs redis-server (skipped without it).
import { fork, spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createClient, createRateLimiter, isWeComApiError } from '../packages/core/dist/index.js'
import { createWeComSimulator } from '../packages/testing/dist/index.js'
import { users } from '../packages/users/dist/index.js'
import { BENCH_RATE_LIMIT, startServer } from './harness.mjs'
import { median, sequential } from './timing.mjs'

const CALLS = 1_000
const PER_MINUTE = 600
const WINDOW_MS = 60_000
const LATENCY_MS = 30
const PROCESSES = 4
const CORP = { corpId: 'wwpacing', corpSecret: 'pacing-secret' }
const REDIS_SERVER = process.env.REDIS_SERVER || 'redis-server'
const SELF = fileURLToPath(import.meta.url)

/** A simulator on a real port with the scaled-down limit, and `n` members to ask for. */
async function simulator(n) {
  const sim = createWeComSimulator(CORP)
  for (let i = 0; i < n; i++) sim.addUser({ userid: `u${i}`, name: `成员${i}`, department: [1] })
  sim.setLatency(LATENCY_MS)
  sim.setRateLimit({ requests: PER_MINUTE, windowMs: WINDOW_MS }, 'user/get')
  return { sim, server: await sim.listen() }
}

/** n users.get at once on `client`; what the caller saw. */
async function burst(client, n, offset = 0) {
  const outcomes = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      client.users.get(`u${(offset + i) % CALLS}`).then(
        () => 'ok',
        (error) => (isWeComApiError(error) ? `errcode ${error.errcode}` : error.name),
      ),
    ),
  )
  const counts = {}
  for (const o of outcomes) counts[o] = (counts[o] ?? 0) + 1
  return counts
}

/**
 * What the simulator saw of user/get: arrivals over time. A sliding window lets `PER_MINUTE`
 * calls through per `WINDOW_MS`; a job of N calls needs at least floor((N − 1) / limit) windows.
 * The pacer's sustained rate is the limit per cycle: how long it took from the first call of a
 * window's batch to the first of the next (ideally exactly one window).
 */
function arrivals(sim) {
  const times = sim.requests.filter((r) => r.path === 'user/get').map((r) => r.at)
  times.sort((a, b) => a - b)
  let busiest = 0
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i] - times[j] >= WINDOW_MS) j++
    busiest = Math.max(busiest, i - j + 1)
  }
  const cycleMs = times.length > PER_MINUTE ? times[PER_MINUTE] - times[0] : undefined
  const stats = sim.rateLimitStats('user/get')
  return {
    received: times.length,
    refused: stats.refused,
    busiestWindow: busiest,
    spanMs: times.at(-1) - times[0],
    cycleMs,
    /** Calls a minute in steady state, as a share of the limit. */
    sustained: cycleMs ? WINDOW_MS / cycleMs : undefined,
  }
}

async function paced() {
  const { sim, server } = await simulator(CALLS)
  let maxWaitedMs = 0
  const client = createClient({
    ...CORP,
    baseUrl: server.url,
    rateLimit: { requestsPerMinute: PER_MINUTE, limiter: createRateLimiter() },
    hooks: {
      beforeRequest: ({ waitedMs }) => {
        maxWaitedMs = Math.max(maxWaitedMs, waitedMs ?? 0)
      },
    },
  }).with(users)
  const started = performance.now()
  const outcomes = await burst(client, CALLS)
  const ms = performance.now() - started
  await server.close()
  return { outcomes, ms, maxWaitedMs, ...arrivals(sim) }
}

async function unpaced() {
  const { sim, server } = await simulator(CALLS)
  const client = createClient({ ...CORP, baseUrl: server.url, rateLimit: false }).with(users)
  const started = performance.now()
  const outcomes = await burst(client, CALLS)
  const ms = performance.now() - started
  await server.close()
  return { outcomes, ms, ...arrivals(sim) }
}

async function freePort() {
  const server = createServer()
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  await new Promise((resolve) => server.close(resolve))
  return port
}

async function startRedis() {
  if (spawnSync(REDIS_SERVER, ['--version'], { stdio: 'ignore' }).status !== 0) return undefined
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'wecom-kit-bench-redis-'))
  const child = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  await new Promise((resolve, reject) => {
    let output = ''
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 10_000)
    child.stdout.on('data', (chunk) => {
      output += chunk
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer)
        resolve()
      }
    })
  })
  return {
    port,
    stop() {
      child.kill('SIGKILL')
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

async function fleet() {
  const redis = await startRedis()
  if (!redis) return undefined
  const { sim, server } = await simulator(CALLS)
  try {
    const workers = Array.from({ length: PROCESSES }, () =>
      fork(SELF, ['--fleet-worker'], {
        env: { ...process.env, REDIS_PORT: String(redis.port), WECOM_URL: server.url },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      }),
    )
    await Promise.all(workers.map((w) => new Promise((resolve) => w.once('message', resolve))))
    const share = CALLS / PROCESSES
    const started = performance.now()
    const results = await Promise.all(
      workers.map(
        (w, i) =>
          new Promise((resolve) => {
            w.once('message', resolve)
            w.send({ n: share, offset: i * share })
          }),
      ),
    )
    const ms = performance.now() - started
    for (const w of workers) w.kill()
    const outcomes = {}
    for (const r of results)
      for (const [k, n] of Object.entries(r.outcomes)) outcomes[k] = (outcomes[k] ?? 0) + n
    const storeErrors = results.reduce((sum, r) => sum + r.storeErrors, 0)
    return { outcomes, ms, storeErrors, ...arrivals(sim) }
  } finally {
    await server.close()
    redis.stop()
  }
}

/** One process of the fleet: a client whose budget lives in Redis. */
async function fleetWorker() {
  const require = createRequire(new URL('../packages/redis/package.json', import.meta.url))
  const { Redis } = require('ioredis')
  const { redisRateLimiter } = await import('../packages/redis/dist/index.js')
  const redis = new Redis({ host: '127.0.0.1', port: Number(process.env.REDIS_PORT) })
  redis.on('error', () => {})
  let storeErrors = 0
  const client = createClient({
    ...CORP,
    baseUrl: process.env.WECOM_URL,
    rateLimit: { requestsPerMinute: PER_MINUTE, limiter: redisRateLimiter(redis) },
    hooks: { onStoreError: () => void storeErrors++ },
  }).with(users)
  process.on('message', async ({ n, offset }) => {
    const outcomes = await burst(client, n, offset)
    process.send({ outcomes, storeErrors })
  })
  process.on('disconnect', () => process.exit(0))
  redis.once('ready', () => process.send('ready'))
}

/** Pacing's own cost when a slot is free: take/done pairs, and users.get paced vs unpaced. */
async function overhead() {
  const PAIRS = 100_000
  const lane = createRateLimiter().corp('wwoverhead', BENCH_RATE_LIMIT).lane('user/get')
  const pairs = () => {
    const start = process.hrtime.bigint()
    for (let i = 0; i < PAIRS; i++) lane.done(lane.take())
    return Number(process.hrtime.bigint() - start) / PAIRS
  }
  for (let i = 0; i < 5; i++) pairs() // warm-up: JIT
  const pairNs = median(Array.from({ length: 9 }, pairs))

  const server = await startServer()
  try {
    const make = (rateLimit) =>
      createClient({
        corpId: 'wwbench',
        corpSecret: 'bench-secret',
        baseUrl: server.baseUrl,
        rateLimit,
      }).with(users)
    const clients = { paced: make(BENCH_RATE_LIMIT), unpaced: make(false) }
    const calls = Object.fromEntries(
      Object.entries(clients).map(([k, c]) => [k, () => c.users.get('zhangsan')]),
    )
    for (const call of Object.values(calls)) await sequential(call, 500)
    const times = { paced: [], unpaced: [] }
    for (let r = 0; r < 9; r++)
      for (const [k, call] of Object.entries(calls)) times[k].push(await sequential(call, 1_000))
    return {
      pairs: PAIRS,
      pairNs,
      pacedUs: median(times.paced) * 1000,
      unpacedUs: median(times.unpaced) * 1000,
    }
  } finally {
    server.stop()
  }
}

export async function measurePacing() {
  console.error('pacing: cost per call under the limits …')
  const cost = await overhead()
  console.error(`pacing: ${CALLS} users.get unpaced against ${PER_MINUTE} a minute …`)
  const without = await unpaced()
  console.error(
    `pacing: ${CALLS} users.get paced, and ${PROCESSES} processes on one Redis budget (about a minute) …`,
  )
  const [alone, together] = await Promise.all([paced(), fleet()])
  return {
    calls: CALLS,
    perMinute: PER_MINUTE,
    latencyMs: LATENCY_MS,
    processes: PROCESSES,
    cost,
    without,
    alone,
    together,
  }
}

const pct = (share) => (share === undefined ? '—' : `${(share * 100).toFixed(1)} %`)
const s = (ms) => `${(ms / 1000).toFixed(1)} s`
const outcomeText = (outcomes) =>
  Object.entries(outcomes)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ')

/** The section of docs/benchmarks.md. */
export function renderPacing(p) {
  const verdict = (ok) => (ok ? 'met' : '**missed**')
  const errors = (outcomes) => p.calls - (outcomes.ok ?? 0)
  const row = (label, r, paced = true) =>
    `| ${label} | ${outcomeText(r.outcomes)} | ${r.refused} | ${r.busiestWindow} | ${s(r.spanMs)} | ${paced && r.cycleMs ? s(r.cycleMs) : '—'} | ${paced ? pct(r.sustained) : '—'} | ${s(r.ms)} |`
  const fleetRows = p.together
    ? [row(`${p.processes} processes, one Redis budget`, p.together)]
    : ['| 4 processes, one Redis budget | skipped: no redis-server | | | | | | |']
  const targets = [
    ['paced: errors', '0', String(errors(p.alone.outcomes)), errors(p.alone.outcomes) === 0],
    [
      'paced: 45009 seen by the caller',
      '0',
      String(p.alone.outcomes['errcode 45009'] ?? 0),
      !p.alone.outcomes['errcode 45009'],
    ],
    ['paced: sustained throughput', '≥ 90 % of the limit', pct(p.alone.sustained), p.alone.sustained >= 0.9],
  ]
  if (p.together) {
    targets.push(
      [
        'fleet: within the one budget',
        `≤ ${p.perMinute} in any 60 s, 0 × 45009`,
        `${p.together.busiestWindow}, ${p.together.refused} × 45009`,
        p.together.busiestWindow <= p.perMinute && p.together.refused === 0,
      ],
      [
        'fleet: sustained throughput',
        '≥ 85 % of the limit',
        pct(p.together.sustained),
        p.together.sustained >= 0.85,
      ],
    )
  }
  return `
## Rate pacing

\`bench/pacing.mjs\`: ${p.calls.toLocaleString('en')} \`users.get\` through \`Promise.all\` against the simulator's HTTP face
with ${p.latencyMs} ms of latency and WeCom's per-path limit scaled down to ${p.perMinute} calls a minute (past it the
simulator answers 45009 and blocks the path for 60 s, as WeCom does). Paced with
\`rateLimit: { requestsPerMinute: ${p.perMinute} }\`; unpaced with \`rateLimit: false\`; the fleet is ${p.processes} processes
× ${p.calls / p.processes} calls at once, paced by \`redisRateLimiter\` on one redis-server. Run once, on the driver's Node.

| | target | measured | |
| --- | --- | --- | --- |
${targets.map(([what, target, measured, ok]) => `| ${what} | ${target} | ${measured} | ${verdict(ok)} |`).join('\n')}

| run | the callers got | 45009 answered by the simulator | most requests in any 60 s | first to last call | window cycle | sustained (of the limit) | all settled in |
| --- | --- | --: | --: | --: | --: | --: | --: |
${row('unpaced', p.without, false)}
${row('paced', p.alone)}
${fleetRows.join('\n')}

A sliding window lets ${p.perMinute} calls through in any 60 s: the pacer sends the first ${p.perMinute} at once (at most
50 in flight), then the next batch as the first ones leave the window. "Window cycle" is the time
from the first call of one batch to the first of the next (ideally exactly 60 s), so "sustained"
is the share of the limit used while calls wait. The pacer counts a call from the moment it is
sent and stamps it when its answer arrives (the latest WeCom can count it), and its window moves
in whole seconds, rounded the safe way: a cycle takes 60 to 61 s. The longest wait a paced call saw:
${s(p.alone.maxWaitedMs)} (\`waitedMs\` in the hooks).

Pacing's own cost when a slot is free: ${p.cost.pairs.toLocaleString('en')} take/done pairs on a lane take
${p.cost.pairNs.toFixed(0)} ns a pair (median of 9 runs, no timer, no promise); \`users.get\` against the bench server,
sequential, median of 9 alternating rounds of 1 000: ${p.cost.pacedUs.toFixed(1)} µs paced, ${p.cost.unpacedUs.toFixed(1)} µs with \`rateLimit: false\`.
`
}

if (process.argv.includes('--fleet-worker')) {
  await fleetWorker()
} else if (process.argv[1] === SELF) {
  const results = await measurePacing()
  console.log(JSON.stringify(results, null, 2))
  console.log(renderPacing(results))
}
