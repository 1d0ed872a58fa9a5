import type { PacerClock } from '@wecom-kit/core'
import { abortedError } from '@wecom-kit/core/resource-kit'
import { WebhookRateLimitError } from './errors.js'

// "每个机器人发送的消息不能超过20条/分钟" (document/path/91770), and a minute's block after a
// refusal: "按分钟拦截则被屏蔽60秒" (访问频率限制, document/path/90454). The window slides: at most
// 20 sends in any 60 s, which never puts more than 20 in one calendar minute either.

/** WeCom's budget per robot. */
export const WEBHOOK_SENDS_PER_MINUTE = 20
const WINDOW_MS = 60_000

export interface WebhookPacerOptions {
  /** Sends per key per window. Default 20, WeCom's limit. */
  perMinute?: number | undefined
  /** Default `Date.now` and `setTimeout`. */
  clock?: PacerClock | undefined
}

export interface AcquireOptions {
  /** Wait for a slot (true) or fail at once with `WebhookRateLimitError` (false). */
  wait: boolean
  signal?: AbortSignal | undefined
  /** Go before the waiting sends: a send that WeCom refused with 45009 keeps its place. */
  first?: boolean | undefined
}

/**
 * The send budget of robot keys. Every bot of a key in the process shares the default pacer, so
 * two bot objects (or two modules) posting to one group never go over WeCom's 20 a minute
 * together. Slots are handed out first come, first served.
 */
export interface WebhookPacer {
  /** Resolves once a send of `key` may go (the slot is then taken), in the order asked. */
  acquire(key: string, options: AcquireOptions): Promise<void>
  /** WeCom answered 45009 for `key`: nothing more goes out for it until a window has passed. */
  block(key: string): void
}

interface Waiter {
  first: boolean
  resolve(): void
  reject(error: unknown): void
  detach(): void
}

interface Lane {
  /** When the sends of the current window went out, oldest first. */
  sent: number[]
  blockedUntil: number
  waiting: Waiter[]
  cancelTimer: (() => void) | undefined
}

const realClock: PacerClock = {
  now: () => Date.now(),
  setTimer(fn, ms) {
    const timer = setTimeout(fn, ms)
    return () => clearTimeout(timer)
  },
}

/** A pacer of its own: for tests (with a fake clock), or to keep some bots' budgets apart. */
export function createWebhookPacer(options: WebhookPacerOptions = {}): WebhookPacer {
  const perMinute = options.perMinute ?? WEBHOOK_SENDS_PER_MINUTE
  if (!(Number.isInteger(perMinute) && perMinute >= 1)) {
    throw new RangeError('perMinute must be an integer >= 1')
  }
  const clock = options.clock ?? realClock
  const lanes = new Map<string, Lane>()

  function laneOf(key: string): Lane {
    let lane = lanes.get(key)
    if (!lane) {
      lane = { sent: [], blockedUntil: 0, waiting: [], cancelTimer: undefined }
      lanes.set(key, lane)
    }
    return lane
  }

  /** When the next slot opens: now, or later when the window is full or the key blocked. */
  function nextSlotAt(lane: Lane, now: number): number {
    while (lane.sent.length > 0 && (lane.sent[0] as number) <= now - WINDOW_MS) lane.sent.shift()
    const windowFree = lane.sent.length < perMinute ? now : (lane.sent[0] as number) + WINDOW_MS
    return Math.max(windowFree, lane.blockedUntil)
  }

  function take(lane: Lane, now: number): void {
    lane.sent.push(now)
  }

  function pump(key: string, lane: Lane): void {
    lane.cancelTimer?.()
    lane.cancelTimer = undefined
    for (;;) {
      const head = lane.waiting[0]
      if (!head) break
      const now = clock.now()
      const at = nextSlotAt(lane, now)
      if (at > now) {
        lane.cancelTimer = clock.setTimer(() => pump(key, lane), at - now)
        return
      }
      lane.waiting.shift()
      take(lane, now)
      head.detach()
      head.resolve()
    }
    // Nothing waits and nothing was sent in a window: the lane can go.
    if (lane.sent.length === 0 && lane.blockedUntil <= clock.now()) lanes.delete(key)
  }

  return {
    acquire(key, { wait, signal, first = false }) {
      if (signal?.aborted) return Promise.reject(abortedError('webhook/send', 'no'))
      const lane = laneOf(key)
      const now = clock.now()
      const at = nextSlotAt(lane, now)
      const queueFree = first ? !lane.waiting.some((w) => w.first) : lane.waiting.length === 0
      if (at <= now && queueFree) {
        take(lane, now)
        return Promise.resolve()
      }
      if (!wait) {
        const queued = lane.waiting.length
        return Promise.reject(new WebhookRateLimitError(Math.max(0, at - now), queued, perMinute))
      }
      return new Promise<void>((resolve, reject) => {
        const onAbort = () => {
          const index = lane.waiting.indexOf(waiter)
          if (index >= 0) lane.waiting.splice(index, 1)
          reject(abortedError('webhook/send', 'no'))
          pump(key, lane)
        }
        const waiter: Waiter = {
          first,
          resolve,
          reject,
          detach: () => signal?.removeEventListener('abort', onAbort),
        }
        signal?.addEventListener('abort', onAbort, { once: true })
        if (first) {
          // After the sends already put first, before everyone else.
          const index = lane.waiting.findIndex((w) => !w.first)
          lane.waiting.splice(index < 0 ? lane.waiting.length : index, 0, waiter)
        } else {
          lane.waiting.push(waiter)
        }
        pump(key, lane)
      })
    },
    block(key) {
      const lane = laneOf(key)
      lane.blockedUntil = Math.max(lane.blockedUntil, clock.now() + WINDOW_MS)
      if (lane.waiting.length > 0) pump(key, lane)
    },
  }
}

const SHARED = Symbol.for('wecom-kit.webhook.pacer')

/**
 * The pacer every bot uses unless given one: one per process, also across two copies of this
 * package (ESM and CJS side by side), since WeCom's limit is per robot, not per module.
 */
export function sharedWebhookPacer(): WebhookPacer {
  const holder = globalThis as { [SHARED]?: WebhookPacer }
  holder[SHARED] ??= createWebhookPacer()
  return holder[SHARED]
}
