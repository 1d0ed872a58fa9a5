import type { AiBotCredentials, AiBotGatewayOptions } from './types.js'

/** The bot a gateway accepts when given none. */
export const DEFAULT_AIBOT: Readonly<AiBotCredentials> = { botId: 'aibsimbot', secret: 'sim-aibot-secret' }

/** Webhook settings to pair with the gateway's poster when a test has none of its own. */
export const DEFAULT_AIBOT_WEBHOOK = {
  token: 'simaibottoken',
  encodingAesKey: 'c2ltYWlib3RlbmNvZGluZ2Flc2tleTQzY2hhcnMxMjM',
} as const

export interface ResolvedOptions {
  bots: AiBotCredentials[]
  host: string
  port: number
  clock: () => number
  ackDelayMs: number
  streamDeadlineMs: number
  eventReplyWindowMs: number
  replyWindowMs: number
  heartbeatTimeoutMs: number
  kickCloseDelayMs: number
  mediaUrlTtlMs: number
  responseUrlTtlMs: number
  uploadTtlMs: number
}

const MINUTE = 60_000

export function resolveOptions(options: AiBotGatewayOptions = {}): ResolvedOptions {
  const resolved: ResolvedOptions = {
    bots: (options.bots ?? [DEFAULT_AIBOT]).map((bot) => ({ ...bot })),
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    clock: options.clock ?? (() => Date.now()),
    ackDelayMs: options.ackDelayMs ?? 0,
    // Documented: 6 minutes (101463, 100719), 5 s for welcome and card updates, replies within 24 h,
    // media URLs 5 minutes, upload sessions 30 minutes; the heartbeat timeout is not published.
    streamDeadlineMs: options.streamDeadlineMs ?? 6 * MINUTE,
    eventReplyWindowMs: options.eventReplyWindowMs ?? 5_000,
    replyWindowMs: options.replyWindowMs ?? 24 * 60 * MINUTE,
    heartbeatTimeoutMs: options.heartbeatTimeoutMs ?? 90_000,
    kickCloseDelayMs: options.kickCloseDelayMs ?? Number.POSITIVE_INFINITY,
    mediaUrlTtlMs: options.mediaUrlTtlMs ?? 5 * MINUTE,
    responseUrlTtlMs: options.responseUrlTtlMs ?? 60 * MINUTE,
    uploadTtlMs: options.uploadTtlMs ?? 30 * MINUTE,
  }
  if (resolved.bots.length === 0) throw new RangeError('createAiBotGateway: bots must name at least one bot')
  for (const bot of resolved.bots) checkBot(bot)
  for (const [name, value] of Object.entries(resolved)) {
    if (typeof value === 'number' && !(value >= 0)) {
      throw new RangeError(`createAiBotGateway: ${name} must be a number >= 0`)
    }
  }
  return resolved
}

export function checkBot(bot: AiBotCredentials): void {
  if (
    typeof bot?.botId !== 'string' ||
    bot.botId === '' ||
    typeof bot.secret !== 'string' ||
    bot.secret === ''
  ) {
    throw new TypeError('an AI bot needs a non-empty botId and secret')
  }
}
