import { createWeComSimulator, type SimulatorOptions, type WeComSimulator } from '@wecom-kit/testing'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, beforeEach } from 'vitest'

/**
 * Contract tests run every scenario through both faces: msw intercepting fetch, and the real
 * HTTP server reached with real fetch. One simulator per face, reset before each test.
 */
export interface Face {
  name: string
  start(sim: WeComSimulator): Promise<{ baseUrl: string; stop(): Promise<void> }>
}

export const FACES: Face[] = [
  {
    name: 'msw',
    async start(sim) {
      const server = setupServer(...sim.handlers)
      server.listen({ onUnhandledRequest: 'error' })
      return { baseUrl: sim.baseUrl, stop: async () => server.close() }
    },
  },
  {
    name: 'http',
    async start(sim) {
      const server = await sim.listen()
      return { baseUrl: server.url, stop: () => server.close() }
    },
  },
]

export interface CallOptions {
  method?: 'GET' | 'POST'
  query?: Record<string, string | number>
  /** Sent as the body, JSON-encoded; a string is sent as is. */
  json?: unknown
  /** Sent as the body as is (multipart uploads): fetch sets the content type of a FormData. */
  body?: FormData | Uint8Array<ArrayBuffer> | string
  headers?: Record<string, string>
  /** Adds an `access_token` to the query, fetched once per test. Default true, except for gettoken. */
  token?: boolean
}

export interface Reply {
  status: number
  headers: Headers
  /** Parsed JSON when the answer is JSON, else the text. */
  body: any
  bytes: Uint8Array
}

export interface Harness {
  sim: WeComSimulator
  /** The face's base URL, valid once the suite started. */
  baseUrl(): string
  token(): Promise<string>
  call(path: string, options?: CallOptions): Promise<Reply>
}

/** Registers the suite hooks for one face and gives the test body its helpers. */
export function useFace(face: Face, options: SimulatorOptions = {}): Harness {
  const sim = createWeComSimulator(options)
  let started: { baseUrl: string; stop(): Promise<void> } | undefined
  beforeAll(async () => {
    started = await face.start(sim)
  })
  afterAll(async () => {
    await started?.stop()
  })
  // gettoken hands out the same token while it lives: fetch it once per test, not once per call.
  let cachedToken: string | undefined
  beforeEach(() => {
    sim.reset()
    cachedToken = undefined
  })

  const baseUrl = () => {
    if (!started) throw new Error('face not started')
    return started.baseUrl
  }
  const token = async () => {
    const { body } = await call('gettoken', {
      query: { corpid: sim.corpId, corpsecret: sim.corpSecret },
      token: false,
    })
    return body.access_token as string
  }
  const call = async (path: string, options: CallOptions = {}): Promise<Reply> => {
    const url = new URL(path, baseUrl())
    for (const [name, value] of Object.entries(options.query ?? {})) url.searchParams.set(name, String(value))
    if (options.token ?? path !== 'gettoken') {
      cachedToken ??= await token()
      url.searchParams.set('access_token', cachedToken)
    }
    const hasJson = options.json !== undefined
    const hasBody = hasJson || options.body !== undefined
    const response = await fetch(url, {
      method: options.method ?? (hasBody ? 'POST' : 'GET'),
      ...(hasJson
        ? {
            body: typeof options.json === 'string' ? options.json : JSON.stringify(options.json),
            headers: { 'content-type': 'application/json', ...options.headers },
          }
        : { body: options.body ?? null, headers: options.headers ?? {} }),
    })
    const bytes = new Uint8Array(await response.arrayBuffer())
    const text = new TextDecoder().decode(bytes)
    let body: unknown = text
    try {
      body = JSON.parse(text)
    } catch {}
    return { status: response.status, headers: response.headers, body, bytes }
  }
  return { sim, baseUrl, token, call }
}
