import { validationError } from './errors.js'
import type { StoreOperation } from './hooks.js'
import {
  Lane,
  Limiter,
  NOT_SENT,
  type PacerClock,
  type RateLimiter,
  type RateLimiterOptions,
  type RateStore,
  type RateStoreReport,
  type RateWindow,
  type ResolvedLimits,
  reachedWeCom,
  realClock,
} from './pacing.js'

// A budget shared beyond this process: every call is reserved in the store before it goes, and
// its end and any 45009 block are told to the store. Apart from an app that passes a store
// (`redisRateLimiter`), nothing imports this file, so the default bundle does not carry it.

/** A lane whose windows and blocks live in a store shared with other processes. */
class StoreLane extends Lane {
  constructor(
    key: string,
    clock: PacerClock,
    limits: ResolvedLimits,
    private readonly store: RateStore,
    /** Names this process's reservations in the store. */
    private readonly instance: string,
  ) {
    super(key, clock, limits)
  }

  // Every call waits for the store's answer: no synchronous fast path.
  override take(): number {
    return -1
  }

  override done(ticket: number, error?: unknown, report?: RateStoreReport): boolean {
    const reached = error === undefined || reachedWeCom(error)
    const call = this.store.complete(this.key, this.id(ticket), this.windows(), this.clock.now(), reached)
    this.storeCall('complete', report, call)
    return super.done(ticket, error, report)
  }

  protected override blocked(until: number, now: number, report: RateStoreReport | undefined): void {
    this.storeCall('block', report, this.store.block(this.key, until, now))
  }

  /** Asks the shared store for the slot this process just reserved locally. */
  protected override dispatch(ticket: number, now: number): boolean {
    this.storeBusy = true
    const report = this.peek()?.report
    const granted = (wait: number) => {
      this.storeBusy = false
      if (wait > 0) {
        // The fleet's budget is spent or blocked: give the local slot back and ask again later
        // (counted from when this process asked: the store answered for that moment).
        this.inflight--
        this.storeUntil = now + wait
        this.pump()
        return
      }
      const waiter = this.next()
      if (waiter) waiter.resolve(ticket)
      else this.done(ticket, NOT_SENT, report)
      this.pump()
    }
    this.store.reserve(this.key, this.id(ticket), this.windows(), now).then(granted, (error: unknown) => {
      // Paced here alone while the store is out.
      report?.(error, 'reserve', this.key)
      granted(0)
    })
    return true
  }

  private storeCall(operation: StoreOperation, report: RateStoreReport | undefined, call: Promise<void>) {
    call.catch((error: unknown) => report?.(error, operation, this.key))
  }

  private id(ticket: number): string {
    return `${this.instance}:${ticket}`
  }

  private windows(): RateWindow[] {
    const windows: RateWindow[] = []
    if (this.minute) windows.push(this.minute)
    if (this.hour) windows.push(this.hour)
    return windows
  }
}

/**
 * A budget of its own. Clients given the same limiter share it; by default every client of the
 * process shares one. With a `store`, the budget is shared with every process using that store.
 */
export function createRateLimiter(options: RateLimiterOptions = {}): RateLimiter {
  if (typeof options !== 'object' || options === null) {
    throw validationError('rate limiter options', '', 'must be an object')
  }
  const { clock = realClock, store } = options
  if (typeof clock !== 'object' || clock === null || typeof clock.now !== 'function') {
    throw validationError('rate limiter options', 'clock', 'clock must have a now() method')
  }
  if (store === undefined) return new Limiter(clock)
  if (typeof store !== 'object' || store === null) {
    throw validationError('rate limiter options', 'store', 'store must be a rate store object')
  }
  // Reservation ids in the store: unique per process.
  const instance = globalThis.crypto.randomUUID()
  return new Limiter(clock, (key, limits) => new StoreLane(key, clock, limits, store, instance))
}
