// The access token travels in the query string, so anything that shows a URL or an
// underlying error must go through here first.

// Also percent-encoded (`access_token%3D…`), as a URL shows up inside another URL or page.
const TOKEN_PARAM = /((?:access_token|corpsecret|ticket)(?:=|%3D))(?:(?!%26)[^&#\s"'])*/gi

export function redactUrl(url: string): string {
  return url.replace(TOKEN_PARAM, '$1***')
}

/**
 * A copy of an underlying error (from fetch, undici or a custom fetch) that is safe to keep as
 * `cause`: its message redacted, its code kept, and none of its own properties (which may
 * hold the request, with the token in its URL).
 */
export function scrubError(error: unknown, depth = 0): Error & { code?: string } {
  const source = error instanceof Error ? error : new Error(String(error))
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
