import type { CachedToken, TokenStore } from '@wecom-kit/core'
import type { Cluster, Redis } from 'ioredis'
import { watchConnection } from './connection.js'

export interface RedisTokenStoreOptions {
  /**
   * Put before every key (`myapp:`). Default none: core's keys already read
   * `wecom:<kind>:<corpId>:<hash of the secret>`.
   */
  prefix?: string | undefined
  /**
   * Bound on each Redis call, ms. A call that takes longer fails, and the client goes on with
   * this process's own token: a slow or unreachable Redis never holds up a WeCom call for long.
   * Default 1 000.
   */
  timeout?: number | undefined
  /**
   * How long a refresh lock outlives a holder that died, ms. A live holder renews it every third
   * of this while its refresh runs (up to the lease the client asked for), so a slow refresh
   * keeps the lock and a killed process frees it soon. Default 5 000.
   */
  lockLease?: number | undefined
}

/** A `TokenStore` whose `delete` compares before it deletes and whose `lock` is fleet-wide. */
export interface RedisTokenStore extends TokenStore {
  delete(key: string, expected?: string): Promise<void>
  lock(key: string, ttlMs: number): Promise<null | (() => Promise<void>)>
  /** False from a failed Redis call until one succeeds again. */
  readonly available: boolean
}

// Compare-and-delete: only the owner's own lock, only the value the caller saw as stale.
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`
const DELETE_IF = `local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local ok, token = pcall(cjson.decode, raw)
if ok and type(token) == 'table' and token.value == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`

/** ioredis states in which a command would only wait in the offline queue. */

/** What every operation resolves to while Redis stays unreachable after the failure was reported. */
const DEGRADED = Symbol('degraded')

/**
 * Tokens and tickets in Redis, shared by every process of a fleet, with a refresh lock (SET NX
 * PX, random owner, compare-and-delete release) so that one process per expiry calls WeCom.
 *
 * Failures: each call is bounded by `timeout` and fails at once while ioredis is disconnected.
 * The first failure is thrown, so the client reports it once through `hooks.onStoreError` and
 * refreshes on its own; until Redis answers again, the store then behaves as an empty store
 * whose locks are always free (the client refreshes locally) without reporting again.
 */
export function redisTokenStore(
  redis: Redis | Cluster,
  options: RedisTokenStoreOptions = {},
): RedisTokenStore {
  const prefix = options.prefix ?? ''
  const timeout = positive(options.timeout, 1_000, 'timeout')
  const lockLease = positive(options.lockLease, 5_000, 'lockLease')
  let available = true

  const { bounded, connected } = watchConnection(redis, timeout)

  /** Reports the first failure of an outage (by throwing); later ones resolve to DEGRADED. */
  async function call<T>(command: () => Promise<T>): Promise<T | typeof DEGRADED> {
    try {
      const result = await bounded(command)
      available = true
      connected()
      return result
    } catch (error) {
      if (!available) return DEGRADED
      available = false
      throw error
    }
  }

  return {
    get available() {
      return available
    },

    async get(key) {
      const raw = await call(() => redis.get(prefix + key))
      return typeof raw === 'string' ? decode(raw) : null
    },

    async set(key, token) {
      // The entry lapses in Redis when the client would stop using it anyway.
      const ttl = Math.ceil(token.expiresAt - Date.now())
      if (ttl <= 0) return
      const value = JSON.stringify({ value: token.value, expiresAt: token.expiresAt })
      await call(() => redis.set(prefix + key, value, 'PX', ttl))
    },

    async delete(key, expected) {
      await call(() =>
        expected === undefined ? redis.del(prefix + key) : redis.eval(DELETE_IF, 1, prefix + key, expected),
      )
    },

    async lock(key, ttlMs) {
      const lockKey = prefix + key
      const owner = globalThis.crypto.randomUUID()
      const lease = Math.max(1, Math.min(Math.ceil(ttlMs), lockLease))
      const acquired = await call(() => redis.set(lockKey, owner, 'PX', lease, 'NX'))
      // Redis is down and that was reported: refresh locally, as with no lock at all.
      if (acquired === DEGRADED) return async () => {}
      if (acquired !== 'OK') return null

      // Renewals are best effort and never reported: a renewal that fails lets the lock lapse,
      // which is what the lease is for.
      let renewal: ReturnType<typeof setInterval> | undefined
      if (ttlMs > lease) {
        const until = Date.now() + ttlMs
        renewal = setInterval(
          () => {
            if (Date.now() + lease > until) return clearInterval(renewal)
            bounded(() => redis.eval(RENEW, 1, lockKey, owner, lease)).then(
              (renewed) => {
                // Lapsed and taken by another process: nothing left to renew.
                if (renewed === 0) clearInterval(renewal)
              },
              () => {},
            )
          },
          Math.max(1, Math.floor(lease / 3)),
        )
        // A forgotten release must not keep the process alive.
        renewal.unref?.()
      }
      let released = false
      return async () => {
        if (released) return
        released = true
        clearInterval(renewal)
        await call(() => redis.eval(RELEASE, 1, lockKey, owner))
      }
    },
  }
}

function decode(raw: string): CachedToken | null {
  try {
    const token: unknown = JSON.parse(raw)
    if (
      typeof token === 'object' &&
      token !== null &&
      typeof (token as CachedToken).value === 'string' &&
      typeof (token as CachedToken).expiresAt === 'number'
    ) {
      return { value: (token as CachedToken).value, expiresAt: (token as CachedToken).expiresAt }
    }
  } catch {
    // Not ours: treated as missing, and overwritten by the next refresh.
  }
  return null
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback
  if (!Number.isFinite(value) || value <= 0) {
    throw new TypeError(`redisTokenStore: ${name} must be a positive number of ms`)
  }
  return value
}

export { type RedisCursorStore, type RedisCursorStoreOptions, redisCursorStore } from './cursor-store.js'
export {
  type RedisRateLimiterOptions,
  type RedisRateStore,
  redisRateLimiter,
  redisRateStore,
} from './rate-limiter.js'
