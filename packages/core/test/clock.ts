import type { PacerClock } from '@wecom-kit/core'

/**
 * A clock that moves only when told: pacing tests cover minutes and hours of windows without
 * waiting for them, the same on a loaded machine as on an idle one.
 */
export interface ManualClock extends PacerClock {
  /** Moves time on by `ms`, running each timer that falls due on the way, at its own time. */
  advance(ms: number): void
  /** Timers set and not yet run or cancelled. */
  readonly pending: number
}

/** Starts on a whole minute, so that window buckets line up with the numbers in the tests. */
export function manualClock(start = 1_800_000_000_000): ManualClock {
  let now = start
  let timers: { at: number; fn: () => void }[] = []
  return {
    now: () => now,
    setTimer(fn, ms) {
      const timer = { at: now + ms, fn }
      timers.push(timer)
      return () => {
        timers = timers.filter((t) => t !== timer)
      }
    },
    advance(ms) {
      const until = now + ms
      for (;;) {
        const due = timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0]
        if (!due) break
        timers = timers.filter((t) => t !== due)
        now = Math.max(now, due.at)
        due.fn()
      }
      now = until
    },
    get pending() {
      return timers.length
    },
  }
}

/** Lets promise callbacks and I/O callbacks that are due run. */
export const flush = () => new Promise<void>((resolve) => setImmediate(resolve))
