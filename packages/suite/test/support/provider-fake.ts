// A small WeCom for the provider tests, behind msw: get_provider_token and gettoken checked
// like WeCom does, each token kind accepted only in its own query parameter, and every other
// path answered by what the test registers with `on(path, …)`.
import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'

import { BASE, FAST_RETRY } from './service-world.js'

// One WeCom address and one retry policy for every test of the package.
export { BASE, FAST_RETRY }
export const PROVIDER_CORP = 'wwprovider0123456789'
export const PROVIDER_SECRET = 'PrOvIdEr-SECRET-value-0123456789abcdefXYZ'
export const CORP_ID = 'wwcorp0123456789ab'
export const CORP_SECRET = 'CoRp-SECRET-value-9876543210fedcbaQRS'

export interface Sent {
  method: string
  path: string
  query: Record<string, string>
  json: unknown
}

type Answer = Record<string, unknown> | Response
type Responder = (json: Record<string, unknown>, sent: Sent) => Answer | Promise<Answer>

export interface Fake {
  /** Every request but the token fetches, in order. */
  requests: Sent[]
  /** get_provider_token requests received (the bodies, to check no secret leaks elsewhere). */
  providerTokenFetches: number
  corpTokenFetches: number
  /** Tokens WeCom accepts now. */
  providerTokens: Set<string>
  corpTokens: Set<string>
  /** Answers `path`; without it the path answers errcode 0. */
  on(path: string, responder: Responder): void
  /** The next call with `token` answers `errcode` once and WeCom forgets the token. */
  rejectOnce(token: string, errcode: number): void
  /** Wait this long before answering a token fetch. */
  tokenDelayMs: number
  /** Requests to `path`. */
  sentTo(path: string): Sent[]
}

/** Paths WeCom wants the provider token for, and the parameter it goes in. */
function providerParam(path: string): string | undefined {
  if (path === 'service/get_login_info') return 'access_token'
  if (path.startsWith('service/') || path.startsWith('license/')) return 'provider_access_token'
  return undefined
}

export function useProviderFake() {
  const fake = newFake()
  const server = setupServer(
    http.post(`${BASE}service/get_provider_token`, async ({ request }) => {
      fake.providerTokenFetches++
      const body = (await request.json()) as Record<string, unknown>
      if (body.corpid !== PROVIDER_CORP)
        return HttpResponse.json({ errcode: 40013, errmsg: 'invalid corpid' })
      if (body.provider_secret !== PROVIDER_SECRET) {
        return HttpResponse.json({ errcode: 40091, errmsg: 'provider_secret is invalid' })
      }
      if (fake.tokenDelayMs) await new Promise((r) => setTimeout(r, fake.tokenDelayMs))
      const token = `PROVIDERTOKEN${fake.providerTokenFetches}_abcdefghijklmnopqrstuvwxyz0123456789`
      fake.providerTokens.add(token)
      return HttpResponse.json({ provider_access_token: token, expires_in: 7200 })
    }),
    http.get(`${BASE}gettoken`, ({ request }) => {
      fake.corpTokenFetches++
      const url = new URL(request.url)
      if (url.searchParams.get('corpid') !== CORP_ID || url.searchParams.get('corpsecret') !== CORP_SECRET) {
        return HttpResponse.json({ errcode: 40001, errmsg: 'invalid credential' })
      }
      const token = `CORPTOKEN${fake.corpTokenFetches}_zyxwvutsrqponmlkjihgfedcba9876543210`
      fake.corpTokens.add(token)
      return HttpResponse.json({ errcode: 0, errmsg: 'ok', access_token: token, expires_in: 7200 })
    }),
    http.all(`${BASE}*`, async ({ request }) => {
      const url = new URL(request.url)
      const path = url.pathname.slice(new URL(BASE).pathname.length)
      const query = Object.fromEntries(url.searchParams)
      const text = request.method === 'GET' ? '' : await request.text()
      const json = text === '' ? undefined : (JSON.parse(text) as unknown)
      const sent: Sent = { method: request.method, path, query, json }
      fake.requests.push(sent)

      const param = providerParam(path)
      const token = param ? query[param] : query.access_token
      const valid = param ? fake.providerTokens : fake.corpTokens
      if (!token) return HttpResponse.json({ errcode: 41001, errmsg: `missing ${param ?? 'access_token'}` })
      const once = fake.once.get(token)
      if (once !== undefined) {
        fake.once.delete(token)
        valid.delete(token)
        return HttpResponse.json({ errcode: once, errmsg: 'token rejected' })
      }
      if (!valid.has(token)) return HttpResponse.json({ errcode: 40014, errmsg: 'invalid access_token' })

      const responder = fake.responders.get(path)
      const answer = responder ? await responder((json ?? {}) as Record<string, unknown>, sent) : {}
      if (answer instanceof Response) return answer
      return HttpResponse.json({ errcode: 0, errmsg: 'ok', ...answer })
    }),
  )
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  beforeEach(() => fake.reset())
  afterEach(() => server.resetHandlers())
  afterAll(() => server.close())
  return { fake, server }
}

function newFake() {
  const fake = {
    requests: [] as Sent[],
    providerTokenFetches: 0,
    corpTokenFetches: 0,
    providerTokens: new Set<string>(),
    corpTokens: new Set<string>(),
    tokenDelayMs: 0,
    responders: new Map<string, Responder>(),
    once: new Map<string, number>(),
    on(path: string, responder: Responder) {
      fake.responders.set(path, responder)
    },
    rejectOnce(token: string, errcode: number) {
      fake.once.set(token, errcode)
    },
    sentTo(path: string) {
      return fake.requests.filter((r) => r.path === path)
    },
    reset() {
      fake.requests = []
      fake.providerTokenFetches = 0
      fake.corpTokenFetches = 0
      fake.providerTokens.clear()
      fake.corpTokens.clear()
      fake.tokenDelayMs = 0
      fake.responders.clear()
      fake.once.clear()
    },
  }
  return fake satisfies Fake
}

/** A WeCom errcode answer. */
export const wecomError = (errcode: number, errmsg = 'error') =>
  HttpResponse.json({ errcode, errmsg }) as unknown as Response
