import { redisCursorStore } from '@wecom-kit/redis'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'
import { describeWithRedis, type RedisServer, startRedisServer } from './support/redis-server.js'

describeWithRedis('redisCursorStore', () => {
  let server: RedisServer
  let redis: Redis

  beforeAll(async () => {
    server = await startRedisServer()
    redis = new Redis({ host: '127.0.0.1', port: server.port })
  })
  afterAll(async () => {
    redis?.disconnect()
    await server?.close()
  })
  beforeEach(async () => {
    await redis.flushall()
  })

  it('keeps cursors under the prefix, as given', async () => {
    const store = redisCursorStore(redis, { prefix: 'app:' })
    expect(await store.get('wecom:kf_cursor:ww:wk1')).toBeNull()
    await store.set('wecom:kf_cursor:ww:wk1', '{"cursor":"abc","after":"m3"}')
    expect(await store.get('wecom:kf_cursor:ww:wk1')).toBe('{"cursor":"abc","after":"m3"}')
    expect(await redis.keys('*')).toEqual(['app:wecom:kf_cursor:ww:wk1'])
  })

  it('one holder at a time; renewed while held; released by its owner only; lapses after the lease', async () => {
    const a = redisCursorStore(redis, { lockLease: 150 })
    const b = redisCursorStore(redis, { lockLease: 150 })
    const release = await a.lock('k:lock', 30_000)
    expect(release).toEqual(expect.any(Function))
    expect(await b.lock('k:lock', 30_000)).toBeNull()
    await new Promise((resolve) => setTimeout(resolve, 400)) // past the lease: renewed, still held
    expect(await b.lock('k:lock', 30_000)).toBeNull()
    await release!()
    await release!() // twice is harmless
    const taken = await b.lock('k:lock', 30_000)
    expect(taken).toEqual(expect.any(Function))
    // A holder that stops renewing (its process died) loses the lock after the lease.
    await redis.set('k2:lock', 'dead-owner', 'PX', 100)
    expect(await a.lock('k2:lock', 30_000)).toBeNull()
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(await a.lock('k2:lock', 30_000)).toEqual(expect.any(Function))
    await taken!()
  })

  it('fails loudly rather than lose the place, and refuses bad options', async () => {
    const down = new Redis({ host: '127.0.0.1', port: 1, lazyConnect: true, enableOfflineQueue: false })
    const store = redisCursorStore(down, { timeout: 200 })
    await expect(store.set('k', 'c')).rejects.toThrow()
    down.disconnect()
    expect(() => redisCursorStore(redis, { timeout: 0 })).toThrow(/timeout/)
    expect(() => redisCursorStore(redis, { lockLease: -1 })).toThrow(/lockLease/)
    expect(() => redisCursorStore(redis, { prefix: 42 as never })).toThrow(/prefix/)
  })
})
