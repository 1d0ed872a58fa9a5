import ky, { type KyInstance } from 'ky'
import { WeComApiError, WeComHttpError, WeComNetworkError } from './errors.js'
import { parseWeComJson } from './json.js'
import { redactUrl, scrubError } from './redact.js'

export type HttpMethod = 'GET' | 'POST'
export type QueryValue = string | number | boolean | undefined
export type Query = Record<string, QueryValue>

/** What hooks see of a request. `url` has its access_token replaced by `***`. */
export interface RequestInfo {
  method: HttpMethod
  path: string
  url: string
  /** 1 for the first try, then 2, 3 … across retries and the token-refresh replay. */
  attempt: number
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
  retriesLeft: number
  error: import('./errors.js').WeComError
}

export interface Hooks {
  beforeRequest?: (info: RequestInfo) => void | Promise<void>
  afterResponse?: (info: ResponseInfo) => void | Promise<void>
  onRetry?: (info: RetryInfo) => void | Promise<void>
}

export interface Attempt {
  method: HttpMethod
  path: string
  query?: Query | undefined
  json?: unknown
  /** A function is called per attempt, so that a retry sends a fresh body. */
  body?: BodyInit | (() => BodyInit) | undefined
  headers?: Record<string, string> | undefined
  signal?: AbortSignal | undefined
  timeout: number
  accessToken?: string | undefined
  attempt: number
  /** Resolve to the unread `Response` unless WeCom answers JSON (media/get). */
  stream?: boolean | undefined
}

export interface TransportOptions {
  baseUrl: string
  fetch?: typeof fetch | undefined
  hooks?: Hooks | undefined
}

export interface Transport {
  /** One HTTP exchange: resolves to WeCom's JSON body with errcode 0, or throws a typed error. */
  send<T>(attempt: Attempt): Promise<T>
}

// Errors that happen before a connection exists: the request cannot have reached WeCom.
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH'])

export function createTransport(options: TransportOptions): Transport {
  const { baseUrl, hooks } = options
  // One ky instance for the client, its own retry off: p-retry owns retries. The timeout is
  // set per call; ky's covers the wait for headers, `readText` the rest of the time budget.
  const http: KyInstance = ky.create({
    retry: 0,
    throwHttpErrors: false,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  })

  return {
    async send<T>(a: Attempt): Promise<T> {
      const url = buildUrl(baseUrl, a.path, a.query, a.accessToken)
      const info: RequestInfo = { method: a.method, path: a.path, url: redactUrl(url), attempt: a.attempt }
      await hooks?.beforeRequest?.(info)

      const started = performance.now()
      let status: number
      let text: string
      try {
        // No signal of ours: an extra signal costs ky an AbortSignal.any per call, which
        // measured at a fifth of a local round trip.
        const response = await http(url, {
          method: a.method,
          timeout: a.timeout,
          ...(a.signal ? { signal: a.signal } : {}),
          ...(a.json !== undefined ? { json: a.json } : {}),
          ...(a.body !== undefined ? { body: typeof a.body === 'function' ? a.body() : a.body } : {}),
          ...(a.headers ? { headers: a.headers } : {}),
        })
        status = response.status
        if (a.stream && status >= 200 && status < 300 && !isJson(response)) {
          await hooks?.afterResponse?.({
            ...info,
            status,
            durationMs: performance.now() - started,
            errcode: undefined,
          })
          return response as T
        }
        text = await readText(response, a.timeout - (performance.now() - started))
      } catch (error) {
        throw networkError(error, a)
      }

      const body = parseBody(text)
      const errcode = typeof body?.errcode === 'number' ? body.errcode : undefined
      await hooks?.afterResponse?.({ ...info, status, durationMs: performance.now() - started, errcode })

      if (status < 200 || status >= 300) throw new WeComHttpError(status, a.path, describeBody(text, body))
      if (!body) throw new WeComHttpError(status, a.path, `expected JSON, got ${describeBody(text, body)}`)
      if (errcode !== undefined && errcode !== 0) {
        throw new WeComApiError(errcode, typeof body.errmsg === 'string' ? body.errmsg : '', a.path)
      }
      return body as T
    },
  }
}

/** WeCom's binary endpoints answer JSON (`application/json` or `text/plain`) when they fail. */
function isJson(response: Response): boolean {
  const type = response.headers.get('content-type') ?? ''
  return type.includes('json') || type.startsWith('text/plain')
}

class BodyTimeoutError extends Error {
  override name = 'TimeoutError'
}

/**
 * The body as text within `ms`: a server that sends headers and then stalls must not hang
 * the call. Cancelling the reader closes the connection.
 */
async function readText(response: Response, ms: number): Promise<string> {
  const reader = response.body?.getReader()
  if (!reader) return ''
  let expired = false
  const timer = setTimeout(
    () => {
      expired = true
      reader.cancel().catch(() => {})
    },
    Math.max(1, ms),
  )
  try {
    const decoder = new TextDecoder()
    let text = ''
    for (;;) {
      const { done, value } = await reader.read()
      if (expired) throw new BodyTimeoutError('the response body did not arrive in time')
      if (done) return text + decoder.decode()
      text += decoder.decode(value, { stream: true })
    }
  } finally {
    clearTimeout(timer)
  }
}

export function buildUrl(
  baseUrl: string,
  path: string,
  query: Query | undefined,
  accessToken?: string,
): string {
  let url = baseUrl + (path.startsWith('/') ? path.slice(1) : path)
  let sep = url.includes('?') ? '&' : '?'
  if (accessToken !== undefined) {
    url += `${sep}access_token=${encodeURIComponent(accessToken)}`
    sep = '&'
  }
  if (query) {
    for (const name in query) {
      const value = query[name]
      if (value === undefined) continue
      url += `${sep}${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`
      sep = '&'
    }
  }
  return url
}

function parseBody(text: string): Record<string, unknown> | undefined {
  if (text === '') return undefined
  try {
    const body = parseWeComJson(text)
    return typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

function describeBody(text: string, body: unknown): string | undefined {
  if (body) return undefined
  if (text === '') return 'an empty body'
  // Error pages of proxies and frameworks may echo the request URL, token and all.
  const safe = redactUrl(text)
  const head = safe.slice(0, 80).replace(/\s+/g, ' ')
  return `a body that is not JSON: "${head}${safe.length > 80 ? '…' : ''}"`
}

function networkError(error: unknown, a: Attempt): WeComNetworkError {
  const cause = scrubError(error)
  if (a.signal?.aborted) {
    return new WeComNetworkError(`WeCom ${a.path} was aborted by the caller`, {
      path: a.path,
      aborted: true,
      cause,
    })
  }
  // ky's TimeoutError (waiting for headers) or ours (reading the body).
  if (error instanceof Error && error.name === 'TimeoutError') {
    return new WeComNetworkError(`WeCom ${a.path} timed out after ${a.timeout} ms`, {
      path: a.path,
      timeout: true,
      cause,
    })
  }
  const code = errorCode(error)
  return new WeComNetworkError(`WeCom ${a.path} failed: ${cause.message}${code ? ` (${code})` : ''}`, {
    path: a.path,
    cause,
    code,
  })
}

/** Node's error code, which undici hides one or two `cause`s deep. */
export function errorCode(error: unknown): string | undefined {
  for (let e: any = error, depth = 0; e && depth < 4; e = e.cause, depth++) {
    if (typeof e.code === 'string') return e.code
    if (Array.isArray(e.errors) && typeof e.errors[0]?.code === 'string') return e.errors[0].code
  }
  return undefined
}

/** True when a network error happened before any byte could reach WeCom. */
export function neverSent(error: WeComNetworkError): boolean {
  return error.code !== undefined && NOT_SENT_CODES.has(error.code)
}
