import type { InjectedFailure } from '../types.js'

interface Pending {
  failure: InjectedFailure
  remaining: number
}

/** `failNext`: failures queued per path, served in the order they were queued. */
export interface FailureQueue {
  add(path: string, failure: InjectedFailure, times: number): void
  /** The failure for this call of `path`, if one is pending; counts it as used. */
  take(path: string): InjectedFailure | undefined
  clear(): void
}

export function createFailureQueue(): FailureQueue {
  const pending = new Map<string, Pending[]>()
  return {
    add(path, failure, times) {
      if (!Number.isInteger(times) || times < 1)
        throw new RangeError('failNext: times must be a positive integer')
      const queue = pending.get(path) ?? []
      queue.push({ failure, remaining: times })
      pending.set(path, queue)
    },
    take(path) {
      const queue = pending.get(path)
      const next = queue?.[0]
      if (!queue || !next) return undefined
      next.remaining--
      if (next.remaining === 0) queue.shift()
      if (queue.length === 0) pending.delete(path)
      return next.failure
    },
    clear() {
      pending.clear()
    },
  }
}
