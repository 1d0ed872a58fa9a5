import { Buffer } from 'node:buffer'
import { createHash } from 'node:crypto'
import { isWeComNetworkError, WeComHttpError } from '@wecom-kit/core'
import { readAtMost } from '@wecom-kit/core/resource-kit'
import type { Ack } from './connection.js'
import { UPLOAD_CHUNK_BYTES, UPLOAD_MAX_CHUNKS } from './limits.js'
import type { AiBotMediaType } from './replies.js'
import { checkId, checkMediaType, fail } from './validate.js'

// Temporary media over the long connection, in three steps: init (type, filename, size, chunk
// count, MD5) → one frame per chunk of at most 512 KiB, base64 → finish, which answers the
// media_id (valid 3 days). Chunks go one at a time; a chunk that timed out or met "system busy"
// is sent again (the same chunk_index, so a repeat is harmless).

/** What `bot.uploadMedia` takes: bytes, a Blob (a File), or a stream of bytes. */
export type MediaInput = Blob | Uint8Array | ArrayBuffer | ReadableStream<Uint8Array>

export interface UploadOptions {
  /** The name WeCom shows; a File's own name by default. */
  filename?: string
}

export interface UploadedMedia {
  type: AiBotMediaType
  /** Valid for 3 days. */
  media_id: string
  created_at?: string | number
}

const MAX_BYTES = UPLOAD_CHUNK_BYTES * UPLOAD_MAX_CHUNKS
const CHUNK_ATTEMPTS = 3

type Request = (cmd: string, body: unknown) => Promise<Ack>

export async function uploadMedia(
  request: Request,
  type: AiBotMediaType,
  file: MediaInput,
  options: UploadOptions = {},
): Promise<UploadedMedia> {
  const filename = checkUpload(type, file, options)
  const bytes = await readMedia(file)
  const totalChunks = Math.ceil(bytes.length / UPLOAD_CHUNK_BYTES)
  const md5 = createHash('md5').update(bytes).digest('hex')

  const init = await request('aibot_upload_media_init', {
    type,
    filename,
    total_size: bytes.length,
    total_chunks: totalChunks,
    md5,
  })
  const uploadId = init.body?.upload_id
  if (typeof uploadId !== 'string' || uploadId === '') {
    throw new WeComHttpError(200, 'aibot_upload_media_init', 'the acknowledgement holds no upload_id')
  }

  for (let index = 0; index < totalChunks; index++) {
    const chunk = bytes.subarray(index * UPLOAD_CHUNK_BYTES, (index + 1) * UPLOAD_CHUNK_BYTES)
    const body = {
      upload_id: uploadId,
      chunk_index: index,
      base64_data: Buffer.from(chunk).toString('base64'),
    }
    for (let attempt = 1; ; attempt++) {
      try {
        await request('aibot_upload_media_chunk', body)
        break
      } catch (error) {
        if (attempt >= CHUNK_ATTEMPTS || !transient(error)) throw error
      }
    }
  }

  const done = await request('aibot_upload_media_finish', { upload_id: uploadId })
  const mediaId = done.body?.media_id
  if (typeof mediaId !== 'string' || mediaId === '') {
    throw new WeComHttpError(200, 'aibot_upload_media_finish', 'the acknowledgement holds no media_id')
  }
  const createdAt = done.body?.created_at
  return {
    type: (done.body?.type as AiBotMediaType | undefined) ?? type,
    media_id: mediaId,
    ...(typeof createdAt === 'string' || typeof createdAt === 'number' ? { created_at: createdAt } : {}),
  }
}

/** The checks that need no reading: the type, the filename, the kind of input. Returns the filename. */
export function checkUpload(type: unknown, file: unknown, options: UploadOptions | undefined): string {
  checkMediaType(type)
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    fail('upload', 'options', 'must be an object')
  }
  const filename = options?.filename ?? (file as { name?: unknown } | null)?.name
  checkId(filename, 'upload', 'filename')
  const readable =
    file instanceof Uint8Array ||
    file instanceof ArrayBuffer ||
    (typeof Blob !== 'undefined' && file instanceof Blob) ||
    typeof (file as ReadableStream<Uint8Array> | null)?.getReader === 'function'
  if (!readable) fail('upload', 'file', 'must be a Blob, a Uint8Array, an ArrayBuffer or a ReadableStream')
  return filename
}

/** The whole file, refused unread past 100 chunks (a Blob by its size, a stream as it passes). */
async function readMedia(file: MediaInput): Promise<Uint8Array> {
  const tooLarge = () =>
    fail(
      'upload',
      'file',
      `is over ${MAX_BYTES} bytes (WeCom takes at most ${UPLOAD_MAX_CHUNKS} chunks of 512 KiB)`,
    )
  let bytes: Uint8Array
  if (file instanceof Uint8Array) bytes = file
  else if (file instanceof ArrayBuffer) bytes = new Uint8Array(file)
  else if (typeof Blob !== 'undefined' && file instanceof Blob) {
    if (file.size > MAX_BYTES) tooLarge()
    bytes = new Uint8Array(await file.arrayBuffer())
  } else if (typeof (file as ReadableStream<Uint8Array> | null)?.getReader === 'function') {
    const chunks = await readAtMost(file as ReadableStream<Uint8Array>, MAX_BYTES)
    if (!chunks) tooLarge()
    bytes = Buffer.concat(chunks!)
  } else {
    fail('upload', 'file', 'must be a Blob, a Uint8Array, an ArrayBuffer or a ReadableStream')
  }
  if (bytes.length === 0) fail('upload', 'file', 'is empty')
  if (bytes.length > MAX_BYTES) tooLarge()
  return bytes
}

/** Worth sending the same chunk again: no acknowledgement in time, or WeCom busy (-1). */
function transient(error: unknown): boolean {
  if (isWeComNetworkError(error)) return error.timeout
  return (error as { errcode?: unknown } | null)?.errcode === -1
}
