import { isObject } from '../corp/values.js'
import { AIBOT_ERRCODES, LIMITS, type Outcome, ok, refuse, utf8Length } from './protocol.js'
import type { AiBotStreamState } from './types.js'

/**
 * Stream replies (document/path/101031, 101463): the first frame with a stream.id creates the
 * message, later frames with the same id replace its content (the full text so far, not a delta),
 * `finish: true` ends it. Content is at most 20 480 UTF-8 bytes. Updates stop being taken 6
 * minutes after the first frame (long connection) or after the user's message (webhook).
 */
export interface StreamStore {
  get(reqId: string, streamId?: string): AiBotStreamState | undefined
  /** Applies one stream object sent for `reqId`; `deadlineFrom` overrides the first frame's time. */
  apply(reqId: string, stream: unknown, now: number, deadlineFrom?: number): Outcome
}

interface Entry {
  state: AiBotStreamState
  deadlineFrom: number
}

export function createStreamStore(deadlineMs: number): StreamStore {
  const byReq = new Map<string, Entry[]>()

  return {
    get(reqId, streamId) {
      const entries = byReq.get(reqId) ?? []
      const entry = streamId === undefined ? entries[0] : entries.find((e) => e.state.id === streamId)
      return entry && { ...entry.state }
    },
    apply(reqId, stream, now, deadlineFrom) {
      if (!isObject(stream)) return refuse(AIBOT_ERRCODES.invalidParameter, 'stream must be an object')
      const { id, content, finish } = stream
      if (id !== undefined && (typeof id !== 'string' || id === '')) {
        return refuse(AIBOT_ERRCODES.invalidParameter, 'stream.id must be a non-empty string')
      }
      if (content !== undefined && typeof content !== 'string') {
        return refuse(AIBOT_ERRCODES.invalidParameter, 'stream.content must be a string')
      }
      if (finish !== undefined && typeof finish !== 'boolean') {
        return refuse(AIBOT_ERRCODES.invalidParameter, 'stream.finish must be a boolean')
      }
      const bytes = content === undefined ? undefined : utf8Length(content)
      if (bytes !== undefined && bytes > LIMITS.contentBytes) {
        return refuse(
          AIBOT_ERRCODES.contentTooLong,
          `stream.content is ${bytes} bytes, at most ${LIMITS.contentBytes}`,
        )
      }

      const entries = byReq.get(reqId) ?? []
      // Only the first reply must name the stream; later ones may leave the id out.
      const entry = id === undefined ? entries[0] : entries.find((e) => e.state.id === id)
      if (!entry && id === undefined) {
        return refuse(AIBOT_ERRCODES.invalidParameter, 'stream.id is required on the first stream reply')
      }
      const from = entry?.deadlineFrom ?? deadlineFrom ?? now
      if (entry?.state.finished) {
        return refuse(
          AIBOT_ERRCODES.streamExpired,
          `stream ${entry.state.id} is finished and takes no update`,
        )
      }
      if (now - from > deadlineMs) {
        return refuse(AIBOT_ERRCODES.streamExpired, `stream updates end ${deadlineMs} ms after it started`)
      }

      const state: AiBotStreamState = entry?.state ?? {
        id: id as string,
        reqId,
        content: '',
        bytes: 0,
        finished: false,
        updates: 0,
        startedAt: now,
        updatedAt: now,
        msg_item: undefined,
        feedback: undefined,
      }
      if (content !== undefined) {
        state.content = content
        state.bytes = bytes!
      }
      state.finished = finish === true
      state.updates += 1
      state.updatedAt = now
      if (Array.isArray(stream.msg_item)) state.msg_item = stream.msg_item
      if (isObject(stream.feedback)) state.feedback = stream.feedback
      if (!entry) byReq.set(reqId, [...entries, { state, deadlineFrom: from }])
      return ok()
    },
  }
}
