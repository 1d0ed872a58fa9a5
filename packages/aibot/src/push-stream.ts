import { streamExpired } from './errors.js'
import { MAX_CONTENT_BYTES } from './limits.js'
import type { StreamBody } from './replies.js'
import { ended, type ReplyStream, type StreamEndOptions, type StreamOptions, streamText } from './stream.js'
import { checkStreamImages } from './validate.js'

// A stream over the long connection: we push updates. Writes are coalesced: one update at a
// time (each waits for WeCom's acknowledgement), at most one per `interval`, each carrying the
// whole content so far. Shortly before WeCom's window closes the stream finishes by itself with
// what it has, so the user never sees a reply that spins forever. (The window: 6 minutes from
// the stream's first frame, says the long-connection page 101463.)

export interface PushStreamOptions extends StreamOptions {
  id: string
  /** The frame's command, for errors (`aibot_respond_msg`). */
  path: string
  /** When the stream's window began (its first frame), ms. */
  startedAt: number
  /** Least time between two updates, ms. */
  interval: number
  /** WeCom's window for updates, from `startedAt`, ms. */
  window: number
  /** Finish this long before the window closes, ms. */
  margin: number
  /** Sends one frame; resolves on WeCom's acknowledgement. */
  send(body: StreamBody): Promise<void>
}

export interface PushStream extends ReplyStream {
  /** The connection is gone: fail the stream with `error`, send nothing more. */
  cancel(error: unknown): void
}

type State = 'open' | 'ending' | 'done'

export function createPushStream(options: PushStreamOptions): PushStream {
  const { id, path, interval, send } = options
  const text = streamText()
  let state: State = 'open'
  /** A failed update, thrown by the next write or end: the req_id cannot take more. */
  let failure: unknown
  let expired = false
  let inFlight: Promise<void> | undefined
  let lastSentAt = Number.NEGATIVE_INFINITY
  let sentContent: string | undefined
  let updates = 0
  let throttle: ReturnType<typeof setTimeout> | undefined

  const frame = (finish: boolean, end?: StreamEndOptions): StreamBody => ({
    msgtype: 'stream',
    stream: {
      id,
      finish,
      content: text.content,
      ...(end?.images?.length ? { msg_item: end.images } : {}),
      // WeCom takes feedback with the first frame of a stream.
      ...(updates === 0 && options.feedback ? { feedback: options.feedback } : {}),
    },
  })

  const push = (finish: boolean, end?: StreamEndOptions): Promise<void> => {
    const body = frame(finish, end)
    sentContent = text.content
    lastSentAt = Date.now()
    updates++
    const sending = send(body)
    const settled = sending.then(
      () => undefined,
      (error: unknown) => {
        failure ??= error
      },
    )
    inFlight = settled
    void settled.then(() => {
      if (inFlight === settled) inFlight = undefined
      if (!finish) flush()
    })
    return sending
  }

  /** Sends the latest content when the last update is acknowledged and the interval is over. */
  const flush = (): void => {
    throttle = undefined
    if (state !== 'open' || failure !== undefined || inFlight) return
    if (updates > 0 && sentContent === text.content) return
    const wait = lastSentAt + interval - Date.now()
    if (wait > 0) {
      throttle = setTimeout(flush, wait)
      return
    }
    void push(false).catch(() => {})
  }

  const finish = async (end?: StreamEndOptions): Promise<void> => {
    state = 'ending'
    clearTimeout(throttle)
    clearTimeout(deadline)
    await inFlight
    if (failure !== undefined) {
      state = 'done'
      throw failure
    }
    try {
      await push(true, end)
    } finally {
      state = 'done'
    }
  }

  const refuse = (): unknown => (failure !== undefined ? failure : expired ? streamExpired(path) : ended())

  // Finish by ourselves before WeCom stops taking updates; later writes get the late error.
  const deadline = setTimeout(
    () => {
      if (state !== 'open') return
      expired = true
      finish().catch(() => {})
    },
    Math.max(0, options.startedAt + options.window - options.margin - Date.now()),
  )
  deadline.unref?.()

  // The first update (a "thinking" bubble, or the first words) goes out at once, after the
  // writes of this tick.
  let firstScheduled = true
  queueMicrotask(() => {
    firstScheduled = false
    flush()
  })

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
      return state === 'done' || failure !== undefined
    },
    get updates() {
      return updates
    },
    write(chunk) {
      if (state !== 'open' || failure !== undefined) throw refuse()
      text.append(chunk)
      if (!throttle && !firstScheduled) flush()
    },
    async end(chunk, end) {
      if (state !== 'open' || failure !== undefined) throw refuse()
      // Checked before anything is appended: a refused end leaves the stream as it was.
      if (end?.images !== undefined) checkStreamImages(end.images, 'stream end')
      if (chunk !== undefined) text.append(chunk)
      return finish(end)
    },
    cancel(error) {
      if (state === 'done') return
      failure ??= error
      state = 'done'
      clearTimeout(throttle)
      clearTimeout(deadline)
    },
  }
}
