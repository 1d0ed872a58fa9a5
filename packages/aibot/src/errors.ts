import { hintFor, WeComApiError } from '@wecom-kit/core'

/**
 * Errcodes of the AI-bot channel that WeCom's docs do not list; Tencent's SDK and the plugins
 * built on it meet them in production.
 */
export const AIBOT_ERRCODES = {
  /** The req_id is unknown or its window closed (a welcome or card update after 5 s). */
  invalidReqId: 846605,
  /** The stream can no longer be updated (6 minutes after the user's message). */
  streamExpired: 846608,
  /** aibot_subscribe refused the botId or secret. */
  credentialsRefused: 853000,
} as const

const HINTS: Record<number, string> = {
  [AIBOT_ERRCODES.credentialsRefused]:
    "WeCom refused the botId or secret: copy both again from the bot's API settings (智能机器人 → API 模式 → 长连接) in the admin console. The bot does not reconnect with refused credentials.",
  [AIBOT_ERRCODES.invalidReqId]:
    'this reply no longer has a callback to answer: welcome and card-update replies must go out within 5 seconds of the event, and replies only travel on the connection that received the callback.',
  [AIBOT_ERRCODES.streamExpired]:
    "the reply came too late: WeCom takes stream updates for 6 minutes after the user's message. End streams sooner, and send what is left as a new message (bot.send, or the response_url in webhook mode).",
}

/**
 * WeCom answered an AI-bot frame with an errcode, or wecom-kit saw that WeCom would (a late
 * reply: `sent` is false then, and nothing went out). A `WeComApiError` with hints for the
 * AI-bot errcodes (`isWeComApiError` recognises it).
 */
export class WeComAiBotError extends WeComApiError {
  override readonly hint: string | undefined
  /** False when wecom-kit refused locally and sent nothing. */
  readonly sent: boolean

  constructor(errcode: number, errmsg: string, path: string, options: { sent?: boolean } = {}) {
    super(errcode, errmsg, path)
    this.name = 'WeComAiBotError'
    this.hint = HINTS[errcode] ?? hintFor(errcode, path)
    this.sent = options.sent ?? true
    this.message = `WeCom ${path} failed: errcode ${errcode}, ${errmsg}${this.hint ? ` (hint: ${this.hint})` : ''}`
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), sent: this.sent }
  }
}

/** A stream update or final frame refused before sending: WeCom's window has closed. */
export function streamExpired(path: string): WeComAiBotError {
  return new WeComAiBotError(
    AIBOT_ERRCODES.streamExpired,
    "stream message update expired (6 minutes after the user's message; nothing was sent)",
    path,
    { sent: false },
  )
}

/** A welcome or card update refused before sending: its 5 seconds are over. */
export function replyWindowClosed(path: string, what: string): WeComAiBotError {
  return new WeComAiBotError(
    AIBOT_ERRCODES.invalidReqId,
    `${what} must answer within 5 seconds of the event; nothing was sent`,
    path,
    { sent: false },
  )
}
