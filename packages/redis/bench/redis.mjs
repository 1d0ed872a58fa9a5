// Per-call time of client.users.get with a warm token: redisTokenStore against the default
// memory store, in one run, sequential and at concurrency 50 (target: within 5 %). Rounds
// alternate so that drift hits both; the ratio is the median of each round's pair. Also: what
// a cold process pays when the token is already in Redis (a new client's first getAccessToken:
// key hash + one GET).
// Needs the built packages (`pnpm build`) and redis-server on the PATH; starts its own
// redis-server (127.0.0.1, no persistence) and the WeCom-shaped server of bench/server.mjs.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { benchClient, startServer } from '../../../bench/harness.mjs'
import { concurrent, median, sequential } from '../../../bench/timing.mjs'
import { redisTokenStore } from '../dist/index.js'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15)
const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 1000)
const CONCURRENT = Number(process.env.BENCH_CONCURRENT ?? 5000)
const COLD = Number(process.env.BENCH_COLD ?? 500)
const WORKERS = 50
const concurrentRun = concurrent(WORKERS)

const server = await startServer()

const redisPort = await freePort()
const redisDir = mkdtempSync(join(tmpdir(), 'wecom-kit-bench-redis-'))
const redisServer = spawn(
  'redis-server',
  ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', redisDir],
  { stdio: ['ignore', 'pipe', 'inherit'] },
)
await new Promise((resolve, reject) => {
  redisServer.once('error', reject)
  redisServer.stdout.on('data', (chunk) => {
    if (String(chunk).includes('Ready to accept connections')) resolve()
  })
})
const redis = new Redis({ host: '127.0.0.1', port: redisPort })

const memoryClient = benchClient(server.baseUrl)
const redisClient = benchClient(server.baseUrl, { tokenStore: redisTokenStore(redis) })
// A second memory-store client: identical work, so its ratio is the noise floor of this
// machine (and shows which share of a difference is just being another client object).
const controlClient = benchClient(server.baseUrl)
for (const client of [memoryClient, redisClient, controlClient]) await client.getAccessToken()

async function compare(label, run, n) {
  const contenders = {
    memory: () => memoryClient.users.get('zhangsan'),
    redis: () => redisClient.users.get('zhangsan'),
    control: () => controlClient.users.get('zhangsan'),
  }
  const names = Object.keys(contenders)
  for (const call of Object.values(contenders)) await run(call, n / 4) // warm-up: JIT, sockets
  const times = { memory: [], redis: [], control: [] }
  for (let r = 0; r < ROUNDS; r++) {
    // Rotate who goes first, so that none always runs on a warmer or colder machine.
    for (let i = 0; i < names.length; i++) {
      const name = names[(r + i) % names.length]
      times[name].push(await run(contenders[name], n))
    }
  }
  const us = (name) => median(times[name]) * 1000
  // Each round ran them back to back: the median of their ratios cancels the machine's drift.
  const ratio = (name) => median(times[name].map((t, r) => t / times.memory[r]))
  return {
    label,
    calls: n,
    rounds: ROUNDS,
    memoryUs: us('memory'),
    redisUs: us('redis'),
    controlUs: us('control'),
    redisRatio: ratio('redis'),
    controlRatio: ratio('control'),
  }
}

const commandsBefore = await commandsProcessed()
const results = [
  await compare('sequential', sequential, SEQUENTIAL),
  await compare(`concurrency ${WORKERS}`, concurrentRun, CONCURRENT),
]
// The INFO calls themselves are the only commands: warm calls never reach Redis.
const warmCommands = (await commandsProcessed()) - commandsBefore - 1

// A new process whose token is already in Redis: its first getAccessToken.
const coldStart = performance.now()
for (let i = 0; i < COLD; i++) {
  await benchClient(server.baseUrl, { tokenStore: redisTokenStore(redis) }).getAccessToken()
}
const coldUs = ((performance.now() - coldStart) / COLD) * 1000

redis.disconnect()
redisServer.kill('SIGKILL')
rmSync(redisDir, { recursive: true, force: true })
server.stop()

console.log(
  `users.get with a warm token, redisTokenStore vs memory store, Node ${process.version}, median of ${ROUNDS} alternating rounds`,
)
console.log('case              calls   memory µs   redis µs   memory² µs   redis/memory   memory²/memory')
for (const r of results) {
  const cells = [
    r.label.padEnd(15),
    String(r.calls).padStart(7),
    r.memoryUs.toFixed(1).padStart(11),
    r.redisUs.toFixed(1).padStart(10),
    r.controlUs.toFixed(1).padStart(12),
    `${r.redisRatio.toFixed(3)}x`.padStart(14),
    `${r.controlRatio.toFixed(3)}x`.padStart(16),
  ]
  console.log(cells.join(' '))
}
console.log('(ratios: median of per-round ratios; memory² is a second memory-store client, the noise floor)')
console.log(`Redis commands during the warm rounds: ${warmCommands}`)
console.log(`a new client's first getAccessToken with the token in Redis: ${coldUs.toFixed(1)} µs`)
if (process.env.BENCH_JSON) console.log(JSON.stringify({ results, warmCommands, coldUs }))

async function commandsProcessed() {
  const info = await redis.info('stats')
  return Number(/total_commands_processed:(\d+)/.exec(info)?.[1])
}

async function freePort() {
  const probe = createServer()
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address()
  await new Promise((resolve) => probe.close(resolve))
  return port
}
