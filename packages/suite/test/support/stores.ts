import type { CachedToken, TokenStore } from '@wecom-kit/core'

/**
 * An in-memory store with a lock, as a fleet's shared store would have: the clients sharing it
 * stand for the processes of a fleet. It records every key it was given.
 */
export function lockingMemoryStore(): TokenStore & { keys: Set<string>; entries: Map<string, CachedToken> } {
  const entries = new Map<string, CachedToken>()
  const locks = new Map<string, number>()
  const keys = new Set<string>()
  return {
    keys,
    entries,
    async get(key) {
      keys.add(key)
      return entries.get(key)
    },
    async set(key, token) {
      keys.add(key)
      entries.set(key, token)
    },
    async delete(key, expected) {
      keys.add(key)
      if (expected === undefined || entries.get(key)?.value === expected) entries.delete(key)
    },
    async lock(key, ttlMs) {
      keys.add(key)
      const until = locks.get(key)
      if (until !== undefined && until > Date.now()) return null
      locks.set(key, Date.now() + ttlMs)
      return async () => void locks.delete(key)
    },
  }
}

/** An in-memory store without a lock (one process's view) that records every key it was given. */
export function recordingStore(): TokenStore & { keys: Set<string>; entries: Map<string, CachedToken> } {
  const { lock: _lock, ...store } = lockingMemoryStore()
  return store
}
