import { isObject } from '../corp/values.js'
import { checkMarkdown, checkMediaMessage, checkTemplateCard, isMediaType } from './content.js'
import { AIBOT_ERRCODES, type Outcome, refuse } from './protocol.js'

/**
 * aibot_send_msg, a push without a callback (document/path/101463, 主动推送消息): `chatid` (a
 * userid for a single chat, the chatid of a group), an optional `chat_type`, and a markdown,
 * template card or uploaded media message. Tencent's SDK leaves chat_type out; the docs' sample
 * has `chat_type: 1`, so both are taken.
 */
export function checkSend(body: unknown, hasMedia: (mediaId: string) => boolean): Outcome {
  if (!isObject(body)) return refuse(AIBOT_ERRCODES.invalidParameter, 'body must be an object')
  if (typeof body.chatid !== 'string' || body.chatid === '') {
    return refuse(AIBOT_ERRCODES.invalidParameter, 'chatid must be a non-empty string')
  }
  if (body.chat_type !== undefined && typeof body.chat_type !== 'number') {
    return refuse(AIBOT_ERRCODES.invalidParameter, 'chat_type must be a number')
  }
  if (body.msgtype === 'markdown') return checkMarkdown(body)
  if (body.msgtype === 'template_card') return checkTemplateCard(body.template_card)
  if (isMediaType(body.msgtype)) return checkMediaMessage(body, hasMedia)
  return refuse(AIBOT_ERRCODES.invalidMessageType, `aibot_send_msg takes no msgtype ${String(body.msgtype)}`)
}
