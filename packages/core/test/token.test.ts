import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type CachedToken,
  isWeComApiError,
  isWeComNetworkError,
  type TokenStore,
  type WeComApiError,
} from '@wecom-kit/core'
import { createTokenProvider, tokenKey } from '@wecom-kit/core/resource-kit'
import { HttpResponse, http } from 'msw'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  BASE,
  CORP_ID,
  makeClient,
  OTHER_SECRET,
  recordingStore,
  rejectionOf,
  SECRET,
  tokenEndpoint,
  tokenOf,
  useMsw,
} from './helpers.js'

const server = useMsw()

/** user/get that answers with the userid it was asked for, and `errcode` for tokens WeCom dropped. */
function userGet(tokens: { valid: Set<string> }, expiredErrcode = 42001) {
  const seen: { token: string | null; userid: string | null; status: number }[] = []
  const handler = http.get(`${BASE}user/get`, ({ request }) => {
    const token = tokenOf(request)
    const userid = new URL(request.url).searchParams.get('userid')
    const ok = token !== null && tokens.valid.has(token)
    seen.push({ token, userid, status: ok ? 0 : expiredErrcode })
    return ok
      ? HttpResponse.json({ errcode: 0, errmsg: 'ok', userid })
      : HttpResponse.json({ errcode: expiredErrcode, errmsg: 'access_token expired' })
  })
  return { seen, handler }
}

describe('one gettoken for many callers', () => {
  it('1 000 concurrent calls on a cold client cause exactly one gettoken, and all succeed', async () => {
    const { state, handler } = tokenEndpoint({ delayMs: 20 })
    const api = userGet(state)
    server.use(handler, api.handler)
    const client = makeClient()
    const ids = Array.from({ length: 1000 }, (_, i) => `user${i}`)
    const answers = await Promise.all(
      ids.map((userid) => client.request<{ userid: string }>('user/get', { query: { userid } })),
    )
    expect(state.calls).toBe(1)
    expect(answers.map((a) => a.userid)).toEqual(ids)
    expect(api.seen).toHaveLength(1000)
    expect(new Set(api.seen.map((s) => s.token))).toEqual(new Set([state.issued[0]]))
  })

  it('concurrent getAccessToken calls share one refresh too', async () => {
    const { state, handler } = tokenEndpoint({ delayMs: 10 })
    server.use(handler)
    const client = makeClient()
    const tokens = await Promise.all(Array.from({ length: 50 }, () => client.getAccessToken()))
    expect(new Set(tokens).size).toBe(1)
    expect(state.calls).toBe(1)
  })
})

describe('a token WeCom drops early', () => {
  it.each([42001, 40014])(
    'errcode %i mid-flight: one refresh, every failed call replayed once, all succeed',
    async (errcode) => {
      const { state, handler } = tokenEndpoint()
      const N = 40
      const seen: { token: string | null; userid: string | null }[] = []
      let arrived = 0
      let releaseAll!: () => void
      const gate = new Promise<void>((resolve) => {
        releaseAll = resolve
      })
      server.use(
        handler,
        http.get(`${BASE}user/get`, async ({ request }) => {
          const token = tokenOf(request)
          const userid = new URL(request.url).searchParams.get('userid')
          seen.push({ token, userid })
          if (token === state.issued[0]) {
            // Hold the calls made with the first token until all are in flight, then expire it.
            if (++arrived === N) {
              state.expire(token)
              releaseAll()
            }
            await gate
          }
          return token !== null && state.valid.has(token)
            ? HttpResponse.json({ errcode: 0, errmsg: 'ok', userid })
            : HttpResponse.json({ errcode, errmsg: 'invalid access_token' })
        }),
      )
      const client = makeClient()
      const first = await client.getAccessToken()
      const ids = Array.from({ length: N }, (_, i) => `u${i}`)
      const answers = await Promise.all(
        ids.map((userid) => client.request<{ userid: string }>('user/get', { query: { userid } })),
      )
      expect(answers.map((a) => a.userid)).toEqual(ids)
      expect(state.calls).toBe(2)
      const second = state.issued[1]!
      expect(second).not.toBe(first)
      // Each call: once with the dropped token, once (the replay) with the new one. Never more.
      for (const userid of ids) {
        expect(seen.filter((s) => s.userid === userid).map((s) => s.token)).toEqual([first, second])
      }
      // Later calls use the new token without another refresh.
      await client.request('user/get', { query: { userid: 'later' } })
      expect(state.calls).toBe(2)
      expect(await client.getAccessToken()).toBe(second)
    },
  )

  it('a server that rejects even fresh tokens fails the call after exactly one refresh and replay', async () => {
    const { state, handler } = tokenEndpoint()
    const api = userGet({ valid: new Set() })
    server.use(handler, api.handler)
    const client = makeClient()
    const error = await rejectionOf(client.request('user/get', { query: { userid: 'zhangsan' } }))
    expect(isWeComApiError(error)).toBe(true)
    expect((error as WeComApiError).errcode).toBe(42001)
    expect(state.calls).toBe(2)
    expect(api.seen.map((s) => s.token)).toEqual([state.issued[0], state.issued[1]])
  })

  it('41001 (token missing) fails at once: no refresh, no retry', async () => {
    const { state, handler } = tokenEndpoint()
    const api = userGet({ valid: new Set() }, 41001)
    server.use(handler, api.handler)
    const onRetry = vi.fn()
    const client = makeClient({ hooks: { onRetry } })
    const error = await rejectionOf(client.request('user/get', { query: { userid: 'zhangsan' } }))
    expect(error).toMatchObject({ name: 'WeComApiError', errcode: 41001, path: 'user/get' })
    expect((error as WeComApiError).hint).toMatch(/access_token missing/)
    expect(state.calls).toBe(1)
    expect(api.seen).toHaveLength(1)
    expect(onRetry).not.toHaveBeenCalled()
  })
})

describe('gettoken failures', () => {
  it('40001 (bad secret): a hint about the secret, exactly one gettoken, no retry by the call either', async () => {
    const { state, handler } = tokenEndpoint({ secrets: [OTHER_SECRET] })
    const api = userGet({ valid: new Set() })
    server.use(handler, api.handler)
    const onRetry = vi.fn()
    const client = makeClient({ hooks: { onRetry } })

    const direct = await rejectionOf(client.getAccessToken())
    expect(isWeComApiError(direct)).toBe(true)
    expect(direct).toMatchObject({ errcode: 40001, path: 'gettoken' })
    expect((direct as WeComApiError).hint).toMatch(/corpSecret/)
    expect((direct as Error).message).toMatch(/corpSecret/)
    expect(state.calls).toBe(1)

    // The refusal is remembered: the next call fails the same way without asking again.
    const viaCall = await rejectionOf(client.request('user/get', { query: { userid: 'zhangsan' } }))
    expect(viaCall).toMatchObject({ name: 'WeComApiError', errcode: 40001 })
    expect(state.calls).toBe(1)
    expect(api.seen).toHaveLength(0)
    expect(onRetry).not.toHaveBeenCalled()
  })

  it('gettoken -1 once, then a token: the call succeeds', async () => {
    const { state, handler } = tokenEndpoint()
    let busy = 1
    const api = userGet(state)
    server.use(
      http.get(`${BASE}gettoken`, () =>
        busy-- > 0 ? HttpResponse.json({ errcode: -1, errmsg: 'system busy' }) : undefined,
      ),
      handler,
      api.handler,
    )
    const client = makeClient()
    await expect(client.request('user/get', { query: { userid: 'a' } })).resolves.toMatchObject({
      userid: 'a',
    })
    expect(busy).toBe(-1)
    expect(state.calls).toBe(1)
  })

  it('a gettoken that keeps failing is retried by the token fetch only (retries + 1 requests, not squared)', async () => {
    let calls = 0
    server.use(
      http.get(`${BASE}gettoken`, () => {
        calls++
        return HttpResponse.json({ errcode: -1, errmsg: 'system busy' })
      }),
    )
    const onRetry = vi.fn()
    const client = makeClient({ hooks: { onRetry } })
    const error = await rejectionOf(client.request('user/get'))
    expect(error).toMatchObject({ name: 'WeComApiError', errcode: -1, path: 'gettoken' })
    expect(calls).toBe(4)
    expect(onRetry).toHaveBeenCalledTimes(3)
    for (const [info] of onRetry.mock.calls) expect(info.path).toBe('gettoken')
  })

  it('a gettoken answer without access_token is an error, not an "undefined" token', async () => {
    server.use(http.get(`${BASE}gettoken`, () => HttpResponse.json({ errcode: 0, errmsg: 'ok' })))
    const error = await rejectionOf(makeClient().getAccessToken())
    expect(error).toMatchObject({ name: 'WeComHttpError', path: 'gettoken' })
  })

  it('a transient refresh failure is not cached: the next call tries again', async () => {
    let fail = true
    const { state, handler } = tokenEndpoint()
    server.use(
      http.get(`${BASE}gettoken`, () => (fail ? new HttpResponse('busy', { status: 503 }) : undefined)),
      handler,
    )
    const client = makeClient()
    await expect(client.getAccessToken()).rejects.toMatchObject({ status: 503 })
    fail = false
    const token = await client.getAccessToken()
    expect(token).toBe(state.issued[0])
    expect(state.calls).toBe(1)
  })

  it('many calls with a bad secret make one gettoken a minute, not one each', async () => {
    let calls = 0
    server.use(
      http.get(`${BASE}gettoken`, () => {
        calls++
        return HttpResponse.json({ errcode: 40001, errmsg: 'invalid credential' })
      }),
    )
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      const client = makeClient()
      const results = await Promise.allSettled(Array.from({ length: 20 }, () => client.getAccessToken()))
      for (let i = 0; i < 5; i++) await rejectionOf(client.request('user/get'))
      expect(results.every((r) => r.status === 'rejected')).toBe(true)
      expect(calls).toBe(1)
      vi.setSystemTime(Date.now() + 61_000)
      await rejectionOf(client.getAccessToken())
      expect(calls).toBe(2)
    } finally {
      vi.useRealTimers()
    }
  })

  it('a gettoken network failure surfaces as WeComNetworkError', async () => {
    server.use(http.get(`${BASE}gettoken`, () => HttpResponse.error()))
    const error = await rejectionOf(makeClient().request('user/get'))
    expect(isWeComNetworkError(error)).toBe(true)
    expect(error).toMatchObject({ path: 'gettoken' })
  })
})

describe('token stores', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wecom-kit-tokens-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  /**
   * co-wechat-enterprise-api's pattern, as a TokenStore:
   *   new API(corpid, secret, agentid, getToken, saveToken)
   * where saveToken wrote `{ accessToken, expireTime }` to a file and getToken read it back.
   */
  function fileTokenStore(directory: string): TokenStore {
    const file = (key: string) => join(directory, `${encodeURIComponent(key)}.json`)
    return {
      async get(key) {
        try {
          const saved = JSON.parse(await readFile(file(key), 'utf8')) as {
            accessToken: string
            expireTime: number
          }
          return { value: saved.accessToken, expiresAt: saved.expireTime }
        } catch {
          return null
        }
      },
      async set(key, token) {
        await writeFile(file(key), JSON.stringify({ accessToken: token.value, expireTime: token.expiresAt }))
      },
      async delete(key) {
        await rm(file(key), { force: true })
      },
    }
  }

  it("the old getToken/saveToken file flow works: a second client reuses the first one's token", async () => {
    const { state, handler } = tokenEndpoint()
    const api = userGet(state)
    server.use(handler, api.handler)

    const first = makeClient({ tokenStore: fileTokenStore(dir) })
    await first.request('user/get', { query: { userid: 'a' } })
    expect(state.calls).toBe(1)

    const files = await readdir(dir)
    expect(files).toHaveLength(1)
    const saved = JSON.parse(await readFile(join(dir, files[0]!), 'utf8'))
    expect(saved.accessToken).toBe(state.issued[0])
    // Refreshed ahead of WeCom's 7200 s, but not absurdly early.
    expect(saved.expireTime).toBeLessThan(Date.now() + 7200_000)
    expect(saved.expireTime).toBeGreaterThan(Date.now() + 3600_000)

    // "Another process": a new client, same store.
    const second = makeClient({ tokenStore: fileTokenStore(dir) })
    await second.request('user/get', { query: { userid: 'b' } })
    expect(state.calls).toBe(1)
    expect(api.seen.map((s) => s.token)).toEqual([state.issued[0], state.issued[0]])
  })

  it('a stored token that has expired is replaced', async () => {
    const { state, handler } = tokenEndpoint()
    server.use(handler)
    const store = recordingStore()
    const key = await tokenKey(CORP_ID, SECRET)
    await store.set(key, { value: 'OLD-TOKEN', expiresAt: Date.now() - 1 })
    const client = makeClient({ tokenStore: store })
    expect(await client.getAccessToken()).toBe(state.issued[0])
    expect(store.data.get(key)?.value).toBe(state.issued[0])
  })

  it('a token dropped after 42001 is deleted from the store and replaced', async () => {
    const { state, handler } = tokenEndpoint()
    const api = userGet(state)
    server.use(handler, api.handler)
    const store = recordingStore()
    const key = await tokenKey(CORP_ID, SECRET)
    // Another process saved a token that WeCom no longer accepts.
    await store.set(key, { value: 'REVOKED-TOKEN', expiresAt: Date.now() + 3600_000 })
    const client = makeClient({ tokenStore: store })
    await expect(client.request('user/get', { query: { userid: 'a' } })).resolves.toMatchObject({
      userid: 'a',
    })
    expect(api.seen.map((s) => s.token)).toEqual(['REVOKED-TOKEN', state.issued[0]])
    expect(store.log).toContain(`delete ${key}`)
    expect(store.data.get(key)?.value).toBe(state.issued[0])
  })

  it('a store without delete still never hands back the dropped token', async () => {
    const { state, handler } = tokenEndpoint()
    const api = userGet(state)
    server.use(handler, api.handler)
    const data = new Map<string, CachedToken>()
    const key = await tokenKey(CORP_ID, SECRET)
    data.set(key, { value: 'REVOKED-TOKEN', expiresAt: Date.now() + 3600_000 })
    const store: TokenStore = {
      get: async (k) => data.get(k),
      set: async (k, t) => {
        data.set(k, t)
      },
    }
    const client = makeClient({ tokenStore: store })
    await client.request('user/get', { query: { userid: 'a' } })
    expect(state.calls).toBe(1)
    expect(data.get(key)?.value).toBe(state.issued[0])
  })

  it('keys hold the corpId but never the secret; two secrets of one corp get different keys', async () => {
    const { state, handler } = tokenEndpoint({ secrets: [SECRET, OTHER_SECRET] })
    server.use(handler)
    const store = recordingStore()
    const app = makeClient({ tokenStore: store })
    const contacts = makeClient({ corpSecret: OTHER_SECRET, tokenStore: store })
    const [a, b] = await Promise.all([app.getAccessToken(), contacts.getAccessToken()])
    expect(a).not.toBe(b)
    expect(state.calls).toBe(2)

    const keys = [...store.data.keys()]
    expect(keys).toHaveLength(2)
    expect(new Set(keys).size).toBe(2)
    for (const key of keys) {
      expect(key).toContain(CORP_ID)
      expect(key).not.toContain(SECRET)
      expect(key).not.toContain(OTHER_SECRET)
    }
    expect(JSON.stringify(store.log)).not.toContain(SECRET)
    expect(keys).toEqual(
      expect.arrayContaining([await tokenKey(CORP_ID, SECRET), await tokenKey(CORP_ID, OTHER_SECRET)]),
    )
    // Same corp and secret → same key (that is how processes share); another corp → another key.
    expect(await tokenKey(CORP_ID, SECRET)).toBe(await tokenKey(CORP_ID, SECRET))
    expect(await tokenKey('wwother', SECRET)).not.toBe(await tokenKey(CORP_ID, SECRET))
  })
})

describe('a store with a refresh lock (a fleet of processes)', () => {
  it('two clients sharing a locking store: one gettoken; the one without the lock waits for the token', async () => {
    const { state, handler } = tokenEndpoint({ delayMs: 120 })
    server.use(handler)
    const store = recordingStore({ lock: true })
    const processA = makeClient({ tokenStore: store })
    const processB = makeClient({ tokenStore: store })

    const a = processA.getAccessToken()
    // Let A take the lock first, then B arrives while A's gettoken is in flight.
    await vi.waitFor(() => expect(store.log.some((l) => l.startsWith('lock '))).toBe(true))
    const b = processB.getAccessToken()
    const [tokenA, tokenB] = await Promise.all([a, b])

    expect(state.calls).toBe(1)
    expect(tokenB).toBe(tokenA)
    expect(tokenA).toBe(state.issued[0])
    expect(store.log.filter((l) => l.startsWith('lock '))).toHaveLength(1)
    // B found the lock busy (it retries the lock as it polls, so maybe more than once).
    expect(store.log.filter((l) => l.startsWith('lock-busy ')).length).toBeGreaterThanOrEqual(1)
    expect(store.log.filter((l) => l.startsWith('unlock '))).toHaveLength(1)
    // B read the store again after A had written it.
    const setAt = store.log.findIndex((l) => l.startsWith('set '))
    expect(store.log.slice(setAt + 1).some((l) => l.startsWith('get '))).toBe(true)
  })

  it('a lock holder that fails is replaced at once, not after its lease', async () => {
    let calls = 0
    server.use(
      http.get(`${BASE}gettoken`, async () => {
        calls++
        // The first process's refresh fails (a transient outage); the next one succeeds.
        if (calls === 1) return HttpResponse.json({ errcode: 40013, errmsg: 'invalid corpid' })
        return HttpResponse.json({
          errcode: 0,
          errmsg: 'ok',
          access_token: 'TOKEN_AFTER_TAKEOVER',
          expires_in: 7200,
        })
      }),
    )
    const store = recordingStore({ lock: true })
    const holder = makeClient({ tokenStore: store })
    const waiter = makeClient({ tokenStore: store })
    const started = Date.now()
    // Whichever takes the lock first gets the failure; the other takes over at once.
    const results = await Promise.allSettled([holder.getAccessToken(), waiter.getAccessToken()])
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected'])
    expect(results.find((r) => r.status === 'fulfilled')).toEqual({
      status: 'fulfilled',
      value: 'TOKEN_AFTER_TAKEOVER',
    })
    expect(calls).toBe(2)
    expect(Date.now() - started).toBeLessThan(2_000) // the lease is 10 s
  })

  it('a fleet of five cold processes calling at once causes one gettoken', async () => {
    const { state, handler } = tokenEndpoint({ delayMs: 50 })
    const api = userGet(state)
    server.use(handler, api.handler)
    const store = recordingStore({ lock: true })
    const fleet = Array.from({ length: 5 }, () => makeClient({ tokenStore: store }))
    await Promise.all(
      fleet.flatMap((client, i) =>
        Array.from({ length: 10 }, (_, j) => client.request('user/get', { query: { userid: `p${i}u${j}` } })),
      ),
    )
    expect(state.calls).toBe(1)
    expect(api.seen).toHaveLength(50)
  })

  it('the lock holder re-reads the store before fetching (another process may have just refreshed)', async () => {
    const store = recordingStore({ lock: true })
    const fetch = vi.fn(async () => ({ value: 'fetched', expiresIn: 7200 }))
    const provider = createTokenProvider({ store, key: 'k', fetch })
    const realGet = store.get
    let reads = 0
    store.get = async (key) => {
      // The first read misses; by the time the lock is held, another process has written one.
      if (++reads === 2) await store.set(key, { value: 'from-peer', expiresAt: Date.now() + 60_000 })
      return realGet(key)
    }
    expect(await provider.get()).toBe('from-peer')
    expect(fetch).not.toHaveBeenCalled()
  })
})

describe('client.cached: tickets kept like tokens', () => {
  it('fetches once for concurrent callers, keeps each kind under its own key, never the secret', async () => {
    const store = recordingStore()
    const client = makeClient({ tokenStore: store })
    let fetches = 0
    const fetchTicket = async () => {
      fetches++
      await new Promise((resolve) => setTimeout(resolve, 20))
      return { value: `TICKET_${fetches}`, expiresIn: 7200 }
    }
    const jsapi = client.cached('jsapi_ticket', fetchTicket)
    const values = await Promise.all(Array.from({ length: 50 }, () => jsapi.get()))
    expect(new Set(values)).toEqual(new Set(['TICKET_1']))
    expect(fetches).toBe(1)

    const agent = client.cached('agent_config:1000002', async () => ({
      value: 'AGENT_TICKET',
      expiresIn: 7200,
    }))
    expect(await agent.get()).toBe('AGENT_TICKET')
    const keys = [...store.data.keys()]
    expect(keys).toEqual([
      await tokenKey(CORP_ID, SECRET, 'jsapi_ticket'),
      await tokenKey(CORP_ID, SECRET, 'agent_config:1000002'),
    ])
    expect(keys.join()).not.toContain(SECRET)

    // Another client on the same store (another process) reads the ticket instead of fetching.
    const other = makeClient({ tokenStore: store }).cached('jsapi_ticket', fetchTicket)
    expect(await other.get()).toBe('TICKET_1')
    expect(fetches).toBe(1)
  })
})
