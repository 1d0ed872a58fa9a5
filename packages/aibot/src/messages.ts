// What WeCom delivers to a bot: messages and events, with WeCom's own field names. The same JSON
// arrives over both transports (the body of aibot_msg_callback / aibot_event_callback frames, or
// the decrypted webhook POST). Sources: webhook pages 100719 (messages) and 101027 (events), the
// long-connection page 101463, Tencent's SDK types.

/** Who sent the message or caused the event. */
export interface AiBotFrom {
  userid: string
  /** The sender's corp; only for bots that serve other corps. */
  corpid?: string
}

export interface TextContent {
  content: string
}
/** Media arrive as short-lived encrypted URLs: pass `url` and `aeskey` to `downloadMedia`. */
export interface MediaContent {
  /** Valid about 5 minutes, encrypted (AES-256-CBC). */
  url: string
  /**
   * The key of this one URL (long connection). Webhook deliveries have none: the media are
   * encrypted with the bot's EncodingAESKey then.
   */
  aeskey?: string
}
/** Voice arrives as WeCom's transcript. */
export interface VoiceContent {
  content: string
}
export type MixedItem = { msgtype: 'text'; text: TextContent } | { msgtype: 'image'; image: MediaContent }
export interface MixedContent {
  msg_item: MixedItem[]
}

/** The message the user quoted, when they quoted one. */
export interface AiBotQuote {
  msgtype: 'text' | 'image' | 'mixed' | 'voice' | 'file' | 'video'
  text?: TextContent
  image?: MediaContent
  mixed?: MixedContent
  voice?: VoiceContent
  file?: MediaContent
  video?: MediaContent
}

interface MessageBase {
  /** Unique per callback: deliveries are deduplicated by it. */
  msgid: string
  aibotid: string
  /** The group chat; absent in single chats. */
  chatid?: string
  chattype: 'single' | 'group'
  from: AiBotFrom
  /** Seconds since the epoch, when WeCom sends it. */
  create_time?: number
  /** One later reply, within an hour (webhook mode; see `reply`). */
  response_url?: string
  quote?: AiBotQuote
}

export interface AiBotTextMessage extends MessageBase {
  msgtype: 'text'
  text: TextContent
}
export interface AiBotImageMessage extends MessageBase {
  msgtype: 'image'
  image: MediaContent
}
export interface AiBotMixedMessage extends MessageBase {
  msgtype: 'mixed'
  mixed: MixedContent
}
export interface AiBotVoiceMessage extends MessageBase {
  msgtype: 'voice'
  voice: VoiceContent
}
export interface AiBotFileMessage extends MessageBase {
  msgtype: 'file'
  file: MediaContent
}
export interface AiBotVideoMessage extends MessageBase {
  msgtype: 'video'
  video: MediaContent
}

export type KnownAiBotMessage =
  | AiBotTextMessage
  | AiBotImageMessage
  | AiBotMixedMessage
  | AiBotVoiceMessage
  | AiBotFileMessage
  | AiBotVideoMessage

/** A message type this package does not know yet, with its fields as WeCom sent them. */
export interface UnknownAiBotMessage extends MessageBase {
  msgtype: string
  [field: string]: unknown
}

/**
 * What `onMessage` gets. Call `isKnownAiBotMessage` first so that `msgtype` narrows to a fully
 * typed message; a newer message type still comes through, untyped.
 */
export type AiBotMessage = KnownAiBotMessage | UnknownAiBotMessage

const MESSAGE_TYPES = new Set(['text', 'image', 'mixed', 'voice', 'file', 'video'])

export function isKnownAiBotMessage(message: AiBotMessage): message is KnownAiBotMessage {
  return MESSAGE_TYPES.has(message.msgtype)
}

// ---- events ----------------------------------------------------------------------------------

interface EventBase {
  msgid: string
  aibotid: string
  chatid?: string
  chattype?: 'single' | 'group'
  from: AiBotFrom
  create_time?: number
  response_url?: string
  msgtype: 'event'
}

/** The user opened the bot's single chat for the first time today: `reply.welcome` within 5 s. */
export interface EnterChatEvent extends EventBase {
  eventtype: 'enter_chat'
  event: { eventtype: 'enter_chat' }
}

/** A card's choice: selected options per question (vote and multiple-choice cards). */
export interface SelectedItem {
  question_key: string
  option_ids: { option_id: string[] }
}

/** The user pressed a button of a template card: `reply.updateTemplateCard` within 5 s. */
export interface TemplateCardEvent extends EventBase {
  eventtype: 'template_card_event'
  event: {
    eventtype: 'template_card_event'
    template_card_event: {
      card_type: string
      /** The key of the button or menu action. */
      event_key: string
      /** The card's task_id, as sent. */
      task_id: string
      selected_items?: { selected_item: SelectedItem[] }
    }
  }
}

/** The user rated a reply that carried `feedback.id`. */
export interface FeedbackEvent extends EventBase {
  eventtype: 'feedback_event'
  event: {
    eventtype: 'feedback_event'
    feedback_event: {
      /** The `feedback.id` the reply carried. */
      id: string
      /** 1 accurate, 2 inaccurate, 3 rating withdrawn. */
      type: number
      content?: string
      inaccurate_reason_list?: number[]
    }
  }
}

/**
 * Long connection only: a newer connection for this bot took over, and this one is closed.
 * The bot stops (or, with a lease, stands by) rather than fight back.
 */
export interface DisconnectedEvent extends EventBase {
  eventtype: 'disconnected_event'
  event: { eventtype: 'disconnected_event' }
}

export type KnownAiBotEvent = EnterChatEvent | TemplateCardEvent | FeedbackEvent | DisconnectedEvent

export interface UnknownAiBotEvent extends EventBase {
  eventtype: string
  event: { eventtype: string; [field: string]: unknown }
}

/**
 * What `onEvent` gets: the callback body with `event.eventtype` lifted to `eventtype`. Call
 * `isKnownAiBotEvent` first so that `eventtype` narrows to a fully typed event.
 */
export type AiBotEvent = KnownAiBotEvent | UnknownAiBotEvent

const EVENT_TYPES = new Set(['enter_chat', 'template_card_event', 'feedback_event', 'disconnected_event'])

export function isKnownAiBotEvent(event: AiBotEvent): event is KnownAiBotEvent {
  return EVENT_TYPES.has(event.eventtype)
}

/** A callback body as parsed JSON, before it is known to be a message or an event. */
export type CallbackBody = Record<string, unknown>

/** The event with `eventtype` lifted to the top level (WeCom nests it under `event`). */
export function toEvent(body: CallbackBody): AiBotEvent {
  const event = (typeof body.event === 'object' && body.event !== null ? body.event : {}) as {
    eventtype?: unknown
  }
  const eventtype = typeof event.eventtype === 'string' ? event.eventtype : ''
  return { ...body, eventtype } as unknown as AiBotEvent
}

/** Enough of a callback to handle it: a msgid and a msgtype. */
export function isCallbackBody(value: unknown): value is CallbackBody & { msgid: string; msgtype: string } {
  if (typeof value !== 'object' || value === null) return false
  const { msgid, msgtype } = value as Record<string, unknown>
  return typeof msgid === 'string' && typeof msgtype === 'string'
}
