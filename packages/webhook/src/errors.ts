import { WeComError } from '@wecom-kit/core'

const BRAND = Symbol.for('wecom-kit.webhook.rate-limit')

/**
 * A send refused here, before anything went out, because the robot's 20 messages a minute are
 * spent (the bot was made with `onRateLimit: 'fail'`). It is an API-kind error with errcode
 * 45009, like WeCom's own refusal, so `isWeComApiError(e) && e.errcode === 45009` handles both;
 * `isWebhookRateLimitError` tells them apart, and `retryAfterMs` says when a slot opens.
 */
export class WebhookRateLimitError extends WeComError {
  readonly errcode = 45009
  readonly errmsg: string
  readonly hint: string
  /** Milliseconds until the next send slot of this robot opens. */
  readonly retryAfterMs: number
  /** Sends of this robot already waiting for a slot in this process. */
  readonly queued: number

  constructor(retryAfterMs: number, queued: number, perMinute = 20) {
    const errmsg = `this robot's ${perMinute} messages a minute are spent; nothing was sent`
    const hint = `the next slot opens in ${Math.ceil(retryAfterMs / 1000)} s: send then, or leave onRateLimit at 'queue' to wait for it`
    super('api', `WeCom webhook/send not sent: ${errmsg} (hint: ${hint})`, { path: 'webhook/send' })
    this.name = 'WebhookRateLimitError'
    this.errmsg = errmsg
    this.hint = hint
    this.retryAfterMs = retryAfterMs
    this.queued = queued
    Object.defineProperty(this, BRAND, { value: true })
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      errcode: this.errcode,
      errmsg: this.errmsg,
      hint: this.hint,
      retryAfterMs: this.retryAfterMs,
      queued: this.queued,
    }
  }
}

export function isWebhookRateLimitError(error: unknown): error is WebhookRateLimitError {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[BRAND] === true
}
