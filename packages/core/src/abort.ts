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
