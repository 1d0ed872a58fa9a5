import { isObject } from '../corp/values.js'
import {
  checkCardUpdate,
  checkMarkdown,
  checkMediaMessage,
  checkTemplateCard,
  checkWelcome,
  isMediaType,
} from './content.js'
import { AIBOT_ERRCODES, CMD, type Outcome, ok, refuse } from './protocol.js'
import type { StreamStore } from './streams.js'
import type { AiBotCallbackRecord, AiBotEventType, JsonObject } from './types.js'

/** A callback the gateway pushed, with what has been replied to it so far. */
export interface PendingCallback {
  record: AiBotCallbackRecord
  kind: 'message' | AiBotEventType
  /** The one welcome or card update of an event has been taken. */
  spent: boolean
  /** A message takes one template card (document/path/101031). */
  cardSent: boolean
}

/** Answers one reply frame; `hasMedia` says whether a media_id is this bot's to send. */
export type ReplyRules = (
  cmd: string,
  botId: string,
  reqId: string,
  body: unknown,
  now: number,
  hasMedia: (mediaId: string) => boolean,
) => Outcome

interface Deps {
  callbacks: ReadonlyMap<string, PendingCallback>
  streams: StreamStore
  replyWindowMs: number
  eventReplyWindowMs: number
}

/**
 * What WeCom takes on a callback's req_id (document/path/101463): aibot_respond_msg on a message
 * for 24 h; aibot_respond_welcome_msg once on enter_chat and aibot_respond_update_msg once on
 * template_card_event, each within 5 s. Anything else on a req_id is 846605, as Tencent's plugin
 * saw for a stream sent on an enter_chat req_id.
 */
export function createReplyRules(deps: Deps): ReplyRules {
  return (cmd, botId, reqId, body, now, hasMedia) => {
    const callback = deps.callbacks.get(reqId)
    if (!callback || callback.record.botId !== botId) {
      return refuse(AIBOT_ERRCODES.invalidReqId, 'no callback of this bot has this req_id')
    }
    if (!isObject(body)) return refuse(AIBOT_ERRCODES.invalidParameter, 'body must be an object')
    const age = now - callback.record.at

    if (cmd === CMD.respond) {
      if (callback.kind !== 'message') return wrongKind(cmd, callback)
      if (age > deps.replyWindowMs) return late(cmd, deps.replyWindowMs)
      return respond(deps.streams, callback, body, now, hasMedia)
    }
    const wanted = cmd === CMD.respondWelcome ? 'enter_chat' : 'template_card_event'
    if (callback.kind !== wanted) return wrongKind(cmd, callback)
    if (callback.spent) return refuse(AIBOT_ERRCODES.invalidReqId, `${cmd} was already taken for this event`)
    if (age > deps.eventReplyWindowMs) return late(cmd, deps.eventReplyWindowMs)
    const outcome = cmd === CMD.respondWelcome ? checkWelcome(body) : checkCardUpdate(body)
    if (outcome.errcode === 0) callback.spent = true
    return outcome
  }
}

function respond(
  streams: StreamStore,
  callback: PendingCallback,
  body: JsonObject,
  now: number,
  hasMedia: (mediaId: string) => boolean,
): Outcome {
  const { reqId } = callback.record
  switch (body.msgtype) {
    case 'stream':
      return streams.apply(reqId, body.stream, now)
    case 'template_card':
    case 'stream_with_template_card': {
      const withCard = body.msgtype === 'template_card' || body.template_card !== undefined
      if (withCard) {
        const card = checkTemplateCard(body.template_card)
        if (card.errcode !== 0) return card
        if (callback.cardSent) {
          return refuse(AIBOT_ERRCODES.invalidParameter, 'a message takes one template_card reply')
        }
      }
      const outcome = body.msgtype === 'template_card' ? ok() : streams.apply(reqId, body.stream, now)
      if (outcome.errcode === 0 && withCard) callback.cardSent = true
      return outcome
    }
    case 'markdown':
      return checkMarkdown(body)
    default:
      if (isMediaType(body.msgtype)) return checkMediaMessage(body, hasMedia)
      return refuse(
        AIBOT_ERRCODES.invalidMessageType,
        `aibot_respond_msg takes no msgtype ${String(body.msgtype)}`,
      )
  }
}

const wrongKind = (cmd: string, callback: PendingCallback): Outcome =>
  refuse(AIBOT_ERRCODES.invalidReqId, `the req_id of a ${callback.kind} callback takes no ${cmd}`)

const late = (cmd: string, windowMs: number): Outcome =>
  refuse(AIBOT_ERRCODES.invalidReqId, `${cmd} is taken only ${windowMs} ms after the callback`)
