/**
 * Opaque random identifiers. Web Crypto only (no `node:`), so `handle()` and the msw face also
 * run in browsers and edge runtimes.
 */

const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const ALPHANUMERIC = URL_SAFE.slice(0, 62)

function randomString(length: number, alphabet: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length))
  let out = ''
  // 256 is not a multiple of 62, so a slight bias remains: irrelevant for test identifiers.
  for (const byte of bytes) out += alphabet[byte % alphabet.length]
  return out
}

/** Real tokens are a couple of hundred URL-safe characters; long enough to catch truncation. */
export const newAccessToken = (): string => randomString(128, URL_SAFE)

/** OAuth codes are single-use and short-lived; WeCom caps them at 512 bytes. */
export const newOAuthCode = (): string => randomString(43, URL_SAFE)

export const newUserTicket = (): string => randomString(64, URL_SAFE)

export const newCursor = (): string => randomString(24, ALPHANUMERIC)

export const newDeviceId = (): string => randomString(32, ALPHANUMERIC).toLowerCase()

/** A WeChat openid is 28 characters starting with `o`. */
export const newOpenId = (): string => `o${randomString(27, URL_SAFE)}`

/** open_userid values look like `woAJ2GCAAA…`: `wo` and 30 more characters. */
export const newOpenUserId = (): string => `wo${randomString(30, ALPHANUMERIC)}`

export const newQrCode = (): string =>
  `https://open.work.weixin.qq.com/wwopen/userQRCode?vcode=${randomString(32, ALPHANUMERIC)}`
