// A fleet sharing redisTokenStore (a real redis-server): the ticket one process saved serves all,
// and the fleet makes one get_suite_token and one get_corp_token per corp per expiry.
import { redisTokenStore } from '@wecom-kit/redis'
import { createSuiteClient } from '@wecom-kit/suite'
import { users } from '@wecom-kit/users'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'
import {
  describeWithRedis,
  type RedisServer,
  startRedisServer,
} from '../../redis/test/support/redis-server.js'
import {
  BASE,
  CORP_A,
  CORP_B,
  CREDENTIALS,
  FAST_RETRY,
  SUITE_ID,
  SUITE_SECRET,
  TICKET,
  useServiceWorld,
} from './support/service-world.js'

const { world } = useServiceWorld()

describeWithRedis('a suite fleet on redisTokenStore', () => {
  let server: RedisServer
  const connections: Redis[] = []
  const connect = () => {
    const connection = new Redis({ host: '127.0.0.1', port: server.port })
    connection.on('error', () => {})
    connections.push(connection)
    return connection
  }

  beforeAll(async () => {
    server = await startRedisServer()
  })
  afterAll(async () => {
    for (const connection of connections) connection.disconnect()
    await server?.close()
  })
  beforeEach(async () => {
    world.reset()
    await connect().flushall()
  })

  /** A process of the fleet: its own connection, store and suite client. */
  const member = () =>
    createSuiteClient({
      suiteId: SUITE_ID,
      suiteSecret: SUITE_SECRET,
      baseUrl: BASE,
      retry: FAST_RETRY,
      tokenStore: redisTokenStore(connect()),
    })

  it('one get_suite_token and one get_corp_token per corp for the whole fleet', async () => {
    const fleet = [member(), member(), member()]
    // The push reached one process.
    await fleet[1]?.saveTicket(TICKET)
    const corps = [CORP_A, CORP_B].map((c) => ({ corpId: c.corpid, permanentCode: c.permanentCode }))
    await Promise.all(
      fleet.flatMap((suite) =>
        corps.flatMap((corp) =>
          Array.from({ length: 10 }, () =>
            suite
              .corpClient(corp)
              .with(users)
              .users.get(corp.corpId === CORP_A.corpid ? 'zhangsan' : 'wangwu'),
          ),
        ),
      ),
    )
    expect(world.count('service/get_suite_token')).toBe(1)
    expect(world.count('service/get_corp_token')).toBe(2)
    expect(world.count('user/get')).toBe(60)

    // What Redis holds: ids and hashes in the keys, never a credential.
    const keys = await connect().keys('*')
    expect(keys).toContain(`wecom:suite_ticket:${SUITE_ID}`)
    expect(keys.filter((k) => !k.endsWith(':lock'))).toHaveLength(4)
    for (const secret of CREDENTIALS) expect(JSON.stringify(keys)).not.toContain(secret)
  })
})
