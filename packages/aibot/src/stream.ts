import type { WeComValidationError } from '@wecom-kit/core'
import { isWellFormed, utf8Length, validationError } from '@wecom-kit/core/resource-kit'
import { MAX_CONTENT_BYTES } from './limits.js'
import type { ReplyFeedback, StreamImage } from './replies.js'

/**
 * A streamed reply: `write` appends, `end` finishes. WeCom shows the whole content so far
 * (each update replaces the last), so the content is limited as a whole: 20 480 UTF-8 bytes.
 */
export interface ReplyStream {
  /** WeCom's stream id. */
  readonly id: string
  /**
   * Appends text. Updates go to WeCom coalesced (at most one every `streamInterval`, each
   * waiting for the previous one's acknowledgement), so write as often as the model produces.
   * Throws a `WeComValidationError` when the content would pass 20 480 bytes (the text is not
   * appended: end the stream and send the rest as another message), and the error of a failed
   * update, such as a `WeComAiBotError` with errcode 846608 once WeCom's 6 minutes are over.
   */
  write(text: string): void
  /**
   * Appends `text` (if given) and finishes the stream. Resolves once WeCom has the final
   * content; rejects with the error that ended the stream otherwise.
   */
  end(text?: string, options?: StreamEndOptions): Promise<void>
  /** The content so far. */
  readonly content: string
  /** Its size in UTF-8 bytes, and what is left of WeCom's 20 480. */
  readonly bytes: number
  readonly bytesLeft: number
  /** True once the final update is out (or the stream failed). */
  readonly finished: boolean
  /** How many updates went to WeCom so far, the final one included. */
  readonly updates: number
}

export interface StreamEndOptions {
  /** Images shown under the finished stream (at most 10). */
  images?: StreamImage[]
}

export interface StreamOptions {
  /** Ask the user to rate this reply; the rating comes back as a feedback_event with this id. */
  feedback?: ReplyFeedback
}

/** The growing text of a stream, held to WeCom's byte limit. */
export interface StreamText {
  readonly content: string
  readonly bytes: number
  /** Appends, or throws a WeComValidationError and leaves the content as it was. */
  append(text: string): void
}

export function streamText(): StreamText {
  let content = ''
  let bytes = 0
  return {
    get content() {
      return content
    },
    get bytes() {
      return bytes
    },
    append(text) {
      if (typeof text !== 'string') throw invalid('must be a string')
      if (!isWellFormed(text)) throw invalid('must be well-formed Unicode (no lone surrogates)')
      const size = bytes + utf8Length(text)
      if (size > MAX_CONTENT_BYTES) {
        throw validationError(
          'stream text',
          'content',
          `would be ${size} bytes of UTF-8; a stream holds at most ${MAX_CONTENT_BYTES} (WeCom's limit). Nothing was appended: end this stream and send the rest as another message`,
        )
      }
      content += text
      bytes = size
    },
  }
}

function invalid(message: string): WeComValidationError {
  return validationError('stream text', 'text', message)
}

export function ended(): WeComValidationError {
  return validationError('stream', 'stream', 'the stream has ended; start another with reply.stream()')
}
