import { validationError } from './errors.js'
import type { StoreOperation } from './hooks.js'

/** A token or ticket as it sits in a store. */
export interface CachedToken {
  value: string
  /** Epoch ms after which wecom-kit stops using it: WeCom's expiry less a safety margin. */
  expiresAt: number
}

/**
 * Where tokens and tickets live. The default keeps them in memory; `@wecom-kit/redis` shares
 * them across a fleet. `lock`, when present, makes one process per key do the refresh.
 */
export interface TokenStore {
  get(key: string): Promise<CachedToken | null | undefined>
  set(key: string, token: CachedToken): Promise<void>
  /**
   * With `expected`, deletes only while the stored value is still `expected` (compare-and-delete):
   * a process dropping a stale token must not delete a fresher one another process just wrote.
   * A store may ignore it; the provider reads the value first anyway.
   */
  delete?(key: string, expected?: string): Promise<void>
  /** Resolves to a release function when this caller holds the lock, or null when another does. */
  lock?(key: string, ttlMs: number): Promise<null | (() => Promise<void>)>
}

export function memoryTokenStore(): TokenStore {
  const tokens = new Map<string, CachedToken>()
  return {
    async get(key) {
      return tokens.get(key)
    },
    async set(key, token) {
      tokens.set(key, token)
    },
    async delete(key, expected) {
      if (expected === undefined || tokens.get(key)?.value === expected) tokens.delete(key)
    },
  }
}

/** What a refresh fetches: the value and WeCom's `expires_in` (seconds). */
export interface FreshToken {
  value: string
  expiresIn: number
}

export interface TokenProviderOptions {
  store: TokenStore
  key: string
  fetch: () => Promise<FreshToken>
  /** How long a refresh lock is held at most before others take over. Default 10 s. */
  leaseMs?: number
  /** A store call failed; the provider carried on without the store. */
  onStoreError?: ((error: unknown, operation: StoreOperation) => void) | undefined
  now?: () => number
}

export interface TokenProvider {
  /** A valid value: from memory, then the store, else one refresh shared by every caller. */
  get(): Promise<string>
  /** Drops `stale` (only if it is still the current value) so that the next `get` refreshes. */
  invalidate(stale: string): Promise<void>
}

/** Refresh this long before WeCom's expiry: 5 minutes, or a tenth of a short lifetime. */
function safetyMarginMs(expiresInSeconds: number): number {
  return Math.min(300_000, expiresInSeconds * 100)
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * Caches one token or ticket per key. In-process callers share one in-flight refresh; with a
 * store that can `lock`, processes share one refresh too: the lock holder fetches, the others
 * re-read the store until the new value lands or the lease lapses. A store that fails (Redis
 * down) never fails a call: the provider falls back to this process's own copy and refresh.
 */
export function createTokenProvider(options: TokenProviderOptions): TokenProvider {
  const { store, key, leaseMs = 10_000 } = options
  const now = options.now ?? Date.now
  let local: CachedToken | undefined
  let inflight: Promise<string> | undefined
  // A value dropped after 40014/42001: the store may still hand it back until it is replaced.
  let rejected: string | undefined

  const usable = (t: CachedToken | null | undefined): t is CachedToken =>
    !!t && t.expiresAt > now() && t.value !== rejected

  async function tolerant<T>(operation: StoreOperation, run: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await run()
    } catch (error) {
      options.onStoreError?.(error, operation)
      return fallback
    }
  }

  async function fetchAndStore(): Promise<string> {
    const fresh = await options.fetch()
    const lifetimeMs = fresh.expiresIn * 1000 - safetyMarginMs(fresh.expiresIn)
    const token = { value: fresh.value, expiresAt: now() + Math.max(1_000, lifetimeMs) }
    // WeCom hands out the same token again while it is valid: what gettoken just answered
    // is current, even if this process dropped the same value before.
    rejected = undefined
    local = token
    await tolerant('set', () => store.set(key, token), undefined)
    return token.value
  }

  async function fromStore(): Promise<string | undefined> {
    const stored = await tolerant('get', () => store.get(key), undefined)
    if (!usable(stored)) return undefined
    local = stored
    return stored.value
  }

  async function refreshWithLock(lock: NonNullable<TokenStore['lock']>): Promise<string> {
    // Whoever holds the lock refreshes; the others re-read the store with short backoff and
    // try the lock again each time, so a holder that failed or died (its lease lapsed) is
    // replaced at once. Bounded: past a few leases, refresh here rather than wait for ever.
    const giveUpAt = now() + 3 * leaseMs
    for (let wait = 20; ; wait = Math.min(wait * 2, 250)) {
      const release = await tolerant<Awaited<ReturnType<typeof lock>> | 'unavailable'>(
        'lock',
        () => lock.call(store, `${key}:lock`, leaseMs),
        'unavailable',
      )
      if (release === 'unavailable') return fetchAndStore()
      if (release) {
        try {
          return (await fromStore()) ?? (await fetchAndStore())
        } finally {
          await tolerant('release', release, undefined)
        }
      }
      await sleep(wait)
      const value = await fromStore()
      if (value) return value
      if (now() > giveUpAt) return fetchAndStore()
    }
  }

  async function refresh(): Promise<string> {
    const value = await fromStore()
    if (value) return value
    return store.lock ? refreshWithLock(store.lock) : fetchAndStore()
  }

  return {
    async get() {
      if (usable(local)) return local.value
      if (!inflight) {
        inflight = refresh().finally(() => {
          inflight = undefined
        })
      }
      return inflight
    },
    async invalidate(stale) {
      rejected = stale
      if (local?.value === stale) local = undefined
      const stored = await tolerant('get', () => store.get(key), undefined)
      if (stored?.value === stale && store.delete)
        await tolerant('delete', () => store.delete!(key, stale), undefined)
    },
  }
}

/** SHA-256 hex via Web Crypto: core runs on Node, Bun, Deno and edge runtimes alike. */
async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')
}

/**
 * The store key for a secret's token: corpId plus a hash of the secret, so that two apps of
 * one corp never share a token and no store ever holds a secret.
 */
export async function tokenKey(corpId: string, corpSecret: string, kind = 'access_token'): Promise<string> {
  if (typeof corpId !== 'string' || typeof corpSecret !== 'string' || typeof kind !== 'string') {
    // No value quoted: the secret may be among them.
    throw validationError('token key', '', 'corpId, corpSecret and kind must be strings')
  }
  const hash = (await sha256Hex(`${corpId}:${corpSecret}`)).slice(0, 16)
  return `wecom:${kind}:${corpId}:${hash}`
}
