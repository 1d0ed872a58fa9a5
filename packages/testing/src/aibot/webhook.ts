import { isObject } from '../corp/values.js'
import { type BodyContext, eventBody, messageBody, refreshBody } from './callbacks.js'
import { checkCardUpdate, checkTemplateCard, checkWelcome } from './content.js'
import { createWebhookCrypto, keyOfEncodingAesKey } from './crypto.js'
import { newNonce } from './ids.js'
import type { MediaHost } from './media.js'
import { AIBOT_ERRCODES, type Outcome, ok, refuse } from './protocol.js'
import type { ResponseUrls } from './response-urls.js'
import type { StreamStore } from './streams.js'
import type {
  AiBotUserEvent,
  AiBotUserMessage,
  AiBotWebhookExchange,
  AiBotWebhookPoster,
  AiBotWebhookTarget,
  JsonObject,
} from './types.js'

/**
 * WeCom calling a bot's webhook (document/path/100719, 101031, 101033): a GET with `echostr` when
 * the URL is saved; each callback a POST of `{"encrypt": …}` with msg_signature, timestamp and
 * nonce in the query; the answer empty or `{ encrypt, msgsignature, timestamp, nonce }` (the
 * request's nonce, seconds). After an unfinished stream reply WeCom keeps posting stream refresh
 * callbacks until `finish`, for at most 6 minutes from the user's message.
 */
interface Deps {
  botId: string
  now(): number
  media: MediaHost
  responseUrls: ResponseUrls
  streams: StreamStore
  streamDeadlineMs: number
  closed(): boolean
  changed(): void
}

export function createWebhookPoster(target: AiBotWebhookTarget, deps: Deps): AiBotWebhookPoster {
  const crypto = createWebhookCrypto(target.token, target.encodingAesKey)
  // Webhook media is encrypted with the EncodingAESKey, not a key per message.
  const mediaKey = keyOfEncodingAesKey(target.encodingAesKey)
  const refreshIntervalMs = target.refreshIntervalMs ?? 1000
  const replyTimeoutMs = target.replyTimeoutMs ?? 5000
  const botId = target.botId ?? deps.botId

  const context = (now: number): BodyContext => ({
    botId,
    now,
    media: (input) => ({ url: deps.media.host(input.data, mediaKey, input) }),
    responseUrl: (msgid) => deps.responseUrls.issue(msgid, botId, now),
  })

  const signedUrl = (query: Record<string, string>) => {
    const url = new URL(target.url)
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value)
    return url
  }

  const fetchWithin = async (url: URL, init: RequestInit): Promise<Response> => {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(replyTimeoutMs) })
    } catch (cause) {
      const timedOut = cause instanceof Error && cause.name === 'TimeoutError'
      throw new Error(
        timedOut ? `the webhook did not answer within ${replyTimeoutMs} ms` : 'the webhook is unreachable',
        {
          cause,
        },
      )
    }
  }

  /** Posts one callback; its answer decrypted, or undefined when empty. Throws on what WeCom rejects. */
  const post = async (body: JsonObject): Promise<JsonObject | undefined> => {
    const timestamp = String(Math.floor(deps.now() / 1000))
    const nonce = newNonce()
    const encrypt = crypto.encrypt(JSON.stringify(body))
    const url = signedUrl({ msg_signature: crypto.signature(timestamp, nonce, encrypt), timestamp, nonce })
    const response = await fetchWithin(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ encrypt }),
    })
    const text = await response.text()
    if (response.status !== 200) throw new Error(`the webhook answered HTTP ${response.status}`)
    if (text.trim() === '') return undefined
    return openReply(text, nonce)
  }

  const openReply = (text: string, nonce: string): JsonObject => {
    let reply: unknown
    try {
      reply = JSON.parse(text)
    } catch {
      throw new Error('the webhook answered something that is not JSON')
    }
    if (!isObject(reply) || typeof reply.encrypt !== 'string' || typeof reply.msgsignature !== 'string') {
      throw new Error('the answer must be { encrypt, msgsignature, timestamp, nonce }')
    }
    const timestamp = String(reply.timestamp)
    if (!/^\d{1,10}$/.test(timestamp)) throw new Error('the answer timestamp must be in seconds')
    if (reply.nonce !== nonce) throw new Error("the answer nonce must be the request's nonce")
    if (!crypto.verify(reply.msgsignature, timestamp, nonce, reply.encrypt)) {
      throw new Error('the answer msgsignature does not match (check the Token)')
    }
    let plaintext: string
    try {
      plaintext = crypto.decrypt(reply.encrypt)
    } catch (cause) {
      throw new Error('the answer does not decrypt (check the EncodingAESKey)', { cause })
    }
    const body = JSON.parse(plaintext) as unknown
    if (!isObject(body)) throw new Error('the decrypted answer is not a JSON object')
    return body
  }

  const exchangeOf = (body: JsonObject): AiBotWebhookExchange => ({
    msgid: body.msgid as string,
    body,
    responseUrl: body.response_url as string | undefined,
    replies: [],
    stream: undefined,
    refreshes: 0,
    expired: false,
  })

  const record = (
    exchange: AiBotWebhookExchange,
    msgid: string,
    body: JsonObject | undefined,
    outcome: Outcome,
  ) => {
    exchange.replies.push({ msgid, body, at: deps.now(), errcode: outcome.errcode, errmsg: outcome.errmsg })
    deps.changed()
  }

  /** Refresh callbacks, one every refreshIntervalMs, until the stream finishes or its time is up. */
  const refresh = async (exchange: AiBotWebhookExchange, startedAt: number) => {
    const { msgid } = exchange
    const expired = () => deps.now() - startedAt >= deps.streamDeadlineMs
    let stream = deps.streams.get(msgid)
    while (stream && !stream.finished && !deps.closed()) {
      if (expired()) break
      await new Promise((resolve) => setTimeout(resolve, refreshIntervalMs))
      if (expired() || deps.closed()) break
      const callback = refreshBody(exchange.body, stream.id)
      exchange.refreshes += 1
      const reply = await post(callback)
      record(exchange, callback.msgid as string, reply, reply ? refreshReply(reply, msgid, stream.id) : ok())
      stream = deps.streams.get(msgid)
    }
    exchange.stream = deps.streams.get(msgid)
    exchange.expired = exchange.stream !== undefined && !exchange.stream.finished && expired()
  }

  /** A stream refresh takes only a stream reply, for the same stream. */
  const refreshReply = (reply: JsonObject, msgid: string, streamId: string): Outcome => {
    if (reply.msgtype !== 'stream') {
      return refuse(AIBOT_ERRCODES.invalidMessageType, 'a stream refresh takes only a stream reply')
    }
    const id = isObject(reply.stream) ? reply.stream.id : undefined
    if (id !== undefined && id !== streamId) {
      return refuse(AIBOT_ERRCODES.invalidParameter, `the refresh is for stream ${streamId}`)
    }
    return deps.streams.apply(msgid, reply.stream, deps.now())
  }

  /** The first answer to a message: a stream, a template card, or both. */
  const messageReply = (reply: JsonObject, msgid: string, startedAt: number): Outcome => {
    const now = deps.now()
    if (reply.msgtype === 'stream') return deps.streams.apply(msgid, reply.stream, now, startedAt)
    if (reply.msgtype === 'template_card') return checkTemplateCard(reply.template_card)
    if (reply.msgtype === 'stream_with_template_card') {
      const card = reply.template_card === undefined ? ok() : checkTemplateCard(reply.template_card)
      return card.errcode === 0 ? deps.streams.apply(msgid, reply.stream, now, startedAt) : card
    }
    return refuse(
      AIBOT_ERRCODES.invalidMessageType,
      `a message takes no passive ${String(reply.msgtype)} reply`,
    )
  }

  const eventReply = (reply: JsonObject, eventtype: string): Outcome => {
    if (eventtype === 'enter_chat') return checkWelcome(reply)
    if (eventtype === 'template_card_event') return checkCardUpdate(reply)
    return refuse(AIBOT_ERRCODES.invalidMessageType, `${eventtype} takes no reply`)
  }

  return {
    async verifyUrl() {
      const expected = `${newNonce()}${newNonce()}`
      const echostr = crypto.encrypt(expected)
      const timestamp = String(Math.floor(deps.now() / 1000))
      const nonce = newNonce()
      const started = performance.now()
      const url = signedUrl({
        msg_signature: crypto.signature(timestamp, nonce, echostr),
        timestamp,
        nonce,
        echostr,
      })
      const response = await fetchWithin(url, { method: 'GET' })
      const body = await response.text()
      return {
        ok: response.status === 200 && body === expected,
        status: response.status,
        body,
        expected,
        ms: performance.now() - started,
      }
    },

    async userSays(input) {
      const message: AiBotUserMessage =
        typeof input === 'string' ? { msgtype: 'text', text: { content: input } } : input
      const startedAt = deps.now()
      const exchange = exchangeOf(messageBody(message, context(startedAt)))
      const reply = await post(exchange.body)
      record(exchange, exchange.msgid, reply, reply ? messageReply(reply, exchange.msgid, startedAt) : ok())
      await refresh(exchange, startedAt)
      return exchange
    },

    async event(input: AiBotUserEvent) {
      const exchange = exchangeOf(eventBody(input, context(deps.now())))
      const reply = await post(exchange.body)
      record(exchange, exchange.msgid, reply, reply ? eventReply(reply, input.eventtype) : ok())
      return exchange
    },
  }
}
