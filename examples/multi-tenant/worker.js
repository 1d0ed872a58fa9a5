// One process of the fleet, forked by index.js: what each of your workers or containers would run.
// It holds no ticket and no token of its own at start: the suite client reads them from Redis.
// Driven over IPC: `{ cmd: 'run' }` makes a burst of concurrent calls for every tenant and reports.
import { Redis } from 'ioredis'
import { createApp } from './app.js'

const { REDIS_URL, WECOM_URL, PROVIDER_CORP_ID, SUITE_ID, SUITE_SECRET, SUITE_TOKEN, SUITE_AES_KEY } =
  process.env
const redis = new Redis(REDIS_URL)
// ioredis reconnects by itself; a failing store is reported through onStoreError below.
redis.on('error', () => {})

const fetched = { suite: 0, corp: 0 }
let storeErrors = 0
const app = createApp(
  {
    providerCorpId: PROVIDER_CORP_ID,
    suiteId: SUITE_ID,
    suiteSecret: SUITE_SECRET,
    token: SUITE_TOKEN,
    encodingAesKey: SUITE_AES_KEY,
    baseUrl: WECOM_URL,
  },
  redis,
  {
    hooks: {
      // Only to show who refreshed: the parent counts on the simulator itself.
      beforeRequest: ({ path }) => {
        if (path === 'service/get_suite_token') fetched.suite++
        if (path === 'service/get_corp_token') fetched.corp++
      },
      onStoreError: () => {
        storeErrors++
      },
    },
  },
)

/**
 * `callsPerCorp` concurrent calls for each tenant, all started at once. `directories` is what the
 * parent seeded (corpId → [{ userid, name }]): every answer must come from the tenant's own corp.
 */
async function run(callsPerCorp, directories) {
  const before = { ...fetched }
  const started = performance.now()
  const errors = []
  const tenants = await app.tenants.list()

  const one = async (tenant, i) => {
    const corp = app.corp(tenant)
    const members = directories[tenant.corpId]
    const member = members[i % members.length]
    try {
      if (i === 0) {
        await corp.messages.send({
          touser: [member.userid],
          msgtype: 'text',
          text: { content: `来自 worker ${process.pid} 的提醒` },
        })
      } else if (i === 1) {
        // A call on the suite's own token (an app's admin page would make it): who manages the app.
        const { admin } = await app.suite.getAdminList({
          auth_corpid: tenant.corpId,
          agentid: tenant.agentId,
        })
        if (admin[0]?.userid !== members[0].userid)
          throw new Error(`${tenant.corpId}'s admin is ${admin[0]?.userid}`)
      } else if (i % 3 === 2) {
        const { userlist } = await corp.users.listByDepartment(1, { fetchChild: true })
        const seen = userlist.map((u) => u.userid).sort()
        const own = members.map((u) => u.userid).sort()
        if (seen.join() !== own.join()) throw new Error(`${tenant.corpId} listed ${seen.join()}`)
      } else {
        const { name } = await corp.users.get(member.userid)
        if (name !== member.name) throw new Error(`${tenant.corpId}/${member.userid} is ${name}`)
      }
    } catch (error) {
      errors.push(`${tenant.corpId}: ${error.name}: ${error.message}`)
    }
  }

  const calls = tenants.flatMap((tenant) => Array.from({ length: callsPerCorp }, (_, i) => one(tenant, i)))
  await Promise.all(calls)
  return {
    calls: calls.length,
    ms: performance.now() - started,
    suiteTokens: fetched.suite - before.suite,
    corpTokens: fetched.corp - before.corp,
    storeErrors,
    errors,
  }
}

process.on('message', async (message) => {
  if (message.cmd === 'run') {
    process.send({ result: await run(message.callsPerCorp, message.directories) })
  }
})
// The parent went away (done, or killed by its watchdog): leave Redis cleanly and stop.
process.on('disconnect', () => {
  redis.disconnect()
  process.exit(0)
})
redis.once('ready', () => process.send({ ready: true }))
