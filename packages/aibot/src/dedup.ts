/**
 * What was seen lately, by msgid: WeCom may deliver a callback twice, and its docs ask bots to
 * deduplicate by msgid. Bounded in time and size, so a flood cannot grow it without end.
 */
export interface Recent<T> {
  get(id: string): T | undefined
  set(id: string, value: T): void
  delete(id: string): void
}

export function recent<T>(ttlMs = 10 * 60_000, max = 10_000): Recent<T> {
  const entries = new Map<string, { at: number; value: T }>()
  const prune = (now: number) => {
    // Oldest first: stop at the first entry that is neither expired nor past the bound.
    for (const [id, entry] of entries) {
      if (entries.size <= max && now - entry.at < ttlMs) break
      entries.delete(id)
    }
  }
  return {
    get(id) {
      const entry = entries.get(id)
      return entry && Date.now() - entry.at < ttlMs ? entry.value : undefined
    },
    set(id, value) {
      const now = Date.now()
      entries.delete(id)
      entries.set(id, { at: now, value })
      prune(now)
    },
    delete(id) {
      entries.delete(id)
    },
  }
}

/** True the first time an id is seen (within the time), false after. */
export function seenIds(): { first(id: string): boolean } {
  const seen = recent<true>()
  return {
    first(id) {
      if (seen.get(id)) return false
      seen.set(id, true)
      return true
    },
  }
}
