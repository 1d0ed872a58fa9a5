import { parseInput, validationError } from '@wecom-kit/core/resource-kit'
import * as v from 'valibot'
import { sha1Hex } from './sha1.js'

export interface JsapiSignInput {
  ticket: string
  nonceStr: string
  timestamp: number | string
  url: string
}

/**
 * The JS-SDK signature: SHA-1 (lowercase hex) of
 * `jsapi_ticket=…&noncestr=…&timestamp=…&url=…`, in that order, raw values, the URL cut at
 * `#`. The same for wx.config (corp ticket) and wx.agentConfig (agent_config ticket). Pure.
 */
export function signJsapi(input: JsapiSignInput): string {
  const { ticket, nonceStr, timestamp, url } = parseInput(SignInput, input, 'JS-SDK signature input')
  const page = url.split('#', 1)[0]
  return sha1Hex(`jsapi_ticket=${ticket}&noncestr=${nonceStr}&timestamp=${timestamp}&url=${page}`)
}

// Checked, as it is exported for apps that sign by hand: raw values go into the signed text, so
// a value that is not a string would sign "undefined" or "[object Object]" without a word.
const SignInput = v.object({
  ticket: v.string('ticket must be a string'),
  nonceStr: v.string('nonceStr must be a string'),
  timestamp: v.union(
    [v.pipe(v.number(), v.safeInteger(), v.minValue(0)), v.pipe(v.string(), v.regex(/^\d{1,15}$/))],
    'timestamp must be seconds since the epoch (a number or digits)',
  ),
  url: v.string('url must be a string'),
})

/** Longest nonce `createNonce` makes: far past any use, short of an allocation that hurts. */
const MAX_NONCE = 65_536

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** 16 letters and digits from the platform's CSPRNG, each equally likely. */
export function createNonce(length = 16): string {
  if (!Number.isInteger(length) || length < 1 || length > MAX_NONCE) {
    throw validationError('nonce length', 'length', `must be an integer from 1 to ${MAX_NONCE}`)
  }
  let out = ''
  while (out.length < length) {
    for (const byte of globalThis.crypto.getRandomValues(new Uint8Array(length))) {
      // 248 = 4 × 62: bytes from 248 up are dropped, so that no symbol is favoured.
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62]
    }
  }
  return out
}
