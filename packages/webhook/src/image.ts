import { isWeComError } from '@wecom-kit/core'
import { readAtMost, validationError } from '@wecom-kit/core/resource-kit'
import { imageFormat, md5Hex, toBase64 } from './bytes.js'
import { IMAGE_MAX_BYTES, type WebhookImageMessage } from './schemas.js'

/**
 * An image message from the picture itself: `{ msgtype: 'image', image: { base64, md5 } }`, the
 * md5 taken of the bytes before base64 as WeCom asks. JPG or PNG of at most 2 MB; a stream is
 * read up to the limit and no further.
 *
 * ```ts
 * await bot.send(await webhookImage(await readFile('chart.png')))
 * ```
 */
export async function webhookImage(
  source: Blob | Uint8Array | ArrayBuffer | ReadableStream<Uint8Array>,
): Promise<WebhookImageMessage> {
  const bytes = await readBytes(source).catch((error: unknown) => {
    // Something posing as bytes (a proxy, an object with a broken constructor): say what is wanted.
    if (isWeComError(error)) throw error
    throw validationError(
      'image',
      'image',
      'must be a Blob, a Uint8Array, an ArrayBuffer or a ReadableStream',
    )
  })
  if (bytes.length === 0) throw validationError('image', 'image', 'the image is empty')
  if (bytes.length > IMAGE_MAX_BYTES)
    throw validationError('image', 'image', 'the image must be at most 2 MB')
  if (!imageFormat(bytes)) throw validationError('image', 'image', 'the image must be a JPG or PNG')
  return { msgtype: 'image', image: { base64: toBase64(bytes), md5: md5Hex(bytes) } }
}

async function readBytes(source: unknown): Promise<Uint8Array> {
  if (source instanceof Uint8Array) {
    if (source.length > IMAGE_MAX_BYTES)
      throw validationError('image', 'image', 'the image must be at most 2 MB')
    // A copy of our own: the caller may change theirs while this waits, and a view with a
    // tampered `constructor` would break the species lookups of subarray() and slice() later.
    const copy = new Uint8Array(source.length)
    copy.set(source)
    return copy
  }
  if (source instanceof ArrayBuffer) return new Uint8Array(source)
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    if (source.size > IMAGE_MAX_BYTES)
      throw validationError('image', 'image', 'the image must be at most 2 MB')
    return new Uint8Array(await source.arrayBuffer())
  }
  if (typeof ReadableStream !== 'undefined' && source instanceof ReadableStream) {
    const chunks = await readAtMost(source as ReadableStream<Uint8Array>, IMAGE_MAX_BYTES)
    if (!chunks)
      throw validationError('image', 'image', 'the image must be at most 2 MB (the stream went past it)')
    const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0))
    let offset = 0
    for (const chunk of chunks) {
      out.set(chunk, offset)
      offset += chunk.length
    }
    return out
  }
  throw validationError(
    'image',
    'image',
    'the image must be a Blob, Uint8Array, ArrayBuffer or ReadableStream',
  )
}
