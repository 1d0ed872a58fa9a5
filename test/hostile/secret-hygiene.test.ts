// Secret hygiene, end to end: every public method (enumerated from the client, each with a
// valid sample call) is driven through a real local server that fails in every way it can —
// WeCom errcodes on gettoken and on the call, error pages echoing the request URL, headers and
// body, dropped connections, timeouts, a failing token store — with hooks recording every
// argument and the console captured. Every error (message, stack, String, JSON, toJSON, inspect,
// the cause chain), hook argument, console line and store key is scanned for the corpSecret,
// the access tokens and tickets issued, a callback Token and an EncodingAESKey: zero hits.
import { inspect } from 'node:util'
import { createCallbackCrypto, createCallbackHandler } from '@wecom-kit/callback'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  type ClientOptions,
  type Hooks,
  isWeComError,
  isWeComPartialFailureError,
  memoryTokenStore,
  type TokenStore,
  type WeComError,
} from 'wecom-kit'
import { envelope } from '../../packages/callback/test/support/wecom.js'
import { type Behaviour, type FailingServer, failingServer, type Scenario } from './support/failing-server.js'
import { errorName, settle } from './support/settle.js'
import { AGENT_ID, fullClient, type SurfaceMethod, surfaceMethods, validSamples } from './support/surface.js'

const CORP_ID = 'wwhygiene0123456789'
const CORP_SECRET = 'BNG-oLrM-4m76ARO55EF8WX9_WfRRb7yjiSdA9XBGEg'
const ENCODING_AES_KEY = 'KBJHFhMpKYolVviUsb6QL4PC6TMF3ctIJnlgolcAjq4'
const CALLBACK_TOKEN = 'VV9RJnyJ8MZNl1kEqDEoq9NxmC1e'

/** Batch jobs carry a callback Token and EncodingAESKey in their body: secrets too. */
const samples = validSamples({
  // Short, so that the token falls within the first 80 characters of an echoed body.
  url: 'https://a.cn',
  token: CALLBACK_TOKEN,
  encodingaeskey: ENCODING_AES_KEY,
})

/** Everything a user could see or log of a value: inspect (hidden fields too), JSON, String, causes. */
function dump(value: unknown): string {
  // Hidden fields of errors too (a non-enumerable cause or request); other objects as logged.
  const parts: string[] = [inspect(value, { depth: 10, showHidden: value instanceof Error })]
  const tryPush = (make: () => unknown) => {
    try {
      parts.push(String(make() ?? ''))
    } catch {
      // circular or unprintable: inspect above covers it
    }
  }
  tryPush(() => JSON.stringify(value))
  tryPush(() => String(value))
  let e: unknown = value
  for (let depth = 0; e && typeof e === 'object' && depth < 8; depth++) {
    const err = e as { message?: unknown; stack?: unknown; cause?: unknown; toJSON?: () => unknown }
    parts.push(String(err.message), String(err.stack))
    tryPush(() => JSON.stringify(err))
    if (typeof err.toJSON === 'function') tryPush(() => JSON.stringify(err.toJSON!()))
    e = err.cause
  }
  return parts.join('\n')
}

/** A result, with the bytes of any stream in it (media.get): what an app would store. */
async function dumpResult(value: unknown): Promise<string> {
  const body = (value as { body?: unknown })?.body
  if (!(body instanceof ReadableStream)) return dump(value)
  return `${dump(value)}\n${await new Response(body).text()}`
}

/** Every 12-character piece of a secret: a truncated leak is still a leak. */
function pieces(secret: string): string[] {
  return Array.from({ length: secret.length - 11 }, (_, i) => secret.slice(i, i + 12))
}

let server: FailingServer
const seen: string[] = []
const consoleSpies: { mockRestore(): void }[] = []
const storeKeys = new Set<string>()

/** Every secret in play: the fixed ones and every token and ticket the server issued. */
const secrets = () => [CORP_SECRET, ENCODING_AES_KEY, CALLBACK_TOKEN, ...server.issued]

/** Every 12-character piece of every secret in play, to look texts up against. */
function secretPieces(): Set<string> {
  return new Set(secrets().flatMap(pieces))
}

/** The first secret piece found in `text`, or undefined: one pass, whatever the number of secrets. */
function leakIn(text: string, all = secretPieces()): string | undefined {
  for (let i = 0; i + 12 <= text.length; i++) {
    const window = text.slice(i, i + 12)
    if (all.has(window)) return window
  }
  return undefined
}

let checked = 0
/** Scans what was recorded since the last check, so a leak is reported against its scenario. */
function expectNoLeakSinceLastCheck(): void {
  const fresh = seen.slice(checked)
  checked = seen.length
  const all = secretPieces()
  for (const text of fresh) {
    const piece = leakIn(text, all)
    if (piece) expect.fail(`secret piece "${piece}" found in:\n${text.slice(0, 2_000)}`)
  }
}

beforeAll(async () => {
  server = await failingServer(
    { corpId: CORP_ID, corpSecret: CORP_SECRET },
    { name: 'idle', gettoken: { kind: 'errcode', errcode: 0 }, api: { kind: 'errcode', errcode: 0 } },
  )
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    consoleSpies.push(
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        seen.push(`console.${method}: ${args.map(dump).join(' ')}`)
      }),
    )
  }
})

afterAll(async () => {
  for (const spy of consoleSpies) spy.mockRestore()
  await server?.close()
})

const hooks: Hooks = {
  beforeRequest: (info) => void seen.push(`beforeRequest: ${dump(info)}`),
  afterResponse: (info) => void seen.push(`afterResponse: ${dump(info)}`),
  onRetry: (info) => void seen.push(`onRetry: ${dump(info)}`),
  onStoreError: (info) => void seen.push(`onStoreError: ${dump(info)}`),
}

/** The default memory store, watched: every key the client asks it for is recorded. */
function watchedMemoryStore(): TokenStore {
  const inner = memoryTokenStore()
  return {
    async get(key) {
      storeKeys.add(key)
      return inner.get(key)
    },
    async set(key, token) {
      storeKeys.add(key)
      return inner.set(key, token)
    },
    async delete(key, expected) {
      storeKeys.add(key)
      return inner.delete?.(key, expected)
    },
  }
}

/** A custom store with a refresh lock, as a fleet would use: its keys are recorded too. */
function recordingLockStore(): TokenStore {
  const data = new Map<string, { value: string; expiresAt: number }>()
  const locks = new Set<string>()
  return {
    async get(key) {
      storeKeys.add(key)
      return data.get(key)
    },
    async set(key, token) {
      storeKeys.add(key)
      data.set(key, token)
    },
    async delete(key) {
      storeKeys.add(key)
      data.delete(key)
    },
    async lock(key) {
      storeKeys.add(key)
      if (locks.has(key)) return null
      locks.add(key)
      return async () => void locks.delete(key)
    },
  }
}

/** A store that is down (Redis unreachable): the client goes on and reports through onStoreError. */
function failingStore(): TokenStore {
  const fail = (key: string) => Promise.reject(new Error(`store unreachable while reading ${key}`))
  return {
    get: (key) => {
      storeKeys.add(key)
      return fail(key)
    },
    set: (key) => {
      storeKeys.add(key)
      return fail(key)
    },
  }
}

type StoreKind = 'default' | 'memory' | 'lock' | 'failing'
function client(store: StoreKind, timeout = 1_500) {
  const options: Partial<ClientOptions> = {
    corpId: CORP_ID,
    corpSecret: CORP_SECRET,
    agentId: AGENT_ID,
    baseUrl: server.baseUrl,
    timeout,
    retry: { retries: 1, minTimeout: 1, maxTimeout: 5 },
    hooks,
  }
  if (store === 'memory') options.tokenStore = watchedMemoryStore()
  if (store === 'lock') options.tokenStore = recordingLockStore()
  if (store === 'failing') options.tokenStore = failingStore()
  return fullClient(options)
}

/** `run` over `items`, `size` at a time: concurrent enough to be quick, not a stampede. */
async function inBatches<T, R>(items: T[], size: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = []
  for (let i = 0; i < items.length; i += size) {
    results.push(...(await Promise.all(items.slice(i, i + size).map(run))))
  }
  return results
}

let methods: SurfaceMethod[] = []
try {
  methods = surfaceMethods()
} catch {
  // reported by the first test
}

/** Every public call of a client: the namespace methods, plus request and getAccessToken. */
const calls: { key: string; run: (c: ReturnType<typeof client>) => unknown }[] = [
  ...methods.map((m) => ({
    key: m.key,
    run: (c: ReturnType<typeof client>) => m.call(c, samples[m.key]?.() ?? []),
  })),
  { key: 'client.request', run: (c) => c.request('user/get', { query: { userid: 'zhangsan' } }) },
  { key: 'client.getAccessToken', run: (c) => c.getAccessToken() },
]

const ok: Behaviour = { kind: 'errcode', errcode: 0 }
const errcode = (n: number): Behaviour => ({ kind: 'errcode', errcode: n })
interface Run extends Scenario {
  store: StoreKind
  expect: (e: WeComError) => boolean
  /** What the echoed URL must read in some error message: it got there, redacted. */
  redacted?: string
  /** Per attempt, ms: short where the server never answers. */
  timeout?: number
}
const SCENARIOS: Run[] = [
  ...[40014, 42001, 60020, 40001].map((n) => ({
    name: `gettoken answers errcode ${n}`,
    gettoken: errcode(n),
    api: ok,
    store: 'memory' as const,
    expect: (e: WeComError) => e.name === 'WeComApiError' && (e as { errcode?: number }).errcode === n,
  })),
  {
    name: 'gettoken answers a 500 page that echoes the request URL and headers',
    gettoken: { kind: 'echo', status: 500 },
    api: ok,
    store: 'lock',
    expect: (e) => e.name === 'WeComHttpError',
    redacted: 'corpsecret=***',
  },
  {
    name: 'gettoken answers a 200 page (not JSON) that echoes the request',
    gettoken: { kind: 'echo', status: 200 },
    api: ok,
    store: 'default',
    expect: (e) => e.name === 'WeComHttpError',
    redacted: 'corpsecret=***',
  },
  {
    name: 'gettoken: the connection drops',
    gettoken: { kind: 'drop' },
    api: ok,
    store: 'memory',
    expect: (e) => e.name === 'WeComNetworkError',
  },
  {
    name: 'gettoken: no answer (timeout)',
    gettoken: { kind: 'stall' },
    api: ok,
    store: 'lock',
    timeout: 300,
    expect: (e) => e.name === 'WeComNetworkError' && (e as { timeout?: boolean }).timeout === true,
  },
  ...[40014, 42001, 60020, 40001].map((n) => ({
    name: `the call answers errcode ${n} (after a token was issued)`,
    gettoken: ok,
    api: errcode(n),
    store: 'memory' as const,
    expect: (e: WeComError) => e.name === 'WeComApiError' && (e as { errcode?: number }).errcode === n,
  })),
  {
    name: 'the call answers a 500 page that echoes the request URL and headers',
    gettoken: ok,
    api: { kind: 'echo', status: 500 },
    store: 'memory',
    expect: (e) => e.name === 'WeComHttpError',
    redacted: 'access_token=***',
  },
  {
    name: 'the call answers a 502 page that echoes the request URL, body and headers',
    gettoken: ok,
    api: { kind: 'echo', status: 502, withBody: true },
    store: 'lock',
    expect: (e) => e.name === 'WeComHttpError',
    redacted: 'access_token=***',
  },
  {
    // The page starts with the request body: the first characters quoted in the error are the
    // caller's own JSON (a batch job's callback token among them).
    name: 'the call answers a 502 page that starts with the echoed request body',
    gettoken: ok,
    api: { kind: 'echo', status: 502, bodyFirst: true },
    store: 'memory',
    expect: (e) => e.name === 'WeComHttpError',
  },
  {
    name: 'the call answers a 200 page (not JSON) that echoes the request',
    gettoken: ok,
    api: { kind: 'echo', status: 200, withBody: true },
    store: 'default',
    expect: (e) => e.name === 'WeComHttpError',
    redacted: 'access_token=***',
  },
  {
    name: 'the call: the connection drops',
    gettoken: ok,
    api: { kind: 'drop' },
    store: 'memory',
    expect: (e) => e.name === 'WeComNetworkError',
  },
  {
    name: 'the call: no answer (timeout)',
    gettoken: ok,
    api: { kind: 'stall' },
    store: 'lock',
    timeout: 300,
    expect: (e) => e.name === 'WeComNetworkError' && (e as { timeout?: boolean }).timeout === true,
  },
  {
    name: 'the token store is down and the call answers 60020',
    gettoken: ok,
    api: errcode(60020),
    store: 'failing',
    expect: (e) => e.name === 'WeComApiError',
  },
]

describe('secret hygiene under failing servers', () => {
  it('every public method has a valid sample call (add one to validSamples() for a new method)', () => {
    expect(methods.length).toBeGreaterThanOrEqual(49)
    expect(methods.filter((m) => !(m.key in samples)).map((m) => m.key)).toEqual([])
  })

  for (const scenario of SCENARIOS) {
    it(`${scenario.name}: every call fails typed, and nothing it produced holds a secret`, async () => {
      server.scenario = scenario
      seen.push(`client: ${dump(client(scenario.store))}`)
      // A stalled server does no work: every call may wait on it at once.
      const outcomes = await inBatches(calls, scenario.timeout ? calls.length : 10, async (call) => ({
        key: call.key,
        out: await settle(() => call.run(client(scenario.store, scenario.timeout)), 10_000),
      }))
      const wrong: string[] = []
      for (const { key, out } of outcomes) {
        if (out.ok) {
          // getAuthorizeUrl sends nothing; getAccessToken works when only the call fails.
          if (key !== 'users.getAuthorizeUrl' && key !== 'client.getAccessToken')
            wrong.push(`${key} resolved`)
          if (key !== 'client.getAccessToken') seen.push(`${key} result: ${await dumpResult(out.value)}`)
          continue
        }
        seen.push(`${key} error: ${dump(out.error)}`)
        const error = out.error
        if (!isWeComError(error)) {
          wrong.push(`${key} threw ${errorName(error)}`)
          continue
        }
        // A call made of several (departments.delete of many) reports the first failure as cause.
        const root = isWeComPartialFailureError(error) ? error.cause : error
        if (!scenario.expect(root)) wrong.push(`${key}: ${errorName(root)}`)
      }
      // Leaks first, so that one is reported against the scenario that caused it.
      expectNoLeakSinceLastCheck()
      expect(wrong, 'calls that did not fail the way the server made them').toEqual([])
      if (scenario.redacted) {
        // The echoed URL did reach the errors, and was redacted there.
        expect(
          outcomes.some(
            ({ out }) => !out.ok && String((out.error as Error).message).includes(scenario.redacted!),
          ),
        ).toBe(true)
      }
    })
  }

  it('the scenarios exercised hooks, retries, the store error hook and the console, and none of it leaked', () => {
    const all = seen.join('\n')
    expect(server.issued.length).toBeGreaterThan(10)
    for (const kind of ['beforeRequest:', 'afterResponse:', 'onRetry:', 'onStoreError:']) {
      expect(all, `${kind} hook never ran`).toContain(kind)
    }
    for (const name of ['WeComApiError', 'WeComHttpError', 'WeComNetworkError', 'WeComPartialFailureError']) {
      expect(all).toContain(name)
    }
    expect(leakIn(all)).toBeUndefined()
  })
})

describe('cache keys', () => {
  it('JS-SDK tickets are cached under their own keys in every store', async () => {
    server.scenario = { name: 'all well', gettoken: ok, api: ok }
    for (const store of ['memory', 'lock'] as const) {
      const c = client(store)
      await c.jssdk.getTicket()
      await c.jssdk.getAgentTicket()
      const config = await c.jssdk.getConfig({ url: 'https://example.com/p', jsApiList: ['scanQRCode'] })
      const agentConfig = await c.jssdk.getAgentConfig({
        url: 'https://example.com/p',
        jsApiList: ['scanQRCode'],
      })
      const signed = await c.jssdk.signConfig('https://example.com/p')
      const agentSigned = await c.jssdk.signAgentConfig('https://example.com/p')
      seen.push(`jssdk results: ${dump([config, agentConfig, signed, agentSigned])}`)
    }
    const keys = [...storeKeys]
    expect(keys.some((k) => k.includes(':jsapi_ticket:'))).toBe(true)
    expect(keys.some((k) => k.includes(`:agent_config:${AGENT_ID}:`))).toBe(true)
    expectNoLeakSinceLastCheck()
  })

  it('no store key (memory, locking, failing store; tokens, tickets, locks) holds a secret', () => {
    const keys = [...storeKeys]
    expect(keys.length).toBeGreaterThanOrEqual(4)
    expect(keys.some((k) => k.endsWith(':lock'))).toBe(true)
    for (const key of keys) {
      expect(leakIn(key), key).toBeUndefined()
      // corpId and a hash of the secret: the shape the DESIGN promises, nothing else.
      expect(key).toMatch(new RegExp(`^wecom:[a-z_]+(:\\d+)?:${CORP_ID}:[0-9a-f]{16}(:lock)?$`))
    }
  })
})

describe('the callback side', () => {
  it('refusing bad requests: no Token or EncodingAESKey in responses, onError arguments or the console', async () => {
    const cb = createCallbackCrypto({
      token: CALLBACK_TOKEN,
      encodingAesKey: ENCODING_AES_KEY,
      receiveId: CORP_ID,
    })
    const reported: unknown[] = []
    const options = {
      token: CALLBACK_TOKEN,
      encodingAesKey: ENCODING_AES_KEY,
      corpId: CORP_ID,
      onMessage: () => {
        throw new Error('the app failed on this message')
      },
    }
    const handlers = [
      createCallbackHandler({
        ...options,
        onError: (error, context) => void reported.push({ error, context }),
      }),
      // Without onError, a failing onMessage is logged to the console: captured above.
      createCallbackHandler(options),
      createCallbackHandler({ ...options, timestampWindow: 60, bodyLimit: 1_000 }),
    ]
    const now = String(Math.floor(Date.now() / 1000))
    const signed = (encrypt: string, timestamp = now) =>
      new URLSearchParams({ msg_signature: cb.signature(timestamp, '7', encrypt), timestamp, nonce: '7' })
    const message = cb.encrypt(
      `<xml><ToUserName><![CDATA[${CORP_ID}]]></ToUserName><FromUserName><![CDATA[u]]></FromUserName>` +
        '<CreateTime>1</CreateTime><MsgType><![CDATA[text]]></MsgType><Content>x</Content><MsgId>1</MsgId></xml>',
    )
    const otherCorp = createCallbackCrypto({
      token: CALLBACK_TOKEN,
      encodingAesKey: ENCODING_AES_KEY,
      receiveId: 'wwother',
    })
    const foreign = otherCorp.encrypt('<xml><A>1</A></xml>')
    const requests: [string, () => Request][] = [
      ['a valid message whose onMessage throws', () => post(signed(message), envelope(message, CORP_ID))],
      [
        'a forged signature',
        () =>
          post(
            new URLSearchParams({ msg_signature: '0'.repeat(40), timestamp: now, nonce: '7' }),
            envelope(message, CORP_ID),
          ),
      ],
      ['a message for another corp', () => post(signed(foreign), envelope(foreign, CORP_ID))],
      [
        'a DOCTYPE body',
        () =>
          post(
            signed(message),
            `<!DOCTYPE x [<!ENTITY k "${ENCODING_AES_KEY}">]>${envelope(message, CORP_ID)}`,
          ),
      ],
      ['garbage base64', () => post(signed('!!!!'), envelope('!!!!', CORP_ID))],
      ['ciphertext of the wrong size', () => post(signed('QUFBQQ=='), envelope('QUFBQQ==', CORP_ID))],
      ['a stale timestamp', () => post(signed(message, '1'), envelope(message, CORP_ID))],
      ['a body over the limit', () => post(signed(message), 'x'.repeat(5_000))],
      ['no query', () => post(new URLSearchParams(), envelope(message, CORP_ID))],
      ['a body that is not UTF-8', () => post(signed(message), new Uint8Array([0xff, 0xfe, 0xfd]))],
      ['a URL check with a wrong echostr', () => get(`${signed('AAAA')}&echostr=AAAA`)],
      [
        'a URL check signed with another token',
        () => get(`msg_signature=${'a'.repeat(40)}&timestamp=${now}&nonce=7&echostr=${message}`),
      ],
      [
        'a PUT',
        () => new Request(`https://cb.example/wecom?${signed(message)}`, { method: 'PUT', body: 'x' }),
      ],
    ]
    function post(query: URLSearchParams, body: BodyInit) {
      return new Request(`https://cb.example/wecom?${query}`, { method: 'POST', body })
    }
    function get(query: string) {
      return new Request(`https://cb.example/wecom?${query}`)
    }
    for (const handler of handlers) {
      for (const [label, make] of requests) {
        const response = await handler(make())
        const text = await response.text()
        seen.push(`callback ${label}: ${response.status} ${dump([...response.headers])} ${text}`)
        expect(response.status, label).not.toBe(200)
      }
    }
    // Configuration mistakes that put a secret where it does not belong: the errors name the
    // option, never its value.
    const misconfigured = [
      { token: CALLBACK_TOKEN, encodingAesKey: `${ENCODING_AES_KEY}=`, receiveId: CORP_ID },
      { token: CALLBACK_TOKEN, encodingAesKey: ENCODING_AES_KEY.slice(0, 42), receiveId: CORP_ID },
      { token: ENCODING_AES_KEY, encodingAesKey: CALLBACK_TOKEN, receiveId: CORP_ID },
      { token: '', encodingAesKey: `${ENCODING_AES_KEY.slice(0, 40)}-_!`, receiveId: CORP_ID },
    ]
    for (const bad of misconfigured) {
      for (const make of [
        () => createCallbackCrypto(bad),
        () => createCallbackHandler({ ...bad, corpId: CORP_ID, onMessage: () => {} }),
      ]) {
        const out = await settle(make)
        expect(out.ok).toBe(false)
        seen.push(`callback options: ${dump(!out.ok && out.error)}`)
      }
    }
    for (const r of reported) seen.push(`onError: ${dump(r)}`)
    // Every request to the first handler but the PUT (a plain 405) was reported.
    expect(reported.length).toBe(requests.length - 1)
    expect(seen.some((s) => s.startsWith('console.error:'))).toBe(true)
    expectNoLeakSinceLastCheck()
  })

  it('createClient refusing options that hold the secret in the wrong place never quotes it', async () => {
    const bad: unknown[] = [
      { corpId: CORP_SECRET, corpSecret: 42 },
      { corpId: CORP_ID, corpSecret: { value: CORP_SECRET } },
      { corpId: CORP_ID, corpSecret: CORP_SECRET, baseUrl: CORP_SECRET },
      { corpId: CORP_ID, corpSecret: CORP_SECRET, agentId: CORP_SECRET },
      { corpId: CORP_ID, corpSecret: CORP_SECRET, timeout: CORP_SECRET, retry: { retries: CORP_SECRET } },
      {
        corpId: CORP_ID,
        corpSecret: CORP_SECRET,
        tokenStore: CORP_SECRET,
        hooks: { beforeRequest: CORP_SECRET },
      },
    ]
    for (const options of bad) {
      const out = await settle(() => fullClient(options as ClientOptions))
      expect(out.ok).toBe(false)
      seen.push(`client options: ${dump(!out.ok && out.error)}`)
    }
    expectNoLeakSinceLastCheck()
  })
})
