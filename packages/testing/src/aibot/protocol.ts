import { ERRCODE_MESSAGES } from '../wecom/errcodes.js'
import type { JsonObject } from './types.js'

/**
 * The long connection's wire format (developer.work.weixin.qq.com/document/path/101463): every
 * frame is JSON `{ cmd, headers: { req_id }, body }`; WeCom acknowledges a client frame with
 * `{ headers: { req_id }, errcode, errmsg, body? }` carrying the same req_id and no cmd.
 */
export const CMD = {
  subscribe: 'aibot_subscribe',
  ping: 'ping',
  respond: 'aibot_respond_msg',
  respondWelcome: 'aibot_respond_welcome_msg',
  respondUpdate: 'aibot_respond_update_msg',
  send: 'aibot_send_msg',
  uploadInit: 'aibot_upload_media_init',
  uploadChunk: 'aibot_upload_media_chunk',
  uploadFinish: 'aibot_upload_media_finish',
  messageCallback: 'aibot_msg_callback',
  eventCallback: 'aibot_event_callback',
} as const

/**
 * The errcodes the gateway answers. 846605, 846608 and 853000 are not in the docs: they come from
 * what Tencent's own plugin handles (846605 replying a stream to an event's req_id, 846608 a
 * stream past its 6 minutes) and from the issue (853000 for a refused bot_id or secret). The
 * others are WeCom's global codes (document/path/90313) for the documented limits.
 */
export const AIBOT_ERRCODES = {
  invalidReqId: 846605,
  streamExpired: 846608,
  invalidCredentials: 853000,
  invalidParameter: 40058,
  invalidMessageType: 40008,
  invalidMediaId: 40007,
  contentTooLong: 45002,
  mediaTooLarge: 45001,
} as const

const AIBOT_MESSAGES: Readonly<Record<number, string>> = {
  846605: 'invalid req_id',
  846608: 'stream message update expired',
  853000: 'invalid bot_id or secret',
}

/** An answer to a client frame: errcode 0 with an optional body, or a refusal. */
export interface Outcome {
  errcode: number
  errmsg: string
  body?: JsonObject | undefined
}

export const ok = (body?: JsonObject): Outcome => ({ errcode: 0, errmsg: 'ok', body })

/** A refusal worded as WeCom words them: the short message, then a hint saying what was wrong. */
export function refuse(errcode: number, hint: string): Outcome {
  const message = AIBOT_MESSAGES[errcode] ?? ERRCODE_MESSAGES[errcode] ?? 'error'
  return { errcode, errmsg: `${message}, hint: ${hint}` }
}

export function ackFrame(reqId: string, outcome: Outcome): JsonObject {
  const frame: JsonObject = { headers: { req_id: reqId }, errcode: outcome.errcode, errmsg: outcome.errmsg }
  if (outcome.body) frame.body = outcome.body
  return frame
}

export function callbackFrame(cmd: string, reqId: string, body: JsonObject): JsonObject {
  return { cmd, headers: { req_id: reqId }, body }
}

/** WeCom's limits on what a bot sends (document/path/101031, 101463). */
export const LIMITS = {
  contentBytes: 20_480,
  chunkBytes: 512 * 1024,
  chunks: 100,
} as const

export const utf8Length = (text: string): number => new TextEncoder().encode(text).length
