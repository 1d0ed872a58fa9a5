import type {
  NewWebhook,
  WebhookMedia,
  WebhookMessageRecord,
  WebhookMessageType,
  WebhookRobot,
} from '../types.js'
import { type Answer, type Failure, fail, ok } from '../wecom/answer.js'
import { newMediaId } from './ids.js'
import { checkUpload, type UploadedFile } from './media.js'
import { checkCard } from './payloads.js'
import type { CorpState, StoredRobot } from './state.js'
import { byteLength, isObject, isStringList, type JsonObject } from './values.js'

/**
 * Group robots (群机器人, 消息推送; document/path/91770 and 99110, last updated 2025-08-07). A robot is
 * its key; what it receives and stores follows the page:
 * - eight msgtypes (40008 otherwise): text (content ≤ 2048 bytes, mentioned_list and
 *   mentioned_mobile_list arrays of strings), markdown and markdown_v2 (≤ 4096 bytes), image (base64
 *   and the md5 of the bytes, JPG/PNG ≤ 2 MB), news (1–8 articles with title and url), file and
 *   voice (a media_id this robot uploaded, of that type, within 3 days), template_card (text_notice
 *   and news_notice only);
 * - "每个机器人发送的消息不能超过20条/分钟": the 21st call within 60 s answers 45009 and the robot is
 *   then blocked for 60 s ("按分钟拦截则被屏蔽60秒", document/path/90454). Every call with the key
 *   counts, refused or not.
 * Errcodes: 93000 "invalid webhook url" for an unknown key, 44004 empty content, 45002 content too
 * long, 40058 a malformed field, 40009 an image over 2 MB, 40123 an image that is not JPG/PNG, 45008
 * not 1–8 articles, 41016/41010 an article without title/url, 41006/40007 a missing/unusable
 * media_id.
 */

export const WEBHOOK_MESSAGE_TYPES: readonly WebhookMessageType[] = [
  'text',
  'markdown',
  'markdown_v2',
  'image',
  'news',
  'file',
  'voice',
  'template_card',
]

const SENDS_PER_WINDOW = 20
const WINDOW_MS = 60_000
const TEXT_MAX_BYTES = 2048
const MARKDOWN_MAX_BYTES = 4096
const IMAGE_MAX_BYTES = 2 * 1024 * 1024
const MAX_ARTICLES = 8
/** "media_id仅三天内有效". */
const MEDIA_TTL_MS = 3 * 24 * 3600 * 1000
const KEY = /^[A-Za-z0-9_-]{1,128}$/

export function createRobot(state: CorpState, input: NewWebhook = {}): StoredRobot {
  const key = input.key ?? crypto.randomUUID()
  if (typeof key !== 'string' || !KEY.test(key))
    throw new Error('addWebhook: key must be 1–128 of A-Z a-z 0-9 _ -')
  if (state.robots.has(key)) throw new Error('addWebhook: a robot with this key exists')
  const robot: StoredRobot = {
    key,
    name: input.name ?? '模拟机器人',
    sent: [],
    blockedUntil: 0,
    messages: [],
    media: new Map(),
  }
  state.robots.set(key, robot)
  return robot
}

/** The robot a request's `key` names: 93000 when there is none. */
export function findRobot(state: CorpState, key: string | undefined): StoredRobot | Failure {
  const robot = key ? state.robots.get(key) : undefined
  return robot ?? fail(93000)
}

/** Pacing first (every call counts), then the message; a delivered message is stored. */
export function robotSend(robot: StoredRobot, body: JsonObject, now: number): Answer | Failure {
  while (robot.sent.length > 0 && (robot.sent[0] as number) <= now - WINDOW_MS) robot.sent.shift()
  if (now < robot.blockedUntil) return fail(45009, 'this robot is blocked for the rest of the minute')
  if (robot.sent.length >= SENDS_PER_WINDOW) {
    robot.blockedUntil = now + WINDOW_MS
    return fail(45009, 'more than 20 messages in a minute')
  }
  robot.sent.push(now)
  const msgtype = body.msgtype
  if (typeof msgtype !== 'string' || !WEBHOOK_MESSAGE_TYPES.includes(msgtype as WebhookMessageType)) {
    return fail(40008)
  }
  const refused = checkRobotPayload(robot, msgtype as WebhookMessageType, body, now)
  if (refused) return refused
  robot.messages.push({ msgtype: msgtype as WebhookMessageType, body: structuredClone(body), at: now })
  return ok()
}

function checkRobotPayload(
  robot: StoredRobot,
  msgtype: WebhookMessageType,
  body: JsonObject,
  now: number,
): undefined | Failure {
  const payload = body[msgtype]
  if (!isObject(payload))
    return msgtype === 'template_card' ? fail(40058, 'template_card') : fail(40058, msgtype)
  switch (msgtype) {
    case 'text': {
      const failure = checkContent(payload.content, TEXT_MAX_BYTES)
      if (failure) return failure
      for (const field of ['mentioned_list', 'mentioned_mobile_list'] as const) {
        if (payload[field] !== undefined && !isStringList(payload[field])) return fail(40058, field)
      }
      return undefined
    }
    case 'markdown':
    case 'markdown_v2':
      return checkContent(payload.content, MARKDOWN_MAX_BYTES)
    case 'image':
      return checkImage(payload)
    case 'news': {
      const articles = payload.articles
      if (!Array.isArray(articles) || articles.length < 1 || articles.length > MAX_ARTICLES)
        return fail(45008)
      for (const article of articles) {
        if (!isObject(article) || !hasText(article.title)) return fail(41016)
        if (!hasText(article.url)) return fail(41010)
      }
      return undefined
    }
    case 'file':
    case 'voice': {
      if (!hasText(payload.media_id)) return fail(41006)
      const media = robot.media.get(payload.media_id as string)
      return media && media.type === msgtype && media.expiresAt > now ? undefined : fail(40007)
    }
    case 'template_card':
      if (payload.card_type !== 'text_notice' && payload.card_type !== 'news_notice') {
        return fail(40058, 'a robot sends text_notice and news_notice cards only')
      }
      return checkCard(payload)
  }
}

function checkContent(content: unknown, max: number): undefined | Failure {
  if (typeof content !== 'string' || content === '') return fail(44004)
  return byteLength(content) > max ? fail(45002) : undefined
}

/** "图片内容的base64编码", "图片内容（base64编码前）的md5值", "最大不能超过2M，支持JPG,PNG格式". */
function checkImage(payload: JsonObject): undefined | Failure {
  const { base64, md5 } = payload
  if (!hasText(base64) || !hasText(md5)) return fail(40058, 'image.base64 and image.md5 are required')
  let bytes: Uint8Array
  try {
    const binary = atob(base64 as string)
    bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0))
  } catch {
    return fail(40058, 'image.base64')
  }
  if (bytes.length > IMAGE_MAX_BYTES) return fail(40009)
  const jpg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => bytes[i] === b)
  if (!jpg && !png) return fail(40123)
  if (md5Hex(bytes) !== (md5 as string).toLowerCase())
    return fail(40058, 'image.md5 does not match the image')
  return undefined
}

/**
 * POST webhook/upload_media?key&type=file|voice: "type 固定传file或voice"; the limits of media/upload
 * for those types (> 5 bytes; file ≤ 20 MB; voice ≤ 2 MB, AMR). The media_id is this robot's only.
 */
export function robotUpload(robot: StoredRobot, type: string | undefined, file: UploadedFile, now: number) {
  if (type !== 'file' && type !== 'voice') return fail(40004, 'type must be file or voice')
  const refused = checkUpload(type, file)
  if (refused) return refused
  const media_id = newMediaId()
  robot.media.set(media_id, {
    media_id,
    type,
    bytes: file.bytes,
    filename: file.filename,
    contentType: file.contentType || 'application/octet-stream',
    createdAt: Math.floor(now / 1000),
    expiresAt: now + MEDIA_TTL_MS,
  })
  return ok({ type, media_id, created_at: String(Math.floor(now / 1000)) })
}

export function robotView(robot: StoredRobot, baseUrl: string): WebhookRobot {
  return { key: robot.key, name: robot.name, url: `${baseUrl}webhook/send?key=${robot.key}` }
}

export function robotMessageView(message: WebhookMessageRecord): WebhookMessageRecord {
  return { msgtype: message.msgtype, body: structuredClone(message.body), at: message.at }
}

export function robotMediaView(robot: StoredRobot, mediaId: string, now: number): WebhookMedia | undefined {
  const media = robot.media.get(mediaId)
  if (!media || media.expiresAt <= now) return undefined
  return {
    media_id: media.media_id,
    type: media.type,
    filename: media.filename,
    contentType: media.contentType,
    bytes: media.bytes.slice(),
    created_at: media.createdAt,
  }
}

function hasText(value: unknown): boolean {
  return typeof value === 'string' && value !== ''
}

// MD5 (RFC 1321), written out here: Web Crypto has none, and the simulator imports nothing from
// `node:` in its request path (its msw face runs in browsers too).
const S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21]
const K = Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) >>> 0)

function md5Hex(bytes: Uint8Array): string {
  const length = bytes.length
  const padded = new Uint8Array((((length + 8) >>> 6) + 1) << 6)
  padded.set(bytes)
  padded[length] = 0x80
  const view = new DataView(padded.buffer)
  view.setUint32(padded.length - 8, (length * 8) >>> 0, true)
  view.setUint32(padded.length - 4, Math.floor(length / 0x20000000), true)
  const h = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476]
  for (let offset = 0; offset < padded.length; offset += 64) {
    let [a, b, c, d] = h as [number, number, number, number]
    for (let i = 0; i < 64; i++) {
      const round = i >> 4
      const f =
        round === 0
          ? (b & c) | (~b & d)
          : round === 1
            ? (d & b) | (~d & c)
            : round === 2
              ? b ^ c ^ d
              : c ^ (b | ~d)
      const g =
        round === 0 ? i : round === 1 ? (5 * i + 1) & 15 : round === 2 ? (3 * i + 5) & 15 : (7 * i) & 15
      const shift = S[round * 4 + (i & 3)] as number
      const sum = (a + f + (K[i] as number) + view.getUint32(offset + g * 4, true)) >>> 0
      a = d
      d = c
      c = b
      b = (b + ((sum << shift) | (sum >>> (32 - shift)))) >>> 0
    }
    h[0] = ((h[0] as number) + a) >>> 0
    h[1] = ((h[1] as number) + b) >>> 0
    h[2] = ((h[2] as number) + c) >>> 0
    h[3] = ((h[3] as number) + d) >>> 0
  }
  return h
    .map((word) =>
      Array.from({ length: 4 }, (_, i) => ((word >>> (i * 8)) & 0xff).toString(16).padStart(2, '0')).join(''),
    )
    .join('')
}
