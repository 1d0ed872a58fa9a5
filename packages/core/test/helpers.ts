import { type CachedToken, type ClientOptions, createClient, type TokenStore } from '@wecom-kit/core'
import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll } from 'vitest'

// A base URL that only msw answers: nothing in these tests may reach the real WeCom.
export const BASE = 'https://qyapi.wecom.test/cgi-bin/'
export const CORP_ID = 'ww1234567890abcdef'
export const SECRET = 'Xs3cr3T-corp-secret-VALUE-0123456789abcdef'
export const OTHER_SECRET = 'Yo7her-contacts-secret-VALUE-fedcba9876543210'

/** Backoffs of a few ms: retries are exercised without slowing the suite. */
export const FAST_RETRY = { retries: 3, minTimeout: 1, maxTimeout: 5 } as const

export function makeClient(extra: Partial<ClientOptions> = {}) {
  return createClient({ corpId: CORP_ID, corpSecret: SECRET, baseUrl: BASE, retry: FAST_RETRY, ...extra })
}

/** One msw server per test file, failing any request no handler answers. */
export function useMsw() {
  const server = setupServer()
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterEach(() => server.resetHandlers())
  afterAll(() => server.close())
  return server
}

export interface TokenServer {
  /** gettoken requests received. */
  calls: number
  /** Tokens issued, in order. */
  issued: string[]
  /** Tokens the API still accepts. */
  valid: Set<string>
  /** Makes WeCom forget a token: calls with it answer `errcode` (42001 by default). */
  expire(token: string): void
}

/**
 * A gettoken endpoint that checks the credentials like WeCom (40001 for a wrong secret) and
 * issues distinct, long tokens. `secrets` are the secrets it accepts.
 */
export function tokenEndpoint(
  options: { delayMs?: number; secrets?: string[]; base?: string; expiresIn?: number } = {},
) {
  const secrets = options.secrets ?? [SECRET]
  const state: TokenServer = {
    calls: 0,
    issued: [],
    valid: new Set(),
    expire(token) {
      this.valid.delete(token)
    },
  }
  const handler = http.get(`${options.base ?? BASE}gettoken`, async ({ request }) => {
    state.calls++
    const url = new URL(request.url)
    if (url.searchParams.get('corpid') !== CORP_ID) {
      return HttpResponse.json({ errcode: 40013, errmsg: 'invalid corpid' })
    }
    const secret = url.searchParams.get('corpsecret') ?? ''
    if (!secrets.includes(secret)) return HttpResponse.json({ errcode: 40001, errmsg: 'invalid credential' })
    if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs))
    const token = `ACCESSTOKEN${state.calls}_${secrets.indexOf(secret)}_qwertyuiopasdfghjklzxcvbnm0123456789`
    state.issued.push(token)
    state.valid.add(token)
    return HttpResponse.json({
      errcode: 0,
      errmsg: 'ok',
      access_token: token,
      expires_in: options.expiresIn ?? 7200,
    })
  })
  return { state, handler }
}

/** The access_token a request carried in its query. */
export function tokenOf(request: Request): string | null {
  return new URL(request.url).searchParams.get('access_token')
}

/** An in-memory store, optionally with a SET NX style lock, that records what happens to it. */
export function recordingStore(options: { lock?: boolean } = {}) {
  const data = new Map<string, CachedToken>()
  const locks = new Set<string>()
  const log: string[] = []
  const store: TokenStore & { data: Map<string, CachedToken>; log: string[] } = {
    data,
    log,
    async get(key) {
      log.push(`get ${key}`)
      return data.get(key)
    },
    async set(key, token) {
      log.push(`set ${key}`)
      data.set(key, { ...token })
    },
    async delete(key) {
      log.push(`delete ${key}`)
      data.delete(key)
    },
  }
  if (options.lock) {
    store.lock = async (key) => {
      if (locks.has(key)) {
        log.push(`lock-busy ${key}`)
        return null
      }
      locks.add(key)
      log.push(`lock ${key}`)
      return async () => {
        log.push(`unlock ${key}`)
        locks.delete(key)
      }
    }
  }
  return store
}

export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected the promise to reject, but it resolved')
}
