import { isWeComApiError, type TokenStore, type WeComError, WeComNetworkError } from '@wecom-kit/core'
import { backoffDelay, sleeper } from './backoff.js'
import { type Callback, type Connection, connect, type EndReason, EVENT_CALLBACK } from './connection.js'
import { seenIds } from './dedup.js'
import { createLease, type Lease } from './lease.js'
import { DEFAULT_URL } from './limits.js'
import { type AiBotEvent, type AiBotMessage, isCallbackBody, toEvent } from './messages.js'
import type { AiBotMediaType, SendMessage } from './replies.js'
import { type AiBotReply, kindOf } from './reply.js'
import { socketReply } from './socket-reply.js'
import {
  checkUpload,
  type MediaInput,
  type UploadedMedia,
  type UploadOptions,
  uploadMedia,
} from './upload.js'
import { checkId, checkSendMessage, fail, positive } from './validate.js'
import type { WebSocketConstructor } from './websocket.js'

// The long connection's life: (stand by for the lease) → connect and subscribe → take callbacks,
// heartbeat → on a drop, reconnect with backoff and jitter; on refused credentials, stop; when a
// newer connection takes over (disconnected_event), stop, or with a lease stand by, rather than
// fight back.

export type MessageHandler = (message: AiBotMessage, reply: AiBotReply) => unknown
export type EventHandler = (event: AiBotEvent, reply: AiBotReply) => unknown

export interface AiBotErrorContext {
  /**
   * `message` / `event`: a handler threw. `connection` (long connection): the connection
   * dropped, a reconnect failed, the credentials were refused, or a newer connection took over.
   * `lease`: the lease store failed. `request` (webhook): a request was refused.
   */
  stage: 'message' | 'event' | 'connection' | 'lease' | 'request'
}
export type ErrorHandler = (error: unknown, context: AiBotErrorContext) => void

/**
 * `idle` before start; `connecting`, `connected`, `reconnecting`; `standby` (another instance
 * holds the lease); `kicked` (a newer connection took over, no lease: start() takes it back);
 * `refused` (WeCom refused the credentials); `stopped`.
 */
export type AiBotState =
  | 'idle'
  | 'connecting'
  | 'connected'
  | 'reconnecting'
  | 'standby'
  | 'kicked'
  | 'refused'
  | 'stopped'

export interface AiBotOptions {
  /** The bot's ID from its API settings (长连接). */
  botId: string
  /** The bot's Secret from the same settings. Never in an error, a log line or a hook. */
  secret: string
  /** Default `wss://openws.work.weixin.qq.com` (private deployments have their own). */
  url?: string
  /**
   * Share one connection among the instances of a fleet: a `TokenStore` with `lock`, such as
   * `redisTokenStore` from `@wecom-kit/redis`. The holder of the lock connects; the others
   * stand by and one takes over within the store's lock lease (5 s for redisTokenStore) when
   * the holder dies. The store must free a dead holder's lock by itself, as redisTokenStore does.
   */
  lease?: TokenStore
  /** The lease's key; default `wecom:aibot-lease:<botId>`. */
  leaseKey?: string
  /** How often an instance on standby tries the lease, ms. Default 1 000. */
  standbyInterval?: number
  /** The WebSocket class; default the global `WebSocket`, else the `ws` package. */
  webSocket?: WebSocketConstructor
  /** ms between pings. Default 30 000. */
  heartbeatInterval?: number
  /** How long to wait for WeCom to acknowledge a frame (and for the socket to open), ms. Default 5 000. */
  ackTimeout?: number
  /** Reconnect backoff, ms: doubles from `minDelay` to `maxDelay`, jittered. Default 1 000 and 30 000. */
  reconnect?: { minDelay?: number; maxDelay?: number }
  /** `start()` rejects (and the bot stops) if it is neither connected nor standing by after this long, ms. Default 30 000. */
  startTimeout?: number
  /** Least time between two updates of a streamed reply, ms. Default 500. */
  streamInterval?: number
  onMessage?: MessageHandler
  onEvent?: EventHandler
  /** Default: logged with console.error. */
  onError?: ErrorHandler
  onStateChange?: (state: AiBotState) => void
}

export interface AiBot {
  readonly botId: string
  readonly state: AiBotState
  /** Sets the message handler (one per bot: a second call replaces the first). */
  onMessage(handler: MessageHandler): void
  onEvent(handler: EventHandler): void
  onError(handler: ErrorHandler): void
  /**
   * Connects and subscribes; resolves `'connected'` once WeCom accepted the credentials, or
   * with a lease `'standby'` when another instance holds it. Rejects with a `WeComAiBotError`
   * (errcode 853000) when WeCom refuses the credentials: the bot does not retry those.
   */
  start(): Promise<'connected' | 'standby'>
  /** Closes the connection, frees the lease, cancels every timer: the process can exit. */
  stop(): Promise<void>
  /** A proactive message to a single chat (a userid) or a group (a chatid). Long connection only. */
  send(chatid: string, message: SendMessage): Promise<void>
  /** Uploads temporary media over the connection (chunked); use the media_id in `send`. */
  uploadMedia(type: AiBotMediaType, file: MediaInput, options?: UploadOptions): Promise<UploadedMedia>
}

const DEFAULTS = {
  standbyInterval: 1_000,
  heartbeatInterval: 30_000,
  ackTimeout: 5_000,
  minDelay: 1_000,
  maxDelay: 30_000,
  startTimeout: 30_000,
  streamInterval: 500,
}
/** A connection that lasted this long resets the backoff. */
const STABLE_MS = 30_000
/** Streams finish by themselves this long before WeCom's 6 minutes are over. */
const STREAM_MARGIN_MS = 15_000
/** After being taken over (with a lease), wait this long (doubling, up to 5 min) before trying the lease again. */
const KICKED_PAUSE_MS = 5_000

/** A bot on WeCom's long connection (智能机器人长连接): no public URL, no encryption. */
export function createAiBot(options: AiBotOptions): AiBot {
  const settings = checkOptions(options)
  const { botId, secret, url } = settings
  let onMessage = options.onMessage
  let onEvent = options.onEvent
  let onError = options.onError
  const lease: Lease | undefined = options.lease
    ? createLease(options.lease, options.leaseKey ?? `wecom:aibot-lease:${botId}`)
    : undefined
  const seen = seenIds()
  const sleeps = sleeper()

  let state: AiBotState = 'idle'
  let connection: Connection | undefined
  /** Each start() begins a generation; a stop() ends it, and its loop notices and returns. */
  let generation = 0
  /** Aborts the current run's connection attempt on stop(). */
  let aborts = new AbortController()
  let starting: { resolve(state: 'connected' | 'standby'): void; reject(error: unknown): void } | undefined
  let startPromise: Promise<'connected' | 'standby'> | undefined
  /** The current run's loop. A new run begins once the previous one is over; stop() waits for it. */
  let running: Promise<void> = Promise.resolve()

  const setState = (next: AiBotState): void => {
    if (next === state) return
    state = next
    try {
      options.onStateChange?.(next)
    } catch {
      // An observer's failure is not the bot's.
    }
  }

  const report = (error: unknown, stage: AiBotErrorContext['stage']): void => {
    try {
      if (onError) onError(error, { stage })
      else console.error(`[@wecom-kit/aibot] ${stage}:`, error)
    } catch {
      // A failing error reporter must not take the bot down.
    }
  }

  const settleStart = (outcome: 'connected' | 'standby' | { error: unknown }): void => {
    const pending = starting
    starting = undefined
    if (!pending) return
    if (typeof outcome === 'string') pending.resolve(outcome)
    else pending.reject(outcome.error)
  }

  const dispatch = (callback: Callback, from: Connection): void => {
    if (!isCallbackBody(callback.body) || !seen.first(callback.body.msgid)) return
    const receivedAt = Date.now()
    const isEvent = callback.cmd === EVENT_CALLBACK
    const value = isEvent ? toEvent(callback.body) : (callback.body as unknown as AiBotMessage)
    const reply = socketReply({
      connection: from,
      reqId: callback.reqId,
      kind: kindOf(value as { msgtype: string }),
      receivedAt,
      streamInterval: settings.streamInterval,
      streamMargin: STREAM_MARGIN_MS,
    })
    const stage = isEvent ? 'event' : 'message'
    void (async () => {
      try {
        if (isEvent) await onEvent?.(value as AiBotEvent, reply)
        else await onMessage?.(value as AiBotMessage, reply)
      } catch (error) {
        report(error, stage)
      }
    })()
  }

  /** One run; a stopped run frees the lease before the next run may begin. */
  const live = async (run: number, aborts: AbortController): Promise<void> => {
    try {
      await loop(run, aborts)
    } finally {
      if (run !== generation) await lease?.release().catch((error: unknown) => report(error, 'lease'))
    }
  }

  /** Lease, connect, reconnect, until stopped, refused or (without a lease) kicked. */
  const loop = async (run: number, aborts: AbortController): Promise<void> => {
    let attempt = 0
    let kicks = 0
    const current = () => run === generation
    while (current()) {
      if (lease) {
        let held = false
        try {
          // Each time, also before a reconnect: a holder that stalled may have lost the lease.
          held = await lease.confirm()
        } catch (error) {
          report(error, 'lease')
        }
        if (!current()) {
          // stop() came while the store answered: let go of what it gave us.
          if (held) await lease.release().catch(() => {})
          return
        }
        if (!held) {
          setState('standby')
          settleStart('standby')
          await sleeps.sleep(settings.standbyInterval * (0.8 + Math.random() * 0.4))
          continue
        }
      }

      setState(attempt === 0 ? 'connecting' : 'reconnecting')
      let ended!: (outcome: { reason: EndReason; error: WeComError }) => void
      const end = new Promise<{ reason: EndReason; error: WeComError }>((resolve) => {
        ended = resolve
      })
      let opened: Connection
      try {
        opened = await connect({
          url,
          botId,
          secret,
          webSocket: options.webSocket,
          ackTimeout: settings.ackTimeout,
          heartbeatInterval: settings.heartbeatInterval,
          signal: aborts.signal,
          onCallback: dispatch,
          onEnd: (reason, error) => ended({ reason, error }),
        })
      } catch (error) {
        if (!current()) return
        if (isWeComApiError(error) && error.errcode !== -1) {
          // Refused credentials: retrying would only repeat the refusal.
          setState('refused')
          report(error, 'connection')
          settleStart({ error })
          await lease?.release().catch((e: unknown) => report(e, 'lease'))
          return
        }
        report(error, 'connection')
        await sleeps.sleep(backoffDelay(++attempt, settings.minDelay, settings.maxDelay))
        continue
      }
      if (!current()) {
        await opened.close()
        return
      }
      connection = opened
      const connectedAt = Date.now()
      setState('connected')
      settleStart('connected')

      const { reason, error } = await end
      connection = undefined
      if (!current()) return
      report(error, 'connection')
      if (Date.now() - connectedAt > STABLE_MS) {
        attempt = 0
        kicks = 0
      }
      if (reason === 'kicked') {
        if (!lease) {
          // The newer connection wins. Fighting back would kick it, and it would kick us.
          setState('kicked')
          return
        }
        await lease.release().catch((e: unknown) => report(e, 'lease'))
        setState('standby')
        await sleeps.sleep(Math.min(5 * 60_000, KICKED_PAUSE_MS * 2 ** kicks++))
        continue
      }
      setState('reconnecting')
      await sleeps.sleep(backoffDelay(++attempt, settings.minDelay, settings.maxDelay))
    }
  }

  const requireConnection = (cmd: string): Connection => {
    if (state === 'connected' && connection && !connection.ended) return connection
    const why =
      state === 'standby'
        ? 'this instance stands by: another instance of the fleet holds the connection'
        : `the bot is ${state}`
    throw new WeComNetworkError(`${why}; ${cmd} was not sent`, { path: cmd, sent: 'no' })
  }

  const bot: AiBot = {
    botId,
    get state() {
      return state
    },
    onMessage(handler) {
      onMessage = handler
    },
    onEvent(handler) {
      onEvent = handler
    },
    onError(handler) {
      onError = handler
    },

    start() {
      if (startPromise && state !== 'stopped' && state !== 'kicked' && state !== 'refused')
        return startPromise
      const run = ++generation
      startPromise = new Promise<'connected' | 'standby'>((resolve, reject) => {
        starting = { resolve, reject }
      })
      const timer = setTimeout(() => {
        if (!starting) return
        const error = new WeComNetworkError(`the bot did not connect within ${settings.startTimeout} ms`, {
          path: 'aibot_subscribe',
          sent: 'maybe',
          timeout: true,
        })
        settleStart({ error })
        void bot.stop()
      }, settings.startTimeout)
      void startPromise.then(
        () => clearTimeout(timer),
        () => clearTimeout(timer),
      )
      aborts = new AbortController()
      const runAborts = aborts
      running = running
        .then(() => (run === generation ? live(run, runAborts) : undefined))
        .catch((error: unknown) => {
          report(error, 'connection')
          settleStart({ error })
        })
      return startPromise
    },

    async stop() {
      generation++
      startPromise = undefined
      aborts.abort()
      sleeps.wakeAll()
      settleStart({
        error: new WeComNetworkError('the bot was stopped before it connected', {
          path: 'aibot_subscribe',
          sent: 'maybe',
          aborted: true,
        }),
      })
      const stopping = generation
      const run = running
      const open = connection
      connection = undefined
      await open?.close()
      // The loop returns at once now (its sleeps are woken, its socket closed) and frees the lease.
      await run
      // A start() meanwhile began a new run: that one's state stands.
      if (stopping === generation) setState('stopped')
    },

    async send(chatid, message) {
      checkId(chatid, 'message', 'chatid')
      checkSendMessage(message)
      await requireConnection('aibot_send_msg').request('aibot_send_msg', { chatid, ...message })
    },

    async uploadMedia(type, file, uploadOptions) {
      checkUpload(type, file, uploadOptions)
      // Before reading the file: a standby fails at once.
      requireConnection('aibot_upload_media_init')
      return uploadMedia((cmd, body) => requireConnection(cmd).request(cmd, body), type, file, uploadOptions)
    },
  }
  return bot
}

function checkOptions(options: AiBotOptions) {
  const what = 'AI bot options'
  if (typeof options !== 'object' || options === null) fail(what, '', 'must be an object')
  checkId(options.botId, what, 'botId')
  if (typeof options.secret !== 'string' || options.secret === '')
    fail(what, 'secret', 'must be a non-empty string')
  const url = options.url ?? DEFAULT_URL
  if (typeof url !== 'string' || !/^wss?:\/\/[^\s]+$/i.test(url))
    fail(what, 'url', 'must be a ws:// or wss:// URL')
  if (options.lease !== undefined && typeof options.lease?.lock !== 'function') {
    fail(what, 'lease', 'must be a TokenStore with lock (e.g. redisTokenStore)')
  }
  if (options.leaseKey !== undefined) checkId(options.leaseKey, what, 'leaseKey')
  if (options.webSocket !== undefined && typeof options.webSocket !== 'function') {
    fail(what, 'webSocket', 'must be a WebSocket class')
  }
  for (const name of [
    'standbyInterval',
    'heartbeatInterval',
    'ackTimeout',
    'startTimeout',
    'streamInterval',
  ] as const) {
    positive(options[name], what, name)
  }
  positive(options.reconnect?.minDelay, what, 'reconnect.minDelay')
  positive(options.reconnect?.maxDelay, what, 'reconnect.maxDelay')
  for (const name of ['onMessage', 'onEvent', 'onError', 'onStateChange'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function')
      fail(what, name, 'must be a function')
  }
  return {
    botId: options.botId,
    secret: options.secret,
    url,
    standbyInterval: options.standbyInterval ?? DEFAULTS.standbyInterval,
    heartbeatInterval: options.heartbeatInterval ?? DEFAULTS.heartbeatInterval,
    ackTimeout: options.ackTimeout ?? DEFAULTS.ackTimeout,
    minDelay: options.reconnect?.minDelay ?? DEFAULTS.minDelay,
    maxDelay: options.reconnect?.maxDelay ?? DEFAULTS.maxDelay,
    startTimeout: options.startTimeout ?? DEFAULTS.startTimeout,
    streamInterval: options.streamInterval ?? DEFAULTS.streamInterval,
  }
}
