// Findings of the review, each pinned by a test: store outages, caller mistakes that are not
// network failures, hook errors, binary answers sent as text/plain.
import { isWeComValidationError, type TokenStore } from '@wecom-kit/core'
import { HttpResponse, http } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { BASE, makeClient, rejectionOf, SECRET, tokenEndpoint, useMsw } from './helpers.js'

const server = useMsw()

function ping(counter: { n: number } = { n: 0 }) {
  return http.all(`${BASE}ping`, () => {
    counter.n++
    return HttpResponse.json({ errcode: 0, errmsg: 'ok' })
  })
}

describe('a token that WeCom hands out again after 40014', () => {
  it('is used again, not refused for ever (one gettoken, not one per call)', async () => {
    let gettoken = 0
    let rejectOnce = true
    server.use(
      // WeCom answers the same token while it is valid.
      http.get(`${BASE}gettoken`, () => {
        gettoken++
        return HttpResponse.json({ errcode: 0, errmsg: 'ok', access_token: 'SAME_TOKEN', expires_in: 7200 })
      }),
      http.get(`${BASE}ping`, () => {
        if (rejectOnce) {
          rejectOnce = false
          return HttpResponse.json({ errcode: 40014, errmsg: 'invalid access_token' })
        }
        return HttpResponse.json({ errcode: 0, errmsg: 'ok' })
      }),
    )
    const client = makeClient()
    await client.request('ping')
    for (let i = 0; i < 10; i++) await client.request('ping')
    expect(gettoken).toBe(2) // the first, and the one refresh after 40014
  })
})

describe('a token store that fails', () => {
  const broken = (overrides: Partial<TokenStore>): TokenStore => ({
    get: async () => undefined,
    set: async () => {},
    delete: async () => {},
    ...overrides,
  })

  it('does not fail the call when get and set throw, and says so through onStoreError', async () => {
    const { state, handler } = tokenEndpoint()
    server.use(handler, ping())
    const onStoreError = vi.fn()
    const store = broken({
      get: async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:6379')
      },
      set: async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:6379')
      },
    })
    const client = makeClient({ tokenStore: store, hooks: { onStoreError } })
    await client.request('ping')
    await client.request('ping')
    expect(state.calls).toBe(1)
    expect(onStoreError).toHaveBeenCalledWith(
      expect.objectContaining({
        operation: 'get',
        error: expect.objectContaining({ message: expect.stringContaining('ECONNREFUSED') }),
      }),
    )
    expect(onStoreError.mock.calls.map(([info]) => info.operation)).toContain('set')
    expect(JSON.stringify(onStoreError.mock.calls)).not.toContain(SECRET)
  })

  it('refreshes locally when lock throws, and ignores a failing release', async () => {
    const { state, handler } = tokenEndpoint()
    server.use(handler, ping())
    const lockThrows = makeClient({
      tokenStore: broken({
        lock: async () => {
          throw new Error('redis down')
        },
      }),
    })
    await lockThrows.request('ping')
    const releaseThrows = makeClient({
      tokenStore: broken({
        lock: async () => async () => {
          throw new Error('redis down')
        },
      }),
    })
    await releaseThrows.request('ping')
    expect(state.calls).toBe(2)
  })
})

describe('caller mistakes are validation errors, sent nowhere and never retried', () => {
  it.each([
    ['a GET with a JSON body', { method: 'GET', json: { a: 1 } }],
    ['JSON that cannot be serialised', { json: { big: 10n } }],
    ['a timeout of 0', { timeout: 0 }],
    ['a timeout past setTimeout’s range', { timeout: 2 ** 31 }],
    ['a signal that is not an AbortSignal', { signal: {} }],
  ])('%s', async (_label, options) => {
    const counter = { n: 0 }
    const { handler } = tokenEndpoint()
    server.use(handler, ping(counter))
    const error = await rejectionOf(makeClient().request('ping', options as never))
    expect(isWeComValidationError(error)).toBe(true)
    expect(counter.n).toBe(0)
  })
})

describe('hooks', () => {
  it('a throwing afterResponse fails the call with its own error, once, with no retry', async () => {
    const counter = { n: 0 }
    const { handler } = tokenEndpoint()
    server.use(handler, ping(counter))
    const bug = new Error('hook bug')
    const client = makeClient({
      hooks: {
        afterResponse: (info) => {
          if (info.path === 'ping') throw bug
        },
      },
    })
    expect(await rejectionOf(client.request('ping'))).toBe(bug)
    expect(counter.n).toBe(1)
  })
})

describe('query values', () => {
  it('sends booleans as WeCom flags, 1 and 0', async () => {
    let query = ''
    const { handler } = tokenEndpoint()
    server.use(
      handler,
      http.get(`${BASE}ping`, ({ request }) => {
        query = new URL(request.url).search
        return HttpResponse.json({ errcode: 0, errmsg: 'ok' })
      }),
    )
    await makeClient().request('ping', { query: { fetch_child: true, other: false } })
    expect(query).toContain('fetch_child=1&other=0')
  })
})

describe('binary answers sent as text/plain', () => {
  it('a file with a Content-Disposition is a file, whatever its type', async () => {
    const { handler } = tokenEndpoint()
    server.use(
      handler,
      http.get(`${BASE}media/get`, () =>
        HttpResponse.text('hello text file', {
          headers: { 'content-type': 'text/plain', 'content-disposition': 'attachment; filename="a.txt"' },
        }),
      ),
    )
    const response = await makeClient().request<Response>('media/get', { stream: true })
    expect(await response.text()).toBe('hello text file')
  })
})
