import type { TokenStore } from '@wecom-kit/core'

// Who of a fleet holds the bot's one connection: the holder of a lock in a shared store. The
// lock is asked for far longer than any run (the store renews a short lease while this process
// lives, and frees it within that lease when the process dies: redisTokenStore's `lockLease`).

/** How long the lock is asked for: the most a timer can wait (about 24.8 days). */
const HOLD_MS = 2 ** 31 - 1

export interface Lease {
  /** Takes the lock if it is free; true while this instance holds it. */
  acquire(): Promise<boolean>
  /** Frees it (only ours: the store compares before it deletes). */
  release(): Promise<void>
  readonly held: boolean
}

export function createLease(store: TokenStore, key: string): Lease {
  const lock = store.lock!
  let release: (() => Promise<void>) | null = null
  let renewal: ReturnType<typeof setTimeout> | undefined

  const take = async (): Promise<boolean> => {
    release = await lock.call(store, key, HOLD_MS)
    // redisTokenStore grants every lock while Redis is unreachable (for token refreshes, running
    // alone beats waiting); for a lease that would let every instance connect and kick the others.
    if (release && (store as { available?: unknown }).available === false) {
      await release().catch(() => {})
      release = null
    }
    if (release) {
      // Before the asked-for time runs out, let go and take it again at once, so that a run
      // longer than that does not lose the lock to a standby.
      renewal = setTimeout(() => {
        const previous = release
        release = null
        void previous?.()
          .then(take, take)
          .catch(() => {})
      }, HOLD_MS - 60_000)
      renewal.unref?.()
    }
    return release !== null
  }

  return {
    get held() {
      return release !== null
    },
    async acquire() {
      if (release) return true
      return take()
    },
    async release() {
      clearTimeout(renewal)
      const previous = release
      release = null
      await previous?.()
    },
  }
}
