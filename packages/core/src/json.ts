// WeCom's JSON is not always JSON: strings may hold raw control characters (a member's
// address with a newline typed into the admin console), and some IDs (msgid) are integers
// above 2^53 that JSON.parse would round. The fast path is JSON.parse; only a body that
// needs it is rewritten, in one pass, before parsing.

import { WeComValidationError } from './errors.js'

const LONG_DIGITS = /\d{16,}/

export function parseWeComJson(text: string): unknown {
  if (typeof text !== 'string') {
    throw new WeComValidationError([{ path: '', message: 'text must be a string' }], 'JSON text')
  }
  try {
    return parse(text)
  } catch {
    throw new WeComValidationError([{ path: '', message: 'text is not JSON' }], 'JSON text')
  }
}

function parse(text: string): unknown {
  if (!LONG_DIGITS.test(text)) {
    try {
      return JSON.parse(text)
    } catch {
      // fall through to the repairing parse
    }
  }
  return JSON.parse(repair(text))
}

/**
 * Escapes control characters inside strings and quotes integers that do not fit a double
 * exactly, so that they reach the caller as exact decimal strings.
 */
function repair(text: string): string {
  let out = ''
  let start = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c /* \ */) {
        i++
      } else if (c === 0x22 /* " */) {
        inString = false
      } else if (c < 0x20) {
        out += `${text.slice(start, i)}\\u${c.toString(16).padStart(4, '0')}`
        start = i + 1
      }
    } else if (c === 0x22) {
      inString = true
    } else if ((c >= 0x30 && c <= 0x39) || c === 0x2d /* - */) {
      let end = i + 1
      while (end < text.length && isNumberChar(text.charCodeAt(end))) end++
      const token = text.slice(i, end)
      if (/^-?\d{16,}$/.test(token) && !Number.isSafeInteger(Number(token))) {
        out += `${text.slice(start, i)}"${token}"`
        start = end
      }
      i = end - 1
    }
  }
  return out + text.slice(start)
}

function isNumberChar(c: number): boolean {
  // digits . e E + -
  return (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x65 || c === 0x45 || c === 0x2b || c === 0x2d
}
