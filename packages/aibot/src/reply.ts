import type { AiBotEvent } from './messages.js'
import type { TemplateCard, WelcomeMessage } from './replies.js'
import type { ReplyStream, StreamOptions } from './stream.js'
import { fail } from './validate.js'

/**
 * How to answer one message or event; the same over the long connection and the webhook.
 *
 * | callback | replies |
 * | --- | --- |
 * | a message | `stream`, `text`, `markdown`, `templateCard` |
 * | `enter_chat` | `welcome` (within 5 s) |
 * | `template_card_event` | `updateTemplateCard` (within 5 s) |
 * | other events | none |
 *
 * A reply the callback does not take throws a `WeComValidationError` before anything is sent.
 */
export interface AiBotReply {
  /** A streamed reply: `write` as the answer grows, then `end`. */
  stream(options?: StreamOptions): ReplyStream
  /** A finished stream holding `content` (WeCom has no plain text reply to a message). */
  text(content: string): Promise<void>
  /**
   * Markdown: a markdown message over the long connection; in webhook mode, where the answer to
   * a message cannot be markdown, a finished stream (stream content is rendered as markdown).
   */
  markdown(content: string): Promise<void>
  templateCard(card: TemplateCard): Promise<void>
  /** The welcome for an enter_chat event: a text or a card, within 5 seconds. */
  welcome(message: WelcomeMessage): Promise<void>
  /** Replaces the card a template_card_event came from (for `userids`, or everyone), within 5 seconds. */
  updateTemplateCard(card: TemplateCard, options?: UpdateTemplateCardOptions): Promise<void>
}

export interface UpdateTemplateCardOptions {
  /** Whose card to replace; everyone who got it by default. */
  userids?: string[]
}

/** What a callback is, for the rules above. */
export type CallbackKind = 'message' | 'enter_chat' | 'template_card_event' | 'other'

export function kindOf(callback: { msgtype: string; eventtype?: string }): CallbackKind {
  if (callback.msgtype !== 'event') return 'message'
  const { eventtype } = callback as AiBotEvent
  return eventtype === 'enter_chat' || eventtype === 'template_card_event' ? eventtype : 'other'
}

const TAKES: Record<CallbackKind, string> = {
  message: 'stream, text, markdown or templateCard',
  enter_chat: 'welcome',
  template_card_event: 'updateTemplateCard',
  other: 'no reply',
}

/** Throws unless a callback of `kind` takes the reply `method`. */
export function checkReplyKind(kind: CallbackKind, method: keyof AiBotReply, allowed: CallbackKind): void {
  if (kind === allowed) return
  const what = kind === 'message' ? 'a message' : kind === 'other' ? 'this event' : `the ${kind} event`
  fail(
    'reply',
    method,
    `${what} takes ${TAKES[kind]}; ${method} answers ${allowed === 'message' ? 'messages' : `${allowed} events`} only`,
  )
}

export function checkUserids(options: UpdateTemplateCardOptions | undefined): string[] | undefined {
  const userids = options?.userids
  if (userids === undefined) return undefined
  if (!Array.isArray(userids) || userids.some((id) => typeof id !== 'string' || id === '')) {
    fail('card update', 'userids', 'must be an array of userids')
  }
  return userids.length > 0 ? userids : undefined
}
