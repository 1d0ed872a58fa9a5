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

/** media_ids look like `1G6nrLmr5EC3MMb_-zK1dDdzmd0p7cNliYu9V5w7o8K0` (the docs' example). */
export const newMediaId = (): string => `1${randomString(43, URL_SAFE)}`

/** jobids look like `S0MrnndvRG5fadSlLwiBqiDDbM143UqTmKP3152FZk4` ("最大长度为64字节"). */
export const newJobId = (): string => randomString(43, ALPHANUMERIC)

/** media/uploadimg URLs look like `…/pic_wework/3474110808/7a7c…c060/0`: a number, 48 hex digits. */
export function newImagePath(): string {
  const digits = Array.from(crypto.getRandomValues(new Uint8Array(10)), (b) => b % 10).join('')
  const hex = Array.from(crypto.getRandomValues(new Uint8Array(24)), (b) => b.toString(16).padStart(2, '0'))
  return `pic_wework/${digits.replace(/^0/, '1')}/${hex.join('')}/0`
}

/** App logos live on p.qlogo.cn, like the docs' `https://p.qlogo.cn/bizmail/FicwmI50…u7Q/0`. */
export const newLogoUrl = (): string => `https://p.qlogo.cn/bizmail/${randomString(59, ALPHANUMERIC)}/0`

/**
 * msgids are opaque URL-safe strings: `Dv0oBVNA9p2BIWPODPqgkhw26-_zTx0hw9gS0AkLk8xpEqvcVwAPN1tsF8pY…`
 * (86 characters in answers seen in the wild; the recall docs' example is 63).
 */
export const newMsgId = (): string => randomString(86, URL_SAFE)

/** response_code of interactive template cards: opaque, single use. */
export const newResponseCode = (): string => randomString(64, URL_SAFE)

/** get_jsapi_ticket's tickets look like the signature docs' `sM4AOVdWfPE4DxkXGEs8VMCP…KP7qg` (86). */
export const newCorpTicket = (): string => randomString(86, URL_SAFE)

/** Agent tickets seen in the wild are 32 hex digits (`65000ffcb443a569a5400c770b6cec9c`). */
export const newAgentTicket = (): string =>
  Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('')
