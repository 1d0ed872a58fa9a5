import { randomBytes } from 'node:crypto'
import { WeComNetworkError } from '@wecom-kit/core'
import { parseWeComJson } from '@wecom-kit/core/resource-kit'
import { WeComAiBotError } from './errors.js'
import {
  frameText,
  OPEN,
  resolveWebSocket,
  type WebSocketConstructor,
  type WebSocketLike,
} from './websocket.js'

// One WebSocket to WeCom, from open to close. Every frame is `{ cmd, headers: { req_id }, body }`;
// WeCom acknowledges each of ours with `{ headers: { req_id }, errcode, errmsg, body? }`. Frames
// that share a req_id (the updates of one reply) go out one at a time, each after the previous
// one's acknowledgement (or its timeout), so WeCom sees them in order.

export const CALLBACK = 'aibot_msg_callback'
export const EVENT_CALLBACK = 'aibot_event_callback'

/** WeCom's acknowledgement of one of our frames. */
export interface Ack {
  headers: { req_id: string }
  errcode: number
  errmsg?: string
  body?: Record<string, unknown>
}

/** A message or event WeCom pushed: reply with its `reqId`. */
export interface Callback {
  cmd: typeof CALLBACK | typeof EVENT_CALLBACK
  reqId: string
  body: unknown
}

/** Why a connection ended: the socket closed, a newer connection took over, pings went unanswered, or we closed it. */
export type EndReason = 'closed' | 'kicked' | 'heartbeat' | 'local'

export interface ConnectOptions {
  url: string
  botId: string
  secret: string
  webSocket: WebSocketConstructor | undefined
  /** How long to wait for each acknowledgement (and for the socket to open), ms. */
  ackTimeout: number
  heartbeatInterval: number
  /** Abandons the attempt (stop() while connecting): the socket is closed, connect rejects. */
  signal?: AbortSignal
  /** A message or event, and the connection to reply on. */
  onCallback(callback: Callback, connection: Connection): void
  /** Once, when the connection ends after a successful subscribe. */
  onEnd(reason: EndReason, error: WeComNetworkError): void
}

export interface Connection {
  /** Sends a frame and resolves to WeCom's acknowledgement (errcode 0), in order per req_id. */
  request(cmd: string, body?: unknown, reqId?: string): Promise<Ack>
  /** Closes the socket; resolves once it is closed. */
  close(): Promise<void>
  readonly ended: boolean
}

interface Pending {
  cmd: string
  resolve(ack: Ack): void
  reject(error: unknown): void
  timer: ReturnType<typeof setTimeout>
}

/** A req_id the way Tencent's SDK makes them: `<prefix>_<ms>_<8 hex>`. */
export function newReqId(prefix: string): string {
  return `${prefix}_${Date.now()}_${randomBytes(4).toString('hex')}`
}

/**
 * Opens the socket and subscribes. Resolves once WeCom accepted the botId and secret; rejects
 * with a `WeComAiBotError` when it refused them (853000), a `WeComNetworkError` otherwise.
 */
export async function connect(options: ConnectOptions): Promise<Connection> {
  const { ackTimeout } = options
  const host = hostOf(options.url)
  const WebSocket = await resolveWebSocket(options.webSocket)
  let socket: WebSocketLike
  try {
    socket = new WebSocket(options.url)
  } catch (cause) {
    throw new WeComNetworkError(`could not open a WebSocket to ${host}`, {
      path: 'aibot_subscribe',
      sent: 'no',
      cause,
    })
  }

  const pending = new Map<string, Pending>()
  const tails = new Map<string, Promise<void>>()
  let ended = false
  let subscribed = false
  let heartbeat: ReturnType<typeof setInterval> | undefined
  let missedPings = 0
  let lastError: unknown
  const closed = new Promise<void>((resolve) => socket.addEventListener('close', () => resolve()))

  const end = (reason: EndReason, error: WeComNetworkError): void => {
    if (ended) return
    ended = true
    clearInterval(heartbeat)
    for (const [reqId, entry] of pending) {
      clearTimeout(entry.timer)
      entry.reject(
        new WeComNetworkError(`${error.message}; ${entry.cmd} was not acknowledged`, {
          path: entry.cmd,
          sent: 'maybe',
          cause: error,
        }),
      )
      pending.delete(reqId)
    }
    try {
      if (socket.readyState <= OPEN) socket.close(1000)
    } catch {
      // Closing a socket that never opened may throw; it is gone either way.
    }
    // A dead peer never completes the close handshake: drop a `ws` socket soon after, so that
    // it does not hold the process for the library's 30 s.
    setTimeout(() => (socket as { terminate?: () => void }).terminate?.(), 1000).unref?.()
    if (subscribed) options.onEnd(reason, error)
  }

  const send = (cmd: string, body: unknown, reqId: string): Promise<Ack> => {
    if (ended || socket.readyState !== OPEN) {
      return Promise.reject(
        new WeComNetworkError(`the connection to ${host} is closed; ${cmd} was not sent`, {
          path: cmd,
          sent: 'no',
        }),
      )
    }
    return new Promise<Ack>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(reqId)
        reject(
          new WeComNetworkError(`WeCom did not acknowledge ${cmd} within ${ackTimeout} ms`, {
            path: cmd,
            sent: 'maybe',
            timeout: true,
          }),
        )
      }, ackTimeout)
      pending.set(reqId, { cmd, resolve, reject, timer })
      try {
        socket.send(
          JSON.stringify({ cmd, headers: { req_id: reqId }, ...(body === undefined ? {} : { body }) }),
        )
      } catch (cause) {
        clearTimeout(timer)
        pending.delete(reqId)
        reject(
          new WeComNetworkError(`${cmd} could not be sent on the connection to ${host}`, {
            path: cmd,
            sent: 'no',
            cause,
          }),
        )
      }
    })
  }

  const request = (cmd: string, body?: unknown, reqId = newReqId(cmd)): Promise<Ack> => {
    const previous = tails.get(reqId) ?? Promise.resolve()
    const result = previous.then(() => send(cmd, body, reqId))
    const tail = result.then(
      () => undefined,
      () => undefined,
    )
    tails.set(reqId, tail)
    void tail.then(() => {
      if (tails.get(reqId) === tail) tails.delete(reqId)
    })
    return result
  }

  /**
   * Callbacks that came before connect() returned. WeCom pushes what waited for the bot right
   * behind the subscribe acknowledgement, often in the same read: they are handed on once the
   * connection is in place, never dropped.
   */
  let early: Record<string, unknown>[] | undefined = []

  const onCallback = (frame: Record<string, unknown>, reqId: string): void => {
    if (early) {
      early.push(frame)
      return
    }
    options.onCallback({ cmd: frame.cmd as Callback['cmd'], reqId, body: frame.body }, connection)
    const event = (frame.body as { event?: { eventtype?: unknown } } | undefined)?.event
    if (frame.cmd === EVENT_CALLBACK && event?.eventtype === 'disconnected_event') {
      end(
        'kicked',
        new WeComNetworkError('a newer connection for this bot took over (disconnected_event)', {
          path: EVENT_CALLBACK,
          sent: 'maybe',
        }),
      )
    }
  }

  const onFrame = (frame: Record<string, unknown>): void => {
    const headers = frame.headers as { req_id?: unknown } | undefined
    const reqId = typeof headers?.req_id === 'string' ? headers.req_id : ''
    if (frame.cmd === CALLBACK || frame.cmd === EVENT_CALLBACK) {
      onCallback(frame, reqId)
      return
    }
    const entry = pending.get(reqId)
    if (!entry) return
    pending.delete(reqId)
    clearTimeout(entry.timer)
    const errcode = typeof frame.errcode === 'number' ? frame.errcode : 0
    if (errcode === 0) entry.resolve(frame as unknown as Ack)
    else entry.reject(new WeComAiBotError(errcode, String(frame.errmsg ?? ''), entry.cmd))
  }

  socket.addEventListener('message', (event: { data?: unknown }) => {
    const frame = parseFrame(frameText(event.data))
    if (frame) onFrame(frame)
  })
  socket.addEventListener('error', (event: { error?: unknown; message?: unknown }) => {
    lastError = event.error ?? event.message
  })
  socket.addEventListener('close', (event: { code?: number }) => {
    end(
      'closed',
      new WeComNetworkError(`the connection to ${host} closed (code ${event.code ?? 'unknown'})`, {
        path: 'websocket',
        sent: 'maybe',
        cause: lastError,
      }),
    )
  })

  const connection: Connection = {
    request,
    get ended() {
      return ended
    },
    async close() {
      end(
        'local',
        new WeComNetworkError('the bot closed the connection', { path: 'websocket', sent: 'maybe' }),
      )
      // Some servers never answer a close: stop waiting, and for `ws`, drop the socket.
      let timer: ReturnType<typeof setTimeout> | undefined
      const late = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, 1000)
      })
      await Promise.race([closed, late])
      clearTimeout(timer)
      ;(socket as { terminate?: () => void }).terminate?.()
    },
  }

  const abandon = () => void connection.close()
  if (options.signal?.aborted) abandon()
  options.signal?.addEventListener('abort', abandon, { once: true })
  try {
    await opened(socket, ackTimeout, host)
    await request('aibot_subscribe', { bot_id: options.botId, secret: options.secret })
  } catch (error) {
    await connection.close()
    throw error
  } finally {
    options.signal?.removeEventListener('abort', abandon)
  }
  subscribed = true
  if (ended) {
    early = undefined
    throw new WeComNetworkError(`the connection to ${host} closed right after subscribing`, {
      path: 'aibot_subscribe',
      sent: 'maybe',
    })
  }
  // After the caller has the connection (its continuation runs first, as a microtask).
  setTimeout(() => {
    const waiting = early ?? []
    early = undefined
    // Gone meanwhile: replies could not go out. Left unseen, so that if WeCom delivers them
    // again on the next connection, they are not taken for repeats.
    if (ended) return
    for (const frame of waiting) {
      const headers = frame.headers as { req_id?: unknown } | undefined
      onCallback(frame, typeof headers?.req_id === 'string' ? headers.req_id : '')
    }
  }, 0)

  // `ping` keeps the connection alive; two unanswered in a row mean it is dead.
  heartbeat = setInterval(() => {
    request('ping').then(
      () => {
        missedPings = 0
      },
      (error: unknown) => {
        if (ended) return
        if (++missedPings >= 2) {
          end(
            'heartbeat',
            new WeComNetworkError('two heartbeats in a row went unanswered', {
              path: 'ping',
              sent: 'maybe',
              cause: error,
            }),
          )
        }
      },
    )
  }, options.heartbeatInterval)
  heartbeat.unref?.()
  return connection
}

function opened(socket: WebSocketLike, timeout: number, host: string): Promise<void> {
  if (socket.readyState === OPEN) return Promise.resolve()
  return new Promise((resolve, reject) => {
    let error: unknown
    const timer = setTimeout(
      () =>
        reject(
          new WeComNetworkError(`the WebSocket to ${host} did not open within ${timeout} ms`, {
            path: 'aibot_subscribe',
            sent: 'no',
            timeout: true,
          }),
        ),
      timeout,
    )
    socket.addEventListener('open', () => {
      clearTimeout(timer)
      resolve()
    })
    socket.addEventListener('error', (event: { error?: unknown; message?: unknown }) => {
      error = event.error ?? event.message
    })
    socket.addEventListener('close', () => {
      clearTimeout(timer)
      reject(
        new WeComNetworkError(`could not connect to ${host}`, {
          path: 'aibot_subscribe',
          sent: 'no',
          cause: error,
        }),
      )
    })
  })
}

/** A frame, or undefined for anything that is not a JSON object (WeCom's JSON may hold raw control characters). */
function parseFrame(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined
  try {
    const frame = parseWeComJson(text)
    return typeof frame === 'object' && frame !== null && !Array.isArray(frame)
      ? (frame as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return 'WeCom'
  }
}
