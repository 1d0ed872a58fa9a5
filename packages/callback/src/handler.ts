import { Buffer } from 'node:buffer'
import { createHash } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  isWeComCallbackError,
  type ValidationIssue,
  WeComCallbackError,
  type WeComCallbackErrorReason,
  WeComValidationError,
} from '@wecom-kit/core'
import { isWellFormed, validationError } from '@wecom-kit/core/resource-kit'
import { contentLength, readInTime, readNodeBody, readWebBody, tooLarge } from './body.js'
import { type CallbackQuery, createInternals } from './crypto.js'
import { type DedupStore, memoryDedupStore } from './dedup.js'
import type { CallbackMessage } from './messages.js'
import { isSuiteCallbackXml, type SuiteCallbackMessage, shapeSuiteMessage } from './suite.js'

// One request flow for two kinds of servers: a fetch-style `(Request) => Response` and a
// node:http / Express `(req, res)` listener. Both check the query, refuse an oversized body
// before reading it and a late one (bodyTimeout), verify and decrypt, run `onMessage` once per message, and answer within
// WeCom's 5 seconds: an empty 200, or the encrypted passive reply.

/** What `onMessage` may return: a passive reply's plaintext XML (see textReply …), or nothing. */
export type CallbackReply = string | null | undefined

export interface CallbackContext {
  /** The decrypted XML, as WeCom sent it. */
  xml: string
  /** msg_signature, timestamp and nonce of the request. */
  query: CallbackQuery
  /** The key the message was deduplicated by; undefined when dedup is off. */
  dedupKey: string | undefined
}

export interface CallbackErrorContext {
  /** `request`: a request was refused (bad signature, oversized body …); `message`: onMessage failed. */
  stage: 'request' | 'message'
}

export interface HandlerOptionsBase {
  /** The Token from the app's "API 接收消息" settings. */
  token: string
  /** The 43-character EncodingAESKey from the same settings. */
  encodingAesKey: string
  /**
   * Runs once per message (re-posts are recognised). Return a passive reply's XML to answer
   * with it, or nothing for an empty 200. Slower than `replyTimeout`, it keeps running and
   * WeCom gets an empty 200.
   */
  onMessage: (
    message: CallbackMessage,
    context: CallbackContext,
    // biome-ignore lint/suspicious/noConfusingVoidType: a handler that returns nothing, sync or async, returns void
  ) => CallbackReply | void | Promise<CallbackReply | void>
  /** Told about refused requests and failed onMessage calls. By default, failures of onMessage are logged. */
  onError?: (error: unknown, context: CallbackErrorContext) => void
  /** Largest body read, in bytes; a larger one gets 413 unread. Default 1 MiB. */
  bodyLimit?: number
  /**
   * How long the whole body may take to arrive, in ms; past it the request gets 408 and the
   * connection is closed. WeCom itself gives up after 5 s. Default 10 000.
   */
  bodyTimeout?: number
  /** Refuse requests whose timestamp is more than this many seconds from now (replays). Off by default. */
  timestampWindow?: number
  /** Where deliveries are remembered; `false` turns deduplication off. Default: in memory. */
  dedup?: DedupStore | false
  /** How long a delivery is remembered, in ms. Default 5 minutes (WeCom re-posts within about 20 s). */
  dedupTtl?: number
  /** The key a message is deduplicated by. Default: MsgId, or for events FromUserName + CreateTime + a hash of the XML. */
  dedupKey?: (message: CallbackMessage, xml: string) => string
  /** How long to wait for onMessage before answering an empty 200, in ms. Default 3000. */
  replyTimeout?: number
}

export type CallbackHandlerOptions = HandlerOptionsBase &
  (
    | {
        /** The corp's CorpID: every message must be for it. */
        corpId: string
        receiveId?: string
      }
    | {
        corpId?: string
        /** Instead of corpId: the suiteId for third-party app callbacks, or '' for some bots. */
        receiveId: string
      }
  )

/**
 * A third-party app's 指令回调 (suite tickets, installs, contact changes of authorized corps):
 * `onMessage` gets the typed notice, and WeCom gets the plain `success` it expects.
 */
export interface SuiteCallbackHandlerOptions extends Omit<HandlerOptionsBase, 'onMessage' | 'dedupKey'> {
  /** The suite's id: the receiveId of its notices. */
  suiteId: string
  /**
   * The provider's own corpid (服务商的corpid). WeCom checks a suite's callback URL (the GET of
   * the console's 保存) with it as the receiveId, and posts the notices with the suite id; a
   * handler given only the suite id fails that check.
   */
  providerCorpId: string
  /** Runs once per notice (re-posts are recognised); WeCom is answered `success` once it settles. */
  onMessage: (message: SuiteCallbackMessage, context: CallbackContext) => void | Promise<void>
  /** Default: SuiteId + InfoType + TimeStamp + a hash of the XML. */
  dedupKey?: (message: SuiteCallbackMessage, xml: string) => string
}

/** A Node `http` / Express listener. */
export type NodeCallbackListener = (req: IncomingMessage, res: ServerResponse) => void

/** A fetch-style handler, with `.node` for node:http and Express. */
export interface CallbackHandler {
  (request: Request): Promise<Response>
  readonly node: NodeCallbackListener
}

const DEFAULTS = { bodyLimit: 1024 * 1024, bodyTimeout: 10_000, dedupTtl: 5 * 60_000, replyTimeout: 3000 }
/** setTimeout's ceiling: a longer delay fires at once. */
const MAX_DELAY = 2_147_483_647
const QUERY = ['msg_signature', 'timestamp', 'nonce'] as const

const STATUS: Record<WeComCallbackErrorReason, number> = {
  missing_parameter: 400,
  signature: 403,
  timestamp: 403,
  receive_id: 403,
  base64: 400,
  ciphertext: 400,
  padding: 400,
  length: 400,
  encoding: 400,
  xml: 400,
  doctype: 400,
  body_too_large: 413,
  body_timeout: 408,
}
const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  413: 'Payload Too Large',
  500: 'Internal Server Error',
}

interface Exchange {
  method: string
  query: URLSearchParams
  contentLength: number | undefined
  /** The body as text; rejects once `signal` aborts (bodyTimeout). */
  readBody(limit: number, signal: AbortSignal): Promise<string>
}

interface Answer {
  status: number
  headers: Record<string, string>
  body: string
}

type Outcome = { reply: string | undefined } | { failed: true }

/** What a message is acknowledged with: an empty 200, or `success` for a 指令回调. */
type Ack = '' | 'success'

const TEXT = { 'content-type': 'text/plain; charset=utf-8' }

/**
 * Answers WeCom's callbacks: the GET that checks the URL (with the bare echostr) and POSTed
 * messages (an empty 200 or an encrypted passive reply). Use it as a fetch handler, or
 * `handler.node` with node:http and Express. Needs Node's crypto (`node:crypto`).
 */
export function createCallbackHandler(options: SuiteCallbackHandlerOptions): CallbackHandler
export function createCallbackHandler(options: CallbackHandlerOptions): CallbackHandler
export function createCallbackHandler(
  given: CallbackHandlerOptions | SuiteCallbackHandlerOptions,
): CallbackHandler {
  const settings = checkOptions(given)
  const suiteMode = typeof (given as { suiteId?: unknown }).suiteId === 'string'
  // Both kinds run through one flow: messages are opaque past this point.
  const options = given as HandlerOptionsBase & { corpId?: string; receiveId?: string; suiteId?: string }
  const crypto = createInternals({
    token: options.token,
    encodingAesKey: options.encodingAesKey,
    receiveId: (options.suiteId ?? options.receiveId ?? options.corpId)!,
  })
  // A suite's URL check comes with the provider's corpid as its receiveId (WeCom's answer in its
  // developer community, 2020; the docs say only "suiteid"). Either of the provider's two ids is
  // taken for the check and for notices: the signature with the suite's Token is checked first.
  const providerCrypto =
    suiteMode && typeof (given as SuiteCallbackHandlerOptions).providerCorpId === 'string'
      ? createInternals({
          token: options.token,
          encodingAesKey: options.encodingAesKey,
          receiveId: (given as SuiteCallbackHandlerOptions).providerCorpId,
        })
      : undefined
  /** `open` with the suite's receiveId, or the provider's when the message names that one. */
  const eitherId = <T>(open: (internals: typeof crypto) => T): T => {
    try {
      return open(crypto)
    } catch (error) {
      if (providerCrypto && error instanceof WeComCallbackError && error.reason === 'receive_id') {
        return open(providerCrypto)
      }
      throw error
    }
  }
  const { onMessage, timestampWindow, bodyLimit, bodyTimeout, dedupTtl, replyTimeout } = settings
  const dedup = options.dedup === false ? undefined : (options.dedup ?? memoryDedupStore())
  const dedupKey = options.dedupKey ?? defaultDedupKey
  const inFlight = new Map<string, Promise<Outcome>>()

  const report = (error: unknown, stage: CallbackErrorContext['stage']): void => {
    try {
      if (options.onError) options.onError(error, { stage })
      else if (stage === 'message') console.error('[@wecom-kit/callback] onMessage failed:', error)
    } catch {
      // A failing error reporter must not turn into a failed answer.
    }
  }

  const checkQuery = (query: URLSearchParams, names: readonly string[]): void => {
    for (const name of names) {
      if (!query.get(name)) throw new WeComCallbackError('missing_parameter', `${name} is missing`)
    }
    if (timestampWindow === undefined) return
    const timestamp = Number(query.get('timestamp'))
    if (!Number.isFinite(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > timestampWindow) {
      throw new WeComCallbackError(
        'timestamp',
        `the timestamp is more than ${timestampWindow} s from this server's clock`,
      )
    }
  }

  const answerWith = (outcome: Outcome, ack: Ack): Answer => {
    if ('failed' in outcome) return plain(500)
    if (ack === 'success') return { status: 200, headers: TEXT, body: 'success' }
    if (!outcome.reply) return { status: 200, headers: {}, body: '' }
    return {
      status: 200,
      headers: { 'content-type': 'application/xml; charset=utf-8' },
      body: crypto.encryptReply(outcome.reply),
    }
  }

  /** Waits for an outcome, at most `replyTimeout`: past it, an empty 200 stops WeCom's re-posts. */
  const inTime = (outcome: Promise<Outcome>): Promise<Outcome> => {
    let timer: ReturnType<typeof setTimeout> | undefined
    const late = new Promise<Outcome>((resolve) => {
      timer = setTimeout(() => resolve({ reply: undefined }), replyTimeout)
    })
    return Promise.race([outcome, late]).finally(() => clearTimeout(timer))
  }

  const dispatch = async (
    message: CallbackMessage,
    xml: string,
    query: URLSearchParams,
    ack: Ack,
  ): Promise<Answer> => {
    const key = dedup ? dedupKey(message, xml) : undefined
    if (dedup && key !== undefined) {
      let first = true
      try {
        first = await dedup.claim(key, dedupTtl)
      } catch (error) {
        // Without the store, running twice beats not running.
        report(error, 'request')
      }
      if (!first) {
        const running = inFlight.get(key)
        return answerWith(running ? await inTime(running) : { reply: undefined }, ack)
      }
    }

    const context: CallbackContext = {
      xml,
      query: {
        msg_signature: query.get('msg_signature')!,
        timestamp: query.get('timestamp')!,
        nonce: query.get('nonce')!,
      },
      dedupKey: key,
    }
    let answered = false
    const outcome: Promise<Outcome> = (async () => {
      try {
        const returned = await onMessage(message, context)
        // A notice has no passive reply: whatever a suite's onMessage returns is not sent.
        const reply = ack === 'success' ? undefined : returned
        if (reply !== undefined && reply !== null && typeof reply !== 'string') {
          throw new TypeError('onMessage must return reply XML (a string) or nothing')
        }
        // Refused like a failed onMessage: encrypting would silently turn it into U+FFFD.
        if (typeof reply === 'string' && !isWellFormed(reply)) {
          throw validationError('reply', '', 'the reply XML holds a lone surrogate (not well-formed text)')
        }
        return { reply: reply || undefined }
      } catch (error) {
        report(error, 'message')
        // Free the claim so that WeCom's re-post runs onMessage again, unless WeCom was
        // already answered and will not re-post.
        if (dedup && key !== undefined && !answered)
          await Promise.resolve(dedup.release?.(key)).catch(() => {})
        return { failed: true } as const
      }
    })()
    if (key !== undefined) {
      inFlight.set(key, outcome)
      void outcome.finally(() => inFlight.delete(key))
    }
    const result = await inTime(outcome)
    answered = true
    return answerWith(result, ack)
  }

  const respond = async (exchange: Exchange): Promise<Answer> => {
    const { method, query } = exchange
    try {
      if (method === 'GET' || method === 'HEAD') {
        checkQuery(query, [...QUERY, 'echostr'])
        return { status: 200, headers: TEXT, body: eitherId((c) => c.verifyUrl(query)) }
      }
      if (method !== 'POST') return { ...plain(405), headers: { ...TEXT, allow: 'GET, POST' } }
      checkQuery(query, QUERY)
      if (exchange.contentLength !== undefined && exchange.contentLength > bodyLimit)
        throw tooLarge(bodyLimit)
      const body = await readInTime((signal) => exchange.readBody(bodyLimit, signal), bodyTimeout)
      const { xml, message } = eitherId((c) => c.openMessage(body, query))
      const raw = message as unknown as Parameters<typeof isSuiteCallbackXml>[0]
      // A 指令回调 (InfoType, no MsgType) wants `success`, whichever kind of handler received it.
      const isNotice = isSuiteCallbackXml(raw)
      if (suiteMode) {
        if (!isNotice) throw new WeComCallbackError('xml', 'not a suite notice: <InfoType> is missing')
        shapeSuiteMessage(raw)
      }
      return await dispatch(message, xml, query, isNotice ? 'success' : '')
    } catch (error) {
      report(error, 'request')
      return isWeComCallbackError(error) ? plain(STATUS[error.reason]) : plain(500)
    }
  }

  const handler = async (request: Request): Promise<Response> => {
    const answer = await respond({
      method: request.method,
      query: new URL(request.url).searchParams,
      contentLength: contentLength(request.headers.get('content-length')),
      readBody: (limit, signal) => readWebBody(request, limit, signal),
    })
    const body = request.method === 'HEAD' || answer.body === '' ? null : answer.body
    return new Response(body, { status: answer.status, headers: answer.headers })
  }

  const node: NodeCallbackListener = (req, res) => {
    const exchange: Exchange = {
      method: req.method ?? 'GET',
      query: new URL(req.url ?? '/', 'http://localhost').searchParams,
      contentLength: contentLength(req.headers['content-length']),
      readBody: (limit, signal) => readNodeBody(req, limit, signal),
    }
    respond(exchange)
      .then((answer) => {
        if (res.headersSent || res.writableEnded) return
        const body = Buffer.from(answer.body, 'utf8')
        const headers: Record<string, string | number> = { ...answer.headers, 'content-length': body.length }
        // The rest of an oversized or late body is never read: the connection cannot be reused.
        if (answer.status === 413 || answer.status === 408) headers.connection = 'close'
        res.writeHead(answer.status, headers)
        res.end(req.method === 'HEAD' ? undefined : body)
      })
      .catch((error: unknown) => {
        report(error, 'request')
        if (!res.headersSent) res.writeHead(500)
        res.end()
      })
  }

  return Object.assign(handler, { node })
}

function checkOptions(options: CallbackHandlerOptions | SuiteCallbackHandlerOptions) {
  const issues: ValidationIssue[] = []
  const o = (options ?? {}) as Partial<HandlerOptionsBase> & {
    corpId?: unknown
    receiveId?: unknown
    suiteId?: unknown
    providerCorpId?: unknown
  }
  if (typeof o.onMessage !== 'function') issues.push({ path: 'onMessage', message: 'must be a function' })
  if (o.suiteId !== undefined) {
    if (typeof o.suiteId !== 'string' || o.suiteId === '') {
      issues.push({ path: 'suiteId', message: 'must be the suite id' })
    } else if (o.corpId !== undefined || o.receiveId !== undefined) {
      issues.push({ path: 'suiteId', message: 'give suiteId, or corpId / receiveId, not both' })
    }
    if (typeof o.providerCorpId !== 'string' || o.providerCorpId === '') {
      issues.push({
        path: 'providerCorpId',
        message: "must be the provider's corpid: WeCom checks a suite's callback URL with it",
      })
    }
  } else if (typeof o.corpId !== 'string' && typeof o.receiveId !== 'string') {
    issues.push({ path: 'corpId', message: 'corpId (or receiveId, or suiteId) is required' })
  }
  const positive = (name: 'bodyLimit' | 'timestampWindow' | 'dedupTtl' | 'replyTimeout' | 'bodyTimeout') => {
    const value = o[name]
    if (value !== undefined && !(typeof value === 'number' && value > 0 && Number.isFinite(value))) {
      issues.push({ path: name, message: 'must be a positive number' })
    }
  }
  positive('bodyLimit')
  positive('timestampWindow')
  positive('dedupTtl')
  positive('replyTimeout')
  positive('bodyTimeout')
  for (const name of ['replyTimeout', 'bodyTimeout'] as const) {
    const value = o[name]
    if (typeof value === 'number' && value > MAX_DELAY) {
      issues.push({ path: name, message: `must be at most ${MAX_DELAY} ms` })
    }
  }
  if (o.dedup !== undefined && o.dedup !== false && typeof o.dedup?.claim !== 'function') {
    issues.push({ path: 'dedup', message: 'must be a store with claim(key, ttlMs), or false' })
  }
  if (issues.length > 0) throw new WeComValidationError(issues, 'callback handler options')
  return {
    onMessage: o.onMessage!,
    timestampWindow: o.timestampWindow,
    bodyLimit: o.bodyLimit ?? DEFAULTS.bodyLimit,
    bodyTimeout: o.bodyTimeout ?? DEFAULTS.bodyTimeout,
    dedupTtl: o.dedupTtl ?? DEFAULTS.dedupTtl,
    replyTimeout: o.replyTimeout ?? DEFAULTS.replyTimeout,
  }
}

/**
 * A message by its MsgId; an event (which has none) by who, when and what: FromUserName and
 * CreateTime alone would merge distinct events of one second, such as a batch of contact
 * changes, which all come from `sys`.
 */
function defaultDedupKey(message: CallbackMessage | SuiteCallbackMessage, xml: string): string {
  const { ToUserName, AgentID, MsgId, FromUserName, CreateTime, SuiteId, InfoType, TimeStamp } =
    message as Record<string, unknown>
  if (typeof MsgId === 'string' && MsgId !== '') return `wecom:${ToUserName}:${AgentID ?? ''}:msg:${MsgId}`
  const digest = createHash('sha1').update(xml).digest('hex').slice(0, 20)
  // A notice: every suite_ticket push has a new ticket, so the digest tells pushes of one second apart.
  if (typeof InfoType === 'string') return `wecom-suite:${SuiteId}:${InfoType}:${TimeStamp}:${digest}`
  return `wecom:${ToUserName}:${AgentID ?? ''}:event:${FromUserName}:${CreateTime}:${digest}`
}

function plain(status: number): Answer {
  return { status, headers: TEXT, body: STATUS_TEXT[status] ?? '' }
}
