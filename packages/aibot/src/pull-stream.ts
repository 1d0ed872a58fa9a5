import { streamExpired } from './errors.js'
import { MAX_CONTENT_BYTES } from './limits.js'
import type { StreamBody } from './replies.js'
import { ended, type ReplyStream, type StreamEndOptions, type StreamOptions, streamText } from './stream.js'
import { checkStreamImages } from './validate.js'

// A stream in webhook mode: WeCom pulls. After the first answer carries the stream's id, WeCom
// posts refreshes for it until an answer says `finish` (for at most 6 minutes after the user's
// message); each refresh is answered with a snapshot of the content so far. WeCom's polling is
// the throttle. Shortly before the 6 minutes are over the stream finishes by itself.

export interface PullStreamOptions extends StreamOptions {
  id: string
  path: string
  receivedAt: number
  window: number
  margin: number
  /** The stream is over (its finish went out, or WeCom's window closed): forget it. */
  onDone(id: string): void
}

export interface PullStream extends ReplyStream {
  /** The answer to WeCom's first POST or to a refresh: the content so far, finished once `end` was called. */
  snapshot(): StreamBody
}

export function createPullStream(options: PullStreamOptions): PullStream {
  const { id, path } = options
  const text = streamText()
  let state: 'open' | 'ending' | 'done' = 'open'
  let expired = false
  let updates = 0
  let finishImages: StreamEndOptions['images']
  const waiting: Array<{ resolve(): void; reject(error: unknown): void }> = []

  const done = (error?: unknown): void => {
    if (state === 'done') return
    state = 'done'
    clearTimeout(soft)
    clearTimeout(hard)
    for (const waiter of waiting.splice(0)) {
      if (error === undefined) waiter.resolve()
      else waiter.reject(error)
    }
    options.onDone(id)
  }

  const at = (offset: number) => Math.max(0, options.receivedAt + offset - Date.now())
  // Finish with what there is while WeCom still asks; past its window, nobody will ask again.
  const soft = setTimeout(
    () => {
      if (state !== 'open') return
      expired = true
      state = 'ending'
    },
    at(options.window - options.margin),
  )
  const hard = setTimeout(() => done(streamExpired(path)), at(options.window))
  soft.unref?.()
  hard.unref?.()

  const refuse = () => (expired ? streamExpired(path) : ended())

  return {
    id,
    get content() {
      return text.content
    },
    get bytes() {
      return text.bytes
    },
    get bytesLeft() {
      return MAX_CONTENT_BYTES - text.bytes
    },
    get finished() {
      return state === 'done'
    },
    get updates() {
      return updates
    },
    write(chunk) {
      if (state !== 'open') throw refuse()
      text.append(chunk)
    },
    end(chunk, end) {
      if (state !== 'open') return Promise.reject(refuse())
      try {
        if (end?.images !== undefined) checkStreamImages(end.images, 'stream end')
        if (chunk !== undefined) text.append(chunk)
      } catch (error) {
        return Promise.reject(error)
      }
      finishImages = end?.images
      state = 'ending'
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }))
    },
    snapshot() {
      const finish = state !== 'open'
      const body: StreamBody = {
        msgtype: 'stream',
        stream: {
          id,
          finish,
          content: text.content,
          ...(finish && finishImages?.length ? { msg_item: finishImages } : {}),
          ...(updates === 0 && options.feedback ? { feedback: options.feedback } : {}),
        },
      }
      updates++
      if (finish) done()
      return body
    },
  }
}
