import {
  type Credentials,
  createClient,
  type Hooks,
  isWeComApiError,
  type RequestOptions,
  type RetryOptions,
  type WeComResult,
} from '@wecom-kit/core'
import { type Operation, parseInput, requestOptions, validationError } from '@wecom-kit/core/resource-kit'
import * as v from 'valibot'
import { isWebhookRateLimitError } from './errors.js'
import { sharedWebhookPacer, type WebhookPacer } from './pacer.js'
import { type WebhookMessage, WebhookMessageInput } from './schemas.js'
import { redactKey, resolveTarget, scrubKey, type WebhookTarget } from './secret.js'
import {
  filenameFor,
  multipartBody,
  toBlob,
  type UploadSource,
  WEBHOOK_MEDIA_LIMITS,
  type WebhookMediaType,
} from './upload.js'

export interface WebhookBotOptions {
  /**
   * Where WeCom is, with `{ key }`: default `https://qyapi.weixin.qq.com/cgi-bin/` (a forward
   * proxy, or the simulator). A `{ url }` names its own.
   */
  baseUrl?: string | undefined
  /** A custom fetch: proxy agents, tracing. */
  fetch?: typeof fetch | undefined
  /** Per attempt, ms. Default 10 000. */
  timeout?: number | undefined
  /** Backoff for transient failures (errcode -1, 45033, connections refused …). Default 3 retries. */
  retry?: RetryOptions | undefined
  /** Observability. Hooks see the URL with `key=***`, never the key. */
  hooks?: Pick<Hooks, 'beforeRequest' | 'afterResponse' | 'onRetry'> | undefined
  /**
   * When the robot's 20 messages a minute are spent: `'queue'` (default) waits for the next slot,
   * in call order; `'fail'` rejects at once with a `WebhookRateLimitError` and sends nothing.
   */
  onRateLimit?: 'queue' | 'fail' | undefined
  /**
   * Whose budget the sends count against. Default: one pacer for the whole process, shared by
   * every bot of the same key. `false` paces nothing: WeCom's 45009 then reaches you as a
   * `WeComApiError`.
   */
  pacer?: WebhookPacer | false | undefined
}

/** What `uploadMedia` takes besides the file. */
export interface WebhookUploadOptions extends RequestOptions {
  /** The name shown in the group, sent as raw UTF-8. Default: a File's name, else `file` / `voice.amr`. */
  filename?: string | undefined
}

export interface WebhookUploadResult extends WeComResult {
  type: WebhookMediaType
  /** Valid 3 days, and only for this robot. */
  media_id: string
  /** Epoch seconds, as a string (WeCom's own type). */
  created_at: string
}

export interface WebhookBot {
  /**
   * POST webhook/send: the message is checked first (a `WeComValidationError`, nothing sent),
   * then waits for a send slot of this robot (20 a minute), then goes out once: a send is not
   * replayed after it may have reached the group, and WeCom's 45009 waits for the window and
   * is tried again (with `onRateLimit: 'queue'`).
   */
  send(message: WebhookMessage, options?: RequestOptions): Promise<WeComResult>
  /**
   * POST webhook/upload_media: a `file` (≤ 20 MB) or `voice` (AMR, ≤ 2 MB, ≤ 60 s) for a file or
   * voice message of this robot. From a Blob/File, bytes or a web stream (read up to the limit).
   */
  uploadMedia(
    type: WebhookMediaType,
    file: UploadSource,
    options?: WebhookUploadOptions,
  ): Promise<WebhookUploadResult>
  /** `{ url }` with `key=***`: what a log or an error report may show of this bot. */
  toJSON(): { url: string }
  toString(): string
}

/** The robot's two operations, as data (document/path/91770: 消息推送配置说明, 文件上传接口). */
export const WEBHOOK_SEND_OPERATION: Operation = {
  method: 'POST',
  path: 'webhook/send',
  idempotent: false,
  doc: 91770,
}
export const WEBHOOK_UPLOAD_OPERATION: Operation = {
  method: 'POST',
  path: 'webhook/upload_media',
  idempotent: true,
  doc: 91770,
}

/** Refused 45009s a queued send waits out before its error surfaces. */
const MAX_REFUSALS = 2

const MediaTypeSchema = v.picklist(
  ['file', 'voice'],
  'type must be file or voice (a robot uploads nothing else)',
)

/**
 * A group robot (群机器人, now 消息推送): `createWebhookBot({ key })` or `({ url })`. The key is a
 * secret, so it is never in an error, a hook's argument, `toJSON` or `String(bot)`. Nothing is
 * sent until a method is called; no token is involved.
 */
export function createWebhookBot(target: WebhookTarget, options: WebhookBotOptions = {}): WebhookBot {
  const opts = (typeof options === 'object' && options) || {}
  const { key, baseUrl } = resolveTarget(target, opts.baseUrl)
  const mode = opts.onRateLimit ?? 'queue'
  if (mode !== 'queue' && mode !== 'fail') {
    throw validationError('webhook options', 'onRateLimit', "onRateLimit must be 'queue' or 'fail'")
  }
  const pacer = opts.pacer === false ? undefined : (opts.pacer ?? sharedWebhookPacer())
  if (pacer && (typeof pacer.acquire !== 'function' || typeof pacer.block !== 'function')) {
    throw validationError('webhook options', 'pacer', 'pacer must come from createWebhookPacer, or be false')
  }
  const shown = `${baseUrl}webhook/send?key=***`

  const client = createClient({
    corpId: 'webhook',
    credentials: keyCredentials(key),
    baseUrl,
    fetch: opts.fetch,
    timeout: opts.timeout,
    retry: opts.retry,
    hooks: redactingHooks(opts.hooks, key),
    // The robot's budget is per key (the pacer below), not per corp and path like core's.
    rateLimit: false,
  })

  async function send(message: WebhookMessage, options?: RequestOptions): Promise<WeComResult> {
    const json = parseInput(WebhookMessageInput, message, 'message')
    const request = checkedRequestOptions(options)
    let refusals = 0
    let first = false
    for (;;) {
      await pacer?.acquire(key, { wait: mode === 'queue', signal: request.signal, first })
      try {
        // Not replayed after it may have reached WeCom: the robot has no duplicate check.
        return await client.request<WeComResult>('webhook/send', {
          ...request,
          method: 'POST',
          json,
          idempotent: false,
        })
      } catch (error) {
        if (pacer && isWeComApiError(error) && error.errcode === 45009 && !isWebhookRateLimitError(error)) {
          // WeCom's window is fuller than ours (another process, another machine): wait it out.
          pacer.block(key)
          if (mode === 'queue' && refusals++ < MAX_REFUSALS) {
            first = true
            continue
          }
        }
        throw scrubKey(error, key)
      }
    }
  }

  async function uploadMedia(
    type: WebhookMediaType,
    file: UploadSource,
    options: WebhookUploadOptions = {},
  ): Promise<WebhookUploadResult> {
    const checkedType = parseInput(MediaTypeSchema, type, 'type')
    const { filename, ...rest } = (typeof options === 'object' && options) || {}
    const request = checkedRequestOptions(rest)
    const limit = WEBHOOK_MEDIA_LIMITS[checkedType]
    const name = filenameFor(file, filename, limit, checkedType)
    const blob = await toBlob(file, limit, checkedType)
    const typed = blob.type
      ? blob
      : new Blob([blob], { type: checkedType === 'voice' ? 'audio/amr' : 'application/octet-stream' })
    const { body, contentType } = multipartBody(typed, name)
    try {
      // A second upload only makes a second media_id: safe to send again after a timeout.
      return await client.request<WebhookUploadResult>('webhook/upload_media', {
        ...request,
        method: 'POST',
        query: { type: checkedType },
        body,
        headers: { 'content-type': contentType },
        idempotent: true,
      })
    } catch (error) {
      throw scrubKey(error, key)
    }
  }

  const bot: WebhookBot = {
    // The operation each method performs, as resource methods carry theirs (docs/coverage.md).
    send: Object.assign(send, { operation: WEBHOOK_SEND_OPERATION }),
    uploadMedia: Object.assign(uploadMedia, { operation: WEBHOOK_UPLOAD_OPERATION }),
    toJSON: () => ({ url: shown }),
    toString: () => `WebhookBot(${shown})`,
  }
  // What console.log and util.inspect show in Node: the same as toJSON, never the key.
  Object.defineProperty(bot, Symbol.for('nodejs.util.inspect.custom'), {
    value: () => `WebhookBot { url: '${shown}' }`,
  })
  return bot
}

/** The key as the "token" core's transport puts in the query: `?key=…`. Nothing is fetched. */
function keyCredentials(key: string): Credentials {
  return {
    tokenParam: 'key',
    // One in-memory store per bot: the store key names nothing secret.
    cacheKey: async (kind) => `webhook:${kind}`,
    fetchToken: async () => ({ value: key, expiresIn: 10 * 365 * 24 * 3600 }),
  }
}

/** The caller's hooks, seeing `key=***` in every URL and no key in any error. */
function redactingHooks(hooks: WebhookBotOptions['hooks'], key: string): Hooks | undefined {
  if (hooks === undefined) return undefined
  if (typeof hooks !== 'object' || hooks === null) {
    throw validationError('webhook options', 'hooks', 'hooks must be an object of functions')
  }
  const { beforeRequest, afterResponse, onRetry } = hooks
  for (const [name, hook] of Object.entries({ beforeRequest, afterResponse, onRetry })) {
    if (hook !== undefined && typeof hook !== 'function') {
      throw validationError('webhook options', `hooks.${name}`, `hooks.${name} must be a function`)
    }
  }
  const wrapped: Hooks = {}
  if (beforeRequest)
    wrapped.beforeRequest = (info) => beforeRequest({ ...info, url: redactKey(info.url, key) })
  if (afterResponse)
    wrapped.afterResponse = (info) => afterResponse({ ...info, url: redactKey(info.url, key) })
  if (onRetry) wrapped.onRetry = (info) => onRetry({ ...info, error: scrubKey(info.error, key) })
  return wrapped
}

/**
 * `{ signal, timeout }` checked here, before a send slot is taken: a bad option must not spend
 * one of the minute's 20.
 */
function checkedRequestOptions(options: RequestOptions | undefined): RequestOptions {
  const request = requestOptions(options)
  const { signal, timeout } = request
  if (signal !== undefined && !(typeof signal === 'object' && signal !== null && 'aborted' in signal)) {
    throw validationError('request options', 'signal', 'signal must be an AbortSignal')
  }
  if (timeout !== undefined && !(Number.isInteger(timeout) && timeout >= 1 && timeout <= 2_147_483_647)) {
    throw validationError('request options', 'timeout', 'timeout must be an integer from 1 to 2147483647 ms')
  }
  return request
}
