// A service provider's third-party app (第三方应用) serving several corps. This process starts a
// throw-away redis-server and the simulator's provider world (WeCom, for one suite and the corps
// that install it), and runs the app (app.js) behind a real callback URL:
//   Part 1, one process: WeCom pushes a suite_ticket, three corps install the app, and the app
//   serves each one: its directory, a message, the open_userid of a member.
//   Part 2, a fleet: worker processes (worker.js) sharing the ticket and every token through Redis.
//   The simulator's own record must show ONE get_suite_token and ONE get_corp_token per corp per
//   expiry, for the whole fleet: WeCom rate-limits token requests and bans IPs that overdo them.
import { once } from 'node:events'
import { createServer as createHttpServer } from 'node:http'
import { createProviderSimulator } from '@wecom-kit/testing'
import { Redis } from 'ioredis'
import { startRedisServer } from '../support/redis-server.js'
import { exitAfter, forkWorker } from '../support/workers.js'
import { createApp } from './app.js'

const WORKERS = 4
const CALLS_PER_CORP = 8
const TIMEOUT_MS = 20_000

// The corps that will install the app; the first member of each is the admin who installs it.
// Every corp has a `zhangsan`, a different person in each: a userid means something in one corp only.
const CORPS = [
  {
    corpId: 'wwteahouse',
    corpName: '清风茶馆',
    members: [
      { userid: 'laowang', name: '王掌柜' },
      { userid: 'zhangsan', name: '张三' },
      { userid: 'lisi', name: '李四' },
      { userid: 'xiaomei', name: '小美' },
    ],
  },
  {
    corpId: 'wwbakery',
    corpName: '麦香面包房',
    members: [
      { userid: 'chenjie', name: '陈姐' },
      { userid: 'zhangsan', name: '张珊' },
    ],
  },
  {
    corpId: 'wwbikeshop',
    corpName: '轻骑单车行',
    members: [
      { userid: 'zhoulaoban', name: '周老板' },
      { userid: 'zhangsan', name: '章山' },
      { userid: 'sunqi', name: '孙七' },
      { userid: 'wujiu', name: '吴九' },
      { userid: 'zhengshi', name: '郑十' },
    ],
  },
]
const directories = Object.fromEntries(CORPS.map((c) => [c.corpId, c.members]))

// ---- Housekeeping: nothing may outlive this process, and nothing may hang ---------------------

const watchdog = exitAfter('multi-tenant', TIMEOUT_MS)

function check(condition, what) {
  if (!condition) throw new Error(`check failed: ${what}`)
}
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b)
const sorted = (list) => [...list].sort()

// ---- The fleet --------------------------------------------------------------------------------

function startWorker(env) {
  const worker = forkWorker(new URL('./worker.js', import.meta.url), env)
  return {
    ...worker,
    run: async () => (await worker.ask({ cmd: 'run', callsPerCorp: CALLS_PER_CORP, directories })).result,
  }
}

// ---- Run --------------------------------------------------------------------------------------

const started = performance.now()
const sim = createProviderSimulator() // one suite, its tickets and tokens; corps come below
for (const { corpId, corpName, members } of CORPS) {
  const corp = sim.addCorp({ corpId, corpName })
  for (const member of members) corp.addUser(member)
}

let redisServer
let wecom
let redis
let callbackServer
let workers = []
try {
  redisServer = await startRedisServer('multi-tenant')
  wecom = await sim.listen()
  redis = new Redis(redisServer.url)

  // The suite's settings in the provider admin: its id and secret, and its callback URL's Token
  // and EncodingAESKey. Here the simulator's; yours come from the environment.
  const config = {
    providerCorpId: sim.providerCorpId,
    suiteId: sim.suite.suiteId,
    suiteSecret: sim.suite.suiteSecret,
    token: sim.suite.token,
    encodingAesKey: sim.suite.encodingAesKey,
    baseUrl: wecom.url,
  }
  const app = createApp(config, redis)

  // The 指令回调 URL, on node:http. WeCom posts tickets and install notices there.
  callbackServer = createHttpServer(app.callback.node)
  callbackServer.listen(0, '127.0.0.1')
  await once(callbackServer, 'listening')
  const callbackUrl = `http://127.0.0.1:${callbackServer.address().port}/wecom/suite/callback`
  sim.setSuiteCallback(callbackUrl)
  // What the provider admin does when the URL is saved: a signed GET for the provider's corpid.
  check((await sim.verifySuiteCallback()).ok, "the console's URL check passes")
  console.log(
    `redis-server on ${redisServer.url}, WeCom on ${wecom.url}, suite callback URL ${callbackUrl}\n`,
  )

  await partOne(app)
  await partTwo(config)

  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  console.log(`\nDone in ${seconds} s.`)
} catch (error) {
  console.error(error)
  process.exitCode = 1
} finally {
  await Promise.all(workers.map((w) => w.stop()))
  callbackServer?.close()
  callbackServer?.closeAllConnections()
  redis?.disconnect()
  await wecom?.close()
  await redisServer?.stop()
  watchdog.cancel()
}

// ---- Part 1: one process, three corps ---------------------------------------------------------

async function partOne(app) {
  console.log('Part 1: one process, three corps')

  // WeCom pushes a ticket every 10 minutes ("刷新Ticket" in the provider admin pushes one now).
  // Until the app has one, no suite or corp call can be made.
  const ticket = await sim.pushSuiteTicket()
  check(
    delivered(ticket),
    `the suite_ticket notice was answered "success", got ${JSON.stringify(ticket.delivery)}`,
  )

  // Three admins install the app from the app market: WeCom posts create_auth to the callback URL,
  // and the app exchanges the auth code for the corp's permanent code.
  for (const { corpId, members } of CORPS) {
    const { notice } = await sim.authorize({ corpId, admin: members[0] })
    check(delivered(notice), `create_auth for ${corpId} was answered "success"`)
  }
  await app.installed()
  const order = CORPS.map((c) => c.corpId)
  const tenants = (await app.tenants.list()).sort((a, b) => order.indexOf(a.corpId) - order.indexOf(b.corpId))
  check(tenants.length === CORPS.length, `${CORPS.length} tenants saved, got ${tenants.length}`)
  for (const tenant of tenants) {
    check(
      tenant.permanentCode === sim.permanentCode(tenant.corpId),
      `${tenant.corpId}'s permanent code saved`,
    )
  }

  // Serve every tenant at once, each through its own corp client.
  const served = await Promise.all(
    tenants.map(async (tenant) => {
      const corp = app.corp(tenant)
      const { userlist } = await corp.users.listByDepartment(1, { fetchChild: true })
      const userids = userlist.map((u) => u.userid)
      const sent = await corp.messages.send({
        touser: userids,
        msgtype: 'text',
        text: { content: `${tenant.name}，欢迎使用！` },
      })
      // The same member, as the provider sees it: open_userid, unique across every corp.
      const { open_userid_list } = await corp.idConvert.userIdToOpenUserId(['zhangsan'])
      return { tenant, userids, sent, openUserId: open_userid_list[0]?.open_userid }
    }),
  )

  for (const { tenant, userids, sent, openUserId } of served) {
    const { corpId } = tenant
    const own = directories[corpId].map((m) => m.userid)
    check(same(sorted(userids), sorted(own)), `${corpId} lists its own members only, got ${userids.join()}`)
    check(sent.invalidUsers.length === 0, `${corpId}: the message reached every member`)
    const inbox = sim.corp(corpId).sentMessages()
    check(
      inbox.length === 1 && inbox[0].agentid === tenant.agentId,
      `${corpId} got one message, from its agent`,
    )
    check(same(sorted(inbox[0].recipients), sorted(own)), `${corpId}'s message reached its own members`)
    check(
      openUserId === sim.openUserId(corpId, 'zhangsan'),
      `${corpId}'s zhangsan translated to an open_userid`,
    )
  }
  const openIds = new Set(served.map((s) => s.openUserId))
  check(openIds.size === CORPS.length, 'three different zhangsans, three different open_userids')

  const fetches = sim.tokenFetches()
  check(fetches.suite === 1, `one get_suite_token, got ${fetches.suite}`)
  for (const { corpId } of CORPS) {
    check(fetches.corp[corpId] === 1, `one get_corp_token for ${corpId}, got ${fetches.corp[corpId]}`)
  }

  printTable(
    ['corp', 'name', 'agentid', 'members', 'message to', 'zhangsan → open_userid'],
    served.map(({ tenant, userids, openUserId }) => [
      tenant.corpId,
      tenant.name,
      tenant.agentId,
      userids.length,
      `${sim.corp(tenant.corpId).sentMessages()[0].recipients.length} members`,
      openUserId,
    ]),
  )
  console.log(
    `token requests: get_suite_token ${fetches.suite}, get_corp_token ${CORPS.map((c) => `${c.corpId} ${fetches.corp[c.corpId]}`).join(', ')}\n`,
  )
}

function delivered(record) {
  return record?.delivery?.status === 200 && record.delivery.body === 'success'
}

// ---- Part 2: a fleet on Redis -----------------------------------------------------------------

async function partTwo(config) {
  const env = {
    REDIS_URL: redisServer.url,
    WECOM_URL: config.baseUrl,
    PROVIDER_CORP_ID: config.providerCorpId,
    SUITE_ID: config.suiteId,
    SUITE_SECRET: config.suiteSecret,
    SUITE_TOKEN: config.token,
    SUITE_AES_KEY: config.encodingAesKey,
  }
  workers = Array.from({ length: WORKERS }, () => startWorker(env))
  await Promise.all(workers.map((w) => w.ready))
  console.log(
    `Part 2: ${WORKERS} worker processes on Redis; each makes ${CALLS_PER_CORP} concurrent calls per corp per round`,
  )

  // Every worker fires all its calls at the same moment; the simulator counts the token requests.
  const round = async (name) => {
    const before = sim.tokenFetches()
    const results = await Promise.all(workers.map((w) => w.run()))
    const errors = results.flatMap((r) => r.errors)
    check(errors.length === 0, `no call failed, got:\n  ${errors.join('\n  ')}`)
    check(
      results.every((r) => r.storeErrors === 0),
      'Redis never failed',
    )
    const after = sim.tokenFetches()
    const corp = Object.fromEntries(
      CORPS.map(({ corpId }) => [corpId, (after.corp[corpId] ?? 0) - (before.corp[corpId] ?? 0)]),
    )
    return { name, results, suite: after.suite - before.suite, corp }
  }
  const expect = (r, suite, corp) => {
    check(r.suite === suite, `${r.name}: ${suite} get_suite_token for the fleet, got ${r.suite}`)
    for (const { corpId } of CORPS) {
      check(r.corp[corpId] === corp, `${r.name}: ${corp} get_corp_token for ${corpId}, got ${r.corp[corpId]}`)
    }
  }

  // The workers start with nothing in memory: the ticket and the tokens Part 1 fetched are in Redis.
  const joined = await round('fleet joins')
  expect(joined, 0, 0)

  // WeCom may end a token before its time (42009 for the suite's, 42001 for a corp's). Every worker
  // sees it, drops that token from Redis (only if Redis still holds that very one), and the one
  // that takes the lock fetches a new token for everybody. For the suite token, that worker sends
  // the suite_ticket the parent saved in Redis: no worker ever received a ticket push itself.
  sim.expireSuiteTokens()
  const suiteExpired = await round('suite token expired')
  expect(suiteExpired, 1, 0)

  sim.expireCorpTokens()
  const corpExpired = await round('corp tokens expired')
  expect(corpExpired, 0, 1)

  const rounds = [joined, suiteExpired, corpExpired]
  // Part 1's welcome, then one message from every worker in every round: each in its own corp.
  for (const { corpId } of CORPS) {
    const count = sim.corp(corpId).sentMessages().length
    const expected = 1 + rounds.length * WORKERS
    check(count === expected, `${corpId} received ${expected} messages, got ${count}`)
  }

  printFleet(rounds)
}

// ---- Output -----------------------------------------------------------------------------------

/** Display width: a CJK character takes two columns. */
function width(text) {
  return [...String(text)].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0)
}
function padEnd(text, w) {
  return String(text) + ' '.repeat(Math.max(0, w - width(text)))
}

function printTable(header, rows) {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]))) + 2)
  for (const row of [header, ...rows])
    console.log(
      row
        .map((cell, i) => padEnd(cell, widths[i]))
        .join('')
        .trimEnd(),
    )
}

function printFleet(rounds) {
  // What this worker fetched for the fleet, if anything.
  const fetchedBy = (r) =>
    [
      r.suiteTokens && 'suite token',
      r.corpTokens && `${r.corpTokens} corp token${r.corpTokens > 1 ? 's' : ''}`,
    ]
      .filter(Boolean)
      .join(', ') || '·'
  const header = ['', ...rounds.map((r) => r.name)]
  const rows = workers.map((worker, i) => [
    `worker ${worker.pid}`,
    ...rounds.map(({ results }) => {
      const r = results[i]
      return `${r.calls} calls ${r.ms.toFixed(0).padStart(4)} ms  ${fetchedBy(r)}`
    }),
  ])
  const total = (r) => r.results.reduce((sum, x) => sum + x.calls, 0)
  rows.push(['fleet', ...rounds.map((r) => `${total(r)} calls`)])
  rows.push(['get_suite_token', ...rounds.map((r) => r.suite)])
  for (const { corpId } of CORPS)
    rows.push([`get_corp_token ${corpId}`, ...rounds.map((r) => r.corp[corpId])])
  printTable(header, rows)
}
