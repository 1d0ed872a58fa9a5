import type { WeComError } from './errors.js'

// What hooks see. Every URL in here has its token replaced by `***`; no hook ever sees a
// secret, a token or a request body.

export type HttpMethod = 'GET' | 'POST'

/** What hooks see of a request. `url` has its access_token replaced by `***`. */
export interface RequestInfo {
  method: HttpMethod
  path: string
  url: string
  /** 1 for the first try, then 2, 3 … across retries and the token-refresh replay. */
  attempt: number
  /**
   * ms this call has waited for its rate budget so far (pacing: a full window, calls in flight,
   * WeCom's block after a 45009), all attempts together; 0 when it went straight through.
   * Undefined with `rateLimit: false`, and for gettoken, which is not paced.
   */
  waitedMs?: number | undefined
}

export interface ResponseInfo extends RequestInfo {
  status: number
  durationMs: number
  /** WeCom's errcode, when the body was WeCom JSON. */
  errcode: number | undefined
}

export interface RetryInfo {
  method: HttpMethod
  path: string
  /** The attempt that failed. */
  attempt: number
  /** Retries still allowed, the one about to start included: 3 after the first failure with `retries: 3`. */
  retriesLeft: number
  error: WeComError
  /** ms the call has waited for its rate budget so far, as in `RequestInfo`. */
  waitedMs?: number | undefined
}

/**
 * The token store's operations, then a shared rate limiter's (`redisRateLimiter`): `reserve` a
 * call in the fleet's window, `complete` it, `block` a path after a 45009.
 */
export type StoreOperation = 'get' | 'set' | 'delete' | 'lock' | 'release' | 'reserve' | 'complete' | 'block'

export interface StoreErrorInfo {
  operation: StoreOperation
  /** The store key: corpId and a hash, never a secret (a rate limiter's: `<corpId>:<path>`). */
  key: string
  error: Error
}

/**
 * Observability. A hook that throws fails the call with its own error (it is not retried):
 * hooks are code of the caller's, and a failure there must not pass unnoticed.
 */
export interface Hooks {
  beforeRequest?: (info: RequestInfo) => void | Promise<void>
  afterResponse?: (info: ResponseInfo) => void | Promise<void>
  onRetry?: (info: RetryInfo) => void | Promise<void>
  /**
   * The token store or a shared rate limiter failed (Redis down): the call went on with this
   * process's own token, or paced by this process alone.
   */
  onStoreError?: (info: StoreErrorInfo) => void
}
