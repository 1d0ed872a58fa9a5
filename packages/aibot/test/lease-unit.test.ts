// The lease on its own, with a lock store in memory that can fail like Redis.
import type { TokenStore } from '@wecom-kit/core'
import { expect, it } from 'vitest'
import { createLease } from '../src/lease.js'

/** A lock store like redisTokenStore: compare-and-delete release, `available`, failures on demand. */
function store() {
  const locks = new Map<string, string>()
  let owners = 0
  const state = { available: true, fail: false, calls: 0 }
  const attempt = () => {
    state.calls++
    if (state.fail) {
      state.available = false
      throw new Error('Redis is not connected')
    }
    state.available = true
  }
  const lockStore: TokenStore & { readonly available: boolean } = {
    get available() {
      return state.available
    },
    async get() {
      return null
    },
    async set() {},
    async lock(key) {
      // Like redisTokenStore once an outage was reported: every lock granted, nothing stored.
      if (state.fail && !state.available) return async () => {}
      attempt()
      if (locks.has(key)) return null
      const owner = `owner-${++owners}`
      locks.set(key, owner)
      return async () => {
        attempt()
        if (locks.get(key) === owner) locks.delete(key)
      }
    },
  }
  return { lockStore, locks, state }
}

it('one holder: a second lease on the same key waits; a released lease frees the key', async () => {
  const { lockStore, locks } = store()
  const a = createLease(lockStore, 'k')
  const b = createLease(lockStore, 'k')
  expect(await a.acquire()).toBe(true)
  expect(await b.acquire()).toBe(false)
  await a.release()
  expect(locks.size).toBe(0)
  expect(await b.acquire()).toBe(true)
})

it('overlapping requests take one lock, and a release frees it', async () => {
  const { lockStore, locks } = store()
  const lease = createLease(lockStore, 'k')
  expect(await Promise.all([lease.acquire(), lease.confirm(), lease.acquire()])).toEqual([true, true, true])
  expect(locks.size).toBe(1)
  await lease.release()
  expect(locks.size).toBe(0)
})

it('confirm(): the lock is taken again if still ours, refused if another took it', async () => {
  const { lockStore, locks } = store()
  const lease = createLease(lockStore, 'k')
  await lease.acquire()
  expect(await lease.confirm()).toBe(true)
  expect(locks.size).toBe(1)
  locks.set('k', 'someone-else') // lapsed and taken while this holder stalled
  expect(await lease.confirm()).toBe(false)
  expect(locks.get('k')).toBe('someone-else')
  expect(lease.held).toBe(false)
})

it('confirm() while the store is down keeps the holder going; once it is back, the lock is asked for again', async () => {
  const { lockStore, locks, state } = store()
  const lease = createLease(lockStore, 'k')
  await lease.acquire()
  state.fail = true
  expect(await lease.confirm()).toBe(true) // the release failed: keep going
  expect(await lease.confirm()).toBe(true) // known down: keep going
  state.fail = false
  locks.clear() // Redis came back empty
  expect(await lease.confirm()).toBe(true)
  expect(locks.size).toBe(1)
})

it('a lock the store grants while it is down is not a lease', async () => {
  const { lockStore, state } = store()
  const lease = createLease(lockStore, 'k')
  state.fail = true
  state.available = false
  expect(await lease.acquire()).toBe(false)
})
