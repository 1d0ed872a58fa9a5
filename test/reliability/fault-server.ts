// One real node:http server on 127.0.0.1 (sockets, not msw) whose answer to each request is
// scripted. Every scenario lives under its own prefix, `/<scenario>/cgi-bin/`, with its own
// tokens, script and counters: many scenarios, or a child process running them all at once,
// share one server without seeing each other.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** What the server does with one request. */
export type Step =
  /** WeCom's success answer (gettoken: a fresh token). */
  | 'ok'
  /** The socket closed (FIN) before the request body is read: nothing was done. */
  | 'close-before-body'
  /** A TCP RST before the request body is read (ECONNRESET at the client): nothing was done. */
  | 'rst-before-body'
  /** The request was read and acted on (a message delivered), then the socket closed unanswered. */
  | 'close-after-body'
  /** Acted on, then a TCP RST instead of the answer. */
  | 'rst-after-body'
  /** Acted on; the answer's headers come after `lateMs`, past the client's timeout. */
  | 'headers-late'
  /** No answer until `release()` (or until the client gives up and closes the connection). */
  | 'hang'
  /** Acted on; headers and half the body, then nothing more. */
  | 'body-stall'
  /** Acted on; a Content-Length, half the body, then the socket closed. */
  | 'half-body'
  /** The same without Content-Length (chunked). */
  | 'half-body-chunked'
  /** Acted on, then nginx's 502 page, echoing the request URL (token and all) as some proxies do. */
  | 'html-502'
  /** A captive portal: 200 with HTML. Nothing reached WeCom. */
  | 'html-200'
  /** Acted on; 200 with a complete HTTP body whose JSON stops half-way. */
  | 'truncated-json'
  /** Acted on; 200 with JSON holding raw control characters inside strings, and a 64-bit msgid. */
  | 'control-chars'
  /** Acted on; that status with a short text body. */
  | { status: number }
  /** WeCom refused: nothing was done. */
  | { errcode: number; errmsg?: string }
  /** 200 with this JSON. */
  | { json: unknown }

export interface ScriptedRequest {
  path: string
  /** 1 for the first request of this path (with a valid token) in this scenario, then 2 … */
  n: number
  query: URLSearchParams
  /** The query's `userid`: which call sent it. */
  id: string | undefined
  /** 1 for the first request of this path and `id`, then 2 … */
  nOfId: number
}

/**
 * Per WeCom path: a list of steps, the nth request taking the nth step and the last step
 * repeating; or a function choosing the step. Unscripted paths (gettoken included) answer 'ok'.
 */
export type Script = Record<string, Step[] | ((request: ScriptedRequest) => Step)>

export interface ScenarioOptions {
  /** How late 'headers-late' answers. Default 1 000 ms. */
  lateMs?: number
}

/** What happened to one request, for per-call checks. */
export interface LogEntry {
  path: string
  /** `userid` from the query, or a message's text content: which call sent it. */
  id: string | undefined
  step: string
}

export interface Scenario {
  readonly name: string
  readonly url: string
  /** Requests that reached the server, per path (gettoken included). */
  readonly received: Record<string, number>
  /** Requests acted on, per path: the body was read and WeCom would have done what it asked. */
  readonly delivered: Record<string, number>
  /**
   * Messages delivered to people, per text content. Like WeCom, a send with
   * `enable_duplicate_check: 1` identical to one already delivered is not delivered again.
   */
  readonly messages: Map<string, number>
  /** Tokens issued by this scenario's gettoken, in order. */
  readonly tokens: string[]
  /** Tokens each request carried, per path, in arrival order. */
  readonly tokensSeen: Record<string, string[]>
  readonly log: LogEntry[]
  /** WeCom forgets every token issued so far: requests carrying one are answered 42001. */
  revokeTokens(errcode?: 40014 | 42001): void
  /**
   * Answers up to `max` requests held by 'hang', oldest first, checking their token again: a
   * revoked one is answered `refuseWith` (default: what `revokeTokens` was given).
   */
  release(max?: number, refuseWith?: 40014 | 42001): number
  /** Requests currently held by 'hang'. */
  readonly holding: number
  /** Answers left half-sent by 'body-stall'. */
  readonly stalled: number
}

export interface FaultServer {
  readonly origin: string
  scenario(name: string, script?: Script, options?: ScenarioOptions): Scenario
  close(): Promise<void>
}

const OK = { errcode: 0, errmsg: 'ok' }

interface Held {
  req: IncomingMessage
  res: ServerResponse
  path: string
  token: string
  body: unknown
}

export async function startFaultServer(): Promise<FaultServer> {
  const scenarios = new Map<string, ScenarioState>()
  const timers = new Set<NodeJS.Timeout>()
  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer)
      fn()
    }, ms)
    timers.add(timer)
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    // A test's side channel: what the server holds for a scenario, so that a client (in a
    // child process too) can abort exactly when its request is in.
    const status = /^\/__status\/([^/]+)$/.exec(url.pathname)
    if (status) {
      const state = scenarios.get(status[1]!)
      return send(res, { waiting: (state?.holding ?? 0) + (state?.stalled ?? 0) })
    }
    const match = /^\/([^/]+)\/cgi-bin\/(.+)$/.exec(url.pathname)
    const state = match ? scenarios.get(match[1]!) : undefined
    if (!match || !state) {
      req.resume()
      res.writeHead(404).end()
      return
    }
    state.handle(req, res, match[2]!, url.searchParams)
  })
  // Answer 1 000 simultaneous connections without refusing any.
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  class ScenarioState implements Scenario {
    readonly received: Record<string, number> = {}
    readonly delivered: Record<string, number> = {}
    readonly messages = new Map<string, number>()
    readonly tokens: string[] = []
    readonly tokensSeen: Record<string, string[]> = {}
    readonly log: LogEntry[] = []
    private readonly valid = new Set<string>()
    private revokedWith = 42001
    private readonly counts: Record<string, number> = {}
    private held: Held[] = []
    stalled = 0
    readonly url: string

    constructor(
      readonly name: string,
      private readonly script: Script,
      private readonly lateMs: number,
    ) {
      this.url = `${origin}/${name}/cgi-bin/`
    }

    get holding() {
      return this.held.length
    }

    revokeTokens(errcode: 40014 | 42001 = 42001) {
      this.valid.clear()
      this.revokedWith = errcode
    }

    release(max = Number.POSITIVE_INFINITY, refuseWith = this.revokedWith) {
      const held = this.held.splice(0, max)
      for (const h of held) {
        if (h.res.destroyed) continue
        if (!this.valid.has(h.token)) send(h.res, { errcode: refuseWith, errmsg: 'invalid access_token' })
        else {
          this.deliver(h.path, h.body)
          send(h.res, this.okBody(h.path, new URL(h.req.url ?? '/', 'http://x').searchParams))
        }
      }
      return held.length
    }

    handle(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams) {
      this.received[path] = (this.received[path] ?? 0) + 1
      const token = query.get('access_token') ?? ''
      if (path !== 'gettoken') {
        this.tokensSeen[path] ??= []
        this.tokensSeen[path].push(token)
        // A token WeCom does not know is refused before anything else happens.
        const refusal =
          token === ''
            ? 41001
            : !this.valid.has(token)
              ? this.tokens.includes(token)
                ? this.revokedWith
                : 40014
              : 0
        if (refusal) {
          req.resume()
          req.on('end', () => send(res, { errcode: refusal, errmsg: 'invalid access_token' }))
          this.log.push({ path, id: query.get('userid') ?? undefined, step: `token-${refusal}` })
          return
        }
      }
      const id = query.get('userid') ?? undefined
      const n = this.count(path)
      const nOfId = this.count(`${path}\0${id}`)
      const entry = this.script[path]
      const step: Step =
        entry === undefined
          ? 'ok'
          : typeof entry === 'function'
            ? entry({ path, n, query, id, nOfId })
            : entry[Math.min(n, entry.length) - 1]!
      const logged: LogEntry = { path, id, step: stepName(step) }
      this.log.push(logged)

      if (step === 'close-before-body') return void req.socket.destroy()
      if (step === 'rst-before-body') return void req.socket.resetAndDestroy()

      const chunks: Buffer[] = []
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', () => {
        const body = parseJson(Buffer.concat(chunks).toString('utf8'))
        logged.id ??= textContent(body)
        this.act(req, res, path, query, token, body, step)
      })
    }

    private count(key: string): number {
      this.counts[key] = (this.counts[key] ?? 0) + 1
      return this.counts[key]
    }

    private act(
      req: IncomingMessage,
      res: ServerResponse,
      path: string,
      query: URLSearchParams,
      token: string,
      body: unknown,
      step: Step,
    ) {
      if (typeof step === 'object') {
        if ('errcode' in step) return send(res, { errcode: step.errcode, errmsg: step.errmsg ?? 'refused' })
        if ('json' in step) return send(res, step.json)
      }
      if (step === 'html-200') {
        res.writeHead(200, { 'content-type': 'text/html' })
        return void res.end('<html><body><h1>Wi-Fi login</h1><form>…</form></body></html>')
      }
      if (step === 'hang') return void this.held.push({ req, res, path, token, body })

      this.deliver(path, body)
      // Built only for the answers that are cut: building it for gettoken issues a token.
      const answer = () => JSON.stringify(this.okBody(path, query))
      switch (step) {
        case 'ok':
          return send(res, this.okBody(path, query))
        case 'close-after-body':
          return void req.socket.destroy()
        case 'rst-after-body':
          return void req.socket.resetAndDestroy()
        case 'headers-late':
          return later(this.lateMs, () => {
            if (!res.destroyed) send(res, this.okBody(path, query))
          })
        case 'body-stall': {
          const text = answer()
          res.writeHead(200, {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(text),
          })
          return void res.write(text.slice(0, text.length >> 1), () => {
            this.stalled++
          })
        }
        case 'half-body': {
          const text = answer()
          res.writeHead(200, {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(text),
          })
          return void res.write(text.slice(0, text.length >> 1), () => req.socket.destroy())
        }
        case 'half-body-chunked': {
          const text = answer()
          res.writeHead(200, { 'content-type': 'application/json' })
          return void res.write(text.slice(0, text.length >> 1), () => req.socket.destroy())
        }
        case 'html-502':
          // The request line as the proxy forwarded it, token and all, early enough in the page
          // to be within what an error message quotes.
          res.writeHead(502, { 'content-type': 'text/html' })
          return void res.end(
            `<html><body>502 Bad Gateway ${req.method} /cgi-bin/${path}?${query}</body></html>\r\n` +
              `<hr><center>nginx/1.24.0</center>\r\n`,
          )
        case 'truncated-json': {
          const text = '{"errcode":0,"errmsg":"ok","userlist":[{"userid":"zhangsan","name":"张'
          res.writeHead(200, {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(text),
          })
          return void res.end(text)
        }
        case 'control-chars': {
          // Raw (unescaped) newline, tab and U+0001 inside strings, as WeCom sends them, and a
          // msgid above 2^53 that JSON.parse would round.
          const text = `{"errcode":0,"errmsg":"ok","address":"line 1\nline 2\ttab\u0001","msgid":18446744073709551615}`
          res.writeHead(200, {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(text),
          })
          return void res.end(text)
        }
      }
      if (typeof step === 'object' && 'status' in step) {
        res.writeHead(step.status, { 'content-type': 'text/plain' })
        return void res.end(`${step.status} upstream unavailable`)
      }
      throw new Error(`unknown step ${JSON.stringify(step)}`)
    }

    private okBody(path: string, query: URLSearchParams): Record<string, unknown> {
      if (path === 'gettoken') {
        const token = `TOKEN-${this.name}-${this.tokens.length + 1}-0123456789abcdefghijklmnopqrstuvwxyz`
        this.tokens.push(token)
        this.valid.add(token)
        return { ...OK, access_token: token, expires_in: 7200 }
      }
      if (path === 'message/send') return { ...OK, msgid: `MSG${this.delivered[path] ?? 0}` }
      const userid = query.get('userid')
      return userid === null ? OK : { ...OK, userid, name: `name of ${userid}` }
    }

    private deliver(path: string, body: unknown) {
      this.delivered[path] = (this.delivered[path] ?? 0) + 1
      if (path !== 'message/send' || typeof body !== 'object' || body === null) return
      const {
        enable_duplicate_check: check,
        duplicate_check_interval: _,
        ...content
      } = body as Record<string, unknown>
      const key = textContent(body) ?? JSON.stringify(content)
      const before = this.messages.get(key) ?? 0
      // WeCom's duplicate check: the same content again is answered but not delivered again.
      if (check === 1 && before > 0) return
      this.messages.set(key, before + 1)
    }
  }

  return {
    origin,
    scenario(name, script = {}, options = {}) {
      if (scenarios.has(name)) throw new Error(`scenario ${name} exists`)
      const state = new ScenarioState(name, script, options.lateMs ?? 1_000)
      scenarios.set(name, state)
      return state
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer)
        timers.clear()
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

function send(res: ServerResponse, body: unknown) {
  if (res.destroyed) return
  const text = JSON.stringify(body)
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

function parseJson(text: string): unknown {
  if (text === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

function textContent(body: unknown): string | undefined {
  const text = (body as { text?: { content?: unknown } } | undefined)?.text?.content
  return typeof text === 'string' ? text : undefined
}

export function stepName(step: Step): string {
  if (typeof step === 'string') return step
  if ('status' in step) return `status-${step.status}`
  if ('errcode' in step) return `errcode-${step.errcode}`
  return 'json'
}

/** A port nothing listens on: connections to it are refused. */
export async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}
