import pRetry from 'p-retry'
import { isWeComApiError, isWeComHttpError, isWeComNetworkError, type WeComError } from './errors.js'

export interface RetryOptions {
  /** Retries after the first attempt. Default 3. */
  retries?: number
  /** First backoff, ms. Default 200. */
  minTimeout?: number
  /** Longest backoff, ms. Default 3 000. */
  maxTimeout?: number
}

/** errcodes with which WeCom refused the call without acting on it: safe to send again. */
export const TRANSIENT_ERRCODES: ReadonlySet<number> = new Set([-1, 6000, 45033])

/**
 * Whether a failed attempt may be sent again. `idempotent` says whether the call may be
 * replayed after it possibly reached WeCom (a timeout, a reset connection, a 5xx): reads and
 * idempotent writes may; a message send without duplicate checking may not.
 */
export function isRetryable(error: unknown, idempotent: boolean): boolean {
  if (isWeComApiError(error)) return TRANSIENT_ERRCODES.has(error.errcode)
  if (isWeComHttpError(error)) return error.status >= 500 && idempotent
  if (isWeComNetworkError(error)) {
    if (error.aborted) return false
    return idempotent || error.sent === 'no'
  }
  return false
}

export interface RetryContext {
  retry: Required<RetryOptions>
  idempotent: boolean
  signal?: AbortSignal | undefined
  onRetry?: ((error: WeComError, attempt: number, retriesLeft: number) => void | Promise<void>) | undefined
  /** Errors that are not this call's to retry (a failed gettoken already ran its own retries). */
  retryable?: ((error: unknown) => boolean) | undefined
}

/**
 * Runs `attempt` with exponential backoff and jitter while the failure is transient. The first
 * attempt runs bare: p-retry's setup (its options copied and checked, a clock read) is paid
 * only once an attempt has failed, and p-retry then takes that failure as its own first one.
 */
export async function withRetry<T>(attempt: (n: number) => Promise<T>, ctx: RetryContext): Promise<T> {
  let first: unknown
  try {
    const result = await attempt(1)
    // As p-retry does: a call whose caller gave up meanwhile rejects, even if its answer came.
    ctx.signal?.throwIfAborted()
    return result
  } catch (error) {
    if (ctx.signal?.aborted) throw error
    first = error
  }
  return pRetry((n) => (n === 1 ? Promise.reject(first) : attempt(n)), {
    retries: ctx.retry.retries,
    minTimeout: ctx.retry.minTimeout,
    maxTimeout: ctx.retry.maxTimeout,
    factor: 2,
    randomize: true,
    signal: ctx.signal,
    shouldRetry: async ({ error, attemptNumber, retriesLeft }) => {
      const ok = isRetryable(error, ctx.idempotent) && (ctx.retryable?.(error) ?? true)
      if (ok) await ctx.onRetry?.(error as WeComError, attemptNumber, retriesLeft)
      return ok
    },
  })
}
