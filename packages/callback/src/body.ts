import { Buffer } from 'node:buffer'
import type { IncomingMessage } from 'node:http'
import { WeComCallbackError } from '@wecom-kit/core'
import { readAtMost } from '@wecom-kit/core/resource-kit'

// Reading a callback body, bounded twice: in size (bodyLimit: a larger one is refused unread)
// and in time (bodyTimeout: a body trickled a byte at a time would otherwise hold the request
// open until the server's own timeout, 300 s on Node's defaults, while WeCom gave up after 5 s).

/**
 * Reads a body with `read`, rejecting with a WeComCallbackError (reason `body_timeout`, answered
 * 408 with the connection closed) once `ms` have passed.
 */
export async function readInTime(
  read: (signal: AbortSignal) => Promise<string>,
  ms: number,
): Promise<string> {
  const controller = new AbortController()
  const timer = setTimeout(
    () =>
      controller.abort(
        new WeComCallbackError(
          'body_timeout',
          `the request body did not arrive within ${ms} ms (bodyTimeout)`,
        ),
      ),
    ms,
  )
  try {
    return await read(controller.signal)
  } finally {
    // Cleared as soon as the body is in: no timer outlives its request.
    clearTimeout(timer)
  }
}

export function tooLarge(limit: number): WeComCallbackError {
  return new WeComCallbackError('body_too_large', `the body is over ${limit} bytes`)
}

export function contentLength(header: string | null | undefined): number | undefined {
  if (header === null || header === undefined || !/^\d+$/.test(header)) return undefined
  return Number(header)
}

function decodeBody(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch (cause) {
    throw new WeComCallbackError('encoding', 'the body is not valid UTF-8', { cause })
  }
}

export async function readWebBody(request: Request, limit: number, signal: AbortSignal): Promise<string> {
  if (!request.body) return ''
  const chunks = await untilAborted(readAtMost(request.body, limit), signal)
  if (!chunks) throw tooLarge(limit)
  return decodeBody(Buffer.concat(chunks))
}

/**
 * `promise`, or the signal's reason once it aborts. The read itself cannot be cancelled here
 * (readAtMost holds the stream's reader): it ends when the client finishes or goes away.
 */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    if (signal.aborted) return onAbort()
    signal.addEventListener('abort', onAbort, { once: true })
    promise.finally(() => signal.removeEventListener('abort', onAbort)).then(resolve, reject)
  })
}

export function readNodeBody(req: IncomingMessage, limit: number, signal: AbortSignal): Promise<string> {
  // Express and other frameworks may have read the body already (express.text, express.raw).
  const parsed = (req as IncomingMessage & { body?: unknown }).body
  if (typeof parsed === 'string' || parsed instanceof Uint8Array) {
    const bytes = typeof parsed === 'string' ? Buffer.from(parsed, 'utf8') : parsed
    if (bytes.length > limit) return Promise.reject(tooLarge(limit))
    return Promise.resolve(typeof parsed === 'string' ? parsed : decodeBody(bytes))
  }
  if (req.readableEnded) {
    return Promise.reject(
      new Error(
        'The request body was already read by a body parser that kept no text: mount the WeCom ' +
          'handler before body parsers, or use express.text({ type: "*/*" }) for its route.',
      ),
    )
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const cleanup = () => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onError)
      req.off('close', onClose)
      signal.removeEventListener('abort', onAbort)
    }
    // Stop reading: the answer (413, 408) goes out with `connection: close`.
    const stop = (error: unknown) => {
      cleanup()
      req.pause()
      reject(error)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) stop(tooLarge(limit))
      else chunks.push(chunk)
    }
    const onEnd = () => {
      cleanup()
      try {
        resolve(decodeBody(Buffer.concat(chunks)))
      } catch (error) {
        reject(error)
      }
    }
    const onError = (error: Error) => {
      cleanup()
      reject(error)
    }
    const onClose = () => {
      cleanup()
      reject(new Error('the client closed the connection before sending the whole body'))
    }
    const onAbort = () => stop(signal.reason)
    if (signal.aborted) return onAbort()
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onError)
    req.on('close', onClose)
    signal.addEventListener('abort', onAbort, { once: true })
  })
}
