// Real sockets: a node:http server on 127.0.0.1, no msw. Connection resets, refused ports,
// timeouts, aborts and truncated bodies as the runtime's fetch really reports them.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  type ClientOptions,
  createClient,
  isWeComError,
  isWeComNetworkError,
  type RetryInfo,
  type WeComNetworkError,
} from '@wecom-kit/core'
import { tokenKey } from '@wecom-kit/core/resource-kit'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { CORP_ID, recordingStore, rejectionOf, SECRET } from './helpers.js'

const TOKEN = 'NETWORK-TEST-ACCESS-TOKEN-0123456789abcdefghijklmnopqrstuvwxyz'

type Route = (req: IncomingMessage, res: ServerResponse, delivery: number) => void

interface TestServer {
  url: string
  /** Requests that reached the server, per WeCom path. */
  deliveries: Record<string, number>
  close(): Promise<void>
}

const open: TestServer[] = []
const timers = new Set<NodeJS.Timeout>()

afterEach(async () => {
  for (const timer of timers) clearTimeout(timer)
  timers.clear()
  await Promise.all(open.splice(0).map((s) => s.close()))
})

function later(ms: number, fn: () => void) {
  const timer = setTimeout(() => {
    timers.delete(timer)
    fn()
  }, ms)
  timers.add(timer)
}

function json(res: ServerResponse, body: unknown) {
  const text = JSON.stringify(body)
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

/** A WeCom stand-in: gettoken answers at once (unless `gettoken` is routed), other paths by `routes`. */
async function startServer(routes: Record<string, Route>): Promise<TestServer> {
  const deliveries: Record<string, number> = {}
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname.replace(/^\/cgi-bin\//, '')
    const delivery = (deliveries[path] ?? 0) + 1
    deliveries[path] = delivery
    // Drain the request body so that the request is complete on our side.
    req.resume()
    const route = routes[path]
    if (route) return route(req, res, delivery)
    if (path === 'gettoken')
      return json(res, { errcode: 0, errmsg: 'ok', access_token: TOKEN, expires_in: 7200 })
    res.writeHead(404).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const handle: TestServer = {
    url: `http://127.0.0.1:${port}/cgi-bin/`,
    deliveries,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
  open.push(handle)
  return handle
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** Never answers; the socket is closed by the afterEach. */
const hang: Route = () => {}

const ok: Route = (_req, res) => json(res, { errcode: 0, errmsg: 'ok' })

function client(baseUrl: string, extra: Partial<ClientOptions> = {}) {
  return createClient({
    corpId: CORP_ID,
    corpSecret: SECRET,
    baseUrl,
    timeout: 5_000,
    retry: { retries: 3, minTimeout: 1, maxTimeout: 5 },
    ...extra,
  })
}

/** A store that already holds a valid token: the call under test is the first request sent. */
async function warmStore() {
  const store = recordingStore()
  await store.set(await tokenKey(CORP_ID, SECRET), { value: TOKEN, expiresAt: Date.now() + 3600_000 })
  return store
}

describe('connection reset', () => {
  it('a GET whose connection is reset is retried and succeeds', async () => {
    const srv = await startServer({
      'user/get': (req, res, n) => (n === 1 ? req.socket.destroy() : ok(req, res, n)),
    })
    await expect(client(srv.url).request('user/get')).resolves.toMatchObject({ errcode: 0 })
    expect(srv.deliveries['user/get']).toBe(2)
  })

  it('a POST whose connection is reset after delivery is not replayed', async () => {
    const srv = await startServer({ 'message/send': (req) => req.socket.destroy() })
    const error = await rejectionOf(client(srv.url).request('message/send', { json: { msgtype: 'text' } }))
    expect(isWeComNetworkError(error)).toBe(true)
    expect(error).toMatchObject({ path: 'message/send', timeout: false, aborted: false, sent: 'maybe' })
    expect(srv.deliveries['message/send']).toBe(1)
  })
})

describe('connection refused', () => {
  it('a GET fails with ECONNREFUSED after the retries', async () => {
    const port = await closedPort()
    const onRetry = vi.fn<(info: RetryInfo) => void>()
    const c = client(`http://127.0.0.1:${port}/cgi-bin/`, {
      tokenStore: await warmStore(),
      hooks: { onRetry },
    })
    const error = await rejectionOf(c.request('user/get'))
    expect(isWeComNetworkError(error)).toBe(true)
    expect(error).toMatchObject({ code: 'ECONNREFUSED', path: 'user/get', timeout: false, sent: 'no' })
    expect(onRetry).toHaveBeenCalledTimes(3)
  })

  it('a POST to a refused port IS retried: it never reached the server', async () => {
    const port = await closedPort()
    const onRetry = vi.fn<(info: RetryInfo) => void>()
    const c = client(`http://127.0.0.1:${port}/cgi-bin/`, {
      tokenStore: await warmStore(),
      hooks: { onRetry },
    })
    const error = await rejectionOf(c.request('message/send', { json: { msgtype: 'text' } }))
    expect(error).toMatchObject({ name: 'WeComNetworkError', code: 'ECONNREFUSED' })
    expect(onRetry).toHaveBeenCalledTimes(3)
    for (const [info] of onRetry.mock.calls) {
      expect(info).toMatchObject({ method: 'POST', path: 'message/send' })
      expect((info.error as WeComNetworkError).code).toBe('ECONNREFUSED')
    }
  })

  it('gettoken to a refused port: a network error for gettoken, retried by the token fetch only', async () => {
    const port = await closedPort()
    const onRetry = vi.fn<(info: RetryInfo) => void>()
    const error = await rejectionOf(
      client(`http://127.0.0.1:${port}/cgi-bin/`, { hooks: { onRetry } }).request('user/get'),
    )
    expect(error).toMatchObject({ name: 'WeComNetworkError', code: 'ECONNREFUSED', path: 'gettoken' })
    expect(onRetry).toHaveBeenCalledTimes(3)
    for (const [info] of onRetry.mock.calls) expect(info.path).toBe('gettoken')
  })
})

describe('timeouts', () => {
  it('a POST that times out fails with timeout: true and was delivered exactly once', async () => {
    const srv = await startServer({ 'message/send': (req, res, n) => later(2_000, () => ok(req, res, n)) })
    const started = performance.now()
    const error = await rejectionOf(
      client(srv.url, { timeout: 100 }).request('message/send', { json: { msgtype: 'text' } }),
    )
    expect(isWeComNetworkError(error)).toBe(true)
    expect(error).toMatchObject({ timeout: true, aborted: false, path: 'message/send', sent: 'maybe' })
    expect((error as Error).message).toMatch(/timed out after 100 ms/)
    expect(performance.now() - started).toBeLessThan(1_000)
    expect(srv.deliveries['message/send']).toBe(1)
  })

  it('a GET that times out is retried', async () => {
    const srv = await startServer({
      'user/get': (req, res, n) => (n === 1 ? later(2_000, () => ok(req, res, n)) : ok(req, res, n)),
    })
    const onRetry = vi.fn<(info: RetryInfo) => void>()
    await expect(
      client(srv.url, { timeout: 100, hooks: { onRetry } }).request('user/get'),
    ).resolves.toMatchObject({ errcode: 0 })
    expect(srv.deliveries['user/get']).toBe(2)
    expect(onRetry).toHaveBeenCalledTimes(1)
    expect(onRetry.mock.calls[0]![0].error).toMatchObject({ timeout: true })
  })

  it('the timeout covers a body that stalls after the headers', async () => {
    const srv = await startServer({
      'user/get': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': 100 })
        res.write('{"errcode":0,')
      },
    })
    const error = await rejectionOf(
      client(srv.url, { timeout: 100, retry: { retries: 0 } }).request('user/get'),
    )
    expect(error).toMatchObject({ name: 'WeComNetworkError', timeout: true })
  })
})

describe('abort signal', () => {
  it('aborting mid-request rejects promptly with aborted: true, and nothing is retried', async () => {
    const srv = await startServer({ 'user/get': hang })
    const controller = new AbortController()
    const c = client(srv.url, { timeout: 10_000 })
    await c.getAccessToken()
    const pending = rejectionOf(c.request('user/get', { signal: controller.signal }))
    await vi.waitFor(() => expect(srv.deliveries['user/get']).toBe(1))
    const abortedAt = performance.now()
    controller.abort()
    const error = await pending
    expect(performance.now() - abortedAt).toBeLessThan(200)
    expect(isWeComNetworkError(error)).toBe(true)
    expect(error).toMatchObject({ aborted: true, timeout: false, path: 'user/get', sent: 'maybe' })
    await new Promise((r) => setTimeout(r, 30))
    expect(srv.deliveries['user/get']).toBe(1)
  })

  it('aborting during a retry backoff rejects promptly with aborted: true', async () => {
    const srv = await startServer({
      'user/get': (_req, res) => res.writeHead(502, { 'content-type': 'text/plain' }).end('Bad Gateway'),
    })
    const controller = new AbortController()
    const c = client(srv.url, {
      retry: { retries: 3, minTimeout: 5_000, maxTimeout: 5_000 },
      hooks: { onRetry: () => void later(20, () => controller.abort()) },
    })
    const started = performance.now()
    const error = await rejectionOf(c.request('user/get', { signal: controller.signal }))
    expect(performance.now() - started).toBeLessThan(1_000)
    expect(isWeComNetworkError(error)).toBe(true)
    expect(error).toMatchObject({ aborted: true, path: 'user/get' })
    expect(srv.deliveries['user/get']).toBe(1)
  })

  it('aborting while the token is still being fetched rejects promptly', async () => {
    const srv = await startServer({ gettoken: hang, 'user/get': ok })
    const controller = new AbortController()
    const pending = rejectionOf(client(srv.url).request('user/get', { signal: controller.signal }))
    await vi.waitFor(() => expect(srv.deliveries.gettoken).toBe(1))
    const abortedAt = performance.now()
    controller.abort()
    const error = await pending
    expect(performance.now() - abortedAt).toBeLessThan(200)
    expect(error).toMatchObject({ name: 'WeComNetworkError', aborted: true, path: 'user/get' })
    expect(srv.deliveries['user/get']).toBeUndefined()
  })

  it('one signal shared by 50 concurrent calls: no listener warning, and one abort stops them all', async () => {
    const srv = await startServer({ 'user/get': hang })
    const c = client(srv.url, { timeout: 10_000 })
    await c.getAccessToken()
    const warnings: string[] = []
    const onWarning = (warning: Error) => warnings.push(warning.name)
    process.on('warning', onWarning)
    try {
      const controller = new AbortController()
      const pending = Array.from({ length: 50 }, () =>
        rejectionOf(c.request('user/get', { signal: controller.signal })),
      )
      await vi.waitFor(() => expect(srv.deliveries['user/get']).toBe(50))
      controller.abort()
      const errors = await Promise.all(pending)
      for (const error of errors) expect(error).toMatchObject({ name: 'WeComNetworkError', aborted: true })
      await new Promise((r) => setTimeout(r, 20)) // warnings are emitted on a later tick
      expect(warnings).not.toContain('MaxListenersExceededWarning')
    } finally {
      process.off('warning', onWarning)
    }
  })

  it('a call that settled stops following the shared signal: a later abort touches nothing', async () => {
    const srv = await startServer({ 'user/get': ok })
    const c = client(srv.url)
    const controller = new AbortController()
    for (let i = 0; i < 20; i++) await c.request('user/get', { signal: controller.signal })
    controller.abort()
    await expect(c.request('user/get', { signal: controller.signal })).rejects.toMatchObject({
      aborted: true,
    })
    expect(srv.deliveries['user/get']).toBe(20)
  })

  it('an already-aborted signal sends nothing at all', async () => {
    const srv = await startServer({ 'user/get': ok })
    const error = await rejectionOf(client(srv.url).request('user/get', { signal: AbortSignal.abort() }))
    expect(error).toMatchObject({ name: 'WeComNetworkError', aborted: true, path: 'user/get', sent: 'no' })
    expect(srv.deliveries).toEqual({})
  })
})

describe('a body cut half-way', () => {
  const half: Route = (req, res) => {
    const text = JSON.stringify({
      errcode: 0,
      errmsg: 'ok',
      userlist: [{ userid: 'zhangsan', name: '张三' }],
    })
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
    res.write(text.slice(0, text.length >> 1), () => req.socket.destroy())
  }

  it('is a typed network error, and a POST is not replayed', async () => {
    const srv = await startServer({ 'user/batchdelete': half })
    const error = await rejectionOf(
      client(srv.url).request('user/batchdelete', { json: { useridlist: ['a'] } }),
    )
    expect(isWeComError(error)).toBe(true)
    expect(isWeComNetworkError(error)).toBe(true)
    expect(error).toMatchObject({ path: 'user/batchdelete', timeout: false, aborted: false })
    expect(srv.deliveries['user/batchdelete']).toBe(1)
  })

  it('without a content-length (chunked), too', async () => {
    const srv = await startServer({
      'user/batchdelete': (req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.write('{"errcode":0,"errmsg":"o', () => req.socket.destroy())
      },
    })
    await expect(
      client(srv.url).request('user/batchdelete', { json: { useridlist: ['a'] } }),
    ).rejects.toMatchObject({ name: 'WeComNetworkError' })
  })

  it('a GET cut once is retried and succeeds', async () => {
    const srv = await startServer({
      'user/list': (req, res, n) => (n === 1 ? half(req, res, n) : ok(req, res, n)),
    })
    await expect(client(srv.url).request('user/list')).resolves.toMatchObject({ errcode: 0 })
    expect(srv.deliveries['user/list']).toBe(2)
  })
})
