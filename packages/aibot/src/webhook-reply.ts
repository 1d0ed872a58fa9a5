import { WeComHttpError, WeComNetworkError } from '@wecom-kit/core'
import { parseWeComJson } from '@wecom-kit/core/resource-kit'
import { newReqId } from './connection.js'
import { replyWindowClosed, WeComAiBotError } from './errors.js'
import {
  EVENT_REPLY_WINDOW_MS,
  MAX_CONTENT_BYTES,
  RESPONSE_URL_WINDOW_MS,
  STREAM_WINDOW_MS,
} from './limits.js'
import { createPullStream, type PullStream } from './pull-stream.js'
import type { StreamBody } from './replies.js'
import { type AiBotReply, type CallbackKind, checkReplyKind, checkUserids } from './reply.js'
import { ended, type ReplyStream, streamText } from './stream.js'
import { checkContent, checkStreamOptions, checkTemplateCard, checkWelcome } from './validate.js'

// `reply` in webhook mode. The first reply decides the answer to WeCom's POST (a stream, a card,
// a welcome …). A reply made after that answer went out (the handler took longer than
// `replyTimeout`) travels through the callback's response_url instead: once, within an hour,
// markdown or a card; a late stream collects its text and goes out as markdown on `end`.

/** The answer to one POST: decided by the first reply, composed when the handler answers. */
export interface Answer {
  /** Resolves when the first reply decides (or never). */
  readonly decided: Promise<void>
  /** Takes the answer unless one was decided or sent already; resolves once it went out. */
  decide(compose: () => object): Promise<void> | undefined
  /** Composes the answer (undefined: an empty 200); later decisions are refused. */
  close(): object | undefined
}

export function createAnswer(): Answer {
  let compose: (() => object) | undefined
  let closed = false
  let signal!: () => void
  const decided = new Promise<void>((resolve) => {
    signal = resolve
  })
  const sent: Array<() => void> = []
  return {
    decided,
    decide(next) {
      if (closed || compose) return undefined
      compose = next
      signal()
      return new Promise((resolve) => sent.push(resolve))
    },
    close() {
      closed = true
      const body = compose?.()
      for (const resolve of sent.splice(0)) resolve()
      return body
    },
  }
}

export interface WebhookReplyOptions {
  answer: Answer
  kind: CallbackKind
  receivedAt: number
  responseUrl: string | undefined
  fetch: typeof fetch
  /** Where refreshes find the streams. */
  streams: Map<string, PullStream>
  streamMargin: number
}

const RESPOND = 'aibot response'
const RESPONSE_URL = 'aibot/response'

export function webhookReply(options: WebhookReplyOptions): AiBotReply {
  const { answer, kind, receivedAt } = options
  let responseUrlUsed = false

  /** The response_url, for one late reply within the hour; else the late-reply error. */
  const late = (what: string): ((body: object) => Promise<void>) => {
    const url = options.responseUrl
    if (!url || responseUrlUsed || Date.now() - receivedAt > RESPONSE_URL_WINDOW_MS) {
      throw new WeComAiBotError(
        846605,
        `${what}: WeCom's POST was answered already and the callback has no response_url left (one reply, within an hour); nothing was sent`,
        RESPONSE_URL,
        { sent: false },
      )
    }
    responseUrlUsed = true
    return (body) => postResponseUrl(url, body, options.fetch)
  }

  const finished = (content: string): StreamBody => ({
    msgtype: 'stream',
    stream: { id: newReqId('stream'), finish: true, content },
  })

  return {
    stream(streamOptions) {
      checkReplyKind(kind, 'stream', 'message')
      checkStreamOptions(streamOptions)
      const stream = createPullStream({
        ...streamOptions,
        id: newReqId('stream'),
        path: RESPOND,
        receivedAt,
        window: STREAM_WINDOW_MS,
        margin: options.streamMargin,
        onDone: (id) => options.streams.delete(id),
      })
      // Registered first: a refresh may come as soon as the answer leaves.
      options.streams.set(stream.id, stream)
      if (answer.decide(() => stream.snapshot())) return stream
      options.streams.delete(stream.id)
      return lateStream(late('a stream'))
    },
    async text(content) {
      checkReplyKind(kind, 'text', 'message')
      checkContent(content, 'text reply')
      await (answer.decide(() => finished(content)) ??
        late('a text reply')({ msgtype: 'markdown', markdown: { content } }))
    },
    async markdown(content) {
      checkReplyKind(kind, 'markdown', 'message')
      checkContent(content, 'markdown reply')
      await (answer.decide(() => finished(content)) ??
        late('a markdown reply')({ msgtype: 'markdown', markdown: { content } }))
    },
    async templateCard(card) {
      checkReplyKind(kind, 'templateCard', 'message')
      checkTemplateCard(card, 'template card reply')
      const body = { msgtype: 'template_card', template_card: card }
      await (answer.decide(() => body) ?? late('a template card')(body))
    },
    async welcome(message) {
      checkReplyKind(kind, 'welcome', 'enter_chat')
      checkWelcome(message)
      const sent = Date.now() - receivedAt <= EVENT_REPLY_WINDOW_MS ? answer.decide(() => message) : undefined
      if (!sent) throw replyWindowClosed(RESPOND, 'a welcome')
      await sent
    },
    async updateTemplateCard(card, updateOptions) {
      checkReplyKind(kind, 'updateTemplateCard', 'template_card_event')
      checkTemplateCard(card, 'card update')
      const userids = checkUserids(updateOptions)
      const body = {
        response_type: 'update_template_card',
        ...(userids ? { userids } : {}),
        template_card: card,
      }
      const sent = Date.now() - receivedAt <= EVENT_REPLY_WINDOW_MS ? answer.decide(() => body) : undefined
      if (!sent) throw replyWindowClosed(RESPOND, 'a card update')
      await sent
    },
  }
}

/** A stream begun after the POST was answered: collected, then sent through the response_url as markdown. */
function lateStream(post: (body: object) => Promise<void>): ReplyStream {
  const text = streamText()
  let state: 'open' | 'done' = 'open'
  let updates = 0
  return {
    id: newReqId('stream'),
    get content() {
      return text.content
    },
    get bytes() {
      return text.bytes
    },
    get bytesLeft() {
      return MAX_CONTENT_BYTES - text.bytes
    },
    get finished() {
      return state === 'done'
    },
    get updates() {
      return updates
    },
    write(chunk) {
      if (state !== 'open') throw ended()
      text.append(chunk)
    },
    async end(chunk) {
      if (state !== 'open') throw ended()
      if (chunk !== undefined) text.append(chunk)
      state = 'done'
      updates++
      await post({ msgtype: 'markdown', markdown: { content: text.content } })
    },
  }
}

/** How long a POST to a response_url may take, answer included. */
const RESPONSE_URL_TIMEOUT_MS = 10_000

/** One POST to a callback's response_url. Its URL is a credential for an hour: never in an error. */
export async function postResponseUrl(url: string, body: object, fetcher: typeof fetch): Promise<void> {
  const signal = AbortSignal.timeout(RESPONSE_URL_TIMEOUT_MS)
  let response: Response
  let text: string
  try {
    response = await fetcher(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal,
    })
    text = await response.text()
  } catch (cause) {
    throw new WeComNetworkError(
      signal.aborted
        ? `the response_url did not answer within ${RESPONSE_URL_TIMEOUT_MS} ms`
        : 'the response_url could not be reached',
      { path: RESPONSE_URL, sent: 'maybe', cause, timeout: signal.aborted },
    )
  }
  if (!response.ok) throw new WeComHttpError(response.status, RESPONSE_URL)
  let answer: unknown
  try {
    answer = parseWeComJson(text)
  } catch {
    throw new WeComHttpError(response.status, RESPONSE_URL, 'the answer is not JSON')
  }
  const { errcode, errmsg } = (answer ?? {}) as { errcode?: unknown; errmsg?: unknown }
  if (typeof errcode === 'number' && errcode !== 0) {
    throw new WeComAiBotError(errcode, String(errmsg ?? ''), RESPONSE_URL)
  }
}
