// One process of the fleet, forked by index.js. It is what each of your workers or containers
// would run: a client whose token store is the shared Redis. Driven over IPC: `{ cmd: 'run' }`
// makes a burst of concurrent calls and reports how it went.
import { createClient } from '@wecom-kit/core'
import { redisTokenStore } from '@wecom-kit/redis'
import { users } from '@wecom-kit/users'
import { Redis } from 'ioredis'

const { REDIS_URL, WECOM_URL, CORP_ID, CORP_SECRET } = process.env
const redis = new Redis(REDIS_URL)
// ioredis reconnects by itself; a failing store is reported through onStoreError below.
redis.on('error', () => {})

let gettokens = 0
let storeErrors = 0
const client = createClient({
  corpId: CORP_ID,
  corpSecret: CORP_SECRET,
  baseUrl: WECOM_URL,
  tokenStore: redisTokenStore(redis, { prefix: 'fleet-example:' }),
  hooks: {
    // Only to show who refreshed: the parent counts gettoken calls on the simulator itself.
    beforeRequest: ({ path }) => {
      if (path === 'gettoken') gettokens++
    },
    onStoreError: () => {
      storeErrors++
    },
  },
}).with(users)

/** `calls` concurrent calls, all started at once on a client whose token is cold or expired. */
async function run(calls, userids) {
  const before = gettokens
  const started = performance.now()
  const errors = []
  const one = async (i) => {
    try {
      if (i % 5 === 0) {
        // A paged read: user/list_id, cursor after cursor.
        let seen = 0
        for await (const _ of client.users.listIds({ limit: 10 })) seen++
        if (seen < userids.length) throw new Error(`listIds yielded ${seen} of ${userids.length}`)
      } else {
        await client.users.get(userids[i % userids.length])
      }
    } catch (error) {
      errors.push(`${error.name}: ${error.message}`)
    }
  }
  await Promise.all(Array.from({ length: calls }, (_, i) => one(i)))
  return { calls, ms: performance.now() - started, gettokens: gettokens - before, storeErrors, errors }
}

process.on('message', async (message) => {
  if (message.cmd === 'run') process.send({ result: await run(message.calls, message.userids) })
})
// The parent went away (done, or killed by its watchdog): leave Redis cleanly and stop.
process.on('disconnect', () => {
  redis.disconnect()
  process.exit(0)
})
redis.once('ready', () => process.send({ ready: true }))
