// What our own layers cost, without the network: ky alone and wecom-kit over a `fetch` that
// answers at once with the same body the bench server sends, CPU time of this process per call
// (user + system), alternating rounds. The machine's load and the server's scheduling, which
// blur the wall-clock comparison, do not enter these figures.
import ky from 'ky'
import { member, tokenBody } from './bodies.mjs'
import { benchClient } from './harness.mjs'
import { median } from './timing.mjs'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7)
const CALLS = Number(process.env.BENCH_LAYER_CALLS ?? 20_000)
const BASE = 'http://127.0.0.1:9/cgi-bin/'
const URL = `${BASE}user/get?access_token=t&userid=zhangsan`

const headers = { 'content-type': 'application/json; charset=UTF-8' }
async function instantFetch(input) {
  const url = typeof input === 'string' ? input : input.url
  return new Response(url.includes('/gettoken') ? tokenBody : member, { headers })
}

async function cpuPerCall(call) {
  const start = process.cpuUsage()
  for (let i = 0; i < CALLS; i++) await call()
  const used = process.cpuUsage(start)
  return (used.user + used.system) / CALLS
}

export async function measureLayerCost() {
  const client = benchClient(BASE, { fetch: instantFetch })
  await client.getAccessToken()
  const http = ky.create({ retry: 0, timeout: 10_000, throwHttpErrors: false, fetch: instantFetch })
  const contenders = {
    raw: async () => (await instantFetch(URL)).json(),
    ky: async () => JSON.parse(await (await http(URL)).text()),
    sdk: () => client.users.get('zhangsan'),
  }
  for (const call of Object.values(contenders)) await cpuPerCall(call) // warm-up: JIT
  const times = { raw: [], ky: [], sdk: [] }
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, call] of Object.entries(contenders)) times[name].push(await cpuPerCall(call))
  }
  return {
    calls: CALLS,
    rounds: ROUNDS,
    rawUs: median(times.raw),
    kyUs: median(times.ky),
    sdkUs: median(times.sdk),
  }
}
