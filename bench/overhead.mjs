// Per-call time of client.users.get against raw fetch to the same local server, in one run:
// sequential and at concurrency 50. Rounds alternate between the two so drift hits both.
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { createClient } from '../packages/core/dist/index.js'
import { users } from '../packages/users/dist/index.js'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7)
const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 2000)
const CONCURRENT = Number(process.env.BENCH_CONCURRENT ?? 10000)
const WORKERS = 50

const server = fork(fileURLToPath(new URL('./server.mjs', import.meta.url)), { stdio: 'inherit' })
const { port, token } = await new Promise((resolve) => server.once('message', resolve))
const baseUrl = `http://127.0.0.1:${port}/cgi-bin/`

const client = createClient({ corpId: 'wwbench', corpSecret: 'bench-secret', baseUrl }).with(users)
await client.getAccessToken()

async function rawGet() {
  const response = await fetch(`${baseUrl}user/get?access_token=${token}&userid=zhangsan`)
  const body = await response.json()
  if (body.errcode !== 0) throw new Error(body.errmsg)
  return body
}
const sdkGet = () => client.users.get('zhangsan')

async function sequential(call, n) {
  const start = performance.now()
  for (let i = 0; i < n; i++) await call()
  return (performance.now() - start) / n
}

async function concurrent(call, n) {
  let next = 0
  const worker = async () => {
    while (next++ < n) await call()
  }
  const start = performance.now()
  await Promise.all(Array.from({ length: WORKERS }, worker))
  return (performance.now() - start) / n
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

async function compare(label, run, n) {
  await run(rawGet, n / 4) // warm-up: JIT, keep-alive sockets
  await run(sdkGet, n / 4)
  const raw = []
  const sdk = []
  for (let r = 0; r < ROUNDS; r++) {
    raw.push(await run(rawGet, n))
    sdk.push(await run(sdkGet, n))
  }
  const rawMs = median(raw)
  const sdkMs = median(sdk)
  return { label, calls: n, rounds: ROUNDS, rawUs: rawMs * 1000, sdkUs: sdkMs * 1000, ratio: sdkMs / rawMs }
}

const results = [
  await compare('sequential', sequential, SEQUENTIAL),
  await compare(`concurrency ${WORKERS}`, concurrent, CONCURRENT),
]
server.disconnect()
server.kill()

console.log(`users.get vs raw fetch, Node ${process.version}, median of ${ROUNDS} alternating rounds`)
console.log('case             calls   raw fetch µs/call   wecom-kit µs/call   ratio')
for (const r of results) {
  console.log(
    `${r.label.padEnd(16)} ${String(r.calls).padStart(6)}   ${r.rawUs.toFixed(1).padStart(17)}   ${r.sdkUs
      .toFixed(1)
      .padStart(17)}   ${r.ratio.toFixed(3)}x`,
  )
}
if (process.env.BENCH_JSON) console.log(JSON.stringify(results))
