import { readAtMost, validationError } from '@wecom-kit/core/resource-kit'

// webhook/upload_media (文件上传接口, document/path/91770): "使用multipart/form-data POST上传文件，
// 文件标识名为media"; type file or voice; "所有类型的文件大小均要求大于5个字节"; file ≤ 20 MB,
// voice ≤ 2 MB, ≤ 60 s, AMR only; the media_id lives 3 days and only this robot can send it.

export type WebhookMediaType = 'file' | 'voice'

/** What can be uploaded: bytes in memory, a Blob or File, or a web stream. */
export type UploadSource = Blob | Uint8Array | ArrayBuffer | ReadableStream<Uint8Array>

const MB = 1024 * 1024

export interface WebhookMediaLimit {
  /** Largest accepted size, bytes. */
  maxBytes: number
  /** The only extension WeCom takes, when it restricts it. */
  extension?: string | undefined
  defaultName: string
}

export const WEBHOOK_MEDIA_LIMITS: Readonly<Record<WebhookMediaType, WebhookMediaLimit>> = {
  file: { maxBytes: 20 * MB, defaultName: 'file' },
  voice: { maxBytes: 2 * MB, extension: 'amr', defaultName: 'voice.amr' },
}

/** Every upload must be larger than 5 bytes. */
export const MIN_UPLOAD_BYTES = 6

const invalid = (path: string, message: string) => validationError('upload', path, message)

/** The source as a Blob within the limit; a stream is read up to the limit and no further. */
export async function toBlob(
  source: UploadSource,
  limit: WebhookMediaLimit,
  type: WebhookMediaType,
): Promise<Blob> {
  let blob: Blob
  if (source instanceof Blob) blob = source
  else if (source instanceof Uint8Array || source instanceof ArrayBuffer)
    blob = new Blob([source as BlobPart])
  else if (typeof ReadableStream !== 'undefined' && source instanceof ReadableStream) {
    const chunks = await readAtMost(source, limit.maxBytes)
    if (!chunks)
      throw invalid('file', `a ${type} must be at most ${limit.maxBytes / MB} MB (the stream went past it)`)
    blob = new Blob(chunks as BlobPart[])
  } else throw invalid('file', 'file must be a Blob, Uint8Array, ArrayBuffer or ReadableStream')
  if (blob.size < MIN_UPLOAD_BYTES)
    throw invalid('file', `a ${type} must be larger than 5 bytes (got ${blob.size})`)
  if (blob.size > limit.maxBytes) {
    throw invalid(
      'file',
      `a ${type} must be at most ${limit.maxBytes / MB} MB (got ${(blob.size / MB).toFixed(1)} MB)`,
    )
  }
  return blob
}

/** The name shown in the group: the one given, a File's own, or the type's default. */
export function filenameFor(
  source: UploadSource,
  given: string | undefined,
  limit: WebhookMediaLimit,
  type: WebhookMediaType,
): string {
  if (given !== undefined && typeof given !== 'string') throw invalid('filename', 'filename must be a string')
  const own = typeof File !== 'undefined' && source instanceof File && source.name ? source.name : undefined
  const name = given ?? own ?? limit.defaultName
  if (name.length === 0 || name.length > 255) throw invalid('filename', 'filename must be 1–255 characters')
  if (/\p{Cs}/u.test(name)) throw invalid('filename', 'filename must be well-formed text')
  if (limit.extension && !name.toLowerCase().endsWith(`.${limit.extension}`)) {
    throw invalid(
      'filename',
      `a ${type} must be ${limit.extension.toUpperCase()} (a .${limit.extension} file)`,
    )
  }
  return name
}

/**
 * The multipart body with one part named `media`, written by hand so that the filename goes out
 * as raw UTF-8 (WeCom ignores RFC 2231 `filename*`) and the body is a Blob a retry can resend.
 */
export function multipartBody(file: Blob, filename: string): { body: Blob; contentType: string } {
  const boundary = `----wecom-kit-${randomHex(16)}`
  const quoted = filename.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
  const head =
    `--${boundary}\r\n` +
    `Content-Disposition: form-data; name="media"; filename="${quoted}"; filelength=${file.size}\r\n` +
    `Content-Type: ${file.type || 'application/octet-stream'}\r\n\r\n`
  return {
    body: new Blob([head, file, `\r\n--${boundary}--\r\n`]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  }
}

function randomHex(bytes: number): string {
  const buffer = globalThis.crypto.getRandomValues(new Uint8Array(bytes))
  return Array.from(buffer, (b) => b.toString(16).padStart(2, '0')).join('')
}
