/**
 * Exponential backoff with "equal jitter": half the delay fixed, half random, so that a fleet
 * that lost WeCom at the same moment does not come back at the same moment.
 */
export function backoffDelay(attempt: number, minDelay: number, maxDelay: number): number {
  const ceiling = Math.min(maxDelay, minDelay * 2 ** Math.max(0, attempt - 1))
  return ceiling / 2 + Math.random() * (ceiling / 2)
}

/** A delay that a stop can cut short. */
export interface Sleeper {
  sleep(ms: number): Promise<void>
  /** Ends every sleep at once. */
  wakeAll(): void
}

export function sleeper(): Sleeper {
  const sleeping = new Set<() => void>()
  return {
    sleep(ms) {
      return new Promise((resolve) => {
        const wake = () => {
          clearTimeout(timer)
          sleeping.delete(wake)
          resolve()
        }
        const timer = setTimeout(wake, ms)
        sleeping.add(wake)
      })
    },
    wakeAll() {
      for (const wake of [...sleeping]) wake()
    },
  }
}
