import { Buffer } from 'node:buffer'
import { createCallbackCrypto } from '@wecom-kit/callback'
import { isWeComCallbackError, WeComCallbackError, type WeComCallbackErrorReason } from '@wecom-kit/core'
import { parseWeComJson, readAtMost, validationError } from '@wecom-kit/core/resource-kit'
import type { AiBotErrorContext, ErrorHandler, EventHandler, MessageHandler } from './bot.js'
import { recent } from './dedup.js'
import { type AiBotEvent, type AiBotMessage, type CallbackBody, toEvent } from './messages.js'
import { type NodeListener, nodeListener } from './node.js'
import type { PullStream } from './pull-stream.js'
import { kindOf } from './reply.js'
import { fail, positive } from './validate.js'
import { createAnswer, webhookReply } from './webhook-reply.js'

// Webhook mode: WeCom calls the bot's URL. A GET checks the URL (answer the decrypted echostr);
// a POST carries `{ "encrypt": … }`, signed in the query like every WeCom callback, with the
// receiveId empty. The decrypted JSON is a message, an event, or a refresh of a stream we
// answered earlier. Answers are encrypted JSON `{ encrypt, msgsignature, timestamp, nonce }`,
// or an empty 200.

export interface AiBotHandlerOptions {
  /** The Token from the bot's API settings (URL mode). */
  token: string
  /** The 43-character EncodingAESKey from the same settings. Never in an error or a log line. */
  encodingAesKey: string
  onMessage?: MessageHandler
  onEvent?: EventHandler
  /** Refused requests (`request`), handlers that threw (`message`, `event`). Default: handler failures are logged. */
  onError?: ErrorHandler
  /** Largest body read, bytes; a larger one gets 413 unread. Default 1 MiB. */
  bodyLimit?: number
  /**
   * How long the whole body may take to arrive, ms; past it the request gets 408 (and over
   * node:http the connection is closed). WeCom sends its small bodies at once. Default 10 000.
   */
  bodyTimeout?: number
  /**
   * How long a handler may take to choose its reply before WeCom gets an empty answer, ms
   * (WeCom waits about 5 s). A reply chosen later goes through the response_url. Default 3 000.
   */
  replyTimeout?: number
  /** Refuse requests whose timestamp is further from now, seconds (replays). Off by default. */
  timestampWindow?: number
  /** The fetch for response_url replies. */
  fetch?: typeof fetch
}

/** A fetch-style handler, with `.node` for node:http and Express. */
export interface AiBotHandler {
  (request: Request): Promise<Response>
  readonly node: NodeListener
}

const QUERY = ['msg_signature', 'timestamp', 'nonce'] as const
const STREAM_MARGIN_MS = 15_000

const STATUS: Partial<Record<WeComCallbackErrorReason, number>> = {
  signature: 403,
  timestamp: 403,
  receive_id: 403,
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

/**
 * The webhook side of an AI bot: answers WeCom's URL check and its POSTs with the same
 * `onMessage` / `onEvent` and `reply` API as `createAiBot`. Use it as a fetch handler, or
 * `handler.node` with node:http and Express. Needs Node's crypto (`node:crypto`).
 */
export function createAiBotHandler(options: AiBotHandlerOptions): AiBotHandler {
  const settings = checkOptions(options)
  const crypto = createCallbackCrypto({
    token: options.token,
    encodingAesKey: options.encodingAesKey,
    receiveId: '',
  })
  const streams = new Map<string, PullStream>()
  /** Answers by msgid: a delivery WeCom repeats gets the first answer again, its handler runs once. */
  const answers = recent<Promise<object | undefined | 'failed'>>()

  const report = (error: unknown, stage: AiBotErrorContext['stage']): void => {
    try {
      if (options.onError) options.onError(error, { stage })
      else if (stage !== 'request') console.error(`[@wecom-kit/aibot] ${stage} handler failed:`, error)
    } catch {
      // A failing error reporter must not turn into a failed answer.
    }
  }

  const checkQuery = (query: URLSearchParams, names: readonly string[]): void => {
    for (const name of names) {
      if (!query.get(name)) throw new WeComCallbackError('missing_parameter', `${name} is missing`)
    }
    if (settings.timestampWindow === undefined) return
    const timestamp = Number(query.get('timestamp'))
    if (!Number.isFinite(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > settings.timestampWindow) {
      throw new WeComCallbackError(
        'timestamp',
        `the timestamp is more than ${settings.timestampWindow} s from this server's clock`,
      )
    }
  }

  /** Runs the handler until it chooses a reply (or gives up), and composes the answer. */
  const deliver = async (
    body: CallbackBody & { msgid: string; msgtype: string },
  ): Promise<object | undefined | 'failed'> => {
    const answer = createAnswer()
    const isEvent = body.msgtype === 'event'
    const value = isEvent ? toEvent(body) : (body as unknown as AiBotMessage)
    const reply = webhookReply({
      answer,
      kind: kindOf(value as { msgtype: string }),
      receivedAt: Date.now(),
      responseUrl: typeof body.response_url === 'string' ? body.response_url : undefined,
      fetch: settings.fetch,
      streams,
      streamMargin: STREAM_MARGIN_MS,
    })
    let failed = false
    const running = (async () => {
      try {
        if (isEvent) await options.onEvent?.(value as AiBotEvent, reply)
        else await options.onMessage?.(value as AiBotMessage, reply)
      } catch (error) {
        failed = true
        report(error, isEvent ? 'event' : 'message')
      }
    })()
    let timer: ReturnType<typeof setTimeout> | undefined
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, settings.replyTimeout)
    })
    await Promise.race([answer.decided, running, timeout])
    clearTimeout(timer)
    // The writes made in the same tick as reply.stream() belong in the first answer.
    await new Promise((resolve) => setTimeout(resolve, 0))
    const composed = answer.close()
    // A handler that failed before replying: 500, and WeCom's repeat runs it again.
    return composed === undefined && failed ? 'failed' : composed
  }

  const answerPost = async (request: Request, query: URLSearchParams): Promise<Response> => {
    checkQuery(query, QUERY)
    const length = Number(request.headers.get('content-length') ?? Number.NaN)
    if (length > settings.bodyLimit) throw tooLarge(settings.bodyLimit)
    const chunks = request.body
      ? await readWithin(request.body, settings.bodyLimit, settings.bodyTimeout)
      : []
    if (!chunks) throw tooLarge(settings.bodyLimit)
    const encrypt = envelopeOf(Buffer.concat(chunks).toString('utf8'))
    if (
      !crypto.verifySignature(
        query.get('msg_signature')!,
        query.get('timestamp')!,
        query.get('nonce')!,
        encrypt,
      )
    ) {
      throw new WeComCallbackError('signature', 'msg_signature does not match (check the Token)')
    }
    const body = callbackOf(crypto.decrypt(encrypt))

    if (body.msgtype === 'stream') {
      const id = (body.stream as { id?: unknown } | undefined)?.id
      const stream = typeof id === 'string' ? streams.get(id) : undefined
      if (stream) return sealed(stream.snapshot(), query)
      report(
        validationError(
          'stream refresh',
          'stream.id',
          'no stream of this process has this id (a restart, or another instance answered the message)',
        ),
        'request',
      )
      return new Response(null, { status: 200 })
    }

    if (typeof body.msgid !== 'string' || body.msgid === '') {
      throw new WeComCallbackError('missing_parameter', 'the callback has no msgid')
    }
    let outcome = answers.get(body.msgid)
    if (!outcome) {
      outcome = deliver(body as CallbackBody & { msgid: string; msgtype: string })
      answers.set(body.msgid, outcome)
    }
    const result = await outcome
    if (result === 'failed') {
      answers.delete(body.msgid)
      return plain(500)
    }
    return result === undefined ? new Response(null, { status: 200 }) : sealed(result, query)
  }

  /** An answer, encrypted and signed; WeCom wants its own nonce back. */
  const sealed = (body: object, query: URLSearchParams): Response => {
    const timestamp = Math.floor(Date.now() / 1000)
    const nonce = query.get('nonce')!
    const encrypt = crypto.encrypt(JSON.stringify(body))
    const msgsignature = crypto.signature(timestamp, nonce, encrypt)
    return Response.json({ encrypt, msgsignature, timestamp, nonce })
  }

  const handler = async (request: Request): Promise<Response> => {
    try {
      const query = new URL(request.url).searchParams
      if (request.method === 'GET' || request.method === 'HEAD') {
        checkQuery(query, [...QUERY, 'echostr'])
        const echo = crypto.verifyUrl(query)
        return new Response(request.method === 'HEAD' ? null : echo, {
          headers: { 'content-type': 'text/plain; charset=utf-8' },
        })
      }
      if (request.method !== 'POST') {
        return new Response(STATUS_TEXT[405], { status: 405, headers: { allow: 'GET, POST' } })
      }
      return await answerPost(request, query)
    } catch (error) {
      report(error, 'request')
      return plain(isWeComCallbackError(error) ? (STATUS[error.reason] ?? 400) : 500)
    }
  }

  return Object.assign(handler, { node: nodeListener(handler, (error) => report(error, 'request')) })
}

function checkOptions(options: AiBotHandlerOptions) {
  const what = 'AI bot handler options'
  if (typeof options !== 'object' || options === null) fail(what, '', 'must be an object')
  for (const name of ['onMessage', 'onEvent', 'onError', 'fetch'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function')
      fail(what, name, 'must be a function')
  }
  if (!options.onMessage && !options.onEvent) fail(what, 'onMessage', 'give onMessage, onEvent or both')
  positive(options.bodyLimit, what, 'bodyLimit')
  positive(options.replyTimeout, what, 'replyTimeout')
  positive(options.bodyTimeout, what, 'bodyTimeout')
  positive(options.timestampWindow, what, 'timestampWindow')
  return {
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    replyTimeout: options.replyTimeout ?? 3_000,
    bodyTimeout: options.bodyTimeout ?? 10_000,
    timestampWindow: options.timestampWindow,
    fetch: options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init)),
  }
}

/** The `encrypt` field of the POSTed JSON. */
function envelopeOf(text: string): string {
  let envelope: unknown
  try {
    envelope = JSON.parse(text)
  } catch {
    throw new WeComCallbackError('missing_parameter', 'the body is not JSON')
  }
  const encrypt = (envelope as { encrypt?: unknown } | null)?.encrypt
  if (typeof encrypt !== 'string' || encrypt === '') {
    throw new WeComCallbackError('missing_parameter', 'the body has no "encrypt" field')
  }
  return encrypt
}

/** The decrypted callback, or a refusal: it must be a JSON object with a msgtype. */
function callbackOf(plaintext: string): CallbackBody & { msgid?: unknown; msgtype: string } {
  let body: unknown
  try {
    body = parseWeComJson(plaintext)
  } catch {
    throw new WeComCallbackError('missing_parameter', 'the decrypted callback is not JSON')
  }
  const msgtype = (body as { msgtype?: unknown } | null)?.msgtype
  if (typeof body !== 'object' || body === null || typeof msgtype !== 'string') {
    throw new WeComCallbackError('missing_parameter', 'the callback has no msgtype')
  }
  return body as CallbackBody & { msgtype: string }
}

/**
 * The body, at most `limit` bytes (undefined past it), within `ms`: a body trickled a byte at a
 * time would otherwise hold the request long after WeCom gave up (5 s).
 */
async function readWithin(
  body: ReadableStream<Uint8Array>,
  limit: number,
  ms: number,
): Promise<Uint8Array[] | undefined> {
  const reading = readAtMost(body, limit)
  // The read holds the stream's reader: past the time it ends when the client finishes or goes away.
  reading.catch(() => {})
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new WeComCallbackError('body_timeout', `the request body did not arrive within ${ms} ms`)),
      ms,
    )
  })
  try {
    return await Promise.race([reading, late])
  } finally {
    clearTimeout(timer)
  }
}

function plain(status: number): Response {
  return new Response(STATUS_TEXT[status] ?? '', {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  })
}

function tooLarge(limit: number): WeComCallbackError {
  return new WeComCallbackError('body_too_large', `the body is over ${limit} bytes`)
}
