// The filename in WeCom's `Content-disposition: attachment; filename="…"`. Servers send
// non-ASCII names as raw UTF-8 bytes, which fetch exposes one byte per character (latin1);
// `filename*=UTF-8''…` (RFC 5987) wins when present.

import { validationError } from '@wecom-kit/core/resource-kit'

export function filenameFromDisposition(header: string | null | undefined): string | undefined {
  if (header === null || header === undefined || header === '') return undefined
  if (typeof header !== 'string') {
    throw validationError('header', '', 'must be a header value (a string)')
  }
  const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header)
  if (extended?.[2]) {
    try {
      return decodeURIComponent(extended[2].trim())
    } catch {
      // fall back to the plain parameter
    }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))/i.exec(header)
  const raw = plain?.[1]?.replace(/\\(.)/g, '$1') ?? plain?.[2]?.trim()
  return raw === undefined ? undefined : latin1AsUtf8(raw)
}

/** Re-reads a header value whose characters are really UTF-8 bytes; leaves others alone. */
function latin1AsUtf8(text: string): string {
  let high = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c > 0xff) return text // already decoded: real characters, not bytes
    if (c >= 0x80) high = true
  }
  if (!high) return text
  const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0))
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return text
  }
}
