import { type ValidationIssue, WeComValidationError } from '@wecom-kit/core'
import { isWellFormed, utf8Length, validationError } from '@wecom-kit/core/resource-kit'
import { MAX_CONTENT_BYTES, MAX_STREAM_ITEMS } from './limits.js'
import type { ReplyFeedback, SendMessage, StreamImage, TemplateCard, WelcomeMessage } from './replies.js'

// Checks of what the app hands us, before any frame or answer goes out. Messages name the field
// and what is wrong with it, never its value (a message may hold anything).

const MEDIA_TYPES = ['file', 'image', 'voice', 'video'] as const
const CARD_TYPES = [
  'text_notice',
  'news_notice',
  'button_interaction',
  'vote_interaction',
  'multiple_interaction',
]

export function fail(what: string, path: string, message: string): never {
  throw validationError(what, path, message)
}

/** A feedback id WeCom takes: a string of at most 256 bytes. */
const MAX_FEEDBACK_ID_BYTES = 256

export function checkStreamOptions(options: unknown): void {
  if (options === undefined) return
  if (typeof options !== 'object' || options === null) fail('stream options', '', 'must be an object')
  checkFeedback((options as { feedback?: unknown }).feedback, 'stream options')
}

export function checkFeedback(
  feedback: unknown,
  what: string,
): asserts feedback is ReplyFeedback | undefined {
  if (feedback === undefined) return
  const id = (feedback as { id?: unknown } | null)?.id
  if (typeof feedback !== 'object' || feedback === null || typeof id !== 'string' || id === '') {
    fail(what, 'feedback.id', 'must be a non-empty string')
  }
  if (!isWellFormed(id)) fail(what, 'feedback.id', 'must be well-formed Unicode (no lone surrogates)')
  if (utf8Length(id) > MAX_FEEDBACK_ID_BYTES) {
    fail(what, 'feedback.id', `must be at most ${MAX_FEEDBACK_ID_BYTES} bytes of UTF-8`)
  }
}

/** Markdown or stream text: a well-formed string of at most 20 480 UTF-8 bytes. */
export function contentIssue(content: unknown, path: string): ValidationIssue | undefined {
  if (typeof content !== 'string') return { path, message: 'must be a string' }
  if (!isWellFormed(content)) return { path, message: 'must be well-formed Unicode (no lone surrogates)' }
  const bytes = utf8Length(content)
  if (bytes > MAX_CONTENT_BYTES) {
    return { path, message: `is ${bytes} bytes of UTF-8; WeCom takes at most ${MAX_CONTENT_BYTES}` }
  }
  return undefined
}

export function checkContent(content: unknown, what: string, path = 'content'): asserts content is string {
  const issue = contentIssue(content, path)
  if (issue) throw new WeComValidationError([issue], what)
}

export function checkTemplateCard(
  card: unknown,
  what: string,
  path = 'template_card',
): asserts card is TemplateCard {
  if (typeof card !== 'object' || card === null || Array.isArray(card)) fail(what, path, 'must be an object')
  const { card_type } = card as { card_type?: unknown }
  if (typeof card_type !== 'string' || !CARD_TYPES.includes(card_type)) {
    fail(what, `${path}.card_type`, `must be one of ${CARD_TYPES.join(', ')}`)
  }
  if (!jsonSafe(card)) fail(what, path, 'must be plain JSON data with well-formed strings')
}

export function checkWelcome(message: unknown): asserts message is WelcomeMessage {
  const what = 'welcome message'
  const m = message as Partial<Record<string, unknown>> | null
  if (typeof m !== 'object' || m === null)
    fail(what, '', 'must be { msgtype: "text", text } or a template_card')
  if (m.msgtype === 'text') {
    const text = m.text as { content?: unknown } | undefined
    if (typeof text !== 'object' || text === null) fail(what, 'text', 'must be an object with content')
    checkContent(text.content, what, 'text.content')
    return
  }
  if (m.msgtype === 'template_card') return checkTemplateCard(m.template_card, what)
  fail(what, 'msgtype', 'must be "text" or "template_card"')
}

export function checkSendMessage(message: unknown): asserts message is SendMessage {
  const what = 'message'
  const m = message as Partial<Record<string, unknown>> | null
  if (typeof m !== 'object' || m === null) fail(what, '', 'must be an object with a msgtype')
  const { msgtype } = m
  if (msgtype === 'markdown') {
    const markdown = m.markdown as { content?: unknown } | undefined
    if (typeof markdown !== 'object' || markdown === null)
      fail(what, 'markdown', 'must be an object with content')
    return checkContent(markdown.content, what, 'markdown.content')
  }
  if (msgtype === 'template_card') return checkTemplateCard(m.template_card, what)
  if (typeof msgtype === 'string' && (MEDIA_TYPES as readonly string[]).includes(msgtype)) {
    const media = m[msgtype] as { media_id?: unknown } | undefined
    if (typeof media?.media_id !== 'string' || media.media_id === '') {
      fail(what, `${msgtype}.media_id`, 'must be the media_id bot.uploadMedia returned')
    }
    if (!jsonSafe(media)) fail(what, msgtype, 'must be plain JSON data with well-formed strings')
    return
  }
  fail(what, 'msgtype', 'must be markdown, template_card, file, image, voice or video')
}

export function checkStreamImages(items: unknown, what: string): asserts items is StreamImage[] {
  if (!Array.isArray(items)) fail(what, 'msg_item', 'must be an array')
  if (items.length > MAX_STREAM_ITEMS) fail(what, 'msg_item', `holds at most ${MAX_STREAM_ITEMS} images`)
  items.forEach((item: Partial<StreamImage> | null, i) => {
    const image = item?.image
    if (
      item?.msgtype !== 'image' ||
      typeof image?.base64 !== 'string' ||
      typeof image.md5 !== 'string' ||
      !/^[0-9a-f]{32}$/i.test(image.md5)
    ) {
      fail(what, `msg_item.${i}`, 'must be { msgtype: "image", image: { base64, md5 } }')
    }
  })
}

export function checkId(value: unknown, what: string, path: string): asserts value is string {
  if (typeof value !== 'string' || value.trim() === '') fail(what, path, 'must be a non-empty string')
  if (!isWellFormed(value)) fail(what, path, 'must be well-formed Unicode (no lone surrogates)')
}

export function checkMediaType(type: unknown): asserts type is (typeof MEDIA_TYPES)[number] {
  if (!(MEDIA_TYPES as readonly unknown[]).includes(type)) {
    fail('upload', 'type', `must be one of ${MEDIA_TYPES.join(', ')}`)
  }
}

export function positive(value: unknown, what: string, path: string): void {
  if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
    fail(what, path, 'must be a positive number')
  }
}

/** Plain JSON (no functions, cycles, NaN or lone surrogates): what a frame can carry unchanged. */
function jsonSafe(value: unknown, depth = 0): boolean {
  if (depth > 32) return false
  if (value === null || typeof value === 'boolean') return true
  if (typeof value === 'number') return Number.isFinite(value)
  if (typeof value === 'string') return isWellFormed(value)
  if (Array.isArray(value)) return value.every((v) => jsonSafe(v, depth + 1))
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.values(value as object).every((v) => v === undefined || jsonSafe(v, depth + 1))
  }
  return false
}
