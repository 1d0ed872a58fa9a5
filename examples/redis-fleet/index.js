// A fleet of worker processes sharing one access token through Redis. This process starts a
// throw-away redis-server and the WeCom simulator, forks the workers (worker.js), and checks on
// the simulator's own record that the whole fleet made ONE gettoken, cold, and one more after
// the token expired: WeCom rate-limits gettoken per corp and bans IPs that overdo it.
import { createWeComSimulator } from '@wecom-kit/testing'
import { startRedisServer } from '../support/redis-server.js'
import { exitAfter, forkWorker } from '../support/workers.js'

const WORKERS = 6
const CALLS_PER_WORKER = 20
const TIMEOUT_MS = 20_000

// ---- Housekeeping: nothing may outlive this process, and nothing may hang ---------------------

const watchdog = exitAfter('redis-fleet', TIMEOUT_MS)

function check(condition, what) {
  if (!condition) throw new Error(`check failed: ${what}`)
}

// ---- The fleet --------------------------------------------------------------------------------

function startWorker(env) {
  const worker = forkWorker(new URL('./worker.js', import.meta.url), env)
  return {
    ...worker,
    run: async (calls, userids) => (await worker.ask({ cmd: 'run', calls, userids })).result,
  }
}

const started = performance.now()
const sim = createWeComSimulator({ corpId: 'wwdemo', corpSecret: 'demo-secret', corpName: '示例科技' })
const userids = []
for (let i = 1; i <= 24; i++) {
  const userid = `staff${String(i).padStart(2, '0')}`
  sim.addUser({ userid, name: `员工${i}`, mobile: `139${String(i).padStart(8, '0')}` })
  userids.push(userid)
}

let redis
let wecom
let workers = []
try {
  redis = await startRedisServer('redis-fleet')
  wecom = await sim.listen()
  console.log(`redis-server on ${redis.url}, WeCom simulator on ${wecom.url}`)

  const env = { REDIS_URL: redis.url, WECOM_URL: wecom.url, CORP_ID: sim.corpId, CORP_SECRET: sim.corpSecret }
  workers = Array.from({ length: WORKERS }, () => startWorker(env))
  await Promise.all(workers.map((w) => w.ready))
  console.log(
    `${WORKERS} workers connected to Redis; each makes ${CALLS_PER_WORKER} concurrent calls per round\n`,
  )

  // Every worker fires all its calls at the same moment.
  const round = async (name) => {
    const before = sim.countCalls('gettoken')
    const results = await Promise.all(workers.map((w) => w.run(CALLS_PER_WORKER, userids)))
    const errors = results.flatMap((r) => r.errors)
    check(errors.length === 0, `no call failed, got:\n  ${errors.join('\n  ')}`)
    check(
      results.every((r) => r.storeErrors === 0),
      'Redis never failed',
    )
    return { name, results, gettokens: sim.countCalls('gettoken') - before }
  }

  const cold = await round('cold start')
  check(cold.gettokens === 1, `one gettoken for the whole fleet on a cold start, got ${cold.gettokens}`)

  // WeCom may expire a token early: every worker sees 42001 and drops the token (from Redis too,
  // but only while Redis still holds that very token); the worker that takes the lock refreshes
  // it for everybody, the others read the new one from Redis.
  sim.expireTokens()
  const expired = await round('after expireTokens()')
  check(expired.gettokens === 1, `one more gettoken after the token expired, got ${expired.gettokens}`)

  printTable([cold, expired])
  const calls = sim.requests.filter((r) => r.path !== 'gettoken').length
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  console.log(
    `\n${WORKERS} processes, ${calls} other WeCom calls, ${sim.countCalls('gettoken')} gettoken in all. Done in ${seconds} s.`,
  )
} catch (error) {
  console.error(error)
  process.exitCode = 1
} finally {
  await Promise.all(workers.map((w) => w.stop()))
  await wecom?.close()
  await redis?.stop()
  watchdog.cancel()
}

function printTable(rounds) {
  const cell = (value, width) => String(value).padStart(width)
  const columns = (calls, ms, gettoken) => `${cell(calls, 8)}${cell(ms, 8)}${cell(gettoken, 10)}`
  console.log(`${''.padEnd(12)}${rounds.map((r) => r.name.padStart(26)).join('')}`)
  console.log(`${'worker pid'.padEnd(12)}${rounds.map(() => columns('calls', 'ms', 'gettoken')).join('')}`)
  workers.forEach((worker, i) => {
    const row = rounds.map(({ results }) => {
      const r = results[i]
      return columns(r.calls, r.ms.toFixed(0), r.gettokens || '·')
    })
    console.log(`${String(worker.pid).padEnd(12)}${row.join('')}`)
  })
  const total = (r) => r.results.reduce((sum, x) => sum + x.calls, 0)
  console.log(`${'fleet'.padEnd(12)}${rounds.map((r) => columns(total(r), '', r.gettokens)).join('')}`)
}
