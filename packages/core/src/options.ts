import type { Credentials } from './credentials.js'
import { type ValidationIssue, validationError, WeComValidationError } from './errors.js'
import type { Hooks, HttpMethod } from './hooks.js'
import { DEFAULT_RATE_LIMIT, type RateLimitOptions } from './pacing.js'
import type { RetryOptions } from './retry.js'
import type { TokenStore } from './token.js'
import type { Query, RequestBody } from './transport.js'
import { isWellFormed } from './validate.js'

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
  /**
   * Pacing per corp and API path within WeCom's limits, shared by every client of the corp in
   * the process (default on: WeCom's documented limits). `false` turns it off: nothing waits,
   * and a 45009 surfaces as a `WeComApiError`.
   */
  rateLimit?: RateLimitOptions | boolean | undefined
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
  /**
   * Pacing, or false when off. An undefined limit is WeCom's for each path (10 000 a minute and
   * 150 000 an hour for most).
   */
  readonly rateLimit:
    | false
    | {
        readonly requestsPerMinute: number | undefined
        readonly requestsPerHour: number | undefined
        readonly maxConcurrent: number
      }
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
  /**
   * The query parameter this call's token goes in, when the path wants another than the
   * client's (a provider's `service/get_login_info` takes the provider token as `access_token`).
   */
  tokenParam?: string | undefined
}

/** setTimeout's ceiling: a longer timeout would fire at once. */
export const MAX_TIMEOUT = 2_147_483_647

// The options are checked by hand, rule by rule: this is every app's startup path and every
// bundle carries it. No message quotes the value it refuses: a secret may sit in the wrong
// option.

/** What is wrong with a value (the path names the field at fault), or undefined when nothing is. */
type Rule = (value: unknown, path: string) => ValidationIssue | undefined

const issue = (path: string, message: string): ValidationIssue => ({ path, message })

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null

const text: Rule = (value, path) =>
  typeof value !== 'string'
    ? issue(path, `${path} must be a string`)
    : value === ''
      ? issue(path, `${path} must not be empty`)
      : isWellFormed(value)
        ? undefined
        : issue(path, `${path} must be well-formed text`)

const integer =
  (min: number, max: number, unit = ''): Rule =>
  (value, path) =>
    Number.isInteger(value) && (value as number) >= min && (value as number) <= max
      ? undefined
      : issue(path, `${path} must be an integer from ${min} to ${max}${unit}`)

const func: Rule = (value, path) =>
  typeof value === 'function' ? undefined : issue(path, `${path} must be a function`)

const withMethods =
  (...names: string[]): Rule =>
  (value, path) =>
    isObject(value) && names.every((name) => typeof value[name] === 'function')
      ? undefined
      : issue(path, `${path} must have ${names.join(' and ')} methods`)

const httpUrl: Rule = (value, path) => {
  try {
    if (typeof value === 'string' && /^https?:$/.test(new URL(value).protocol)) return undefined
  } catch {}
  return issue(path, `${path} must be an absolute http(s) URL`)
}

/** An object whose fields are all optional, each checked by its rule. */
const fields =
  (rules: Record<string, Rule>): Rule =>
  (value, path) => {
    if (!isObject(value)) return issue(path, `${path} must be an object`)
    for (const name in rules) {
      const found = value[name] === undefined ? undefined : rules[name]!(value[name], `${path}.${name}`)
      if (found) return found
    }
    return undefined
  }

/** An agent id as a number: agent ids often come from environment variables, as strings. */
const numeric = (value: unknown) =>
  typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : value

const OPTION_RULES: Record<string, Rule> = {
  corpSecret: text,
  credentials: withMethods('cacheKey', 'fetchToken'),
  // A numeric string too: agent ids often come from environment variables.
  agentId: (value, path) => integer(0, 2 ** 31 - 1)(numeric(value), path),
  baseUrl: httpUrl,
  fetch: func,
  timeout: integer(1, MAX_TIMEOUT, ' ms'),
  retry: fields({
    retries: integer(0, 20),
    minTimeout: integer(0, MAX_TIMEOUT),
    maxTimeout: integer(0, MAX_TIMEOUT),
  }),
  tokenStore: withMethods('get', 'set'),
  duplicateCheck: (value, path) =>
    typeof value === 'boolean'
      ? undefined
      : fields({ interval: integer(1, 14_400, ' s (4 hours)') })(value, path),
  hooks: fields({ beforeRequest: func, afterResponse: func, onRetry: func, onStoreError: func }),
  rateLimit: (value, path) =>
    typeof value === 'boolean'
      ? undefined
      : fields({
          requestsPerMinute: integer(1, 1e9),
          requestsPerHour: integer(1, 1e9),
          maxConcurrent: integer(1, 100_000),
          limiter: withMethods('corp'),
        })(value, path),
}

/** Checked options, with every default filled in. */
export interface CheckedClientOptions {
  resolved: ResolvedClientOptions
  /** The secret (or the caller's own strategy); kept out of `resolved`. */
  credentials: { corpSecret: string } | { strategy: Credentials }
  fetch: typeof fetch | undefined
  tokenStore: TokenStore | undefined
  hooks: Hooks | undefined
  rateLimit: RateLimitOptions | false
}

export function checkClientOptions(options: ClientOptions): CheckedClientOptions {
  if (!isObject(options)) throw validationError('client options', '', 'createClient takes an options object')
  const issues: ValidationIssue[] = []
  const found =
    options.corpId === undefined ? issue('corpId', 'corpId is required') : text(options.corpId, 'corpId')
  if (found) issues.push(found)
  for (const name in OPTION_RULES) {
    const value = (options as unknown as Record<string, unknown>)[name]
    const wrong = value === undefined ? undefined : OPTION_RULES[name]!(value, name)
    if (wrong) issues.push(wrong)
  }
  // One credential: a secret or a strategy.
  if (
    (options.corpSecret === undefined) === (options.credentials === undefined) &&
    !issues.some((i) => i.path === 'corpSecret')
  ) {
    issues.push(issue('corpSecret', 'give corpSecret or a credentials strategy (one of them)'))
  }
  if (issues.length > 0) throw new WeComValidationError(issues, 'client options')

  const o = options
  const rateLimit = o.rateLimit === false ? false : typeof o.rateLimit === 'object' ? o.rateLimit : {}
  const baseUrl =
    o.baseUrl === undefined ? DEFAULT_BASE_URL : o.baseUrl.endsWith('/') ? o.baseUrl : `${o.baseUrl}/`
  const resolved: ResolvedClientOptions = Object.freeze({
    corpId: o.corpId,
    agentId: numeric(o.agentId) as number | undefined,
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
    rateLimit:
      rateLimit &&
      Object.freeze({
        requestsPerMinute: rateLimit.requestsPerMinute,
        requestsPerHour: rateLimit.requestsPerHour,
        maxConcurrent: rateLimit.maxConcurrent ?? DEFAULT_RATE_LIMIT.maxConcurrent,
      }),
  })
  return {
    resolved,
    credentials: o.credentials ? { strategy: o.credentials } : { corpSecret: o.corpSecret as string },
    fetch: o.fetch as typeof fetch | undefined,
    tokenStore: options.tokenStore,
    hooks: options.hooks,
    rateLimit,
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
  if (opts.tokenParam !== undefined && !/^[a-z_]{1,64}$/.test(String(opts.tokenParam))) {
    throw validationError(
      'request options',
      'tokenParam',
      'tokenParam must be a query parameter name (a-z, _)',
    )
  }
  if (timeout !== undefined && !(Number.isInteger(timeout) && timeout >= 1 && timeout <= MAX_TIMEOUT)) {
    throw validationError('request options', 'timeout', 'timeout must be an integer from 1 to 2147483647 ms')
  }
}
