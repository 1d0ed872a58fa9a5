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
export function signJsapi({ ticket, nonceStr, timestamp, url }: JsapiSignInput): string {
  const page = url.split('#', 1)[0]
  return sha1Hex(`jsapi_ticket=${ticket}&noncestr=${nonceStr}&timestamp=${timestamp}&url=${page}`)
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** 16 letters and digits from the platform's CSPRNG, each equally likely. */
export function createNonce(length = 16): string {
  let out = ''
  while (out.length < length) {
    for (const byte of globalThis.crypto.getRandomValues(new Uint8Array(length))) {
      // 248 = 4 × 62: bytes from 248 up are dropped, so that no symbol is favoured.
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62]
    }
  }
  return out
}
