import { Buffer } from 'node:buffer'
import { createDecipheriv } from 'node:crypto'
import { isWeComError, WeComCallbackError, WeComHttpError, WeComNetworkError } from '@wecom-kit/core'
import { abortedError, linkSignal } from '@wecom-kit/core/resource-kit'
import { fail, positive } from './validate.js'

// Media in messages (images, files, videos, mixed items) arrive as short-lived URLs to encrypted
// bytes: AES-256-CBC, the key the message's `aeskey` (base64 of 32 bytes; in webhook mode the
// bot's EncodingAESKey), the IV its first 16 bytes, PKCS#7 padding to a multiple of 32 bytes.
// Decrypted as they arrive: the last 32 bytes are held back until the end, where the padding is
// checked and cut.

export interface DownloadMediaOptions {
  /** A custom fetch (proxy agents, tracing). */
  fetch?: typeof fetch
  /** Cancels the download, also while the body streams: the body then errors with `aborted: true`. */
  signal?: AbortSignal
  /** How long to wait for the response to start, and then for each piece of the body, ms. Default 30 000. */
  timeout?: number
}

export interface DownloadedMedia {
  /**
   * The decrypted bytes, as they arrive (read as you go: nothing is buffered ahead). Errors with
   * a `WeComCallbackError` if they do not decrypt, a `WeComNetworkError` if the download breaks
   * off, stalls past `timeout` or is aborted.
   */
  body: ReadableStream<Uint8Array>
  contentType?: string
  /** From Content-Disposition, when WeCom names the file. */
  filename?: string
}

const PATH = 'aibot media'
const BLOCK = 32

/**
 * Downloads a media URL from a message and decrypts it as a stream. `aeskey` is the message's
 * own (`image.aeskey`, `file.aeskey` …); in webhook mode pass the bot's EncodingAESKey.
 */
export async function downloadMedia(
  url: string,
  aeskey: string,
  options: DownloadMediaOptions = {},
): Promise<DownloadedMedia> {
  if (typeof url !== 'string' || !/^https?:\/\//i.test(url))
    fail('media download', 'url', 'must be an http(s) URL')
  const key = decodeKey(aeskey)
  if (typeof options !== 'object' || options === null) fail('media download', 'options', 'must be an object')
  positive(options.timeout, 'media download', 'timeout')
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    fail('media download', 'fetch', 'must be a function')
  }
  const timeout = options.timeout ?? 30_000

  // One controller for the whole download: the caller's signal and the timeout abort it, before
  // the response starts and while its body streams.
  const controller = new AbortController()
  const linked = options.signal ? linkSignal(options.signal) : undefined
  const abort = () => controller.abort()
  if (linked?.signal.aborted) abort()
  else linked?.signal.addEventListener('abort', abort, { once: true })
  let timedOut = false
  let timer: ReturnType<typeof setTimeout> | undefined
  const arm = () => {
    timer = setTimeout(() => {
      timedOut = true
      controller.abort()
    }, timeout)
  }
  const disarm = () => clearTimeout(timer)
  const done = () => {
    disarm()
    linked?.signal.removeEventListener('abort', abort)
    linked?.unlink()
  }
  const networkError = (cause: unknown, what: string): WeComNetworkError => {
    if (linked?.signal.aborted) return abortedError(PATH, 'maybe', cause)
    return new WeComNetworkError(timedOut ? `${what} stalled for ${timeout} ms` : `${what} failed`, {
      path: PATH,
      sent: 'maybe',
      cause,
      timeout: timedOut,
    })
  }

  let response: Response
  arm()
  try {
    response = await (options.fetch ?? fetch)(url, { signal: controller.signal })
  } catch (cause) {
    done()
    throw networkError(cause, 'the media download')
  }
  disarm()
  if (!response.ok || !response.body) {
    done()
    await response.body?.cancel().catch(() => {})
    throw new WeComHttpError(response.status, PATH, response.ok ? 'the response has no body' : undefined)
  }
  const contentType = response.headers.get('content-type') ?? undefined
  const filename = filenameOf(response.headers.get('content-disposition'))
  const source = response.body.pipeThrough(decryptStream(key)).getReader()
  // Pulled: a piece is fetched and decrypted when the reader asks for one, so memory stays at a
  // chunk or two whatever the file's size.
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(out) {
        arm()
        try {
          const { done: finished, value } = await source.read()
          disarm()
          if (finished) {
            done()
            out.close()
          } else out.enqueue(value)
        } catch (error) {
          done()
          out.error(isWeComError(error) ? error : networkError(error, 'the media download'))
        }
      },
      async cancel(reason) {
        done()
        await source.cancel(reason).catch(() => {})
      },
    },
    { highWaterMark: 0 },
  )
  return {
    body,
    ...(contentType ? { contentType } : {}),
    ...(filename ? { filename } : {}),
  }
}

/** A TransformStream that decrypts WeCom's media encryption. */
export function decryptStream(key: Uint8Array): TransformStream<Uint8Array, Uint8Array> {
  if (!(key instanceof Uint8Array) || key.byteLength !== 32) {
    fail('media decryption', 'key', 'must be the 32 bytes of the aeskey (base64-decoded)')
  }
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16))
  decipher.setAutoPadding(false)
  let held = Buffer.alloc(0)
  let total = 0
  return new TransformStream({
    transform(chunk, controller) {
      total += chunk.byteLength
      const plain = Buffer.concat([held, decipher.update(chunk)])
      const keep = Math.min(BLOCK, plain.length)
      if (plain.length > keep) controller.enqueue(plain.subarray(0, plain.length - keep))
      held = Buffer.from(plain.subarray(plain.length - keep))
    },
    flush(controller) {
      if (total === 0 || total % 16 !== 0) {
        throw new WeComCallbackError('ciphertext', `${total} bytes is not a whole number of AES blocks`)
      }
      const rest = Buffer.concat([held, decipher.final()])
      const pad = rest[rest.length - 1] ?? 0
      let ok = pad >= 1 && pad <= BLOCK && pad <= rest.length
      for (let i = rest.length - pad; ok && i < rest.length; i++) ok = rest[i] === pad
      if (!ok)
        throw new WeComCallbackError(
          'padding',
          'the media did not decrypt to valid padding (check the aeskey)',
        )
      if (rest.length > pad) controller.enqueue(rest.subarray(0, rest.length - pad))
    },
  })
}

/** The message's aeskey (base64 of 32 bytes), or a 43-character EncodingAESKey. */
function decodeKey(aeskey: unknown): Buffer {
  if (typeof aeskey !== 'string' || !/^[A-Za-z0-9+/]{43}=?$/.test(aeskey)) {
    fail(
      'media download',
      'aeskey',
      'must be the base64 aeskey of the message (or the 43-character EncodingAESKey)',
    )
  }
  const key = Buffer.from(aeskey.length === 43 ? `${aeskey}=` : aeskey, 'base64')
  if (key.length !== 32) fail('media download', 'aeskey', 'must decode to 32 bytes')
  return key
}

function filenameOf(disposition: string | null): string | undefined {
  if (!disposition) return undefined
  const encoded = /filename\*=UTF-8''([^;\s]+)/i.exec(disposition)?.[1]
  try {
    if (encoded) return decodeURIComponent(encoded)
    const plain = /filename="?([^";]+)"?/i.exec(disposition)?.[1]
    return plain ? decodeURIComponent(plain) : undefined
  } catch {
    return undefined
  }
}
