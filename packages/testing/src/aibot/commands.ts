import { AIBOT_ERRCODES, CMD, type Outcome, refuse } from './protocol.js'
import { createReplyRules, type PendingCallback } from './replies.js'
import { checkSend } from './sends.js'
import type { StreamStore } from './streams.js'
import type { AiBotReplyRecord, AiBotSentRecord, JsonObject } from './types.js'
import type { Uploads } from './uploads.js'

/**
 * What a subscribed connection may ask, besides subscribe and ping: replies to callbacks,
 * proactive sends and uploads. Each command is answered by its rules and recorded for the test.
 */
export interface Commands {
  handle(cmd: string, botId: string, reqId: string, body: unknown, now: number): Outcome
  replies(reqId: string): AiBotReplyRecord[]
  sent(botId?: string): AiBotSentRecord[]
}

interface Deps {
  callbacks: ReadonlyMap<string, PendingCallback>
  streams: StreamStore
  uploads: Uploads
  replyWindowMs: number
  eventReplyWindowMs: number
}

export function createCommands(deps: Deps): Commands {
  const replies = new Map<string, AiBotReplyRecord[]>()
  const sent: AiBotSentRecord[] = []
  const rules = createReplyRules(deps)

  return {
    handle(cmd, botId, reqId, body, now) {
      const usable = (mediaId: string) => deps.uploads.usable(botId, mediaId, now)
      switch (cmd) {
        case CMD.respond:
        case CMD.respondWelcome:
        case CMD.respondUpdate: {
          const outcome = rules(cmd, botId, reqId, body, now, usable)
          const { errcode, errmsg } = outcome
          replies.set(reqId, [
            ...(replies.get(reqId) ?? []),
            { cmd, reqId, body: body as JsonObject, at: now, errcode, errmsg },
          ])
          return outcome
        }
        case CMD.send: {
          const outcome = checkSend(body, usable)
          const fields = (body ?? {}) as JsonObject
          sent.push({
            reqId,
            botId,
            chatid: typeof fields.chatid === 'string' ? fields.chatid : undefined,
            msgtype: typeof fields.msgtype === 'string' ? fields.msgtype : undefined,
            body: fields,
            at: now,
            errcode: outcome.errcode,
            errmsg: outcome.errmsg,
          })
          return outcome
        }
        case CMD.uploadInit:
          return deps.uploads.init(botId, body, now)
        case CMD.uploadChunk:
          return deps.uploads.chunk(botId, body, now)
        case CMD.uploadFinish:
          return deps.uploads.finish(botId, body, now)
        default:
          return refuse(AIBOT_ERRCODES.invalidParameter, `unknown cmd ${JSON.stringify(cmd)}`)
      }
    },
    replies: (reqId) => [...(replies.get(reqId) ?? [])],
    sent: (botId) => sent.filter((record) => botId === undefined || record.botId === botId),
  }
}
