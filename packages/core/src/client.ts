import { linkSignal, unlessAborted } from './abort.js'
import {
  type Credentials,
  corpSecretCredentials,
  createTokenFetcher,
  INVALID_TOKEN_ERRCODES,
} from './credentials.js'
import { abortedError, isWeComApiError, isWeComError, type WeComError } from './errors.js'
import type { HttpMethod } from './hooks.js'
import {
  type ClientOptions,
  type ClientRequestOptions,
  checkCallOptions,
  checkClientOptions,
  type ResolvedClientOptions,
} from './options.js'
import { createPacing } from './pacing.js'
import { scrubError } from './redact.js'
import type { Resource, WithResources } from './resource.js'
import { withRetry } from './retry.js'
import { createTokenProvider, type FreshToken, memoryTokenStore, type TokenProvider } from './token.js'
import { createTransport } from './transport.js'

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

/** Reserved client members that a resource may not use as its name. */
const RESERVED = new Set(['options', 'request', 'getAccessToken', 'cached', 'with'])

/**
 * A client for one credential: `{ corpId, corpSecret }`, or `{ corpId, credentials }` with a
 * strategy. Every call goes: check options → token (shared, refreshed ahead of expiry) →
 * transport (one HTTP exchange, errcode mapped to an error) → retry when the failure is transient
 * and the call safe to send again → on an invalid token, refresh and replay once.
 */
export function createClient(options: ClientOptions): WeComClient {
  const checked = checkClientOptions(options)
  const { resolved, hooks } = checked
  const strategy: Credentials =
    'strategy' in checked.credentials
      ? checked.credentials.strategy
      : corpSecretCredentials(resolved.corpId, checked.credentials.corpSecret)
  // The corp's rate budget, shared with every client of the corp (pacing.ts); off with `rateLimit: false`.
  const pacing = createPacing(resolved.corpId, checked.rateLimit, hooks)
  const transport = createTransport({
    baseUrl: resolved.baseUrl,
    fetch: checked.fetch,
    hooks,
    tokenParam: strategy.tokenParam,
  })
  const store = checked.tokenStore ?? memoryTokenStore()
  const retryHook = (method: HttpMethod, path: string, waited?: () => number) =>
    hooks?.onRetry
      ? (error: WeComError, attempt: number, retriesLeft: number) =>
          hooks.onRetry?.({ method, path, attempt, retriesLeft, error, waitedMs: waited?.() })
      : undefined
  // The token fetch: a call without a token, retried like a read (asking again is harmless).
  const tokens = createTokenFetcher(strategy, (path, init = {}) => {
    const method = init.method ?? (init.json === undefined ? 'GET' : 'POST')
    return withRetry(
      (attempt) =>
        transport.send({
          method,
          path,
          query: init.query,
          json: init.json,
          timeout: resolved.timeout,
          attempt,
        }),
      { retry: resolved.retry, idempotent: true, onRetry: retryHook(method, path) },
    )
  })
  const invalidToken = new Set([...INVALID_TOKEN_ERRCODES, ...(strategy.invalidTokenErrcodes ?? [])])

  // One provider per kind of value (the access token, each ticket), made on first use.
  const providers = new Map<string, Promise<TokenProvider>>()
  function providerFor(kind: string, fetch: () => Promise<FreshToken>): Promise<TokenProvider> {
    let provider = providers.get(kind)
    if (!provider) {
      provider = strategy.cacheKey(kind).then((key) =>
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
  const accessToken = () => providerFor('access_token', tokens.fetch)

  async function request<T>(path: string, opts: ClientRequestOptions = {}): Promise<T> {
    checkCallOptions(opts)
    // A streamed answer is read after this call returns, so it keeps the caller's own signal.
    const link = opts.signal && !opts.stream ? linkSignal(opts.signal) : undefined
    const signal = link ? link.signal : opts.signal
    try {
      return await send<T>(path, opts, signal)
    } finally {
      link?.unlink()
    }
  }

  async function send<T>(path: string, opts: ClientRequestOptions, signal: AbortSignal | undefined) {
    const method: HttpMethod =
      opts.method ?? (opts.json !== undefined || opts.body !== undefined ? 'POST' : 'GET')
    if (signal?.aborted) throw abortedError(path, 'no')
    const provider = await accessToken()
    let attempt = 0
    const lane = pacing?.corp.lane(path)
    let waitedMs = 0
    const exchange = (token: string) =>
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
        accessToken: token,
        tokenParam: opts.tokenParam,
        attempt: ++attempt,
        waitedMs: lane ? waitedMs : undefined,
      })

    // The refresh is shared with other calls and goes on; this call stops waiting on abort.
    const token = () => unlessAborted(provider.get(), signal, path)

    const once = async (): Promise<T> => {
      for (let replayed = false; ; ) {
        const current = await token()
        // A rate slot: at once when free (synchronous), else after waiting in line.
        let ticket = lane ? lane.take() : 0
        if (lane && ticket < 0) {
          const from = lane.now()
          ticket = await lane.wait(signal, path, pacing?.report)
          waitedMs += lane.now() - from
        }
        try {
          const answer = await exchange(current)
          lane?.done(ticket, undefined, pacing?.report)
          return answer
        } catch (error) {
          // A 45009 that still arrived: the lane waits out WeCom's block, then the call goes again.
          if (lane?.done(ticket, error, pacing?.report)) continue
          // WeCom may expire a token early: drop it, refresh once (shared by every call that
          // saw it) and replay once. A second rejection surfaces; it never loops.
          if (replayed || !isWeComApiError(error) || !invalidToken.has(error.errcode)) throw error
          await provider.invalidate(current)
          replayed = true
        }
      }
    }

    try {
      return await withRetry(once, {
        retry: resolved.retry,
        idempotent: opts.idempotent ?? method === 'GET',
        signal,
        onRetry: retryHook(method, path, lane && hooks?.onRetry ? () => waitedMs : undefined),
        retryable: (error) => !tokens.isTokenFailure(error),
      })
    } catch (error) {
      if (isWeComError(error)) throw error
      if (signal?.aborted) throw abortedError(path, 'maybe')
      throw error
    }
  }

  const client: WeComClient = {
    options: resolved,
    request,
    async getAccessToken() {
      return (await accessToken()).get()
    },
    cached(kind, fetch) {
      const provider = () => providerFor(kind, fetch)
      return {
        get: async () => (await provider()).get(),
        invalidate: async (stale) => (await provider()).invalidate(stale),
      }
    },
    with: (...resources) => attach(client, resources) as never,
  }
  return client
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
