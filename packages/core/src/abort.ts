import { abortedError } from './errors.js'

// A caller may pass one AbortSignal to many concurrent calls (a request-scoped or shutdown
// signal). Each call listens to its signal in several places (waiting for the token, p-retry's
// backoff, the fetch), so listening on the caller's signal directly would add listeners per
// call: Node warns "MaxListenersExceededWarning" past ten, and on Node 20 ky's AbortSignal.any
// over a long-lived signal keeps a little memory per call. Instead each call gets its own
// signal, and a caller's signal has one listener however many calls follow it.

const followers = new WeakMap<AbortSignal, Set<AbortController>>()

export interface LinkedSignal {
  signal: AbortSignal
  /** Stop following the caller's signal: call when the call has settled. */
  unlink(): void
}

/** A per-call signal that aborts, with the same reason, when `signal` aborts. */
export function linkSignal(signal: AbortSignal): LinkedSignal {
  const controller = new AbortController()
  if (signal.aborted) {
    controller.abort(signal.reason)
    return { signal: controller.signal, unlink: () => {} }
  }
  let set = followers.get(signal)
  if (!set) {
    const calls = new Set<AbortController>()
    set = calls
    followers.set(signal, calls)
    signal.addEventListener(
      'abort',
      function abortAll() {
        followers.delete(signal)
        for (const call of calls) call.abort(signal.reason)
      },
      { once: true },
    )
  }
  set.add(controller)
  const calls = set
  return {
    signal: controller.signal,
    unlink() {
      calls.delete(controller)
    },
  }
}

/**
 * `promise`, or a rejection (`abortedError(path, 'no')`) as soon as `signal` aborts: for waits on
 * something shared with other callers (a token refresh, a ticket, a page another call fetches),
 * which go on for them while this caller stops waiting.
 */
export function unlessAborted<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  path: string,
): Promise<T> {
  if (!signal) return promise
  return new Promise<T>((resolve, reject) => {
    // Only waiting: nothing of this call has been sent yet.
    const onAbort = () => reject(abortedError(path, 'no'))
    if (signal.aborted) return onAbort()
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      },
    )
  })
}
