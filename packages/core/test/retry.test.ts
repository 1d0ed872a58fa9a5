import {
  isWeComApiError,
  isWeComHttpError,
  type RetryInfo,
  WeComApiError,
  type WeComHttpError,
  WeComNetworkError,
} from '@wecom-kit/core'
import { isRetryable } from '@wecom-kit/core/resource-kit'
import { HttpResponse, http } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { BASE, makeClient, rejectionOf, tokenEndpoint, useMsw } from './helpers.js'

const server = useMsw()

/** An endpoint that answers from a script, one entry per request, then `{ errcode: 0 }`. */
function scripted(method: 'get' | 'post', path: string, script: (() => Response)[]) {
  const state = { calls: 0 }
  const handler = http[method](`${BASE}${path}`, () => {
    const next = script[state.calls++]
    return next ? next() : HttpResponse.json({ errcode: 0, errmsg: 'ok', n: state.calls })
  })
  return { state, handler }
}

const errcode =
  (code: number, errmsg = 'error') =>
  () =>
    HttpResponse.json({ errcode: code, errmsg })
const status =
  (code: number, body = 'Bad Gateway') =>
  () =>
    new HttpResponse(body, { status: code, headers: { 'content-type': 'text/plain' } })

describe('transient errcodes are retried with backoff', () => {
  it('-1 twice, then success: resolves after 3 requests, onRetry called twice', async () => {
    const token = tokenEndpoint()
    const api = scripted('get', 'user/get', [errcode(-1, 'system busy'), errcode(-1, 'system busy')])
    server.use(token.handler, api.handler)
    const onRetry = vi.fn<(info: RetryInfo) => void>()
    const client = makeClient({ hooks: { onRetry } })
    await expect(client.request('user/get', { query: { userid: 'a' } })).resolves.toMatchObject({
      errcode: 0,
      n: 3,
    })
    expect(api.state.calls).toBe(3)
    expect(onRetry).toHaveBeenCalledTimes(2)
    const [first, second] = onRetry.mock.calls.map(([info]) => info)
    expect(first).toMatchObject({ method: 'GET', path: 'user/get', attempt: 1, retriesLeft: 3 })
    expect(second).toMatchObject({ method: 'GET', path: 'user/get', attempt: 2, retriesLeft: 2 })
    for (const info of [first!, second!]) {
      expect(isWeComApiError(info.error)).toBe(true)
      expect(info.error).toMatchObject({ errcode: -1, path: 'user/get' })
    }
  })

  it.each([6000, 45033, -1])('%i is retried, also for a POST', async (code) => {
    const token = tokenEndpoint()
    const api = scripted('post', 'department/update', [errcode(code)])
    server.use(token.handler, api.handler)
    await expect(makeClient().request('department/update', { json: { id: 2 } })).resolves.toMatchObject({
      errcode: 0,
    })
    expect(api.state.calls).toBe(2)
  })

  it('gives up after `retries` retries with the last WeComApiError', async () => {
    const token = tokenEndpoint()
    const api = scripted(
      'get',
      'user/get',
      Array.from({ length: 10 }, () => errcode(-1, 'system busy')),
    )
    server.use(token.handler, api.handler)
    const error = await rejectionOf(
      makeClient({ retry: { retries: 2, minTimeout: 1, maxTimeout: 2 } }).request('user/get'),
    )
    expect(error).toMatchObject({ name: 'WeComApiError', errcode: -1 })
    expect(api.state.calls).toBe(3)
  })

  it('retries: 0 sends exactly once', async () => {
    const token = tokenEndpoint()
    const api = scripted('get', 'user/get', [errcode(-1)])
    server.use(token.handler, api.handler)
    await expect(makeClient({ retry: { retries: 0 } }).request('user/get')).rejects.toMatchObject({
      errcode: -1,
    })
    expect(api.state.calls).toBe(1)
  })
})

describe('permanent errcodes fail at once, with a hint', () => {
  it.each([
    [60020, /trusted IP/],
    [48002, /not allowed to call this API/],
    [60011, /visible range/],
    [45009, /frequency limit/],
    [81013, /recipient/],
    [40003, undefined],
  ])('%i: exactly one request', async (code, hint) => {
    const token = tokenEndpoint()
    const api = scripted('get', 'user/get', [errcode(code, 'refused')])
    server.use(token.handler, api.handler)
    const onRetry = vi.fn()
    // Unpaced: a paced client waits out a 45009 and sends again (pacing.test.ts).
    const error = await rejectionOf(makeClient({ hooks: { onRetry }, rateLimit: false }).request('user/get'))
    expect(isWeComApiError(error)).toBe(true)
    const apiError = error as WeComApiError
    expect(apiError).toMatchObject({ errcode: code, errmsg: 'refused', path: 'user/get' })
    if (hint) {
      expect(apiError.hint).toMatch(hint)
      expect(apiError.message).toMatch(hint)
    }
    expect(api.state.calls).toBe(1)
    expect(onRetry).not.toHaveBeenCalled()
  })

  it('60020 explains the trusted-IP setting in the message', async () => {
    const token = tokenEndpoint()
    const api = scripted('post', 'message/send', [errcode(60020, 'not allow to access from your ip')])
    server.use(token.handler, api.handler)
    const error = await rejectionOf(makeClient().request('message/send', { json: { msgtype: 'text' } }))
    expect((error as Error).message).toContain('errcode 60020')
    expect((error as Error).message).toMatch(/add it to the app's trusted IPs/)
  })
})

describe('HTTP failures', () => {
  it('502 once, then ok: a GET is retried', async () => {
    const token = tokenEndpoint()
    const api = scripted('get', 'user/get', [status(502)])
    server.use(token.handler, api.handler)
    await expect(makeClient().request('user/get')).resolves.toMatchObject({ errcode: 0 })
    expect(api.state.calls).toBe(2)
  })

  it('502 on a POST that is not idempotent: delivered exactly once, WeComHttpError', async () => {
    const token = tokenEndpoint()
    const api = scripted('post', 'message/send', [status(502)])
    server.use(token.handler, api.handler)
    const error = await rejectionOf(makeClient().request('message/send', { json: { msgtype: 'text' } }))
    expect(isWeComHttpError(error)).toBe(true)
    expect(error).toMatchObject({ status: 502, path: 'message/send' })
    expect(api.state.calls).toBe(1)
  })

  it('502 on a POST marked idempotent: retried', async () => {
    const token = tokenEndpoint()
    const api = scripted('post', 'message/send', [status(502), status(503)])
    server.use(token.handler, api.handler)
    await expect(
      makeClient().request('message/send', { json: { msgtype: 'text' }, idempotent: true }),
    ).resolves.toMatchObject({ errcode: 0 })
    expect(api.state.calls).toBe(3)
  })

  it('a GET marked idempotent: false is not replayed after a 5xx', async () => {
    const token = tokenEndpoint()
    const api = scripted('get', 'batch/run', [status(500)])
    server.use(token.handler, api.handler)
    await expect(makeClient().request('batch/run', { idempotent: false })).rejects.toMatchObject({
      status: 500,
    })
    expect(api.state.calls).toBe(1)
  })

  it('an HTML 502 page becomes WeComHttpError with the status, after the retries', async () => {
    const token = tokenEndpoint()
    const page = () =>
      new HttpResponse('<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>', {
        status: 502,
        headers: { 'content-type': 'text/html' },
      })
    const api = scripted('get', 'user/get', [page, page, page, page])
    server.use(token.handler, api.handler)
    const error = await rejectionOf(makeClient().request('user/get'))
    expect(isWeComHttpError(error)).toBe(true)
    expect((error as WeComHttpError).status).toBe(502)
    expect((error as Error).message).toContain('502')
    expect((error as Error).message).toContain('502 Bad Gateway')
    expect(api.state.calls).toBe(4)
  })

  it('4xx is not retried', async () => {
    const token = tokenEndpoint()
    const api = scripted('get', 'user/get', [status(404, 'Not Found')])
    server.use(token.handler, api.handler)
    await expect(makeClient().request('user/get')).rejects.toMatchObject({ status: 404 })
    expect(api.state.calls).toBe(1)
  })

  it('200 with a body that is not JSON is a WeComHttpError', async () => {
    const token = tokenEndpoint()
    const api = scripted('get', 'user/get', [
      () => new HttpResponse('<html>captive portal</html>', { headers: { 'content-type': 'text/html' } }),
    ])
    server.use(token.handler, api.handler)
    const error = await rejectionOf(makeClient().request('user/get'))
    expect(isWeComHttpError(error)).toBe(true)
    expect(error).toMatchObject({ status: 200, path: 'user/get' })
    expect((error as Error).message).toMatch(/not JSON/)
  })

  it.each([
    ['an empty body', ''],
    ['a JSON array', '[1,2]'],
    ['a JSON string', '"ok"'],
  ])('200 with %s is a WeComHttpError', async (_, body) => {
    const token = tokenEndpoint()
    const api = scripted('get', 'user/get', [() => new HttpResponse(body, { status: 200 })])
    server.use(token.handler, api.handler)
    await expect(makeClient().request('user/get')).rejects.toMatchObject({
      name: 'WeComHttpError',
      status: 200,
    })
  })
})

describe('isRetryable', () => {
  const api = (code: number) => new WeComApiError(code, '', 'x')
  const net = (options: Partial<ConstructorParameters<typeof WeComNetworkError>[1]>) =>
    new WeComNetworkError('x', { path: 'x', sent: 'maybe', ...options })

  it('classifies failures as the design says', () => {
    expect(isRetryable(api(-1), false)).toBe(true)
    expect(isRetryable(api(45033), false)).toBe(true)
    expect(isRetryable(api(45009), true)).toBe(false)
    expect(isRetryable(api(42001), true)).toBe(false)
    expect(isRetryable(net({ timeout: true }), true)).toBe(true)
    expect(isRetryable(net({ timeout: true }), false)).toBe(false)
    expect(isRetryable(net({ code: 'ECONNREFUSED', sent: 'no' }), false)).toBe(true)
    expect(isRetryable(net({ code: 'ENOTFOUND', sent: 'no' }), false)).toBe(true)
    expect(isRetryable(net({ code: 'ECONNRESET' }), false)).toBe(false)
    expect(isRetryable(net({ aborted: true }), true)).toBe(false)
    expect(isRetryable(new Error('boom'), true)).toBe(false)
  })
})
