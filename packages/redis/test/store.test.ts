// The store on its own, against a real redis-server.
import { redisTokenStore } from '@wecom-kit/redis'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'
import { describeWithRedis, freePort, type RedisServer, startRedisServer } from './support/redis-server.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const KEY = 'wecom:access_token:wwstore:0123456789abcdef'

describeWithRedis('redisTokenStore against redis-server', () => {
  let server: RedisServer
  let redis: Redis
  const connections: Redis[] = []
  const connect = (port = server.port, options: object = {}) => {
    const connection = new Redis({ host: '127.0.0.1', port, ...options })
    connection.on('error', () => {})
    connections.push(connection)
    return connection
  }

  beforeAll(async () => {
    server = await startRedisServer()
    redis = connect()
  })
  afterAll(async () => {
    for (const connection of connections) connection.disconnect()
    await server?.close()
  })
  beforeEach(async () => {
    await redis.flushall()
  })

  it('get / set round trip with a Redis TTL matching expiresAt', async () => {
    const store = redisTokenStore(redis)
    expect(await store.get(KEY)).toBeNull()
    const expiresAt = Date.now() + 60_000
    await store.set(KEY, { value: 'TOKEN-1', expiresAt })
    expect(await store.get(KEY)).toEqual({ value: 'TOKEN-1', expiresAt })
    const pttl = await redis.pttl(KEY)
    expect(pttl).toBeGreaterThan(59_000)
    expect(pttl).toBeLessThanOrEqual(60_000)
  })

  it('lets an entry lapse in Redis when the token does, and never writes an expired one', async () => {
    const store = redisTokenStore(redis)
    await store.set(KEY, { value: 'SHORT', expiresAt: Date.now() + 150 })
    expect((await store.get(KEY))?.value).toBe('SHORT')
    await sleep(250)
    expect(await store.get(KEY)).toBeNull()
    await store.set(KEY, { value: 'STALE', expiresAt: Date.now() - 1 })
    expect(await redis.exists(KEY)).toBe(0)
  })

  it('puts the prefix before every key, the lock included', async () => {
    const store = redisTokenStore(redis, { prefix: 'myapp:' })
    await store.set(KEY, { value: 'T', expiresAt: Date.now() + 60_000 })
    const release = await store.lock(`${KEY}:lock`, 1_000)
    expect((await redis.keys('*')).sort()).toEqual([`myapp:${KEY}`, `myapp:${KEY}:lock`])
    await release?.()
    await store.delete(KEY)
    expect(await redis.keys('*')).toEqual([])
  })

  it('treats a value that is not a token as missing', async () => {
    const store = redisTokenStore(redis)
    await redis.set(KEY, 'not json')
    expect(await store.get(KEY)).toBeNull()
    await redis.set(KEY, JSON.stringify({ value: 1 }))
    expect(await store.get(KEY)).toBeNull()
  })

  it('delete(key) deletes; delete(key, expected) only while the value is still expected', async () => {
    const store = redisTokenStore(redis)
    const expiresAt = Date.now() + 60_000
    await store.set(KEY, { value: 'FRESH', expiresAt })
    await store.delete(KEY, 'STALE')
    expect((await store.get(KEY))?.value).toBe('FRESH')
    await store.delete(KEY, 'FRESH')
    expect(await store.get(KEY)).toBeNull()
    await store.set(KEY, { value: 'FRESH', expiresAt })
    await store.delete(KEY)
    expect(await store.get(KEY)).toBeNull()
    await store.delete(KEY, 'ANY') // nothing there: no error
  })

  it('lock: one holder at a time, SET NX PX with a random owner, released by compare-and-delete', async () => {
    const a = redisTokenStore(redis)
    const b = redisTokenStore(connect())
    const lockKey = `${KEY}:lock`
    const release = await a.lock(lockKey, 1_000)
    expect(release).toBeTypeOf('function')
    expect(await b.lock(lockKey, 1_000)).toBeNull()
    expect(await a.lock(lockKey, 1_000)).toBeNull() // not re-entrant: each caller is an owner
    const owner = await redis.get(lockKey)
    expect(owner).toMatch(/^[0-9a-f-]{36}$/)
    expect(await redis.pttl(lockKey)).toBeGreaterThan(900)

    // A lock that lapsed and was taken by another owner is not deleted by the late release.
    await redis.set(lockKey, 'someone-else', 'PX', 1_000)
    await release?.()
    expect(await redis.get(lockKey)).toBe('someone-else')
    await redis.del(lockKey)

    const releaseB = await b.lock(lockKey, 1_000)
    expect(releaseB).toBeTypeOf('function')
    await releaseB?.()
    await releaseB?.() // twice is harmless
    expect(await redis.exists(lockKey)).toBe(0)
  })

  it('lock: a short lease, renewed while the holder lives, up to the time asked for', async () => {
    const store = redisTokenStore(redis, { lockLease: 300 })
    const lockKey = `${KEY}:lock`
    const release = await store.lock(lockKey, 1_200)
    expect(await redis.pttl(lockKey)).toBeLessThanOrEqual(300)
    await sleep(700) // past two leases: still held, by renewal
    expect(await redis.exists(lockKey)).toBe(1)
    expect(await store.lock(lockKey, 1_200)).toBeNull()
    await sleep(900) // past the 1 200 ms asked for: renewal stopped, the lock lapsed
    expect(await redis.exists(lockKey)).toBe(0)
    await release?.()

    // Asked for less than the lease: that is the lease, with no renewal.
    await store.lock(lockKey, 100)
    expect(await redis.pttl(lockKey)).toBeLessThanOrEqual(100)
    await sleep(200)
    expect(await redis.exists(lockKey)).toBe(0)
  })

  it('lock: the lease of a holder that died (its connection gone) lapses, and another takes over', async () => {
    const dying = connect()
    const holder = redisTokenStore(dying, { lockLease: 300 })
    const lockKey = `${KEY}:lock`
    expect(await holder.lock(lockKey, 30_000)).toBeTypeOf('function')
    dying.disconnect()
    const other = redisTokenStore(redis, { lockLease: 300 })
    expect(await other.lock(lockKey, 30_000)).toBeNull()
    const start = Date.now()
    let release: Awaited<ReturnType<typeof other.lock>> = null
    while (!release) {
      await sleep(20)
      release = await other.lock(lockKey, 30_000)
    }
    expect(Date.now() - start).toBeLessThan(600)
    await release()
  })

  it('Redis unreachable: the first failure is thrown (to be reported), then it acts as an empty store', async () => {
    const down = connect(await freePort(), { maxRetriesPerRequest: null })
    const store = redisTokenStore(down, { timeout: 200 })
    const start = Date.now()
    await expect(store.get(KEY)).rejects.toThrow(/Redis/)
    expect(Date.now() - start).toBeLessThan(400)
    expect(store.available).toBe(false)
    // Reported already: the next calls resolve quickly, as on an empty store whose locks are free.
    const quick = Date.now()
    expect(await store.get(KEY)).toBeNull()
    await store.set(KEY, { value: 'T', expiresAt: Date.now() + 60_000 })
    await store.delete(KEY, 'T')
    const release = await store.lock(`${KEY}:lock`, 1_000)
    expect(release).toBeTypeOf('function')
    await release?.()
    expect(Date.now() - quick).toBeLessThan(450)
  })

  it('Redis lost: calls fail at once while ioredis reconnects (never wait for the timeout), then recover', async () => {
    const connection = connect()
    const store = redisTokenStore(connection, { timeout: 1_000 })
    await store.set(KEY, { value: 'T', expiresAt: Date.now() + 60_000 })
    await server.stop()
    try {
      await expect(store.get(KEY)).rejects.toThrow(/Redis/)
      // Reconnect attempts come and go meanwhile (ioredis: reconnecting → connecting → …).
      for (const until = Date.now() + 600; Date.now() < until; ) {
        const start = Date.now()
        expect(await store.get(KEY)).toBeNull()
        expect(Date.now() - start).toBeLessThan(100)
        await sleep(15)
      }
    } finally {
      await server.start()
    }
    await waitFor(() => connection.status === 'ready' && redis.status === 'ready')
    await store.set(KEY, { value: 'AGAIN', expiresAt: Date.now() + 60_000 })
    expect(store.available).toBe(true)
    expect((await store.get(KEY))?.value).toBe('AGAIN')
  })

  it('a Redis that hangs: each call is bounded by the timeout; the store recovers when Redis answers', async () => {
    const store = redisTokenStore(connect(), { timeout: 150 })
    await store.set(KEY, { value: 'T', expiresAt: Date.now() + 60_000 })
    await redis.client('PAUSE', 600, 'ALL')
    const start = Date.now()
    await expect(store.get(KEY)).rejects.toThrow('Redis did not answer within 150 ms')
    expect(await store.get(KEY)).toBeNull() // reported once; degraded
    expect(Date.now() - start).toBeLessThan(500)
    expect(store.available).toBe(false)
    await sleep(600)
    expect((await store.get(KEY))?.value).toBe('T')
    expect(store.available).toBe(true)
  })

  it('refuses a timeout or lease that is not a positive number', () => {
    expect(() => redisTokenStore(redis, { timeout: 0 })).toThrow(TypeError)
    expect(() => redisTokenStore(redis, { lockLease: Number.NaN })).toThrow(TypeError)
  })
})

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await sleep(10)
  }
}
