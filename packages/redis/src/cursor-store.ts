import type { Cluster, Redis } from 'ioredis'
import { withTimeout } from './connection.js'

export interface RedisCursorStoreOptions {
  /** Put before every key (`myapp:`). Default none: the keys read `wecom:kf_cursor:<corpId>:<open_kfid>`. */
  prefix?: string | undefined
  /** Bound on each Redis call, ms; a slower call fails the sync rather than hang it. Default 2 000. */
  timeout?: number | undefined
  /**
   * How long a sync's lock outlives a holder that died, ms: a process restarted after a crash
   * waits this long at most. A live holder renews it every third of this. Default 5 000.
   */
  lockLease?: number | undefined
}

/**
 * A cursor store (`@wecom-kit/kf`'s `syncMessages({ cursorStore })`) in Redis: the place survives
 * restarts and is shared by a fleet, and `lock` lets one process at a time read an account (a
 * held lock is renewed while its holder lives and lapses soon after it dies).
 */
export interface RedisCursorStore {
  get(key: string): Promise<string | null>
  set(key: string, cursor: string): Promise<void>
  lock(key: string, ttlMs: number): Promise<null | (() => Promise<void>)>
}

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`

/**
 * Cursors in Redis. Unlike the token store, a failed Redis call is not worked around: losing the
 * place would repeat or skip messages, so the sync fails with the error instead.
 */
export function redisCursorStore(
  redis: Redis | Cluster,
  options: RedisCursorStoreOptions = {},
): RedisCursorStore {
  const prefix = options.prefix ?? ''
  if (typeof prefix !== 'string') throw new TypeError('redisCursorStore: prefix must be a string')
  const timeout = positive(options.timeout, 2_000, 'timeout')
  const lockLease = positive(options.lockLease, 5_000, 'lockLease')

  const bounded = <T>(command: () => Promise<T>) => withTimeout(command, timeout)

  return {
    async get(key) {
      return bounded(() => redis.get(prefix + key))
    },
    async set(key, cursor) {
      await bounded(() => redis.set(prefix + key, cursor))
    },
    async lock(key, ttlMs) {
      const lockKey = prefix + key
      const owner = globalThis.crypto.randomUUID()
      const lease = Math.max(1, Math.ceil(Math.min(ttlMs, lockLease)))
      const acquired = await bounded(() => redis.set(lockKey, owner, 'PX', lease, 'NX'))
      if (acquired !== 'OK') return null
      // Held for as long as the sync runs: renewed every third of the lease until released.
      const renewal = setInterval(
        () => {
          bounded(() => redis.eval(RENEW, 1, lockKey, owner, lease)).then(
            (renewed) => {
              if (renewed === 0) clearInterval(renewal)
            },
            () => {},
          )
        },
        Math.max(1, Math.floor(lease / 3)),
      )
      renewal.unref?.()
      let released = false
      return async () => {
        if (released) return
        released = true
        clearInterval(renewal)
        await bounded(() => redis.eval(RELEASE, 1, lockKey, owner))
      }
    },
  }
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(`redisCursorStore: ${name} must be a positive number of ms`)
  }
  return value
}
