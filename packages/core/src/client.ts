import * as v from 'valibot'
import { linkSignal } from './abort.js'
import {
  isWeComApiError,
  isWeComError,
  type WeComApiError,
  type WeComError,
  WeComHttpError,
  WeComNetworkError,
  WeComValidationError,
} from './errors.js'
import { scrubError } from './redact.js'
import type { Resource, WithResources } from './resource.js'
import { type RetryOptions, withRetry } from './retry.js'
import {
  createTokenProvider,
  type FreshToken,
  memoryTokenStore,
  type TokenProvider,
  type TokenStore,
  tokenKey,
} from './token.js'
import {
  createTransport,
  type Hooks,
  type HttpMethod,
  type Query,
  type RequestBody,
  type Transport,
} from './transport.js'
import { isWellFormed, parseInput } from './validate.js'

export const DEFAULT_BASE_URL = 'https://qyapi.weixin.qq.com/cgi-bin/'

export interface ClientOptions {
  corpId: string
  corpSecret: string
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

export interface WeComClient {
  readonly options: ResolvedClientOptions
  /** Calls any WeCom path with token injection, retries and error mapping. */
  request<T = Record<string, unknown>>(path: string, options?: ClientRequestOptions): Promise<T>
  /** A valid access token, fetched or refreshed as needed. */
  getAccessToken(): Promise<string>
  /**
   * A value kept in the token store under its own key, like the access token: fetched once,
   * shared by concurrent callers (and by a fleet, with a locking store), refreshed ahead of
   * expiry. Resources use it for JS-SDK tickets. The first `fetch` given for a `kind` is the
   * one used; `kind` names the value (`jsapi_ticket`, `agent_config:1000002`).
   */
  cached(kind: string, fetch: () => Promise<FreshToken>): TokenProvider
  /** A new client with one namespace per resource, sharing this client's transport and tokens. */
  with<const R extends readonly Resource[]>(...resources: R): this & WithResources<R>
}

const nonNegativeInt = (what: string) =>
  v.pipe(v.number(`${what} must be a number`), v.integer(`${what} must be an integer`), v.minValue(0))

/** setTimeout's ceiling: a longer timeout would fire at once. */
const MAX_TIMEOUT = 2_147_483_647

const ClientOptionsSchema = v.object({
  // Custom messages: valibot's default ones quote the received value, which could be a secret.
  corpId: v.pipe(
    v.string('corpId is required (a string)'),
    v.nonEmpty('corpId must not be empty'),
    v.check(isWellFormed, 'corpId must be well-formed text'),
  ),
  corpSecret: v.pipe(
    v.string('corpSecret is required (a string)'),
    v.nonEmpty('corpSecret must not be empty'),
    v.check(isWellFormed, 'corpSecret must be well-formed text'),
  ),
  agentId: v.optional(
    v.union(
      [nonNegativeInt('agentId'), v.pipe(v.string(), v.regex(/^\d+$/), v.transform(Number))],
      'agentId must be an integer',
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

/** Reserved client members that a resource may not use as its name. */
const RESERVED = new Set(['options', 'request', 'getAccessToken', 'cached', 'with'])

// valibot's default messages quote the received value, and a secret can land in the wrong
// option: issues without a message of their own never show what was received.
const QUIET: v.Config<v.BaseIssue<unknown>> = {
  message: (issue) => (issue.received === 'undefined' ? 'is required' : `expected ${issue.expected}`),
}

export function createClient(options: ClientOptions): WeComClient {
  const o = parseInput(ClientOptionsSchema, options, 'client options', QUIET)
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
  const hooks = options.hooks
  const transport: Transport = createTransport({ baseUrl, fetch: o.fetch as typeof fetch | undefined, hooks })
  const store = options.tokenStore ?? memoryTokenStore()
  const secret = o.corpSecret

  // Errors from gettoken were retried by the token fetch itself; the call that needed the
  // token must not retry them again (a bad secret would turn into a storm of gettoken calls).
  const tokenFailures = new WeakSet<object>()
  // A refused credential is remembered for a while: every call asking gettoken again would
  // get this IP banned (WeCom bans after repeated bad secrets).
  let refused: { error: WeComApiError; until: number } | undefined

  const fetchToken = async () => {
    if (refused && Date.now() < refused.until) throw refused.error
    try {
      const body = await withRetry(
        (attempt) =>
          transport.send<{ access_token?: unknown; expires_in?: unknown }>({
            method: 'GET',
            path: 'gettoken',
            query: { corpid: resolved.corpId, corpsecret: secret },
            timeout: resolved.timeout,
            attempt,
          }),
        { retry: resolved.retry, idempotent: true, onRetry: retryHook('GET', 'gettoken') },
      )
      if (typeof body.access_token !== 'string' || body.access_token === '') {
        throw new WeComHttpError(200, 'gettoken', 'the answer has no access_token')
      }
      return {
        value: body.access_token,
        expiresIn: typeof body.expires_in === 'number' ? body.expires_in : 7200,
      }
    } catch (error) {
      if (typeof error === 'object' && error !== null) tokenFailures.add(error)
      if (isWeComApiError(error) && CREDENTIAL_ERRCODES.has(error.errcode)) {
        refused = { error, until: Date.now() + CREDENTIAL_COOL_DOWN_MS }
      }
      throw error
    }
  }

  const providers = new Map<string, Promise<TokenProvider>>()
  function cachedProvider(kind: string, fetch: () => Promise<FreshToken>): Promise<TokenProvider> {
    let provider = providers.get(kind)
    if (!provider) {
      provider = tokenKey(resolved.corpId, secret, kind).then((key) =>
        createTokenProvider({
          store,
          key,
          fetch,
          // The lock must outlast one whole fetch, retries and backoff included, or a second
          // process would take over a refresh that is still going.
          leaseMs:
            resolved.timeout * (resolved.retry.retries + 1) +
            resolved.retry.maxTimeout * resolved.retry.retries,
          onStoreError: hooks?.onStoreError
            ? (error, operation) => hooks.onStoreError?.({ operation, key, error: scrubError(error) })
            : undefined,
        }),
      )
      providers.set(kind, provider)
    }
    return provider
  }
  const tokenProvider = () => cachedProvider('access_token', fetchToken)

  function retryHook(method: HttpMethod, path: string) {
    const onRetry = hooks?.onRetry
    return onRetry
      ? (error: WeComError, attempt: number, retriesLeft: number) =>
          onRetry({ method, path, attempt, retriesLeft, error })
      : undefined
  }

  async function request<T>(path: string, opts: ClientRequestOptions = {}): Promise<T> {
    checkCallOptions(opts)
    // A streamed answer is read after this call returns, so it keeps the caller's own signal.
    const link = opts.signal && !opts.stream ? linkSignal(opts.signal) : undefined
    const signal = link ? link.signal : opts.signal
    try {
      return await requestWith<T>(path, opts, signal)
    } finally {
      link?.unlink()
    }
  }

  async function requestWith<T>(
    path: string,
    opts: ClientRequestOptions,
    signal: AbortSignal | undefined,
  ): Promise<T> {
    const method: HttpMethod =
      opts.method ?? (opts.json !== undefined || opts.body !== undefined ? 'POST' : 'GET')
    if (signal?.aborted) throw abortedError(path)
    const provider = await tokenProvider()
    let attempt = 0
    const send = (accessToken: string) =>
      transport.send<T>({
        method,
        path,
        query: opts.query,
        json: opts.json,
        body: opts.body,
        headers: opts.headers,
        stream: opts.stream,
        signal,
        timeout: opts.timeout ?? resolved.timeout,
        accessToken,
        attempt: ++attempt,
      })

    // The refresh is shared with other calls and goes on; this call stops waiting on abort.
    const token = () => unlessAborted(provider.get(), signal, path)

    const once = async () => {
      const current = await token()
      try {
        return await send(current)
      } catch (error) {
        // WeCom may expire a token early: drop it, refresh once (shared by every call that
        // saw it) and replay once. A second rejection surfaces; it never loops.
        if (!isWeComApiError(error) || (error.errcode !== 40014 && error.errcode !== 42001)) throw error
        await provider.invalidate(current)
        return send(await token())
      }
    }

    try {
      return await withRetry(once, {
        retry: resolved.retry,
        idempotent: opts.idempotent ?? method === 'GET',
        signal,
        onRetry: retryHook(method, path),
        retryable: (error) => !tokenFailures.has(error as object),
      })
    } catch (error) {
      if (isWeComError(error)) throw error
      if (signal?.aborted) throw abortedError(path)
      throw error
    }
  }

  const client: WeComClient = {
    options: resolved,
    request,
    async getAccessToken() {
      return (await tokenProvider()).get()
    },
    cached(kind, fetch) {
      const provider = () => cachedProvider(kind, fetch)
      return {
        get: async () => (await provider()).get(),
        invalidate: async (stale) => (await provider()).invalidate(stale),
      }
    },
    with: (...resources) => attach(client, resources) as never,
  }
  return client
}

/** gettoken errcodes that mean the credentials are wrong: 40001 secret, 40013 corpId. */
const CREDENTIAL_ERRCODES = new Set([40001, 40013])
const CREDENTIAL_COOL_DOWN_MS = 60_000

/** Per-call options, checked by hand: this runs on every call. */
function checkCallOptions(opts: ClientRequestOptions): void {
  const { signal, timeout, query } = opts
  if (query) {
    for (const name in query) {
      const value = query[name]
      if (typeof value === 'string' && !isWellFormed(value)) {
        throw new WeComValidationError(
          [
            {
              path: `query.${name}`,
              message: `query.${name} must be well-formed text: it holds a lone surrogate`,
            },
          ],
          'request options',
        )
      }
    }
  }
  if (signal !== undefined && !(typeof signal === 'object' && signal !== null && 'aborted' in signal)) {
    throw new WeComValidationError(
      [{ path: 'signal', message: 'signal must be an AbortSignal' }],
      'request options',
    )
  }
  if (timeout !== undefined && !(Number.isInteger(timeout) && timeout >= 1 && timeout <= MAX_TIMEOUT)) {
    throw new WeComValidationError(
      [{ path: 'timeout', message: 'timeout must be an integer from 1 to 2147483647 ms' }],
      'request options',
    )
  }
}

function abortedError(path: string): WeComNetworkError {
  return new WeComNetworkError(`WeCom ${path} was aborted by the caller`, { path, aborted: true })
}

/** `promise`, or a rejection as soon as `signal` aborts. */
function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined, path: string): Promise<T> {
  if (!signal) return promise
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortedError(path))
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

/** A copy of `base` with a namespace per resource, built against the copy itself. */
function attach(base: WeComClient, resources: readonly Resource[]): WeComClient {
  const next: WeComClient = { ...base, with: (...more) => attach(next, more) as never }
  for (const resource of resources) {
    if (RESERVED.has(resource.name)) throw new TypeError(`A resource cannot be named "${resource.name}"`)
    ;(next as unknown as Record<string, unknown>)[resource.name] = resource.create(next)
  }
  return next
}
