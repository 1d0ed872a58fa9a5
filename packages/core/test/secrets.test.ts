// Secret hygiene: drive every kind of failure and look everywhere a secret could surface.
import { inspect } from 'node:util'
import {
  type ClientOptions,
  createClient,
  type Hooks,
  isWeComError,
  type RequestInfo as WeComRequestInfo,
} from '@wecom-kit/core'
import { HttpResponse, http } from 'msw'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  BASE,
  CORP_ID,
  makeClient,
  OTHER_SECRET,
  rejectionOf,
  SECRET,
  type TokenServer,
  tokenEndpoint,
  useMsw,
} from './helpers.js'

const server = useMsw()

/** Everything a user could see or log: messages, stacks, JSON, inspect output, causes. */
function dump(value: unknown): string {
  const parts: string[] = [inspect(value, { depth: 10 })]
  try {
    parts.push(JSON.stringify(value) ?? '')
  } catch {
    // circular: inspect above covers it
  }
  let e: unknown = value
  for (let depth = 0; e && typeof e === 'object' && depth < 8; depth++) {
    const err = e as { message?: unknown; stack?: unknown; cause?: unknown }
    parts.push(String(err.message), String(err.stack))
    try {
      parts.push(JSON.stringify(err) ?? '')
    } catch {}
    e = err.cause
  }
  return parts.join('\n')
}

const seen: string[] = []
const hookUrls: string[] = []
const tokenServers: TokenServer[] = []
const consoleSpies: ReturnType<typeof vi.spyOn>[] = []

beforeAll(() => {
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    consoleSpies.push(
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        seen.push(args.map(dump).join(' '))
      }),
    )
  }
})

afterAll(() => {
  for (const spy of consoleSpies) spy.mockRestore()
})

const hooks: Hooks = {
  beforeRequest: (info) => {
    hookUrls.push(info.url)
    seen.push(dump(info))
  },
  afterResponse: (info) => {
    hookUrls.push(info.url)
    seen.push(dump(info))
  },
  onRetry: (info) => {
    seen.push(dump(info))
  },
}

function watchedClient(extra: Partial<ClientOptions> = {}) {
  const client = makeClient({ hooks, ...extra })
  seen.push(dump(client), dump(client.options))
  return client
}

function tokens(options: Parameters<typeof tokenEndpoint>[0] = {}) {
  const endpoint = tokenEndpoint(options)
  tokenServers.push(endpoint.state)
  return endpoint
}

async function failure(promise: Promise<unknown>) {
  const error = await rejectionOf(promise)
  expect(isWeComError(error)).toBe(true)
  seen.push(dump(error))
  return error
}

/** An error page that echoes the request, query and all, as some proxies and frameworks do. */
const echoPage = (request: Request, status: number) => {
  const url = new URL(request.url)
  return new HttpResponse(`Cannot ${request.method} ${url.pathname}${url.search} (${status})`, {
    status,
    headers: { 'content-type': 'text/html' },
  })
}

/** Every 12-character piece of `secret`: a truncated leak is still a leak. */
function pieces(secret: string): string[] {
  return Array.from({ length: secret.length - 11 }, (_, i) => secret.slice(i, i + 12))
}

/** Checks what one scenario produced, so that a leak is reported against the scenario itself. */
let checked = 0
function assertNoLeak() {
  const haystack = seen.slice(checked).join('\n')
  checked = seen.length
  const issued = tokenServers.flatMap((s) => s.issued)
  for (const secret of [SECRET, OTHER_SECRET, ...issued]) {
    for (const piece of pieces(secret)) expect(haystack).not.toContain(piece)
  }
}

describe('no secret in errors, hook arguments or logs', () => {
  afterEach(assertNoLeak)

  it('gettoken with a wrong secret (40001)', async () => {
    const { handler } = tokens({ secrets: [OTHER_SECRET] })
    server.use(handler)
    await failure(watchedClient().request('user/get', { query: { userid: 'a' } }))
  })

  it('gettoken answered by an error page that echoes the request URL', async () => {
    server.use(http.get(`${BASE}gettoken`, ({ request }) => echoPage(request, 502)))
    const error = await failure(watchedClient().getAccessToken())
    expect(error).toMatchObject({ name: 'WeComHttpError', status: 502 })
  })

  it('gettoken answered 200 with a non-JSON page that echoes the request URL', async () => {
    server.use(http.get(`${BASE}gettoken`, ({ request }) => echoPage(request, 200)))
    await failure(watchedClient().getAccessToken())
  })

  it('an API error after a refresh (42001 for every token)', async () => {
    const { handler } = tokens()
    server.use(
      handler,
      http.get(`${BASE}user/get`, () => HttpResponse.json({ errcode: 42001, errmsg: 'expired' })),
    )
    await failure(watchedClient().request('user/get', { query: { userid: 'a' } }))
  })

  it('an HTTP error page that echoes the URL with the access token', async () => {
    const { handler } = tokens()
    server.use(
      handler,
      http.get(`${BASE}user/get`, ({ request }) => echoPage(request, 404)),
    )
    const error = await failure(watchedClient().request('user/get', { query: { userid: 'a' } }))
    expect(error).toMatchObject({ name: 'WeComHttpError', status: 404 })
    expect((error as Error).message).toContain('access_token=***')
  })

  it('a 200 non-JSON page that echoes the URL with the access token, after 5xx retries', async () => {
    const { handler } = tokens()
    let n = 0
    server.use(
      handler,
      http.get(`${BASE}user/get`, ({ request }) => echoPage(request, ++n < 3 ? 503 : 200)),
    )
    await failure(watchedClient().request('user/get'))
  })

  it('a network error from a custom fetch that puts the URL in its message, cause and properties', async () => {
    const { handler } = tokens()
    server.use(handler)
    const nodeFetchStyle: typeof fetch = async (input, init) => {
      const url = input instanceof Request ? input.url : String(input)
      if (url.includes('/gettoken')) return fetch(input, init)
      const inner = Object.assign(new Error(`connect ECONNRESET while requesting ${url}`), {
        code: 'ECONNRESET',
      })
      throw Object.assign(new Error(`request to ${url} failed, reason: socket hang up`, { cause: inner }), {
        name: 'FetchError',
        code: 'ECONNRESET',
        request: input,
        url,
      })
    }
    const error = await failure(watchedClient({ fetch: nodeFetchStyle }).request('user/get'))
    expect(error).toMatchObject({ name: 'WeComNetworkError', code: 'ECONNRESET' })
    expect((error as Error).message).toContain('access_token=***')
  })

  it('a network error from the runtime fetch', async () => {
    const { handler } = tokens()
    server.use(
      handler,
      http.get(`${BASE}user/get`, () => HttpResponse.error()),
    )
    await failure(watchedClient().request('user/get'))
  })

  it('a network error on gettoken from a custom fetch that puts the URL in its message', async () => {
    const failing: typeof fetch = async (input) => {
      throw new TypeError(`fetch failed for ${input instanceof Request ? input.url : String(input)}`)
    }
    const error = await failure(watchedClient({ fetch: failing }).getAccessToken())
    expect((error as Error).message).toContain('corpsecret=***')
  })

  it('a timeout', async () => {
    const { handler } = tokens()
    server.use(handler)
    const stalling: typeof fetch = (input, init) => {
      const request = input instanceof Request ? input : new Request(input, init)
      if (request.url.includes('/gettoken')) return fetch(input, init)
      return new Promise((_, reject) => {
        request.signal.addEventListener('abort', () =>
          reject(new Error(`aborted ${request.url}`, { cause: request.signal.reason })),
        )
      })
    }
    const error = await failure(
      watchedClient({
        fetch: stalling,
        timeout: 20,
        retry: { retries: 1, minTimeout: 1, maxTimeout: 1 },
      }).request('user/get'),
    )
    expect(error).toMatchObject({ timeout: true })
  })

  it('an abort', async () => {
    const { handler } = tokens()
    server.use(
      handler,
      http.get(`${BASE}user/get`, async () => {
        await new Promise((r) => setTimeout(r, 200))
        return HttpResponse.json({ errcode: 0, errmsg: 'ok' })
      }),
    )
    const client = watchedClient()
    await client.getAccessToken()
    await failure(client.request('user/get', { signal: AbortSignal.timeout(20) }))
  })

  it.each([
    { corpId: CORP_ID, corpSecret: 42 },
    { corpId: CORP_ID, corpSecret: { value: SECRET } },
    { corpId: CORP_ID, corpSecret: [SECRET] },
    { corpId: '', corpSecret: SECRET },
    { corpSecret: SECRET, timeout: 'soon', baseUrl: 'nope', retry: { retries: 'x' } },
    { corpId: CORP_ID, corpSecret: SECRET, tokenStore: SECRET, hooks: { beforeRequest: SECRET } },
  ])('a validation error (%#)', (options) => {
    let error: unknown
    try {
      createClient(options as unknown as ClientOptions)
    } catch (e) {
      error = e
    }
    expect(error).toMatchObject({ name: 'WeComValidationError' })
    seen.push(dump(error))
  })

  it('the scenarios above ran and were recorded, and the whole record holds no secret', () => {
    const haystack = seen.join('\n')
    const issued = tokenServers.flatMap((s) => s.issued)
    // The scenarios did what they claim: tokens were issued, hooks and errors were recorded.
    expect(issued.length).toBeGreaterThanOrEqual(8)
    expect(haystack).toContain('WeComApiError')
    expect(haystack).toContain('WeComHttpError')
    expect(haystack).toContain('WeComNetworkError')
    expect(haystack).toContain('WeComValidationError')
    expect(haystack).toContain('access_token=***')
    expect(haystack).toContain('corpsecret=***')

    for (const secret of [SECRET, OTHER_SECRET, ...issued]) {
      for (const piece of pieces(secret)) expect(haystack).not.toContain(piece)
    }
  })

  it('hooks saw every URL with the token and the secret replaced by ***', () => {
    expect(hookUrls.length).toBeGreaterThan(10)
    for (const url of hookUrls) {
      const query = new URL(url).searchParams
      if (url.includes('/gettoken')) {
        expect(query.get('corpsecret')).toBe('***')
        expect(query.get('corpid')).toBe(CORP_ID)
      } else {
        expect(query.get('access_token')).toBe('***')
      }
    }
  })
})

describe('hook arguments', () => {
  it('beforeRequest, afterResponse and onRetry receive the documented fields', async () => {
    const { handler } = tokenEndpoint()
    let n = 0
    server.use(
      handler,
      http.get(`${BASE}user/get`, () =>
        ++n === 1
          ? HttpResponse.json({ errcode: -1, errmsg: 'busy' })
          : HttpResponse.json({ errcode: 0, errmsg: 'ok' }),
      ),
    )
    const before: WeComRequestInfo[] = []
    const after: unknown[] = []
    const retries: unknown[] = []
    const client = makeClient({
      hooks: {
        beforeRequest: (i) => void before.push(i),
        afterResponse: (i) => void after.push(i),
        onRetry: (i) => void retries.push(i),
      },
    })
    await client.request('user/get', { query: { userid: 'zhangsan' } })
    expect(before.map((i) => [i.method, i.path, i.attempt])).toEqual([
      ['GET', 'gettoken', 1],
      ['GET', 'user/get', 1],
      ['GET', 'user/get', 2],
    ])
    expect(before[1]!.url).toBe(`${BASE}user/get?access_token=***&userid=zhangsan`)
    expect(after).toEqual([
      expect.objectContaining({ path: 'gettoken', status: 200, errcode: 0 }),
      expect.objectContaining({ path: 'user/get', status: 200, errcode: -1, attempt: 1 }),
      expect.objectContaining({ path: 'user/get', status: 200, errcode: 0, attempt: 2 }),
    ])
    for (const info of after) expect((info as { durationMs: number }).durationMs).toBeGreaterThanOrEqual(0)
    expect(retries).toEqual([
      expect.objectContaining({ method: 'GET', path: 'user/get', attempt: 1, retriesLeft: 3 }),
    ])
  })
})
