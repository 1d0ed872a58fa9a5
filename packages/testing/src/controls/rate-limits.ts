import { type Failure, fail } from '../wecom/answer.js'

// `setRateLimit`: WeCom's frequency and concurrency limits, per path, so that bulk jobs can be
// rehearsed. WeCom counts calls per corp and API ("访问频率限制": 10 000 a minute, 150 000 an
// hour), refuses the call past the limit with 45009 and keeps refusing for the rest of the block
// ("按分钟拦截则被屏蔽60秒"); too many calls at once answer 45033.

/** A limit for `sim.setRateLimit`. Each field is optional: leave out what you do not rehearse. */
export interface RateLimitRule {
  /**
   * Calls a path accepts in any `windowMs`. The next one answers 45009, and so does every call
   * of the path for `blockMs` after it.
   */
  requests?: number | undefined
  /** Default 60 000: WeCom's limits are per minute (and per hour). On the simulated clock. */
  windowMs?: number | undefined
  /** How long the path refuses after its window overflowed. Default `windowMs`. */
  blockMs?: number | undefined
  /** Calls of the path handled at once; one more answers 45033 (it is not counted). */
  concurrency?: number | undefined
}

/** What a path's limit saw, for `sim.rateLimitStats(path)`. */
export interface RateLimitStats {
  /** Calls let through. */
  accepted: number
  /** Calls answered 45009. */
  refused: number
  /** Calls answered 45033. */
  congested: number
  /** The most calls of the path handled at once. */
  maxInFlight: number
  /** The most calls accepted in one window (at most `requests`). */
  maxInWindow: number
}

export interface RateLimits {
  /** A rule for `path`, or for every path without one of its own (each path its own budget); null removes it. */
  set(rule: RateLimitRule | null, path?: string): void
  /** Admits a call of `path` arriving at `now`: a function to call once its answer is ready, or the refusal. */
  enter(path: string, now: number): Failure | (() => void)
  stats(path: string): RateLimitStats
  clear(): void
}

interface PathState extends RateLimitStats {
  /** When the calls of the current window arrived, oldest first, from `head` on. */
  arrivals: number[]
  head: number
  blockedUntil: number
  inFlight: number
}

const admitted = () => {}

interface Rule {
  requests: number
  windowMs: number
  blockMs: number
  concurrency: number
}

export function createRateLimits(): RateLimits {
  let fallback: Rule | undefined
  const rules = new Map<string, Rule>()
  const paths = new Map<string, PathState>()

  const stateOf = (path: string): PathState => {
    let state = paths.get(path)
    if (!state) {
      state = {
        accepted: 0,
        refused: 0,
        congested: 0,
        maxInFlight: 0,
        maxInWindow: 0,
        arrivals: [],
        head: 0,
        blockedUntil: 0,
        inFlight: 0,
      }
      paths.set(path, state)
    }
    return state
  }

  return {
    set(rule, path) {
      const checked = rule === null ? undefined : checkRule(rule)
      if (path === undefined) fallback = checked
      else if (checked) rules.set(path, checked)
      else rules.delete(path)
    },

    enter(path, now) {
      const rule = rules.get(path) ?? fallback
      if (!rule) return admitted
      const state = stateOf(path)
      if (now < state.blockedUntil) {
        state.refused++
        return fail(45009, `${path} is blocked for the rest of the window`)
      }
      if (state.inFlight >= rule.concurrency) {
        state.congested++
        return fail(45033, `more than ${rule.concurrency} calls of ${path} at once`)
      }
      if (rule.requests !== Number.POSITIVE_INFINITY) {
        const { arrivals } = state
        while (state.head < arrivals.length && arrivals[state.head]! <= now - rule.windowMs) state.head++
        if (state.head > 1024 && state.head * 2 > arrivals.length) {
          arrivals.splice(0, state.head)
          state.head = 0
        }
        if (arrivals.length - state.head >= rule.requests) {
          state.blockedUntil = now + rule.blockMs
          state.refused++
          return fail(45009, `more than ${rule.requests} calls of ${path} in ${rule.windowMs} ms`)
        }
        arrivals.push(now)
        state.maxInWindow = Math.max(state.maxInWindow, arrivals.length - state.head)
      }
      state.accepted++
      state.maxInFlight = Math.max(state.maxInFlight, ++state.inFlight)
      let left = false
      return () => {
        if (left) return
        left = true
        state.inFlight--
      }
    },

    stats(path) {
      const { accepted, refused, congested, maxInFlight, maxInWindow } = stateOf(path)
      return { accepted, refused, congested, maxInFlight, maxInWindow }
    },

    clear() {
      fallback = undefined
      rules.clear()
      paths.clear()
    },
  }
}

function checkRule(rule: RateLimitRule): Rule {
  const windowMs = rule.windowMs ?? 60_000
  const checked = {
    requests: rule.requests ?? Number.POSITIVE_INFINITY,
    windowMs,
    blockMs: rule.blockMs ?? windowMs,
    concurrency: rule.concurrency ?? Number.POSITIVE_INFINITY,
  }
  const whole = (n: number, min: number) =>
    n === Number.POSITIVE_INFINITY || (Number.isInteger(n) && n >= min)
  if (!whole(checked.requests, 1)) throw new RangeError('setRateLimit: requests must be an integer >= 1')
  if (!whole(checked.concurrency, 1))
    throw new RangeError('setRateLimit: concurrency must be an integer >= 1')
  if (!(windowMs > 0) || !Number.isFinite(windowMs)) {
    throw new RangeError('setRateLimit: windowMs must be a finite number > 0')
  }
  if (!(checked.blockMs >= 0) || !Number.isFinite(checked.blockMs)) {
    throw new RangeError('setRateLimit: blockMs must be a finite number >= 0')
  }
  return checked
}
