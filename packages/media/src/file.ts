import type { WeComValidationError } from '@wecom-kit/core'
import { readAtMost, validationError } from '@wecom-kit/core/resource-kit'
import { extensionOf, type MediaLimit, MIN_BYTES } from './limits.js'

/** What can be uploaded: bytes in memory, a Blob or File, or a web stream. */
export type UploadSource = Blob | Uint8Array | ArrayBuffer | ReadableStream<Uint8Array>

function invalid(message: string, path = 'file'): WeComValidationError {
  return validationError('upload', path, message)
}

/**
 * The source as a Blob, checked against the limit before anything is sent. A stream is read
 * up to the limit and no further: an oversized stream is refused without buffering it whole.
 */
export async function toBlob(source: UploadSource, limit: MediaLimit, what: string): Promise<Blob> {
  let blob: Blob
  if (source instanceof Blob) blob = source
  else if (source instanceof Uint8Array || source instanceof ArrayBuffer)
    blob = new Blob([source as BlobPart])
  else if (source instanceof ReadableStream) blob = await readLimited(source, limit.maxBytes, what)
  else throw invalid('must be a Blob, Uint8Array, ArrayBuffer or ReadableStream')
  checkSize(blob.size, limit, what)
  return blob
}

function checkSize(size: number, limit: MediaLimit, what: string): void {
  if (size < MIN_BYTES) throw invalid(`${what} must be larger than 5 bytes (got ${size})`)
  if (size > limit.maxBytes)
    throw invalid(`${what} must be at most ${formatBytes(limit.maxBytes)} (got ${formatBytes(size)})`)
}

async function readLimited(stream: ReadableStream<Uint8Array>, max: number, what: string): Promise<Blob> {
  const chunks = await readAtMost(stream, max)
  if (!chunks) throw invalid(`${what} must be at most ${formatBytes(max)} (the stream went past it)`)
  return new Blob(chunks as BlobPart[])
}

/** The filename to send: the one given, a File's own name, or the type's default. */
export function filenameFor(
  source: UploadSource,
  given: string | undefined,
  limit: MediaLimit,
  what: string,
): string {
  const own = typeof File !== 'undefined' && source instanceof File && source.name ? source.name : undefined
  const name = given ?? own ?? limit.defaultName
  if (name.length === 0 || name.length > 255) throw invalid('filename must be 1–255 characters', 'filename')
  if (limit.extensions && !limit.extensions.includes(extensionOf(name))) {
    throw invalid(
      `${what} must be ${limit.extensions.join(', ').toUpperCase()}; "${name}" is not`,
      'filename',
    )
  }
  return name
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024)
    return `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MB`
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${bytes} B`
}
