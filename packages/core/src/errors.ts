import { hintFor } from './hints.js'

// Guards check a brand instead of `instanceof`: an app can end up with two copies of core
// (two versions in node_modules, ESM and CJS side by side), and `instanceof` fails across them.
const BRAND = Symbol.for('wecom-kit.error')

export type WeComErrorKind = 'api' | 'http' | 'network' | 'validation' | 'partial' | 'callback'

/** Base class of every error wecom-kit throws. */
export class WeComError extends Error {
  readonly kind: WeComErrorKind
  /** The WeCom path of the call (`user/get`), never the full URL: that would hold the token. */
  readonly path: string | undefined

  constructor(
    kind: WeComErrorKind,
    message: string,
    options: { path?: string | undefined; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'WeComError'
    this.kind = kind
    this.path = options.path
    Object.defineProperty(this, BRAND, { value: true })
  }

  /**
   * The error as plain data (for loggers): name, message and every field of its class (`kind`,
   * `path`, `errcode`, `issues` …); a WeComError `cause` of its own as data too. Never a stack.
   */
  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = { name: this.name, message: this.message }
    for (const [key, value] of Object.entries(this)) json[key] = isWeComError(value) ? value.toJSON() : value
    return json
  }
}

/** WeCom answered with `errcode != 0`. */
export class WeComApiError extends WeComError {
  readonly errcode: number
  readonly errmsg: string
  /** What to do about it, for the well-known errcodes. */
  readonly hint: string | undefined

  constructor(errcode: number, errmsg: string, path: string) {
    const hint = hintFor(errcode, path)
    super('api', `WeCom ${path} failed: errcode ${errcode}, ${errmsg}${hint ? ` (hint: ${hint})` : ''}`, {
      path,
    })
    this.name = 'WeComApiError'
    this.errcode = errcode
    this.errmsg = errmsg
    this.hint = hint
  }
}

/** A non-2xx status, or a body that is not the JSON WeCom owes us. */
export class WeComHttpError extends WeComError {
  readonly status: number

  constructor(status: number, path: string, detail?: string) {
    super('http', `WeCom ${path} answered HTTP ${status}${detail ? `: ${detail}` : ''}`, { path })
    this.name = 'WeComHttpError'
    this.status = status
  }
}

/**
 * Whether a failed request may have reached WeCom: `'no'` when the connection was never made
 * (it is always safe to send again), `'maybe'` once bytes may have left (a timeout, a reset, an
 * abort mid-flight): only a call that is safe to replay is sent again then.
 */
export type SentState = 'no' | 'maybe'

/** The request did not get an answer: connection failure, timeout or abort. */
export class WeComNetworkError extends WeComError {
  /** The attempt ran past `timeout`. */
  readonly timeout: boolean
  /** The caller's signal aborted the call. */
  readonly aborted: boolean
  /** Node's error code (`ECONNREFUSED`, `ECONNRESET`, …) when there is one. */
  readonly code: string | undefined
  /** Whether the request may have reached WeCom. Retries read it; so may you. */
  readonly sent: SentState

  constructor(
    message: string,
    options: {
      path: string
      sent: SentState
      cause?: unknown
      timeout?: boolean
      aborted?: boolean
      code?: string | undefined
    },
  ) {
    super('network', message, { path: options.path, cause: options.cause })
    this.name = 'WeComNetworkError'
    this.timeout = options.timeout ?? false
    this.aborted = options.aborted ?? false
    this.code = options.code
    this.sent = options.sent
  }
}

/**
 * The one error for "the caller's signal aborted this": before anything was sent
 * (`sent: 'no'`) or while a request was in flight (`'maybe'`).
 */
export function abortedError(path: string, sent: SentState, cause?: unknown): WeComNetworkError {
  return new WeComNetworkError(`WeCom ${path} was aborted by the caller`, {
    path,
    sent,
    aborted: true,
    cause,
  })
}

export interface ValidationIssue {
  /** Dotted path into the input (`department.0`), or '' for the input itself. */
  path: string
  message: string
}

/** Bad input, caught before any request is sent. */
export class WeComValidationError extends WeComError {
  readonly issues: ValidationIssue[]

  constructor(issues: ValidationIssue[], what = 'input') {
    const summary = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')
    super('validation', `Invalid ${what}: ${summary}`)
    this.name = 'WeComValidationError'
    this.issues = issues
  }
}

/**
 * The one way to say "this input is wrong" outside a schema: one issue at `path` ('' for the
 * input itself). Messages never quote the value: it may be a secret.
 */
export function validationError(what: string, path: string, message: string): WeComValidationError {
  return new WeComValidationError([{ path, message }], what)
}

/**
 * A call made of several WeCom calls (deleting departments one by one) failed part-way. Says
 * exactly which items are done, which one failed and why (`cause`), and which were not tried.
 */
export class WeComPartialFailureError<Item = unknown> extends WeComError {
  readonly succeeded: Item[]
  readonly failed: Item
  readonly notAttempted: Item[]
  override readonly cause: WeComError

  constructor(options: {
    path: string
    succeeded: Item[]
    failed: Item
    notAttempted: Item[]
    cause: WeComError
  }) {
    const { path, succeeded, failed, notAttempted, cause } = options
    super(
      'partial',
      `WeCom ${path} failed for ${String(failed)} after ${succeeded.length} succeeded` +
        ` (${succeeded.join(', ') || 'none'}); not attempted: ${notAttempted.join(', ') || 'none'}. ${cause.message}`,
      { path, cause },
    )
    this.name = 'WeComPartialFailureError'
    this.succeeded = succeeded
    this.failed = failed
    this.notAttempted = notAttempted
    this.cause = cause
  }
}

/** Why a callback from WeCom (or something posing as WeCom) was refused. */
export type WeComCallbackErrorReason =
  /** msg_signature, timestamp, nonce or echostr missing from the query, or Encrypt from the body. */
  | 'missing_parameter'
  /** msg_signature does not match: wrong token, or not from WeCom. */
  | 'signature'
  /** The timestamp is outside the accepted window (a replay, or a skewed clock). */
  | 'timestamp'
  /** The ciphertext is not canonical base64. */
  | 'base64'
  /** The ciphertext is not a whole number of AES blocks, or too short to hold a message. */
  | 'ciphertext'
  /** The decrypted padding is not WeCom's PKCS#7 to 32 bytes: wrong EncodingAESKey, or tampering. */
  | 'padding'
  /** The 4-byte message length points past the decrypted buffer. */
  | 'length'
  /** The receiveId after the message is not this app's corpId (or suiteId). */
  | 'receive_id'
  /** The decrypted message is not valid UTF-8. */
  | 'encoding'
  /** The XML is malformed, or not the shape WeCom sends. */
  | 'xml'
  /** The XML carries a DOCTYPE or entity declaration, which is never read. */
  | 'doctype'
  /** The request body is over the size limit. */
  | 'body_too_large'
  /** The request body did not arrive in time (WeCom itself gives up after 5 s). */
  | 'body_timeout'

/**
 * A callback request or payload was refused. `reason` says which check failed; the message
 * never holds the token, the EncodingAESKey or the decrypted payload.
 */
export class WeComCallbackError extends WeComError {
  readonly reason: WeComCallbackErrorReason

  constructor(reason: WeComCallbackErrorReason, message: string, options: { cause?: unknown } = {}) {
    super('callback', `WeCom callback refused (${reason}): ${message}`, options)
    this.name = 'WeComCallbackError'
    this.reason = reason
  }
}

function branded(error: unknown): error is WeComError {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[BRAND] === true
}

export function isWeComError(error: unknown): error is WeComError {
  return branded(error)
}
export function isWeComApiError(error: unknown): error is WeComApiError {
  return branded(error) && error.kind === 'api'
}
export function isWeComHttpError(error: unknown): error is WeComHttpError {
  return branded(error) && error.kind === 'http'
}
export function isWeComNetworkError(error: unknown): error is WeComNetworkError {
  return branded(error) && error.kind === 'network'
}
export function isWeComValidationError(error: unknown): error is WeComValidationError {
  return branded(error) && error.kind === 'validation'
}
export function isWeComPartialFailureError(error: unknown): error is WeComPartialFailureError {
  return branded(error) && error.kind === 'partial'
}
export function isWeComCallbackError(error: unknown): error is WeComCallbackError {
  return branded(error) && error.kind === 'callback'
}
