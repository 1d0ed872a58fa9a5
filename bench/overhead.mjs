// Per-call time of client.users.get against raw fetch to the same local server, in one run:
// sequential and at concurrency 50. Rounds alternate so that drift hits every contender.
// ky alone (the HTTP layer core is built on, with the same settings) separates what ky costs
// from what wecom-kit adds on top of it; the peer wechat-enterprise-api 0.3.0 (urllib 2, the
// library users migrate from) is the fourth contender.
import { createRequire } from 'node:module'
import ky from 'ky'
import { benchClient } from './harness.mjs'
import { concurrent, median, sequential } from './timing.mjs'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7)
const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 2000)
const CONCURRENT = Number(process.env.BENCH_CONCURRENT ?? 10000)
export const WORKERS = 50

export async function measureOverhead({ baseUrl, token }) {
  const client = benchClient(baseUrl)
  await client.getAccessToken()

  async function rawGet() {
    const response = await fetch(`${baseUrl}user/get?access_token=${token}&userid=zhangsan`)
    const body = await response.json()
    if (body.errcode !== 0) throw new Error(body.errmsg)
    return body
  }
  const sdkGet = () => client.users.get('zhangsan')
  // The same settings as core's transport: ky's retry off, a per-attempt timeout (ky then sets up an
  // AbortController and a timer per call, as it does for wecom-kit).
  const http = ky.create({ retry: 0, timeout: 10_000, throwHttpErrors: false })
  async function kyGet() {
    const body = JSON.parse(
      await (await http(`${baseUrl}user/get?access_token=${token}&userid=zhangsan`)).text(),
    )
    if (body.errcode !== 0) throw new Error(body.errmsg)
    return body
  }

  // The peer keeps its token in memory after one gettoken, like wecom-kit; its prefix is its
  // base URL.
  const PeerApi = createRequire(import.meta.url)('wechat-enterprise-api')
  const peer = new PeerApi('wwbench', 'bench-secret', 1000002)
  peer.prefix = baseUrl
  const peerGet = () =>
    new Promise((resolve, reject) =>
      peer.getUser('zhangsan', (error, body) => (error ? reject(error) : resolve(body))),
    )
  await peerGet()

  async function compare(label, run, n) {
    const contenders = { raw: rawGet, ky: kyGet, sdk: sdkGet, peer: peerGet }
    for (const call of Object.values(contenders)) await run(call, n / 4) // warm-up: JIT, sockets
    const times = { raw: [], ky: [], sdk: [], peer: [] }
    // This process's CPU per call too: the server's process and the machine's other work
    // blur the wall clock, not this.
    const cpu = { raw: [], ky: [], sdk: [], peer: [] }
    for (let r = 0; r < ROUNDS; r++) {
      for (const [name, call] of Object.entries(contenders)) {
        const start = process.cpuUsage()
        times[name].push(await run(call, n))
        const used = process.cpuUsage(start)
        cpu[name].push((used.user + used.system) / n)
      }
    }
    const us = (name) => median(times[name]) * 1000
    return {
      label,
      calls: n,
      rounds: ROUNDS,
      rawUs: us('raw'),
      kyUs: us('ky'),
      sdkUs: us('sdk'),
      peerUs: us('peer'),
      cpuUs: Object.fromEntries(Object.keys(cpu).map((name) => [name, median(cpu[name])])),
    }
  }

  return [
    await compare('sequential', sequential, SEQUENTIAL),
    await compare(`concurrency ${WORKERS}`, concurrent(WORKERS), CONCURRENT),
  ]
}
