import {
  abortedError,
  isWeComApiError,
  isWeComNetworkError,
  isWeComValidationError,
  type WeComApiError,
} from './errors.js'
import type { Hooks, StoreOperation } from './hooks.js'
import { scrubError } from './redact.js'

// Rate pacing: calls per corp and API path kept within WeCom's documented limits, so that bulk
// work runs at the limit instead of into it. The official page ("访问频率限制", once titled
// "主动调用频率限制": developer.work.weixin.qq.com/document/path/90454) gives per corp and API
// 10 000 calls a minute and 150 000 an hour; past a limit WeCom answers 45009 and blocks the API
// for 60 s (a minute's limit) or 60 min (an hour's). 45033 means too many calls at once.
//
// How a call goes: `take()` is the fast path, synchronous and allocation-free, when nothing waits,
// a slot is free and the windows have room; otherwise `wait()` queues the call (first come, first
// served) until they do. A call counts in the window from dispatch (reserved) and is stamped when
// its answer arrives, the latest moment WeCom can have counted it: counting from the queue instead
// would let the tail of a burst, still on its way, overshoot WeCom's window.

/** `rateLimit` of `createClient`. */
export interface RateLimitOptions {
  /**
   * Calls per corp and API path in any 60 s. Default WeCom's limit: 10 000 (600 for
   * checkin/getcheckindata and corp/getapprovaldata, which a larger value does not raise;
   * message/send is not counted unless you set this, as WeCom does not count it).
   */
  requestsPerMinute?: number | undefined
  /** Calls per corp and API path in any hour. Default WeCom's limit: 150 000. */
  requestsPerHour?: number | undefined
  /** Calls of one path in flight at once in this process. Default 50; halved for a while after a 45033. */
  maxConcurrent?: number | undefined
  /**
   * Where the budget lives. Default: one per process, shared by every client of a corp.
   * `createRateLimiter()` makes a budget of its own; `redisRateLimiter(redis)` from
   * `@wecom-kit/redis` shares one with a fleet.
   */
  limiter?: RateLimiter | undefined
}

/** WeCom's limits per corp and API, and the cap on calls in flight per path. */
export const DEFAULT_RATE_LIMIT = Object.freeze({
  requestsPerMinute: 10_000,
  requestsPerHour: 150_000,
  maxConcurrent: 50,
})

/** A 45009 for a minute's limit blocks the API this long ("按分钟拦截则被屏蔽60秒"). */
export const BLOCK_MS = 60_000
/** Consecutive blocks after which a path's 45009 surfaces: its hour's or day's limit is spent. */
const MAX_STRIKES = 3

interface PathRule {
  perMinute?: number
  perHour?: number
  /** WeCom's block for this path lasts hours or days: a 45009 surfaces at once. */
  surface?: true
}

// The official page's limits of single APIs. Paths whose own limit is per hour or day (tickets,
// permanent images, app chats, message sends) are blocked for that long after a 45009: waiting a
// minute would not help, so the 45009 surfaces.
const PATH_RULES: Readonly<Record<string, PathRule>> = {
  'checkin/getcheckindata': { perMinute: 600 },
  'corp/getapprovaldata': { perMinute: 600 },
  // "发消息频率不计入基础频率": sends have limits of their own, per recipient and per day (a
  // 45009 there is the day's).
  'message/send': { perMinute: Number.POSITIVE_INFINITY, perHour: Number.POSITIVE_INFINITY, surface: true },
  get_jsapi_ticket: { perHour: 400, surface: true },
  'ticket/get': { perHour: 100, surface: true },
  'media/uploadimg': { surface: true },
  'appchat/create': { surface: true },
  'appchat/update': { surface: true },
}

/** Where a limiter reads the time and sets its timers. Tests pass a fake one. */
export interface PacerClock {
  /** Epoch ms: a fleet's processes compare their stamps. */
  now(): number
  /** Calls `fn` after `ms`; returns a function that cancels it. */
  setTimer(fn: () => void, ms: number): () => void
}

export const realClock: PacerClock = {
  now: () => Date.now(),
  setTimer(fn, ms) {
    const timer = setTimeout(fn, ms)
    return () => clearTimeout(timer)
  },
}

/** A sliding window as a store keeps it: `limit` calls in any `ms`, counted in buckets of `bucketMs`. */
export interface RateWindow {
  readonly limit: number
  readonly ms: number
  readonly bucketMs: number
}

/**
 * A budget shared beyond this process (`redisRateLimiter` from `@wecom-kit/redis`). Keys are
 * `<corpId>:<path>`. The limiter keeps pacing on its own windows when a store call fails: the
 * first failure of an outage should throw (the client reports it through `onStoreError`), later
 * ones may resolve as if the store had room, as the Redis token store does.
 */
export interface RateStore {
  /**
   * Reserves one call of `key` if every window has room and no block holds it: resolves to 0,
   * or to the ms after which to ask again. `id` names the reservation, `now` is the caller's clock.
   */
  reserve(key: string, id: string, windows: readonly RateWindow[], now: number): Promise<number>
  /** The reserved call ended: counted at `now` when it may have reached WeCom, else given back. */
  complete(
    key: string,
    id: string,
    windows: readonly RateWindow[],
    now: number,
    reached: boolean,
  ): Promise<void>
  /** WeCom answered 45009: nobody sharing the store calls `key` before `until` (epoch ms, `now` the caller's clock). */
  block(key: string, until: number, now: number): Promise<void>
}

export interface RateLimiterOptions {
  /** Share the windows and blocks beyond this process. Default: none. */
  store?: RateStore | undefined
  /** Default `Date.now` and `setTimeout`. */
  clock?: PacerClock | undefined
}

/** Limits a client asks for; undefined fields take WeCom's. */
export interface RateLimits {
  requestsPerMinute?: number | undefined
  requestsPerHour?: number | undefined
  maxConcurrent?: number | undefined
}

/**
 * A budget per corp and API path: windows, calls in flight, blocks after 45009. Clients of a corp
 * that use the same limiter share it; the strictest limits any of them set apply.
 */
export interface RateLimiter {
  /** The lanes of one corp, for a client. */
  corp(corpId: string, limits: RateLimits): RateCorp
}

export interface RateCorp {
  /** The lane of `path` (a query string after `?` is ignored). */
  lane(path: string): RateLane
}

/** Reports a failed store call: the client's `onStoreError`. */
export type RateStoreReport = (error: unknown, operation: StoreOperation, key: string) => void

export interface RateLane {
  /** The clock's time, for measuring waits. */
  now(): number
  /** A ticket (> 0) when the call may go now, or -1: then `wait`. Synchronous; allocates nothing. */
  take(): number
  /** Resolves to a ticket once the call may go; rejects when `signal` aborts or the path refuses. */
  wait(signal: AbortSignal | undefined, path: string, report?: RateStoreReport): Promise<number>
  /**
   * The call of `ticket` ended, with `error` unless it succeeded. True for a 45009 the lane waits
   * out: send the call again (after `take`/`wait`). Never throws.
   */
  done(ticket: number, error?: unknown, report?: RateStoreReport): boolean
}

/** A sliding window in buckets: a call stays counted for at least `ms`, at most `ms + bucketMs`. */
class Window implements RateWindow {
  private readonly counts: number[]
  /** Index (time / bucketMs) of the newest bucket, and its slot in `counts`. */
  private head = Number.NEGATIVE_INFINITY
  private headSlot = 0
  total = 0

  constructor(
    public limit: number,
    readonly ms: number,
    readonly bucketMs: number,
  ) {
    this.counts = new Array<number>(Math.ceil(ms / bucketMs) + 1).fill(0)
  }

  /** Calls stamped in the window at `now`. */
  count(now: number): number {
    const index = Math.floor(now / this.bucketMs)
    if (index > this.head) this.advance(index)
    return this.total
  }

  stamp(now: number): void {
    const index = Math.floor(now / this.bucketMs)
    if (index > this.head) this.advance(index)
    // A clock that went back: the newest bucket, which stays longest.
    this.counts[this.headSlot]!++
    this.total++
  }

  /** When the window has room with `reserved` calls in flight; Infinity when only they hold it. */
  freeAt(reserved: number): number {
    const span = this.counts.length - 1
    let left = reserved + this.total
    for (let index = this.head - span; index <= this.head && this.total > 0; index++) {
      left -= this.counts[this.slot(index)]!
      if (left < this.limit) return (index + 1 + span) * this.bucketMs
    }
    return Number.POSITIVE_INFINITY
  }

  private slot(index: number): number {
    const n = this.counts.length
    return ((index % n) + n) % n
  }

  private advance(index: number): void {
    const n = this.counts.length
    if (index - this.head >= n) {
      this.counts.fill(0)
      this.total = 0
    } else {
      for (let k = this.head + 1; k <= index; k++) {
        const slot = this.slot(k)
        this.total -= this.counts[slot]!
        this.counts[slot] = 0
      }
    }
    this.head = index
    this.headSlot = this.slot(index)
  }
}

interface Waiter {
  resolve(ticket: number): void
  reject(error: unknown): void
  path: string
  signal: AbortSignal | undefined
  onAbort: (() => void) | undefined
  report: RateStoreReport | undefined
  gone: boolean
}

export interface ResolvedLimits {
  perMinute: number
  perHour: number
  maxConcurrent: number
  surface: boolean
}

/**
 * The lane of one corp and path in this process. A lane that shares its budget through a store
 * (`pacing-store.ts`) hooks in where a call is dispatched, ended or blocked.
 */
export class Lane implements RateLane {
  /** The concurrency cap now: `maxConcurrent`, or less after a 45033 (halved, then +1 per cap successes). */
  private limit: number
  private cap: number
  private gain = 0
  protected minute: Window | undefined
  protected hour: Window | undefined
  private surface = false

  protected inflight = 0
  /** Tickets handed out; a ticket tells which block or cut a call was sent before. */
  private seq = 0
  private blockedUntil = 0
  private blockSeq = 0
  private strikes = 0
  /** After a block: one call at a time until one gets through. */
  private probing = false
  private refusal: WeComApiError | undefined
  private cutSeq = 0
  /** A shared store asked to be asked again no sooner than this. */
  protected storeUntil = 0
  /** A shared store is deciding on the next call: the queue waits. */
  protected storeBusy = false

  private readonly queue: Waiter[] = []
  private head = 0
  protected live = 0
  private cancelTimer: (() => void) | undefined

  constructor(
    readonly key: string,
    protected readonly clock: PacerClock,
    limits: ResolvedLimits,
  ) {
    this.cap = limits.maxConcurrent
    this.limit = limits.maxConcurrent
    this.configure(limits)
  }

  configure(limits: ResolvedLimits): void {
    this.cap = limits.maxConcurrent
    this.limit = Math.min(this.limit, this.cap)
    this.surface = limits.surface
    this.minute = this.window(this.minute, limits.perMinute, 60_000, 1_000)
    this.hour = this.window(this.hour, limits.perHour, 3_600_000, 60_000)
    if (this.live > 0) this.pump()
  }

  private window(current: Window | undefined, limit: number, ms: number, bucketMs: number) {
    if (!Number.isFinite(limit)) return undefined
    if (!current) return new Window(limit, ms, bucketMs)
    current.limit = limit
    return current
  }

  /** Nothing in flight, queued, counted or blocked: the lane can be dropped. */
  idle(now: number): boolean {
    return (
      this.inflight === 0 &&
      this.live === 0 &&
      !this.storeBusy &&
      this.blockedUntil <= now &&
      this.strikes === 0 &&
      this.limit === this.cap &&
      (this.minute?.count(now) ?? 0) === 0 &&
      (this.hour?.count(now) ?? 0) === 0
    )
  }

  now(): number {
    return this.clock.now()
  }

  take(): number {
    if (this.live > 0 || this.inflight >= (this.probing ? 1 : this.limit)) return -1
    // Counts only shrink as time passes: with room by the last count and no block, there is room
    // now, and the clock need not be read (it costs more than the rest of this).
    if (this.blockedUntil !== 0 || !this.roomWithoutClock()) {
      if (!this.free(this.clock.now())) return -1
    }
    this.inflight++
    return ++this.seq
  }

  private roomWithoutClock(): boolean {
    const { minute, hour, inflight } = this
    return (
      (minute === undefined || inflight + minute.total < minute.limit) &&
      (hour === undefined || inflight + hour.total < hour.limit)
    )
  }

  wait(signal: AbortSignal | undefined, path: string, report?: RateStoreReport): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      if (signal?.aborted) return reject(abortedError(path, 'no'))
      const refusal = this.refusing(this.clock.now())
      if (refusal) return reject(refusal)
      const waiter: Waiter = { resolve, reject, path, signal, onAbort: undefined, report, gone: false }
      if (signal) {
        waiter.onAbort = () => {
          if (waiter.gone) return
          waiter.gone = true
          this.live--
          reject(abortedError(path, 'no'))
          // Nobody waits any more: no timer may keep the process alive for them.
          if (this.live === 0) this.pump()
        }
        signal.addEventListener('abort', waiter.onAbort, { once: true })
      }
      this.queue.push(waiter)
      this.live++
      this.pump()
    })
  }

  done(ticket: number, error?: unknown, report?: RateStoreReport): boolean {
    const now = this.minute || this.hour || error ? this.clock.now() : 0
    this.inflight--
    const reached = error === undefined || reachedWeCom(error)
    if (reached) {
      this.minute?.stamp(now)
      this.hour?.stamp(now)
    }
    let again = false
    const errcode = isWeComApiError(error) ? error.errcode : undefined
    if (errcode === 45009) {
      again = this.refused(ticket, now, error as WeComApiError, report)
    } else if (errcode === 45033) {
      this.congested(ticket)
    } else if (reached && (error === undefined || errcode !== undefined)) {
      // WeCom answered, and not with a limit: whatever held the path is over.
      this.strikes = 0
      this.probing = false
      this.refusal = undefined
      if (this.limit < this.cap && ++this.gain >= this.limit) {
        this.limit++
        this.gain = 0
      }
    }
    if (this.live > 0) this.pump()
    return again
  }

  /** A new block began (45009): a shared store tells the fleet. */
  protected blocked(_until: number, _now: number, _report: RateStoreReport | undefined): void {}

  /** 45009. A call sent after the latest block began is a new strike; others wait out that block. */
  private refused(ticket: number, now: number, error: WeComApiError, report?: RateStoreReport): boolean {
    if (this.surface) return false
    if (ticket > this.blockSeq) {
      this.strikes++
      this.blockSeq = this.seq
      this.blockedUntil = now + BLOCK_MS
      this.probing = true
      this.refusal = error
      this.blocked(this.blockedUntil, now, report)
    }
    return this.strikes < MAX_STRIKES
  }

  /** 45033: halve the concurrency, once for the calls that were in flight together. */
  private congested(ticket: number): void {
    if (ticket <= this.cutSeq) return
    this.limit = Math.max(1, Math.min(this.limit, this.inflight + 1) >> 1)
    this.gain = 0
    this.cutSeq = this.seq
  }

  /** The 45009 to fail with: the path was blocked again and again, and the block still runs. */
  private refusing(now: number): WeComApiError | undefined {
    return this.strikes >= MAX_STRIKES && now < this.blockedUntil ? this.refusal : undefined
  }

  private free(now: number): boolean {
    if (this.inflight >= (this.probing ? 1 : this.limit)) return false
    if (now < this.blockedUntil || now < this.storeUntil) return false
    this.blockedUntil = 0
    const { minute, hour } = this
    if (minute !== undefined && this.inflight + minute.count(now) >= minute.limit) return false
    if (hour !== undefined && this.inflight + hour.count(now) >= hour.limit) return false
    return true
  }

  /**
   * The call of `ticket` may go: hands it to the first waiter. True when the queue must wait
   * instead (a shared store decides asynchronously, then pumps again).
   */
  protected dispatch(ticket: number, _now: number): boolean {
    this.next()!.resolve(ticket)
    return false
  }

  /** Hands out free slots to the waiting calls, in order; sets a timer for the next one. */
  protected pump(): void {
    this.cancelTimer?.()
    this.cancelTimer = undefined
    while (this.live > 0 && !this.storeBusy) {
      const now = this.clock.now()
      const refusal = this.refusing(now)
      if (refusal) {
        for (let w = this.next(); w; w = this.next()) w.reject(refusal)
        break
      }
      if (!this.free(now)) {
        this.schedule(now)
        return
      }
      this.inflight++
      if (this.dispatch(++this.seq, now)) return
    }
    if (this.live === 0) {
      this.queue.length = 0
      this.head = 0
    }
  }

  private schedule(now: number): void {
    // A full concurrency cap opens when a call ends, and `done` pumps then.
    if (this.inflight >= (this.probing ? 1 : this.limit)) return
    let at = Math.max(now, this.blockedUntil, this.storeUntil)
    for (const window of [this.minute, this.hour]) {
      if (window !== undefined && this.inflight + window.count(now) >= window.limit) {
        at = Math.max(at, window.freeAt(this.inflight))
      }
    }
    if (at === Number.POSITIVE_INFINITY) return
    this.cancelTimer = this.clock.setTimer(
      () => {
        this.cancelTimer = undefined
        this.pump()
      },
      Math.max(1, at - now),
    )
  }

  /** The first call still waiting, left in the queue. */
  protected peek(): Waiter | undefined {
    for (let i = this.head; i < this.queue.length; i++) if (!this.queue[i]!.gone) return this.queue[i]
    return undefined
  }

  /** The next waiting call, taken out of the queue; undefined when none waits. */
  protected next(): Waiter | undefined {
    while (this.head < this.queue.length) {
      const waiter = this.queue[this.head]!
      this.queue[this.head++] = undefined as unknown as Waiter
      if (waiter.gone) continue
      waiter.gone = true
      this.live--
      if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort)
      if (this.head > 1024 && this.head * 2 > this.queue.length) {
        this.queue.splice(0, this.head)
        this.head = 0
      }
      return waiter
    }
    return undefined
  }
}

/** An error that says the call never left: its reservation is given back. */
export const NOT_SENT = { notSent: true }

/** Whether a failed call may have reached WeCom, and so counts in its window. */
export function reachedWeCom(error: unknown): boolean {
  if (error === NOT_SENT) return false
  if (isWeComNetworkError(error)) return error.sent !== 'no'
  return !isWeComValidationError(error)
}

class Corp implements RateCorp {
  readonly lanes = new Map<string, Lane>()
  private limits: RateLimits = {}

  constructor(
    private readonly corpId: string,
    private readonly limiter: Limiter,
  ) {}

  /** A client's limits: each one it sets applies when stricter than another client's. */
  tighten(limits: RateLimits): void {
    let changed = false
    for (const name of ['requestsPerMinute', 'requestsPerHour', 'maxConcurrent'] as const) {
      const value = limits[name]
      if (value !== undefined && !(value >= (this.limits[name] ?? Number.POSITIVE_INFINITY))) {
        this.limits[name] = value
        changed = true
      }
    }
    if (changed) for (const [path, lane] of this.lanes) lane.configure(this.resolve(canonical(path)))
  }

  lane(path: string): Lane {
    return this.lanes.get(path) ?? this.create(path)
  }

  private create(path: string): Lane {
    const name = canonical(path)
    let lane = name === path ? undefined : this.lanes.get(name)
    if (!lane) {
      lane = this.limiter.newLane(`${this.corpId}:${name}`, this.resolve(name))
      this.lanes.set(name, lane)
    }
    if (name !== path) this.lanes.set(path, lane)
    return lane
  }

  /** A path's limits: the client's, else WeCom's; a path's own documented limit is never exceeded. */
  private resolve(path: string): ResolvedLimits {
    const rule = PATH_RULES[path]
    const l = this.limits
    const pick = (mine: number | undefined, theirs: number | undefined, fallback: number) =>
      theirs === undefined ? (mine ?? fallback) : Math.min(mine ?? theirs, theirs)
    return {
      perMinute: pick(l.requestsPerMinute, rule?.perMinute, DEFAULT_RATE_LIMIT.requestsPerMinute),
      perHour: pick(l.requestsPerHour, rule?.perHour, DEFAULT_RATE_LIMIT.requestsPerHour),
      maxConcurrent: l.maxConcurrent ?? DEFAULT_RATE_LIMIT.maxConcurrent,
      surface: rule?.surface === true,
    }
  }

  /** Drops idle lanes; true when none is left. */
  sweep(now: number): boolean {
    for (const [path, lane] of this.lanes) if (lane.idle(now)) this.lanes.delete(path)
    return this.lanes.size === 0
  }
}

/** `user/get`, `/user/get?x=1` → `user/get`. */
function canonical(path: string): string {
  const query = path.indexOf('?')
  const bare = query < 0 ? path : path.slice(0, query)
  return bare.startsWith('/') ? bare.slice(1) : bare
}

/** Makes the lane of `key` (`<corpId>:<path>`): a local one, or one sharing a store. */
export type LaneFactory = (key: string, limits: ResolvedLimits) => Lane

export class Limiter implements RateLimiter {
  private readonly corps = new Map<string, Corp>()
  private lanes = 0
  private sweepAt = 4_096

  constructor(
    private readonly clock: PacerClock,
    private readonly makeLane: LaneFactory = (key, limits) => new Lane(key, clock, limits),
  ) {}

  corp(corpId: string, limits: RateLimits): Corp {
    let corp = this.corps.get(corpId)
    if (!corp) {
      corp = new Corp(corpId, this)
      this.corps.set(corpId, corp)
    }
    corp.tighten(limits)
    return corp
  }

  newLane(key: string, limits: ResolvedLimits): Lane {
    // Many corps (a service provider's) come and go: past a few thousand lanes, drop the idle ones.
    if (++this.lanes > this.sweepAt) {
      const now = this.clock.now()
      let left = 0
      for (const [id, corp] of this.corps) {
        if (corp.sweep(now)) this.corps.delete(id)
        else left += new Set(corp.lanes.values()).size
      }
      this.lanes = left + 1
      this.sweepAt = Math.max(4_096, left * 2)
    }
    return this.makeLane(key, limits)
  }
}

// One default budget per process, also across two copies of core (ESM and CJS side by side):
// WeCom's limits are per corp, not per module. The version names the lane protocol.
const SHARED = Symbol.for('wecom-kit.rate-limiter.v1')

/** The process's default limiter, made on first use. */
export function sharedRateLimiter(): RateLimiter {
  const holder = globalThis as { [SHARED]?: RateLimiter }
  holder[SHARED] ??= new Limiter(realClock)
  return holder[SHARED]
}

/** What a client holds for pacing: its corp's lanes, and where store failures are reported. */
export interface Pacing {
  corp: RateCorp
  report: RateStoreReport | undefined
}

/** The client's pacing, or undefined with `rateLimit: false`. */
export function createPacing(
  corpId: string,
  options: RateLimitOptions | boolean | undefined,
  hooks: Hooks | undefined,
): Pacing | undefined {
  if (options === false) return undefined
  const settings = typeof options === 'object' ? options : {}
  const limiter = settings.limiter ?? sharedRateLimiter()
  const onStoreError = hooks?.onStoreError
  const pacing: Pacing = {
    corp: limiter.corp(corpId, settings),
    report: onStoreError
      ? (error, operation, key) => onStoreError({ operation, key, error: scrubError(error) })
      : undefined,
  }
  return pacing
}
