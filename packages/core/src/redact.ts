// The access token travels in the query string, so anything that shows a URL or an
// underlying error must go through here first.

// Also percent-encoded (`access_token%3D…`), as a URL shows up inside another URL or page.
// `key` is a group robot's webhook key, which is its whole credential.
const TOKEN_PARAM = /((?:access_token|corpsecret|ticket|key)(?:=|%3D))(?:(?!%26)[^&#\s"'])*/gi

export function redactUrl(url: string): string {
  // Not a string: nothing to show, so nothing to leak.
  if (typeof url !== 'string') return ''
  return url.replace(TOKEN_PARAM, '$1***')
}

/** `String(value)`, or a placeholder for a value that refuses to become one (a thrown object). */
function textOf(value: unknown): string {
  try {
    return String(value)
  } catch {
    return 'a value that is not an Error'
  }
}

/**
 * A copy of an underlying error (from fetch, undici or a custom fetch) that is safe to keep as
 * `cause`: its message redacted, its code kept, and none of its own properties (which may
 * hold the request, with the token in its URL).
 */
export function scrubError(error: unknown, depth = 0): Error & { code?: string } {
  const source = error instanceof Error ? error : new Error(textOf(error))
  const copy: Error & { code?: string } = new Error(redactUrl(source.message))
  copy.name = source.name
  const code = (source as { code?: unknown }).code
  if (typeof code === 'string') copy.code = code
  const inner = (source as { cause?: unknown }).cause
  if (inner !== undefined && inner !== source && depth < 4) {
    Object.defineProperty(copy, 'cause', {
      value: scrubError(inner, depth + 1),
      enumerable: false,
      writable: true,
    })
  }
  return copy
}

/**
 * `text` with each of `sent` replaced by `***`. An error page may echo the request body, and a
 * body can carry a secret of the caller's own (a batch job's callback token, say): every
 * string the request sent is taken out before a page is quoted in an error message.
 */
export function redactEcho(text: string, sent: readonly string[]): string {
  let safe = text
  // Longest first, so that a value containing another is replaced whole. Very short strings
  // are left: they cannot be told apart from the page's own text.
  for (const value of [...sent].sort((a, b) => b.length - a.length)) {
    if (value.length >= 4) safe = safe.split(value).join('***')
  }
  return safe
}

/** Every string in a JSON value (keys excepted), bounded in depth and count. */
export function stringsIn(value: unknown, out: string[] = [], depth = 0): string[] {
  if (typeof value === 'string') out.push(value)
  else if (value !== null && typeof value === 'object' && depth < 8 && out.length < 1000) {
    for (const item of Object.values(value)) stringsIn(item, out, depth + 1)
  }
  return out
}
