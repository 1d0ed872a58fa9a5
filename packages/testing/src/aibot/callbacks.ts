import { newMsgId } from './ids.js'
import type {
  AiBotMediaInput,
  AiBotMessageContent,
  AiBotSender,
  AiBotUserEvent,
  AiBotUserMessage,
  JsonObject,
} from './types.js'

/**
 * The bodies WeCom pushes, built from what a test says a user did. Field names and order follow
 * the docs' samples (document/path/100719 messages, 101027 events, 101463 the long connection).
 */
export interface BodyContext {
  botId: string
  now: number
  /** Hosts a user's file; the long connection adds an aeskey, webhook mode does not. */
  media(input: AiBotMediaInput): { url: string; aeskey?: string }
  /** A fresh response_url for the callback with this msgid. */
  responseUrl(msgid: string): string
}

export const DEFAULT_USERID = 'sim-user'
export const DEFAULT_GROUP_CHATID = 'wrsimgroup'

/** The conversation fields every callback shares: chatid only in a group, as WeCom sends it. */
function conversation(sender: AiBotSender): JsonObject {
  const chattype = sender.chattype ?? (sender.chatid === undefined ? 'single' : 'group')
  const fields: JsonObject = {}
  if (chattype === 'group') fields.chatid = sender.chatid ?? DEFAULT_GROUP_CHATID
  fields.chattype = chattype
  return fields
}

export function messageBody(message: AiBotUserMessage, ctx: BodyContext): JsonObject {
  const msgid = message.msgid ?? newMsgId()
  const body: JsonObject = {
    msgid,
    aibotid: ctx.botId,
    ...conversation(message),
    from: { userid: message.userid ?? DEFAULT_USERID },
    response_url: ctx.responseUrl(msgid),
    ...content(message, ctx),
  }
  if (message.quote) body.quote = content(message.quote, ctx)
  return body
}

function content(message: AiBotMessageContent, ctx: BodyContext): JsonObject {
  switch (message.msgtype) {
    case 'text':
      return { msgtype: 'text', text: { content: message.text.content } }
    case 'voice':
      return { msgtype: 'voice', voice: { content: message.voice.content } }
    case 'image':
      return { msgtype: 'image', image: ctx.media(message.image) }
    case 'file':
      return { msgtype: 'file', file: ctx.media(message.file) }
    case 'video':
      return { msgtype: 'video', video: ctx.media(message.video) }
    case 'mixed':
      return {
        msgtype: 'mixed',
        mixed: {
          msg_item: message.mixed.msg_item.map((item) =>
            item.msgtype === 'text'
              ? { msgtype: 'text', text: { content: item.text.content } }
              : { msgtype: 'image', image: ctx.media(item.image) },
          ),
        },
      }
    default:
      throw new TypeError(`userSays: unknown msgtype ${JSON.stringify((message as JsonObject).msgtype)}`)
  }
}

const DEFAULT_EVENT_PAYLOADS: Readonly<Record<string, JsonObject>> = {
  template_card_event: { card_type: 'button_interaction', event_key: 'button_key', task_id: 'task_id' },
  feedback_event: { id: 'feedback_id', type: 1 },
}

export function eventBody(event: AiBotUserEvent, ctx: BodyContext): JsonObject {
  const { eventtype } = event
  if (eventtype !== 'enter_chat' && eventtype !== 'template_card_event' && eventtype !== 'feedback_event') {
    throw new TypeError(`event: unknown eventtype ${JSON.stringify(eventtype)}`)
  }
  const msgid = newMsgId()
  const from: JsonObject = { userid: event.userid ?? DEFAULT_USERID }
  if (event.corpid !== undefined) from.corpid = event.corpid
  const body: JsonObject = {
    msgid,
    create_time: Math.floor(ctx.now / 1000),
    aibotid: ctx.botId,
    // enter_chat happens in a single chat only
    ...conversation(eventtype === 'enter_chat' ? { chattype: 'single' } : event),
    from,
  }
  // Card events carry a response_url (document/path/101138); the others do not.
  if (eventtype === 'template_card_event') body.response_url = ctx.responseUrl(msgid)
  body.msgtype = 'event'
  const payload =
    event[eventtype as 'template_card_event' | 'feedback_event'] ?? DEFAULT_EVENT_PAYLOADS[eventtype]
  body.event = payload ? { eventtype, [eventtype]: payload } : { eventtype }
  return body
}

/** What WeCom posts to a webhook to fetch a stream's next content (document/path/100719). */
export function refreshBody(message: JsonObject, streamId: string): JsonObject {
  const body: JsonObject = { msgid: newMsgId(), aibotid: message.aibotid }
  if (message.chatid !== undefined) body.chatid = message.chatid
  body.chattype = message.chattype
  body.from = message.from
  body.msgtype = 'stream'
  body.stream = { id: streamId }
  return body
}

/** Sent to the connection a newer one replaced (document/path/101463, 连接断开事件). */
export function disconnectedBody(botId: string, now: number): JsonObject {
  return {
    msgid: newMsgId(),
    create_time: Math.floor(now / 1000),
    aibotid: botId,
    msgtype: 'event',
    event: { eventtype: 'disconnected_event' },
  }
}
