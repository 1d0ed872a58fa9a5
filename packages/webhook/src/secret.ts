import { DEFAULT_BASE_URL, isWeComError } from '@wecom-kit/core'
import { validationError } from '@wecom-kit/core/resource-kit'

// The key is the robot's only credential: whoever has it posts to the group. It lives in this
// module's closures and the request URL, and everything shown to anyone goes through `redact`.

/** Keys are UUID-like (`693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa`); anything printable is refused. */
const KEY = /^[A-Za-z0-9_-]{1,128}$/
/** `key=…` in a URL, also percent-encoded inside another URL. */
const KEY_PARAM = /((?:^|[?&#\s"'(]|%26|%3F)key(?:=|%3D))(?:(?!%26)[^&#\s"')])*/gi

export interface WebhookTarget {
  /** The robot's key: the part after `key=` in its webhook address. */
  key?: string | undefined
  /** The whole webhook address, `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`. */
  url?: string | undefined
}

export interface ResolvedTarget {
  key: string
  /** Where `webhook/send` and `webhook/upload_media` live: `…/cgi-bin/`. */
  baseUrl: string
}

/** `{ key }` (with an optional base URL) or `{ url }`: one of them, checked without echoing either. */
export function resolveTarget(target: WebhookTarget, baseUrl: string | undefined): ResolvedTarget {
  const given = (typeof target === 'object' && target) || {}
  const { key, url } = given as WebhookTarget
  if ((key === undefined) === (url === undefined)) {
    throw validationError('webhook target', 'key', "give the robot's key or its webhook url (one of them)")
  }
  if (key !== undefined) {
    if (typeof key !== 'string' || !KEY.test(key)) {
      throw validationError(
        'webhook target',
        'key',
        'key must be the part after "key=" in the webhook address (letters, digits, - and _)',
      )
    }
    return { key, baseUrl: checkBaseUrl(baseUrl ?? DEFAULT_BASE_URL) }
  }
  if (baseUrl !== undefined) {
    throw validationError(
      'webhook target',
      'baseUrl',
      'baseUrl goes with { key }; a { url } names its own host',
    )
  }
  return fromUrl(url)
}

function fromUrl(url: unknown): ResolvedTarget {
  const bad = () =>
    validationError(
      'webhook target',
      'url',
      'url must be the webhook address, https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=… (http(s), ending in webhook/send, with a key)',
    )
  if (typeof url !== 'string') throw bad()
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw bad()
  }
  const key = parsed.searchParams.get('key')
  if (!/^https?:$/.test(parsed.protocol) || !parsed.pathname.endsWith('/webhook/send') || !key) throw bad()
  if (!KEY.test(key)) {
    throw validationError('webhook target', 'url', 'the key in url must be letters, digits, - and _')
  }
  const base = `${parsed.origin}${parsed.pathname.slice(0, -'webhook/send'.length)}`
  return { key, baseUrl: base }
}

function checkBaseUrl(baseUrl: unknown): string {
  if (typeof baseUrl !== 'string' || !/^https?:\/\/\S+$/i.test(baseUrl)) {
    throw validationError('webhook target', 'baseUrl', 'baseUrl must be an absolute http(s) URL')
  }
  return baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`
}

/** `text` with `key=…` and the key itself replaced by `***`. */
export function redactKey(text: string, key?: string): string {
  if (typeof text !== 'string') return ''
  let safe = text.replace(KEY_PARAM, '$1***')
  if (key && key.length >= 4) safe = safe.split(key).join('***')
  return safe
}

/**
 * The webhook address with its key hidden, for logs and error reports:
 * `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***`.
 */
export function redactWebhookUrl(url: string): string {
  return redactKey(url)
}

/**
 * Takes the key out of an error before anyone sees it: its message, stack and causes (a fetch
 * implementation may put the URL, key and all, into a timeout's message). Mutates in place, so
 * the error keeps its class and brand.
 */
export function scrubKey<E>(error: E, key: string): E {
  let current: unknown = error
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const e = current as { message?: unknown; stack?: unknown; cause?: unknown }
    for (const field of ['message', 'stack'] as const) {
      const value = e[field]
      if (typeof value === 'string') {
        const safe = redactKey(value, key)
        if (safe !== value) {
          try {
            Object.defineProperty(e, field, { value: safe, writable: true, configurable: true })
          } catch {
            // A frozen error from a custom fetch: drop it below rather than keep it.
          }
        }
      }
    }
    current = e.cause
  }
  // An error we could not clean (frozen) is not passed on with the key in it.
  if (isLeaky(error, key)) {
    if (isWeComError(error)) {
      Object.defineProperty(error, 'cause', { value: undefined, writable: true, configurable: true })
    }
  }
  return error
}

function isLeaky(error: unknown, key: string): boolean {
  let current: unknown = error
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const e = current as { message?: unknown; stack?: unknown; cause?: unknown }
    if (depth > 0 && [e.message, e.stack].some((text) => typeof text === 'string' && text.includes(key))) {
      return true
    }
    current = e.cause
  }
  return false
}
