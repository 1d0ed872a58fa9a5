import { WeComValidationError } from './errors.js'

/**
 * Reads `stream` to its end, but never more than `maxBytes`: past that it cancels the stream
 * and resolves to `undefined`, so that an oversized body (an upload, a callback request) is
 * refused without being buffered whole. Otherwise resolves to the chunks read.
 */
export async function readAtMost(
  stream: ReadableStream<Uint8Array>,
  maxBytes: number,
): Promise<Uint8Array[] | undefined> {
  if (typeof (stream as { getReader?: unknown } | null)?.getReader !== 'function') {
    throw new WeComValidationError([{ path: 'stream', message: 'must be a ReadableStream' }], 'readAtMost')
  }
  if (!(Number.isInteger(maxBytes) && maxBytes >= 0)) {
    throw new WeComValidationError([{ path: 'maxBytes', message: 'must be an integer >= 0' }], 'readAtMost')
  }
  const reader = stream.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) return chunks
    size += value.byteLength
    if (size > maxBytes) {
      await reader.cancel().catch(() => {})
      return undefined
    }
    chunks.push(value)
  }
}
