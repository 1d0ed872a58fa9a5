// Clients of core on one Redis, in one process: each client with its own connection stands for
// one process of a fleet (the multi-process run is fleet.test.ts).
import { type ClientOptions, createClient, type Hooks, type TokenStore } from '@wecom-kit/core'
import { createTokenProvider, tokenKey } from '@wecom-kit/core/resource-kit'
import { jssdk } from '@wecom-kit/jssdk'
import { type RedisTokenStoreOptions, redisTokenStore } from '@wecom-kit/redis'
import { createWeComSimulator, type SimulatorServer } from '@wecom-kit/testing'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'
import { describeWithRedis, freePort, type RedisServer, startRedisServer } from './support/redis-server.js'

const CORP = { corpId: 'wwredisclient', corpSecret: 'redis-client-secret' }
const AGENT = 1000002
const FAST_RETRY = { retries: 2, minTimeout: 1, maxTimeout: 2 } as const
type StoreErrorInfo = Parameters<NonNullable<Hooks['onStoreError']>>[0]

describeWithRedis('clients sharing redisTokenStore', () => {
  const sim = createWeComSimulator(CORP)
  let wecom: SimulatorServer
  let server: RedisServer
  let redis: Redis
  const connections: Redis[] = []
  const connect = (port = server.port) => {
    const connection = new Redis({ host: '127.0.0.1', port })
    connection.on('error', () => {})
    connections.push(connection)
    return connection
  }
  /** A client on its own connection: one process of a fleet. */
  const processClient = (
    extra: Partial<ClientOptions> = {},
    store: RedisTokenStoreOptions & { port?: number } = {},
  ) =>
    createClient({
      ...CORP,
      agentId: AGENT,
      baseUrl: wecom.url,
      retry: FAST_RETRY,
      tokenStore: redisTokenStore(connect(store.port), store),
      ...extra,
    }).with(jssdk)
  const callbackIps = (client: ReturnType<typeof processClient>) => client.request('getcallbackip')

  beforeAll(async () => {
    server = await startRedisServer()
    redis = connect()
    wecom = await sim.listen()
  })
  afterAll(async () => {
    for (const connection of connections) connection.disconnect()
    await wecom?.close()
    await server?.close()
  })
  beforeEach(async () => {
    sim.reset()
    await redis.flushall()
  })

  it('five processes × 20 cold calls: one gettoken, the token in Redis until it would expire', async () => {
    const clients = Array.from({ length: 5 }, () => processClient())
    await Promise.all(clients.flatMap((client) => Array.from({ length: 20 }, () => callbackIps(client))))
    expect(sim.countCalls('gettoken')).toBe(1)
    const key = await tokenKey(CORP.corpId, CORP.corpSecret)
    const stored = JSON.parse((await redis.get(key)) ?? 'null')
    expect(stored.value).toBe(await clients[0]!.getAccessToken())
    // 7200 s less core's 5-minute margin, as the TTL in Redis.
    const pttl = await redis.pttl(key)
    expect(Math.abs(pttl - (stored.expiresAt - Date.now()))).toBeLessThan(1_000)
    expect(pttl).toBeGreaterThan(6_890_000)
    expect(pttl).toBeLessThanOrEqual(6_900_000)
    // The secret never reaches Redis; the lock is gone.
    expect(await redis.keys('*')).toEqual([key])
    expect(key).not.toContain(CORP.corpSecret)
  })

  it('a warm call costs no Redis round trip (the client keeps its own copy)', async () => {
    const client = processClient()
    await callbackIps(client)
    const before = await commandsProcessed(redis)
    for (let i = 0; i < 50; i++) await callbackIps(client)
    // Only the INFO of this check itself.
    expect((await commandsProcessed(redis)) - before).toBe(1)
  })

  it('serves the jsapi and agent_config tickets too: one fetch of each for the fleet', async () => {
    const clients = Array.from({ length: 4 }, () => processClient())
    const tickets = await Promise.all(
      clients.flatMap((client) => [client.jssdk.getTicket(), client.jssdk.getAgentTicket()]),
    )
    expect(new Set(tickets).size).toBe(2)
    expect(sim.countCalls('get_jsapi_ticket')).toBe(1)
    expect(sim.countCalls('ticket/get')).toBe(1)
    expect(sim.countCalls('gettoken')).toBe(1)
    const keys = (await redis.keys('*')).sort()
    expect(keys).toEqual(
      [
        await tokenKey(CORP.corpId, CORP.corpSecret),
        await tokenKey(CORP.corpId, CORP.corpSecret, `agent_config:${AGENT}`),
        await tokenKey(CORP.corpId, CORP.corpSecret, 'jsapi_ticket'),
      ].sort(),
    )
  })

  it('40014: the token is dropped in Redis too, refreshed once for the fleet, fresher ones never deleted', async () => {
    const a = processClient()
    const b = processClient()
    await Promise.all([callbackIps(a), callbackIps(b)])
    const old = await a.getAccessToken()
    sim.invalidateTokens() // WeCom revokes the token early: every call with it answers 40014
    await callbackIps(a) // drops `old` in Redis, refreshes, replays
    const fresh = await a.getAccessToken()
    expect(fresh).not.toBe(old)
    const key = await tokenKey(CORP.corpId, CORP.corpSecret)
    expect(JSON.parse((await redis.get(key)) ?? 'null').value).toBe(fresh)
    await callbackIps(b) // still holds `old`: 40014, finds `fresh` in Redis, leaves it there
    expect(await b.getAccessToken()).toBe(fresh)
    expect(JSON.parse((await redis.get(key)) ?? 'null').value).toBe(fresh)
    expect(sim.countCalls('gettoken')).toBe(2)
  })

  it('a process dropping a stale token never deletes the fresher one another wrote meanwhile', async () => {
    const key = await tokenKey(CORP.corpId, CORP.corpSecret)
    const store = redisTokenStore(connect())
    const other = redisTokenStore(connect())
    const expiresAt = Date.now() + 60_000
    await store.set(key, { value: 'STALE', expiresAt })
    // Between the provider's read (STALE) and its delete, another process writes FRESH.
    const racing: TokenStore = {
      ...store,
      get: async (k) => {
        const seen = await store.get(k)
        await other.set(k, { value: 'FRESH', expiresAt })
        return seen
      },
    }
    let fetches = 0
    const provider = createTokenProvider({
      store: racing,
      key,
      fetch: async () => ({ value: `FETCHED${++fetches}`, expiresIn: 7200 }),
    })
    await provider.invalidate('STALE')
    expect((await store.get(key))?.value).toBe('FRESH')
  })

  it('Redis unreachable: calls still succeed on local refreshes, and onStoreError says so once', async () => {
    const reports: StoreErrorInfo[] = []
    const client = processClient(
      { hooks: { onStoreError: (info) => reports.push(info) } },
      { port: await freePort(), timeout: 200 },
    )
    for (let round = 0; round < 3; round++) {
      const start = Date.now()
      await Promise.all([callbackIps(client), callbackIps(client), client.jssdk.getTicket()])
      expect(Date.now() - start).toBeLessThan(1_000)
      sim.expireTokens() // every round refreshes again
      sim.expireTickets()
    }
    expect(sim.countCalls('gettoken')).toBe(3)
    expect(reports).toHaveLength(1)
    expect(reports[0]?.operation).toBe('get')
    expect(reports[0]?.error.message).toMatch(/Redis/)
    expect(JSON.stringify(reports)).not.toContain(CORP.corpSecret)
  })

  it('Redis back after an outage: the store is shared again, and a new outage is reported again', async () => {
    const reports: StoreErrorInfo[] = []
    const hooks = { onStoreError: (info: StoreErrorInfo) => reports.push(info) }
    const a = processClient({ hooks }, { timeout: 200 })
    const b = processClient({ hooks }, { timeout: 200 })
    const theirs = connections.slice(-2)
    await Promise.all([callbackIps(a), callbackIps(b)])

    await server.stop()
    sim.expireTokens()
    await Promise.all([callbackIps(a), callbackIps(b)])
    expect(reports).toHaveLength(2) // once per process (per store)
    await server.start()
    await waitUntilReady([redis, ...theirs])

    sim.expireTokens()
    const gettokens = sim.countCalls('gettoken')
    await Promise.all([callbackIps(a), callbackIps(b)])
    expect(sim.countCalls('gettoken') - gettokens).toBe(1)
    expect(reports).toHaveLength(2)

    await server.stop()
    sim.expireTokens()
    await Promise.all([callbackIps(a), callbackIps(b)])
    expect(reports).toHaveLength(4)
    await server.start()
    await waitUntilReady([redis, ...theirs])
  })
})

async function commandsProcessed(redis: Redis): Promise<number> {
  const info = await redis.info('stats')
  return Number(/total_commands_processed:(\d+)/.exec(info)?.[1])
}

async function waitUntilReady(connections: Redis[]): Promise<void> {
  const deadline = Date.now() + 10_000
  while (connections.some((c) => c.status !== 'ready' && c.status !== 'end')) {
    if (Date.now() > deadline) throw new Error('ioredis did not reconnect')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
