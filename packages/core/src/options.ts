import * as v from 'valibot'
import type { Credentials } from './credentials.js'
import { validationError, WeComValidationError } from './errors.js'
import type { Hooks, HttpMethod } from './hooks.js'
import type { RetryOptions } from './retry.js'
import type { TokenStore } from './token.js'
import type { Query, RequestBody } from './transport.js'
import { isWellFormed, toIssues } from './validate.js'

// The client's options, their checks and their defaults, in one place.

export const DEFAULT_BASE_URL = 'https://qyapi.weixin.qq.com/cgi-bin/'

/**
 * `{ corpId, corpSecret }` for an app of your own corp, or `{ corpId, credentials }` with a
 * credential strategy (a suite's authorized corp, a token source of your own): one of the two.
 */
export interface ClientOptions {
  corpId: string
  /** The app's secret (or the contacts-sync secret). */
  corpSecret?: string | undefined
  /** A credential strategy instead of `corpSecret`: how to fetch a token, under which store key. */
  credentials?: Credentials | undefined
  /** Default agent for messages, menus, agents.get, JS-SDK agent config and OAuth URLs. */
  agentId?: number | undefined
  /** Default `https://qyapi.weixin.qq.com/cgi-bin/`: a fixed-IP forward proxy or a simulator. */
  baseUrl?: string | undefined
  /** A custom fetch: proxy agents, tracing. */
  fetch?: typeof fetch | undefined
  /** Per attempt, ms. Default 10 000. */
  timeout?: number | undefined
  /** Backoff for transient failures. Default 3 retries from 200 ms up to 3 s. */
  retry?: RetryOptions | undefined
  /** Where tokens and tickets live. Default: in memory, per client. */
  tokenStore?: TokenStore | undefined
  /** Observability. Hooks see URLs with the token replaced by `***`. */
  hooks?: Hooks | undefined
  /**
   * Turn WeCom's duplicate check on for every `messages.send` (`enable_duplicate_check: 1`,
   * with `interval` seconds, default 1 800, at most 4 h). A send that WeCom de-duplicates is
   * safe to replay after a timeout, so such sends are retried like reads.
   */
  duplicateCheck?: boolean | { interval?: number | undefined } | undefined
}

/** The options a client runs with. The secret is not among them: it stays in a closure. */
export interface ResolvedClientOptions {
  readonly corpId: string
  readonly agentId: number | undefined
  readonly baseUrl: string
  readonly timeout: number
  readonly retry: Readonly<Required<RetryOptions>>
  /** Seconds of WeCom's duplicate check for every message send, when turned on. */
  readonly duplicateCheck: { readonly interval: number } | undefined
}

/** Accepted by every resource method as its last argument. */
export interface RequestOptions {
  signal?: AbortSignal | undefined
  /** Per attempt, ms; overrides the client's `timeout`. */
  timeout?: number | undefined
}

export interface ClientRequestOptions extends RequestOptions {
  /** Default: POST when there is a body, else GET. */
  method?: HttpMethod | undefined
  query?: Query | undefined
  json?: unknown
  /** A raw body (multipart uploads). Pass a function to build a fresh body for each attempt. */
  body?: RequestBody | (() => RequestBody) | undefined
  headers?: Record<string, string> | undefined
  /**
   * Resolve to the unread `Response` for binary answers (media/get), so that a large body is
   * streamed, not buffered. A JSON answer is still parsed, and its errcode mapped to an error.
   */
  stream?: boolean | undefined
  /**
   * May the call be sent again after it possibly reached WeCom (timeout, reset, 5xx)?
   * Default: true for GET, false for POST.
   */
  idempotent?: boolean | undefined
}

const nonNegativeInt = (what: string) =>
  v.pipe(v.number(`${what} must be a number`), v.integer(`${what} must be an integer`), v.minValue(0))

/** setTimeout's ceiling: a longer timeout would fire at once. */
export const MAX_TIMEOUT = 2_147_483_647

const wellFormedText = (what: string) =>
  v.pipe(
    v.string(`${what} is required (a string)`),
    v.nonEmpty(`${what} must not be empty`),
    v.check(isWellFormed, `${what} must be well-formed text`),
  )

const ClientOptionsSchema = v.object({
  // Custom messages: valibot's default ones quote the received value, which could be a secret.
  corpId: wellFormedText('corpId'),
  corpSecret: v.optional(wellFormedText('corpSecret')),
  credentials: v.optional(
    v.custom<Credentials>(
      (c) =>
        typeof c === 'object' &&
        c !== null &&
        typeof (c as Credentials).cacheKey === 'function' &&
        typeof (c as Credentials).fetchToken === 'function',
      'credentials must be a credential strategy (cacheKey and fetchToken)',
    ),
  ),
  agentId: v.optional(
    v.union(
      [
        v.pipe(nonNegativeInt('agentId'), v.maxValue(2 ** 31 - 1)),
        v.pipe(v.string(), v.regex(/^\d{1,10}$/), v.transform(Number), v.maxValue(2 ** 31 - 1)),
      ],
      'agentId must be an integer from 0 to 2147483647',
    ),
  ),
  baseUrl: v.optional(
    v.pipe(
      v.string(),
      v.url('baseUrl must be an absolute URL'),
      v.regex(/^https?:/i, 'baseUrl must be http(s)'),
    ),
  ),
  fetch: v.optional(v.function('fetch must be a function')),
  timeout: v.optional(
    v.pipe(
      nonNegativeInt('timeout'),
      v.minValue(1, 'timeout must be at least 1 ms'),
      v.maxValue(MAX_TIMEOUT, 'timeout must be at most 2147483647 ms'),
    ),
  ),
  retry: v.optional(
    v.object({
      retries: v.optional(v.pipe(nonNegativeInt('retry.retries'), v.maxValue(20))),
      minTimeout: v.optional(nonNegativeInt('retry.minTimeout')),
      maxTimeout: v.optional(nonNegativeInt('retry.maxTimeout')),
    }),
  ),
  tokenStore: v.optional(
    v.custom<TokenStore>(
      (s) =>
        typeof s === 'object' &&
        s !== null &&
        typeof (s as TokenStore).get === 'function' &&
        typeof (s as TokenStore).set === 'function',
      'tokenStore must have get and set methods',
    ),
  ),
  duplicateCheck: v.optional(
    v.union(
      [
        v.boolean(),
        v.object({
          interval: v.optional(
            v.pipe(
              nonNegativeInt('duplicateCheck.interval'),
              v.minValue(1, 'duplicateCheck.interval must be at least 1 s'),
              v.maxValue(14_400, 'duplicateCheck.interval must be at most 4 hours (14400 s)'),
            ),
          ),
        }),
      ],
      'duplicateCheck must be true, false or { interval }',
    ),
  ),
  hooks: v.optional(
    v.object({
      beforeRequest: v.optional(v.function()),
      afterResponse: v.optional(v.function()),
      onRetry: v.optional(v.function()),
      onStoreError: v.optional(v.function()),
    }),
  ),
})

// valibot's default messages quote the received value, and a secret can land in the wrong
// option: issues without a message of their own never show what was received.
const QUIET: v.Config<v.BaseIssue<unknown>> = {
  message: (issue) => (issue.received === 'undefined' ? 'is required' : `expected ${issue.expected}`),
}

/** Checked options, with every default filled in. */
export interface CheckedClientOptions {
  resolved: ResolvedClientOptions
  /** The secret (or the caller's own strategy); kept out of `resolved`. */
  credentials: { corpSecret: string } | { strategy: Credentials }
  fetch: typeof fetch | undefined
  tokenStore: TokenStore | undefined
  hooks: Hooks | undefined
}

export function checkClientOptions(options: ClientOptions): CheckedClientOptions {
  const result = v.safeParse(ClientOptionsSchema, options, QUIET)
  const issues = result.success ? [] : toIssues(result.issues)
  // One credential: a secret or a strategy. Checked even when other options are wrong, so
  // that `{}` names both corpId and corpSecret.
  const given: Partial<ClientOptions> = (typeof options === 'object' && options) || {}
  if (
    (given.corpSecret === undefined) === (given.credentials === undefined) &&
    !issues.some((i) => i.path === 'corpSecret')
  ) {
    issues.push({ path: 'corpSecret', message: 'give corpSecret or a credentials strategy (one of them)' })
  }
  if (!result.success || issues.length > 0) throw new WeComValidationError(issues, 'client options')
  const o = result.output
  const baseUrl =
    o.baseUrl === undefined ? DEFAULT_BASE_URL : o.baseUrl.endsWith('/') ? o.baseUrl : `${o.baseUrl}/`
  const resolved: ResolvedClientOptions = Object.freeze({
    corpId: o.corpId,
    agentId: o.agentId,
    baseUrl,
    timeout: o.timeout ?? 10_000,
    retry: Object.freeze({
      retries: o.retry?.retries ?? 3,
      minTimeout: o.retry?.minTimeout ?? 200,
      maxTimeout: o.retry?.maxTimeout ?? 3_000,
    }),
    duplicateCheck:
      o.duplicateCheck === undefined || o.duplicateCheck === false
        ? undefined
        : Object.freeze({
            interval: (o.duplicateCheck === true ? undefined : o.duplicateCheck.interval) ?? 1_800,
          }),
  })
  return {
    resolved,
    credentials: o.credentials ? { strategy: o.credentials } : { corpSecret: o.corpSecret as string },
    fetch: o.fetch as typeof fetch | undefined,
    tokenStore: options.tokenStore,
    hooks: options.hooks,
  }
}

/** Per-call options, checked by hand: this runs on every call. */
export function checkCallOptions(opts: ClientRequestOptions): void {
  const { signal, timeout, query } = opts
  if (query) {
    for (const name in query) {
      const value = query[name]
      if (typeof value === 'string' && !isWellFormed(value)) {
        throw validationError(
          'request options',
          `query.${name}`,
          `query.${name} must be well-formed text: it holds a lone surrogate`,
        )
      }
    }
  }
  if (signal !== undefined && !(typeof signal === 'object' && signal !== null && 'aborted' in signal)) {
    throw validationError('request options', 'signal', 'signal must be an AbortSignal')
  }
  if (timeout !== undefined && !(Number.isInteger(timeout) && timeout >= 1 && timeout <= MAX_TIMEOUT)) {
    throw validationError('request options', 'timeout', 'timeout must be an integer from 1 to 2147483647 ms')
  }
}
