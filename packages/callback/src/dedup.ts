// WeCom re-posts a callback (three times) when it gets no answer within 5 seconds. A dedup
// store remembers which deliveries were claimed so that `onMessage` runs once per message.
// Across processes, back it with a shared store, e.g. Redis: `SET key 1 NX PX ttl`.

import { validationError } from '@wecom-kit/core/resource-kit'

export interface DedupStore {
  /**
   * Claims `key` for `ttlMs`: true when it was free (the first delivery), false when it is
   * already claimed (a re-post).
   */
  claim(key: string, ttlMs: number): boolean | Promise<boolean>
  /** Frees a claim, so that a re-post runs `onMessage` again (called when it failed). */
  release?(key: string): void | Promise<void>
}

export interface MemoryDedupStoreOptions {
  /** Claims kept at most; the oldest go first. Default 10 000. */
  maxEntries?: number
}

/** A dedup store in this process's memory: right for a single instance. */
export function memoryDedupStore(options: MemoryDedupStoreOptions = {}): DedupStore {
  const maxEntries = options?.maxEntries ?? 10_000
  if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) {
    throw validationError('dedup store options', 'maxEntries', 'must be a whole number >= 1')
  }
  // Insertion order is claim order, so the oldest claims are the first keys.
  const claims = new Map<string, number>()
  return {
    claim(key, ttlMs) {
      const now = Date.now()
      for (const [oldest, expiresAt] of claims) {
        if (expiresAt > now && claims.size < maxEntries) break
        claims.delete(oldest)
      }
      const expiresAt = claims.get(key)
      if (expiresAt !== undefined && expiresAt > now) return false
      claims.delete(key)
      claims.set(key, now + ttlMs)
      return true
    },
    release(key) {
      claims.delete(key)
    },
  }
}
