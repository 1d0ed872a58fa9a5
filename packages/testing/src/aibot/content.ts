import { isObject } from '../corp/values.js'
import { AIBOT_ERRCODES, LIMITS, type Outcome, ok, refuse, utf8Length } from './protocol.js'
import type { JsonObject } from './types.js'

// Checks of message bodies a bot sends, shared by replies, proactive sends and response_url.

export const MEDIA_TYPES = ['file', 'image', 'voice', 'video'] as const

export function checkMarkdown(body: JsonObject): Outcome {
  const markdown = body.markdown
  if (!isObject(markdown) || typeof markdown.content !== 'string') {
    return refuse(AIBOT_ERRCODES.invalidParameter, 'markdown.content must be a string')
  }
  const bytes = utf8Length(markdown.content)
  if (bytes > LIMITS.contentBytes) {
    return refuse(
      AIBOT_ERRCODES.contentTooLong,
      `markdown.content is ${bytes} bytes, at most ${LIMITS.contentBytes}`,
    )
  }
  return ok()
}

export function checkTemplateCard(card: unknown): Outcome {
  if (!isObject(card) || typeof card.card_type !== 'string') {
    return refuse(AIBOT_ERRCODES.invalidParameter, 'template_card must be an object with a card_type')
  }
  return ok()
}

/** `{ msgtype: 'file', file: { media_id } }` and the like, with a media_id this bot uploaded. */
export function checkMediaMessage(body: JsonObject, hasMedia: (mediaId: string) => boolean): Outcome {
  const payload = body[body.msgtype as string]
  if (!isObject(payload) || typeof payload.media_id !== 'string') {
    return refuse(AIBOT_ERRCODES.invalidParameter, `${body.msgtype}.media_id must be a string`)
  }
  if (!hasMedia(payload.media_id)) {
    return refuse(AIBOT_ERRCODES.invalidMediaId, 'media_id was not uploaded by this bot, or has expired')
  }
  return ok()
}

export const isMediaType = (msgtype: unknown): boolean => MEDIA_TYPES.includes(msgtype as never)

/** aibot_respond_welcome_msg, or a passive reply to enter_chat. */
export function checkWelcome(body: JsonObject): Outcome {
  if (body.msgtype === 'text') {
    const text = body.text
    return isObject(text) && typeof text.content === 'string'
      ? ok()
      : refuse(AIBOT_ERRCODES.invalidParameter, 'text.content must be a string')
  }
  if (body.msgtype === 'template_card') return checkTemplateCard(body.template_card)
  return refuse(AIBOT_ERRCODES.invalidMessageType, 'a welcome is a text or a template_card')
}

/** aibot_respond_update_msg, or a passive reply to a card event. */
export function checkCardUpdate(body: JsonObject): Outcome {
  if (body.response_type !== 'update_template_card') {
    return refuse(AIBOT_ERRCODES.invalidParameter, "response_type must be 'update_template_card'")
  }
  const { userids } = body
  if (userids !== undefined && !(Array.isArray(userids) && userids.every((id) => typeof id === 'string'))) {
    return refuse(AIBOT_ERRCODES.invalidParameter, 'userids must be a list of userids')
  }
  return checkTemplateCard(body.template_card)
}
