/**
 * `waitFor` for tests: a check run again after every change the gateway sees, and every 10 ms for
 * what changes on the client's side alone. Waiting on state instead of on time keeps tests right
 * on a slow machine.
 */
export interface Waiters {
  waitFor<T>(check: () => T | undefined | null | false, options?: { timeoutMs?: number }): Promise<T>
  /** Something changed: run every pending check. */
  changed(): void
  /** Rejects every pending wait. */
  fail(error: Error): void
}

export function createWaiters(): Waiters {
  const pending = new Set<(error?: Error) => void>()

  return {
    waitFor(check, options) {
      const timeoutMs = options?.timeoutMs ?? 10_000
      return new Promise((resolve, reject) => {
        const done = () => {
          clearTimeout(timer)
          clearInterval(poll)
          pending.delete(attempt)
        }
        const timer = setTimeout(() => {
          done()
          reject(new Error(`waitFor: still false after ${timeoutMs} ms`))
        }, timeoutMs)
        const attempt = (error?: Error) => {
          if (error) {
            done()
            return reject(error)
          }
          try {
            const value = check()
            if (value) {
              done()
              resolve(value)
            }
          } catch (thrown) {
            done()
            reject(thrown)
          }
        }
        const poll = setInterval(attempt, 10)
        pending.add(attempt)
        attempt()
      })
    },
    changed() {
      for (const attempt of [...pending]) attempt()
    },
    fail(error) {
      for (const attempt of [...pending]) attempt(error)
    },
  }
}
