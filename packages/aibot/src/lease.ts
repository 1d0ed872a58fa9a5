import type { TokenStore } from '@wecom-kit/core'

// Who of a fleet holds the bot's one connection: the holder of a lock in a shared store. The
// lock is asked for far longer than any run (the store renews a short lease while this process
// lives, and frees it within that lease when the process dies: redisTokenStore's `lockLease`).

/** How long the lock is asked for: the most a timer can wait (about 24.8 days). */
const HOLD_MS = 2 ** 31 - 1

export interface Lease {
  /** Takes the lock if it is free; true while this instance holds it. */
  acquire(): Promise<boolean>
  /**
   * Before a reconnect: makes sure the lock is still ours. A holder whose process stalled past
   * the store's lease (a long GC pause, a suspended VM) may have lost it to a standby that
   * connected meanwhile; reconnecting on the old belief would kick that standby. The lock is
   * let go (the store compares before it deletes: only ours) and taken again. While the store
   * is unreachable the holder keeps its belief: nobody else can take the lock then either.
   */
  confirm(): Promise<boolean>
  /** Frees it (only ours: the store compares before it deletes). */
  release(): Promise<void>
  readonly held: boolean
}

export function createLease(store: TokenStore, key: string): Lease {
  const lock = store.lock!
  let release: (() => Promise<void>) | null = null
  let renewal: ReturnType<typeof setTimeout> | undefined
  /** One request to the store at a time: two overlapping takes would lose track of a lock. */
  let taking: Promise<boolean> | undefined
  /** The store failed while we held the lock: we go on as the holder until it answers again. */
  let believed = false
  const unavailable = () => (store as { available?: unknown }).available === false

  const take = async (): Promise<boolean> => {
    let got = await lock.call(store, key, HOLD_MS)
    // redisTokenStore grants every lock while Redis is unreachable (for token refreshes, running
    // alone beats waiting); for a lease that would let every instance connect and kick the others.
    if (got && unavailable()) {
      await got().catch(() => {})
      got = null
    }
    release = got
    if (got) {
      // Before the asked-for time runs out, let go and take it again at once, so that a run
      // longer than that does not lose the lock to a standby.
      clearTimeout(renewal)
      renewal = setTimeout(() => {
        if (release !== got) return
        release = null
        void got!()
          .then(once, once)
          .catch(() => {})
      }, HOLD_MS - 60_000)
      renewal.unref?.()
    }
    return got !== null
  }

  const once = (): Promise<boolean> => {
    taking ??= take().finally(() => {
      taking = undefined
    })
    return taking
  }

  const letGo = async (): Promise<void> => {
    clearTimeout(renewal)
    const previous = release
    release = null
    await previous?.()
  }

  return {
    get held() {
      return release !== null
    },
    async acquire() {
      if (taking) await taking.catch(() => {})
      if (release) return true
      return once()
    },
    async confirm() {
      if (taking) await taking.catch(() => {})
      if (release) {
        try {
          await letGo()
        } catch {
          // The store failed just now: nobody can take the lock while it is down, so keep going.
          believed = true
          return true
        }
        // Unanswered (the store reported its outage before): the same.
        if (unavailable()) {
          believed = true
          return true
        }
      }
      const got = await once()
      // Still down: keep going as the holder until the store answers again.
      if (!got && believed && unavailable()) return true
      believed = false
      return got
    },
    async release() {
      if (taking) await taking.catch(() => {})
      believed = false
      await letGo()
    },
  }
}
