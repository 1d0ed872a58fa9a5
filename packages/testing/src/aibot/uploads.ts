import { Buffer } from 'node:buffer'
import { createHash } from 'node:crypto'
import { isObject } from '../corp/values.js'
import { newMediaId, newUploadId } from './ids.js'
import { AIBOT_ERRCODES, LIMITS, type Outcome, ok, refuse } from './protocol.js'
import type { AiBotUploadedMedia } from './types.js'

/**
 * Chunked temporary-media upload over the long connection (document/path/101463, 上传临时素材):
 * init → chunks (each at most 512 KB before base64, at most 100, any order, a repeated chunk
 * ignored) → finish, which checks every chunk is there and the MD5 if one was given, and answers
 * a media_id, usable for 3 days. A session lasts 30 minutes and belongs to the bot that opened it.
 */
export interface Uploads {
  init(botId: string, body: unknown, now: number): Outcome
  chunk(botId: string, body: unknown, now: number): Outcome
  finish(botId: string, body: unknown, now: number): Outcome
  media(mediaId: string): AiBotUploadedMedia | undefined
  /** The media exists, is this bot's, and is within its 3 days. */
  usable(botId: string, mediaId: string, now: number): boolean
  all(): AiBotUploadedMedia[]
}

interface Session {
  botId: string
  type: string
  filename: string
  totalSize: number
  totalChunks: number
  md5: string | undefined
  chunks: Map<number, Buffer>
  expiresAt: number
}

const TYPES = ['file', 'image', 'voice', 'video']
/** Temporary media lasts 3 days. */
const MEDIA_LIFETIME_MS = 3 * 24 * 3600_000
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

export function createUploads(ttlMs: number): Uploads {
  const sessions = new Map<string, Session>()
  const stored = new Map<string, AiBotUploadedMedia>()

  const open = (botId: string, body: unknown, now: number): Session | undefined => {
    const id = isObject(body) ? body.upload_id : undefined
    const found = typeof id === 'string' ? sessions.get(id) : undefined
    return found && found.botId === botId && now < found.expiresAt ? found : undefined
  }
  const unknown = () =>
    refuse(AIBOT_ERRCODES.invalidParameter, 'upload_id is unknown, of another bot, or expired')

  return {
    init(botId, body, now) {
      if (!isObject(body)) return refuse(AIBOT_ERRCODES.invalidParameter, 'body must be an object')
      const { type, filename, total_size, total_chunks, md5 } = body
      if (!TYPES.includes(type as string)) {
        return refuse(AIBOT_ERRCODES.invalidParameter, `type must be one of ${TYPES.join(', ')}`)
      }
      if (typeof filename !== 'string' || filename === '') {
        return refuse(AIBOT_ERRCODES.invalidParameter, 'filename must be a non-empty string')
      }
      if (!Number.isInteger(total_size) || (total_size as number) <= 0) {
        return refuse(AIBOT_ERRCODES.invalidParameter, 'total_size must be a positive integer')
      }
      if (!Number.isInteger(total_chunks) || (total_chunks as number) <= 0) {
        return refuse(AIBOT_ERRCODES.invalidParameter, 'total_chunks must be a positive integer')
      }
      if ((total_chunks as number) > LIMITS.chunks) {
        return refuse(
          AIBOT_ERRCODES.mediaTooLarge,
          `total_chunks is ${total_chunks}, at most ${LIMITS.chunks}`,
        )
      }
      if ((total_size as number) > LIMITS.chunks * LIMITS.chunkBytes) {
        return refuse(AIBOT_ERRCODES.mediaTooLarge, `total_size is over ${LIMITS.chunks} chunks of 512 KB`)
      }
      if (md5 !== undefined && typeof md5 !== 'string') {
        return refuse(AIBOT_ERRCODES.invalidParameter, 'md5 must be a string')
      }
      const uploadId = newUploadId()
      sessions.set(uploadId, {
        botId,
        type: type as string,
        filename,
        totalSize: total_size as number,
        totalChunks: total_chunks as number,
        md5: md5?.toLowerCase(),
        chunks: new Map(),
        expiresAt: now + ttlMs,
      })
      return ok({ upload_id: uploadId })
    },

    chunk(botId, body, now) {
      const upload = open(botId, body, now)
      if (!upload) return unknown()
      const { chunk_index: index, base64_data: data } = body as Record<string, unknown>
      if (!Number.isInteger(index) || (index as number) < 0 || (index as number) >= upload.totalChunks) {
        return refuse(AIBOT_ERRCODES.invalidParameter, `chunk_index must be in [0, ${upload.totalChunks})`)
      }
      if (typeof data !== 'string' || data === '' || !BASE64.test(data)) {
        return refuse(AIBOT_ERRCODES.invalidParameter, 'base64_data must be base64')
      }
      const bytes = Buffer.from(data, 'base64')
      if (bytes.length > LIMITS.chunkBytes) {
        return refuse(
          AIBOT_ERRCODES.mediaTooLarge,
          `a chunk is ${bytes.length} bytes, at most ${LIMITS.chunkBytes}`,
        )
      }
      // A chunk sent again is ignored, not an error (the docs call chunks idempotent).
      if (!upload.chunks.has(index as number)) upload.chunks.set(index as number, bytes)
      return ok()
    },

    finish(botId, body, now) {
      const upload = open(botId, body, now)
      if (!upload) return unknown()
      const missing = upload.totalChunks - upload.chunks.size
      if (missing > 0) return refuse(AIBOT_ERRCODES.invalidParameter, `${missing} chunk(s) missing`)
      const data = Buffer.concat([...upload.chunks.entries()].sort(([a], [b]) => a - b).map(([, c]) => c))
      if (data.length !== upload.totalSize) {
        return refuse(
          AIBOT_ERRCODES.invalidParameter,
          `${data.length} bytes arrived, total_size said ${upload.totalSize}`,
        )
      }
      const md5 = createHash('md5').update(data).digest('hex')
      if (upload.md5 !== undefined && upload.md5 !== md5) {
        return refuse(AIBOT_ERRCODES.invalidParameter, 'the md5 of the chunks does not match init')
      }
      sessions.delete((body as Record<string, string>).upload_id!)
      const media: AiBotUploadedMedia = {
        media_id: newMediaId(),
        botId,
        type: upload.type,
        filename: upload.filename,
        data: new Uint8Array(data),
        md5,
        created_at: String(Math.floor(now / 1000)),
      }
      stored.set(media.media_id, media)
      return ok({ type: media.type, media_id: media.media_id, created_at: media.created_at })
    },

    media: (mediaId) => stored.get(mediaId),
    usable(botId, mediaId, now) {
      const media = stored.get(mediaId)
      return (
        media !== undefined &&
        media.botId === botId &&
        now - Number(media.created_at) * 1000 < MEDIA_LIFETIME_MS
      )
    },
    all: () => [...stored.values()],
  }
}
