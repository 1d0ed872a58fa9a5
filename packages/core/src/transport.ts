import type { KyInstance } from 'ky'
import { abortedError, validationError, WeComApiError, WeComHttpError, WeComNetworkError } from './errors.js'
import type { Hooks, HttpMethod, RequestInfo } from './hooks.js'
import { parseWeComJson } from './json.js'
import { redactEcho, redactUrl, scrubError, stringsIn } from './redact.js'

/**
 * A request body fetch accepts. Spelled through `RequestInit`, which both the DOM lib and
 * @types/node declare, so that a Node project without the DOM lib can check our types.
 */
export type RequestBody = NonNullable<RequestInit['body']>
export type QueryValue = string | number | boolean | undefined
export type Query = Record<string, QueryValue>

export interface Attempt {
  method: HttpMethod
  path: string
  query?: Query | undefined
  json?: unknown
  /** A function is called per attempt, so that a retry sends a fresh body. */
  body?: RequestBody | (() => RequestBody) | undefined
  headers?: Record<string, string> | undefined
  signal?: AbortSignal | undefined
  timeout: number
  /** The token, sent as `tokenParam` in the query. */
  accessToken?: string | undefined
  /** This call's token parameter, when it is not the client's. */
  tokenParam?: string | undefined
  attempt: number
  /** Resolve to the unread `Response` unless WeCom answers JSON (media/get). */
  stream?: boolean | undefined
  /** How long the call waited for a rate slot so far, for the hooks (paced calls only). */
  waitedMs?: number | undefined
}

export interface TransportOptions {
  baseUrl: string
  /** The query parameter that carries the token: `access_token`, or a suite's `suite_access_token`. */
  tokenParam?: string | undefined
  fetch?: typeof fetch | undefined
  hooks?: Hooks | undefined
}

export interface Transport {
  /** One HTTP exchange: resolves to WeCom's JSON body with errcode 0, or throws a typed error. */
  send<T>(attempt: Attempt): Promise<T>
}

// Errors that happen before a connection exists: the request cannot have reached WeCom.
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
])

/**
 * ky, loaded on the first request rather than at import: ky probes the platform by building a
 * `Request` when it loads, which costs 35–50 ms on Node (its fetch implementation loads then).
 * An app that imports wecom-kit and sends nothing pays none of it.
 */
let kyModule: Promise<typeof import('ky')> | undefined

export function createTransport(options: TransportOptions): Transport {
  const { baseUrl, hooks } = options
  const tokenParam = options.tokenParam ?? 'access_token'
  // One ky instance for the client, its own retry off: p-retry owns retries. The timeout is
  // set per call; ky's covers the wait for headers, `readText` the rest of the time budget.
  let http: KyInstance | undefined
  const createHttp = async () => {
    kyModule ??= import('ky')
    http ??= (await kyModule).default.create({
      retry: 0,
      throwHttpErrors: false,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    })
    return http
  }

  return {
    async send<T>(a: Attempt): Promise<T> {
      const url = buildUrl(
        baseUrl,
        a.path,
        a.query,
        a.accessToken === undefined ? undefined : [a.tokenParam ?? tokenParam, a.accessToken],
      )
      const body = requestBody(a)
      // What hooks see, built only for hooks that look (the redaction is a regex over the URL).
      let seen: RequestInfo | undefined
      const info = () =>
        (seen ??= {
          method: a.method,
          path: a.path,
          url: redactUrl(url),
          attempt: a.attempt,
          ...(a.waitedMs === undefined ? {} : { waitedMs: a.waitedMs }),
        })
      if (hooks?.beforeRequest) await hooks.beforeRequest(info())
      const exchange = http ?? (await createHttp())

      const started = performance.now()
      let response: Response
      try {
        // No signal of ours: an extra signal costs ky an AbortSignal.any per call, which
        // measured at a fifth of a local round trip.
        response = await exchange(url, {
          method: a.method,
          timeout: a.timeout,
          ...(a.signal ? { signal: a.signal } : {}),
          ...body,
        })
      } catch (error) {
        throw networkError(error, a)
      }
      const status = response.status

      if (a.stream && status >= 200 && status < 300 && !isJsonAnswer(response)) {
        try {
          await hooks?.afterResponse?.({
            ...info(),
            status,
            durationMs: performance.now() - started,
            errcode: undefined,
          })
        } catch (error) {
          await response.body?.cancel().catch(() => {})
          throw error
        }
        return response as T
      }

      let text: string
      try {
        text = await readText(response, a.timeout - (performance.now() - started), a.signal)
      } catch (error) {
        throw networkError(error, a)
      }
      const json = parseBody(text)
      const errcode = errcodeOf(json)
      const known = Number.isNaN(errcode) ? undefined : errcode
      if (hooks?.afterResponse) {
        await hooks.afterResponse({
          ...info(),
          status,
          durationMs: performance.now() - started,
          errcode: known,
        })
      }

      if (status < 200 || status >= 300) throw new WeComHttpError(status, a.path, describeBody(text, json, a))
      if (!json) throw new WeComHttpError(status, a.path, `expected JSON, got ${describeBody(text, json, a)}`)
      if (Number.isNaN(errcode)) throw new WeComHttpError(status, a.path, 'its errcode is not a number')
      if (errcode !== undefined && errcode !== 0) {
        throw new WeComApiError(errcode, typeof json.errmsg === 'string' ? json.errmsg : '', a.path)
      }
      return json as T
    },
  }
}

/**
 * The body and its headers, built before anything is sent: a body that cannot be sent (a
 * GET with a body, JSON that cannot be serialised) is the caller's mistake, not a network
 * failure to retry.
 */
function requestBody(a: Attempt): { body?: RequestBody; headers?: Record<string, string> } {
  const hasBody = a.json !== undefined || a.body !== undefined
  if (hasBody && a.method === 'GET') {
    throw validationError('request', 'method', 'a GET request cannot have a body')
  }
  if (a.json !== undefined) {
    let text: string
    try {
      text = JSON.stringify(a.json)
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      throw validationError('request', 'json', `cannot be sent as JSON: ${reason}`)
    }
    return { body: text, headers: { 'content-type': 'application/json', ...a.headers } }
  }
  if (a.body !== undefined) {
    return {
      body: typeof a.body === 'function' ? a.body() : a.body,
      ...(a.headers ? { headers: a.headers } : {}),
    }
  }
  return a.headers ? { headers: a.headers } : {}
}

/**
 * Binary endpoints (media/get) answer JSON when they fail, as `application/json` or as
 * `text/plain`; a file is sent with a Content-Disposition, whatever its type.
 */
function isJsonAnswer(response: Response): boolean {
  if (response.headers.has('content-disposition')) return false
  const type = response.headers.get('content-type') ?? ''
  return type.includes('json') || type.startsWith('text/plain')
}

class BodyTimeoutError extends Error {
  override name = 'TimeoutError'
}

/**
 * The body as text within `ms`: a server that sends headers and then stalls must not hang
 * the call. Cancelling the reader closes the connection. The caller's signal cancels it too:
 * fetch's own link from the signal to the body does not survive a garbage collection once the
 * headers are in, and without this an abort would wait for the timeout.
 */
async function readText(response: Response, ms: number, signal: AbortSignal | undefined): Promise<string> {
  const reader = response.body?.getReader()
  if (!reader) return ''
  let expired = false
  const stop = () => void reader.cancel().catch(() => {})
  const timer = setTimeout(
    () => {
      expired = true
      stop()
    },
    Math.max(1, ms),
  )
  signal?.addEventListener('abort', stop)
  try {
    if (signal?.aborted) stop()
    const chunks: Uint8Array[] = []
    let size = 0
    for (;;) {
      const { done, value } = await reader.read()
      if (signal?.aborted) throw signal.reason
      if (expired) throw new BodyTimeoutError('the response body did not arrive in time')
      if (done) break
      chunks.push(value)
      size += value.byteLength
    }
    // Decoded once, whole (a WeCom answer is small): no streaming decoder per call.
    utf8 ??= new TextDecoder()
    return utf8.decode(chunks.length === 1 ? chunks[0] : concat(chunks, size))
  } finally {
    clearTimeout(timer)
    signal?.removeEventListener('abort', stop)
  }
}

let utf8: TextDecoder | undefined

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const whole = new Uint8Array(size)
  let at = 0
  for (const chunk of chunks) {
    whole.set(chunk, at)
    at += chunk.byteLength
  }
  return whole
}

function buildUrl(
  baseUrl: string,
  path: string,
  query: Query | undefined,
  token: readonly [name: string, value: string] | undefined,
): string {
  let url = baseUrl + (path.startsWith('/') ? path.slice(1) : path)
  let sep = url.includes('?') ? '&' : '?'
  if (token) {
    url += `${sep}${token[0]}=${encodeURIComponent(token[1])}`
    sep = '&'
  }
  if (query) {
    for (const name in query) {
      const value = query[name]
      if (value === undefined) continue
      // WeCom's flags are 1/0 (fetch_child=1), never true/false.
      const text = typeof value === 'boolean' ? (value ? '1' : '0') : String(value)
      url += `${sep}${encodeURIComponent(name)}=${encodeURIComponent(text)}`
      sep = '&'
    }
  }
  return url
}

/**
 * WeCom's errcode: a number, or a numeric string (some gateways and proxies send `"60011"`).
 * Only 0, "0" or no errcode at all is success; an errcode that is no number at all is NaN,
 * which the caller refuses rather than take as success.
 */
function errcodeOf(json: Record<string, unknown> | undefined): number | undefined {
  const raw = json?.errcode
  if (raw === undefined || raw === null) return undefined
  if (typeof raw === 'number') return raw
  if (typeof raw === 'string' && /^-?\d+$/.test(raw.trim())) return Number(raw.trim())
  return Number.NaN
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

function describeBody(text: string, body: unknown, a: Attempt): string | undefined {
  if (body) return undefined
  if (text === '') return 'an empty body'
  // Error pages of proxies and frameworks may echo the request: its URL, token and all, and
  // its body.
  const sent = stringsIn(a.json)
  if (a.accessToken) sent.push(a.accessToken)
  const safe = redactEcho(redactUrl(text), sent)
  const head = safe.slice(0, 80).replace(/\s+/g, ' ')
  return `a body that is not JSON: "${head}${safe.length > 80 ? '…' : ''}"`
}

function networkError(error: unknown, a: Attempt): WeComNetworkError {
  const cause = scrubError(error)
  if (a.signal?.aborted) return abortedError(a.path, 'maybe', cause)
  // ky's TimeoutError (waiting for headers) or ours (reading the body).
  if (error instanceof Error && error.name === 'TimeoutError') {
    return new WeComNetworkError(`WeCom ${a.path} timed out after ${a.timeout} ms`, {
      path: a.path,
      sent: 'maybe',
      timeout: true,
      cause,
    })
  }
  const code = errorCode(error)
  // Say what the failure means for the caller: whether the request could have reached WeCom.
  const sent = code !== undefined && NOT_SENT_CODES.has(code) ? 'no' : 'maybe'
  const meaning =
    sent === 'no'
      ? 'could not connect; nothing was sent'
      : 'the connection failed before the answer arrived; the request may have reached WeCom'
  return new WeComNetworkError(
    `WeCom ${a.path} failed: ${meaning} (${cause.message}${code ? `, ${code}` : ''})`,
    { path: a.path, sent, cause, code },
  )
}

/** Node's error code, which undici hides one or two `cause`s deep. */
function errorCode(error: unknown): string | undefined {
  for (let e: any = error, depth = 0; e && depth < 4; e = e.cause, depth++) {
    if (typeof e.code === 'string') return e.code
    if (Array.isArray(e.errors) && typeof e.errors[0]?.code === 'string') return e.errors[0].code
  }
  return undefined
}
