// The token manager's guarantees hold for any credential strategy, not only corpSecret: the same
// suite runs against gettoken (corpSecret) and against a second strategy shaped like a service
// provider's suite token (POST with a JSON body, its own query parameter, its own errcodes).
import {
  type Credentials,
  createClient,
  type RequestInfo as HookRequest,
  isWeComApiError,
  type TokenStore,
} from '@wecom-kit/core'
import { HttpResponse, http } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { BASE, CORP_ID, FAST_RETRY, recordingStore, rejectionOf, SECRET, useMsw } from './helpers.js'

const server = useMsw()

interface TokenWorld {
  /** Token fetches WeCom received. */
  fetches: number
  /** Tokens WeCom accepts now. */
  valid: Set<string>
  /** The next call made with `token` answers `errcode` once (WeCom expiring a token early). */
  rejectOnce(token: string, errcode: number): void
}

interface Strategy {
  name: string
  /** The query parameter calls carry the token in. */
  param: string
  client(extra?: {
    tokenStore?: TokenStore
    hooks?: { beforeRequest(info: HookRequest): void }
  }): ReturnType<typeof createClient>
  /** Handlers for the token endpoint and for `thing/get`, which accepts only valid tokens. */
  world(options?: { expiresIn?: number; delayMs?: number; refuse?: number }): TokenWorld
}

const SUITE_ID = 'wwsuite0123456789'
const SUITE_SECRET = 'suite-SECRET-0123456789abcdef'
const SUITE_TICKET = 'ticket-from-the-callback'

/** A second strategy, shaped like @wecom-kit/suite's suite token. */
function suiteCredentials(): Credentials {
  return {
    cacheKey: async (kind) => `wecom:${kind}:suite:${SUITE_ID}`,
    async fetchToken({ call }) {
      const body = await call<{ suite_access_token?: string; expires_in?: number }>(
        'service/get_suite_token',
        {
          json: { suite_id: SUITE_ID, suite_secret: SUITE_SECRET, suite_ticket: SUITE_TICKET },
        },
      )
      if (!body.suite_access_token) throw new Error('no suite_access_token')
      return { value: body.suite_access_token, expiresIn: body.expires_in ?? 7200 }
    },
    tokenParam: 'suite_access_token',
    refusedErrcodes: [40082],
    invalidTokenErrcodes: [40082],
  }
}

function world(
  param: string,
  tokenHandler: (answer: () => Promise<Response>, request: Request) => Promise<Response>,
  tokenRoute: (resolver: Parameters<typeof http.get>[1]) => ReturnType<typeof http.get>,
  options: { expiresIn?: number; delayMs?: number; refuse?: number } = {},
): TokenWorld {
  const state: TokenWorld & { once: Map<string, number> } = {
    fetches: 0,
    valid: new Set(),
    once: new Map(),
    rejectOnce(token, errcode) {
      this.once.set(token, errcode)
    },
  }
  server.use(
    tokenRoute(async ({ request }) =>
      tokenHandler(async () => {
        state.fetches++
        if (options.refuse) return HttpResponse.json({ errcode: options.refuse, errmsg: 'refused' })
        if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs))
        const token = `TOKEN${state.fetches}_abcdefghijklmnopqrstuvwxyz0123456789`
        state.valid.add(token)
        return HttpResponse.json({
          errcode: 0,
          errmsg: 'ok',
          [param]: token,
          expires_in: options.expiresIn ?? 7200,
        })
      }, request),
    ),
    http.get(`${BASE}thing/get`, ({ request }) => {
      const token = new URL(request.url).searchParams.get(param) ?? ''
      const once = state.once.get(token)
      if (once !== undefined) {
        state.once.delete(token)
        state.valid.delete(token)
        return HttpResponse.json({ errcode: once, errmsg: 'token invalid' })
      }
      if (!state.valid.has(token)) return HttpResponse.json({ errcode: 42001, errmsg: 'expired' })
      return HttpResponse.json({ errcode: 0, errmsg: 'ok', token })
    }),
  )
  return state
}

const strategies: Strategy[] = [
  {
    name: 'corpSecret (gettoken)',
    param: 'access_token',
    client: (extra = {}) =>
      createClient({ corpId: CORP_ID, corpSecret: SECRET, baseUrl: BASE, retry: FAST_RETRY, ...extra }),
    world: (options) =>
      world(
        'access_token',
        async (answer, request) => {
          const url = new URL(request.url)
          if (url.searchParams.get('corpsecret') !== SECRET)
            return HttpResponse.json({ errcode: 40001, errmsg: 'bad' })
          return answer()
        },
        (resolver) => http.get(`${BASE}gettoken`, resolver),
        options,
      ),
  },
  {
    name: 'a suite-token strategy (POST, suite_access_token)',
    param: 'suite_access_token',
    client: (extra = {}) =>
      createClient({
        corpId: SUITE_ID,
        credentials: suiteCredentials(),
        baseUrl: BASE,
        retry: FAST_RETRY,
        ...extra,
      }),
    world: (options) =>
      world(
        'suite_access_token',
        async (answer, request) => {
          const body = (await request.json()) as Record<string, string>
          if (body.suite_secret !== SUITE_SECRET || body.suite_ticket !== SUITE_TICKET) {
            return HttpResponse.json({ errcode: 40082, errmsg: 'invalid suite token' })
          }
          return answer()
        },
        (resolver) => http.post(`${BASE}service/get_suite_token`, resolver),
        options,
      ),
  },
]

describe.each(strategies)('token guarantees with $name', (strategy) => {
  it('1 000 concurrent calls on a cold client make one token fetch', async () => {
    const wecom = strategy.world({ delayMs: 20 })
    const client = strategy.client()
    const answers = await Promise.all(Array.from({ length: 1000 }, () => client.request('thing/get')))
    expect(wecom.fetches).toBe(1)
    expect(new Set(answers.map((a) => a.token)).size).toBe(1)
  })

  it('sends the token in its own query parameter, and hooks see it redacted', async () => {
    strategy.world()
    const urls: string[] = []
    const client = strategy.client({ hooks: { beforeRequest: (info) => void urls.push(info.url) } })
    const answer = await client.request<{ token: string }>('thing/get')
    expect(answer.token).toMatch(/^TOKEN1_/)
    const call = urls.find((u) => u.includes('thing/get'))
    expect(call).toContain(`${strategy.param}=***`)
    expect(urls.join(' ')).not.toContain(answer.token)
    expect(urls.join(' ')).not.toContain(SECRET)
    expect(urls.join(' ')).not.toContain(SUITE_SECRET)
  })

  it('refreshes ahead of expiry, while WeCom still takes the old token', async () => {
    // expires_in 2 s: the safety margin (a tenth of a short lifetime) puts the refresh at 1.8 s.
    const wecom = strategy.world({ expiresIn: 2 })
    const client = strategy.client()
    const first = await client.request<{ token: string }>('thing/get')
    await new Promise((r) => setTimeout(r, 1_900))
    expect(wecom.valid.has(first.token)).toBe(true) // WeCom would still have accepted it
    const second = await client.request<{ token: string }>('thing/get')
    expect(wecom.fetches).toBe(2)
    expect(second.token).not.toBe(first.token)
  })

  it.each([40014, 42001, 42009])(
    'errcode %i: drops the token, fetches once, replays once',
    async (errcode) => {
      const wecom = strategy.world()
      const client = strategy.client()
      const first = await client.request<{ token: string }>('thing/get')
      wecom.rejectOnce(first.token, errcode)
      const results = await Promise.all(
        Array.from({ length: 20 }, () => client.request<{ token: string }>('thing/get')),
      )
      expect(wecom.fetches).toBe(2)
      for (const r of results) expect(r.token).not.toBe(first.token)
    },
  )

  it('a token WeCom keeps refusing surfaces after one replay, never a loop', async () => {
    const wecom = strategy.world()
    server.use(http.get(`${BASE}thing/get`, () => HttpResponse.json({ errcode: 42001, errmsg: 'expired' })))
    const error = await rejectionOf(strategy.client().request('thing/get'))
    expect(isWeComApiError(error) && error.errcode).toBe(42001)
    expect(wecom.fetches).toBe(2)
  })

  it('with a locking store, two clients (two processes) make one fetch', async () => {
    const wecom = strategy.world({ delayMs: 50 })
    const store = recordingStore({ lock: true })
    const a = strategy.client({ tokenStore: store })
    const b = strategy.client({ tokenStore: store })
    const pending = a.request('thing/get')
    await vi.waitFor(() => expect(store.log.some((l) => l.startsWith('lock '))).toBe(true))
    await Promise.all([pending, b.request('thing/get'), b.request('thing/get')])
    expect(wecom.fetches).toBe(1)
    expect(store.log.filter((l) => l.startsWith('lock '))).toHaveLength(1)
    // Store keys name the credential without its secret.
    for (const key of store.data.keys()) {
      expect(key).not.toContain(SECRET)
      expect(key).not.toContain(SUITE_SECRET)
    }
  })
})

describe('refused credentials', () => {
  it('a strategy’s refused errcode is remembered: no second fetch for a minute', async () => {
    const [, suite] = strategies
    const wecom = suite!.world({ refuse: 40082 })
    const client = suite!.client()
    const first = await rejectionOf(client.request('thing/get'))
    const second = await rejectionOf(client.request('thing/get'))
    expect(isWeComApiError(first) && first.errcode).toBe(40082)
    expect(second).toBe(first)
    expect(wecom.fetches).toBe(1)
  })

  it('createClient takes a secret or a strategy, not both and not neither', () => {
    expect(() => createClient({ corpId: CORP_ID })).toThrow(/corpSecret or a credentials strategy/)
    expect(() =>
      createClient({ corpId: CORP_ID, corpSecret: SECRET, credentials: suiteCredentials() }),
    ).toThrow(/corpSecret or a credentials strategy/)
    expect(() => createClient({ corpId: CORP_ID, credentials: {} as Credentials })).toThrow(
      /credentials must have cacheKey and fetchToken methods/,
    )
  })
})
