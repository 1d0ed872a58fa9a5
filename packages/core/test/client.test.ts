import {
  type ClientOptions,
  createClient,
  DEFAULT_BASE_URL,
  isWeComNetworkError,
  isWeComValidationError,
  WeComValidationError,
} from '@wecom-kit/core'
import { delay, HttpResponse, http } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { BASE, CORP_ID, makeClient, rejectionOf, SECRET, tokenEndpoint, tokenOf, useMsw } from './helpers.js'

const server = useMsw()

function validationErrorOf(options: unknown): WeComValidationError {
  try {
    createClient(options as ClientOptions)
  } catch (error) {
    expect(isWeComValidationError(error)).toBe(true)
    return error as WeComValidationError
  }
  throw new Error('createClient accepted invalid options')
}

describe('createClient options', () => {
  it('requires corpId and corpSecret, naming both in the issues', () => {
    const error = validationErrorOf({})
    expect(error).toBeInstanceOf(WeComValidationError)
    expect(error.issues.map((i) => i.path).sort()).toEqual(['corpId', 'corpSecret'])
    expect(error.message).toContain('corpId')
    expect(error.message).toContain('corpSecret')
  })

  it('rejects empty credentials', () => {
    const error = validationErrorOf({ corpId: '', corpSecret: '' })
    expect(error.issues.map((i) => i.path).sort()).toEqual(['corpId', 'corpSecret'])
  })

  it('rejects options that are not an object with a typed error', () => {
    expect(isWeComValidationError(rejectionSync(() => createClient(undefined as never)))).toBe(true)
    expect(isWeComValidationError(rejectionSync(() => createClient(null as never)))).toBe(true)
  })

  it.each([
    ['baseUrl', { baseUrl: 'not a url' }],
    ['baseUrl', { baseUrl: 'ftp://proxy.example.com/cgi-bin/' }],
    ['timeout', { timeout: 0 }],
    ['timeout', { timeout: -5 }],
    ['timeout', { timeout: 1.5 }],
    ['timeout', { timeout: '1000' }],
    ['agentId', { agentId: -1 }],
    ['agentId', { agentId: 1.5 }],
    ['agentId', { agentId: 'abc' }],
    ['fetch', { fetch: 'fetch' }],
    ['tokenStore', { tokenStore: { get() {} } }],
    ['retry.retries', { retry: { retries: -1 } }],
  ])('rejects a bad %s (%j) before any request', (path, bad) => {
    const error = validationErrorOf({ corpId: CORP_ID, corpSecret: SECRET, ...bad })
    expect(error.issues.map((i) => i.path)).toContain(path)
    expect(error.message).toContain(path)
  })

  it.each([12345678901, { secret: SECRET }, [SECRET], true])(
    'never shows the secret in the error, even when it has the wrong type (%j)',
    (corpSecret) => {
      const error = validationErrorOf({ corpId: CORP_ID, corpSecret })
      const shown = JSON.stringify([error.message, error.stack, error, error.issues])
      expect(error.issues.map((i) => i.path)).toEqual(['corpSecret'])
      expect(shown).not.toContain(SECRET)
      expect(shown).not.toContain('12345678901')
    },
  )

  it.each([
    ['hooks.onRetry', { hooks: { onRetry: SECRET } }],
    ['hooks', { hooks: SECRET }],
    ['retry', { retry: SECRET }],
    ['tokenStore', { tokenStore: SECRET }],
  ])('never echoes a secret that landed in the wrong option (%s)', (path, bad) => {
    const error = validationErrorOf({ corpId: CORP_ID, corpSecret: 'the-right-one', ...bad })
    expect(error.issues.map((i) => i.path)).toEqual([path])
    expect(JSON.stringify([error.message, error.stack, error])).not.toContain(SECRET)
  })

  it('never shows the secret when another option is bad', () => {
    const error = validationErrorOf({ corpId: CORP_ID, corpSecret: SECRET, timeout: 'soon' })
    expect(JSON.stringify([error.message, error.stack, error])).not.toContain(SECRET)
  })

  it('fills in defaults and keeps the secret out of client.options', () => {
    const client = createClient({ corpId: CORP_ID, corpSecret: SECRET })
    expect(client.options).toEqual({
      corpId: CORP_ID,
      agentId: undefined,
      baseUrl: DEFAULT_BASE_URL,
      timeout: 10_000,
      retry: { retries: 3, minTimeout: 200, maxTimeout: 3_000 },
      rateLimit: { requestsPerMinute: undefined, requestsPerHour: undefined, maxConcurrent: 50 },
    })
    expect(JSON.stringify(client)).not.toContain(SECRET)
  })

  it('accepts a numeric string agentId and a baseUrl without its trailing slash', async () => {
    const client = createClient({
      corpId: CORP_ID,
      corpSecret: SECRET,
      agentId: '1000002' as unknown as number,
      baseUrl: BASE.slice(0, -1),
    })
    expect(client.options.agentId).toBe(1000002)
    expect(client.options.baseUrl).toBe(BASE)
    const { handler } = tokenEndpoint()
    server.use(handler)
    await expect(client.getAccessToken()).resolves.toMatch(/^ACCESSTOKEN1_/)
  })
})

function rejectionSync(fn: () => unknown): unknown {
  try {
    fn()
  } catch (error) {
    return error
  }
  throw new Error('expected a throw')
}

describe('client.request (the escape hatch)', () => {
  it('sends query and json as given, with access_token in the query and never in the body', async () => {
    const { state, handler } = tokenEndpoint()
    const seen: { url: URL; method: string; contentType: string | null; body: string }[] = []
    server.use(
      handler,
      http.post(`${BASE}tag/addtagusers`, async ({ request }) => {
        seen.push({
          url: new URL(request.url),
          method: request.method,
          contentType: request.headers.get('content-type'),
          body: await request.text(),
        })
        return HttpResponse.json({ errcode: 0, errmsg: 'ok', invalidlist: '' })
      }),
    )
    const client = makeClient()
    const json = { tagid: 7, userlist: ['zhangsan', '李四'], note: 'a&b=c?d' }
    const answer = await client.request('tag/addtagusers', {
      query: { debug: 1, label: 'x y&z', skipped: undefined },
      json,
    })
    expect(answer).toEqual({ errcode: 0, errmsg: 'ok', invalidlist: '' })
    expect(seen).toHaveLength(1)
    const [req] = seen
    expect(req!.method).toBe('POST')
    expect(req!.contentType).toContain('application/json')
    expect(JSON.parse(req!.body)).toEqual(json)
    expect(req!.body).not.toContain('access_token')
    expect(req!.body).not.toContain(state.issued[0]!)
    expect(req!.url.searchParams.get('access_token')).toBe(state.issued[0])
    expect(req!.url.searchParams.get('debug')).toBe('1')
    expect(req!.url.searchParams.get('label')).toBe('x y&z')
    expect(req!.url.searchParams.has('skipped')).toBe(false)
  })

  it('uses GET without a body, and honours an explicit method and a path that has a query', async () => {
    const { handler } = tokenEndpoint()
    const seen: string[] = []
    server.use(
      handler,
      http.all(`${BASE}ticket/get`, ({ request }) => {
        const url = new URL(request.url)
        seen.push(`${request.method} ${url.searchParams.get('type')} ${url.searchParams.get('extra')}`)
        return HttpResponse.json({ errcode: 0, errmsg: 'ok', ticket: 't', expires_in: 7200 })
      }),
    )
    const client = makeClient()
    await client.request('ticket/get?type=agent_config', { query: { extra: 'e' } })
    await client.request('/ticket/get?type=agent_config', { method: 'POST' })
    expect(seen).toEqual(['GET agent_config e', 'POST agent_config null'])
  })

  it('sends a raw body and custom headers', async () => {
    const { handler } = tokenEndpoint()
    let received: { type: string | null; body: string } | undefined
    server.use(
      handler,
      http.post(`${BASE}raw/endpoint`, async ({ request }) => {
        received = { type: request.headers.get('x-trace'), body: await request.text() }
        return HttpResponse.json({ errcode: 0, errmsg: 'ok' })
      }),
    )
    await makeClient().request('raw/endpoint', { body: 'a=1&b=2', headers: { 'x-trace': 'abc' } })
    expect(received).toEqual({ type: 'abc', body: 'a=1&b=2' })
  })

  it("lets a per-call timeout override the client's", async () => {
    const { handler } = tokenEndpoint()
    let calls = 0
    server.use(
      handler,
      http.get(`${BASE}slow/get`, async () => {
        calls++
        await delay(150)
        return HttpResponse.json({ errcode: 0, errmsg: 'ok' })
      }),
    )
    // The client's 5 s would let the call succeed; the call's own 30 ms must not.
    const patient = makeClient({ timeout: 5_000, retry: { retries: 0 } })
    await patient.getAccessToken()
    const started = performance.now()
    const error = await rejectionOf(patient.request('slow/get', { timeout: 30 }))
    expect(isWeComNetworkError(error) && error.timeout).toBe(true)
    expect(performance.now() - started).toBeLessThan(140)
    expect(calls).toBe(1)

    // And the other way round: a short client timeout, a longer one for this call.
    const hasty = makeClient({ timeout: 30, retry: { retries: 0 } })
    await hasty.getAccessToken()
    await expect(hasty.request('slow/get', { timeout: 2_000 })).resolves.toMatchObject({ errcode: 0 })
    await expect(hasty.request('slow/get')).rejects.toMatchObject({ timeout: true })
  })

  it('sends every request through a custom fetch', async () => {
    const { handler } = tokenEndpoint()
    server.use(
      handler,
      http.get(`${BASE}user/get`, ({ request }) =>
        HttpResponse.json({
          errcode: 0,
          errmsg: 'ok',
          userid: new URL(request.url).searchParams.get('userid'),
        }),
      ),
    )
    const urls: string[] = []
    const customFetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      urls.push(input instanceof Request ? input.url : String(input))
      return fetch(input, init)
    })
    const client = makeClient({ fetch: customFetch as typeof fetch })
    await expect(client.request('user/get', { query: { userid: 'zhangsan' } })).resolves.toMatchObject({
      userid: 'zhangsan',
    })
    expect(customFetch).toHaveBeenCalledTimes(2)
    expect(urls[0]).toContain('/cgi-bin/gettoken?')
    expect(urls[1]).toContain('/cgi-bin/user/get?access_token=')
  })

  it('getAccessToken returns the cached token until it is near expiry', async () => {
    const { state, handler } = tokenEndpoint()
    server.use(handler)
    const client = makeClient()
    const first = await client.getAccessToken()
    expect(await client.getAccessToken()).toBe(first)
    expect(state.calls).toBe(1)
    expect(first).toBe(state.issued[0])
  })

  it('refreshes a token whose lifetime has run out', async () => {
    // expires_in 2 s: the safety margin (a tenth) makes it stale after 1.8 s.
    const { state, handler } = tokenEndpoint({ expiresIn: 2 })
    server.use(
      handler,
      http.get(`${BASE}ping`, () => HttpResponse.json({ errcode: 0, errmsg: 'ok' })),
    )
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      const client = makeClient()
      const first = await client.getAccessToken()
      vi.setSystemTime(Date.now() + 1_750)
      expect(await client.getAccessToken()).toBe(first)
      vi.setSystemTime(Date.now() + 100)
      const second = await client.getAccessToken()
      expect(second).not.toBe(first)
      expect(state.calls).toBe(2)
    } finally {
      vi.useRealTimers()
    }
  })

  it('gives the call path, never the URL, to hooks and errors', async () => {
    const { handler } = tokenEndpoint()
    server.use(
      handler,
      http.get(`${BASE}user/get`, ({ request }) => {
        expect(tokenOf(request)).toBeTruthy()
        return HttpResponse.json({ errcode: 60111, errmsg: 'userid not found' })
      }),
    )
    const error = await rejectionOf(makeClient().request('user/get', { query: { userid: 'nobody' } }))
    expect(error).toMatchObject({ name: 'WeComApiError', errcode: 60111, path: 'user/get' })
  })
})
