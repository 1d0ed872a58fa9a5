import { sha1Hex } from './sha1.js'

/**
 * WeCom's side of callback encryption (WXBizMsgCrypt, document/path/90968), on Web Crypto so that
 * the simulator still imports nothing from `node:`. Written apart from @wecom-kit/callback on
 * purpose: a stand-in that shared the client's code could not catch its mistakes.
 *
 * AES-256-CBC, key = base64(EncodingAESKey + '='), IV = its first 16 bytes; plaintext = 16 random
 * bytes | 4-byte big-endian length | message | receiveId, PKCS#7-padded to a multiple of 32 bytes;
 * msg_signature = sha1(sort([token, timestamp, nonce, encrypt]).join('')).
 */

const BLOCK = 32

export interface CallbackTarget {
  /** Where WeCom posts: the app's callback URL. */
  url: string
  token: string
  encodingAesKey: string
}

/** The 32-byte key of an EncodingAESKey; throws when it is not 43 base64 characters of 32 bytes. */
export function callbackKey(encodingAesKey: string): Uint8Array<ArrayBuffer> {
  if (typeof encodingAesKey !== 'string' || !/^[A-Za-z0-9+/]{43}$/.test(encodingAesKey)) {
    throw new TypeError('encodingAesKey must be 43 base64 characters')
  }
  return fromBase64(`${encodingAesKey}=`)
}

/** The message encrypted as WeCom sends it in `<Encrypt>`, base64. */
export async function encryptCallback(
  plaintext: string,
  encodingAesKey: string,
  receiveId: string,
): Promise<string> {
  const key = callbackKey(encodingAesKey)
  const message = new TextEncoder().encode(plaintext)
  const receiver = new TextEncoder().encode(receiveId)
  const body = new Uint8Array(20 + message.length + receiver.length)
  body.set(crypto.getRandomValues(new Uint8Array(16)), 0)
  new DataView(body.buffer).setUint32(16, message.length)
  body.set(message, 20)
  body.set(receiver, 20 + message.length)
  const padding = BLOCK - (body.length % BLOCK)
  const padded = new Uint8Array(body.length + padding)
  padded.set(body)
  padded.fill(padding, body.length)
  // Web Crypto always adds its own 16-byte PKCS#7 block: in CBC that block's ciphertext comes last,
  // and cutting it off leaves exactly the encryption of the 32-byte-padded plaintext.
  const aes = await crypto.subtle.importKey('raw', key, { name: 'AES-CBC' }, false, ['encrypt'])
  const encrypted = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-CBC', iv: key.slice(0, 16) }, aes, padded),
  )
  return toBase64(encrypted.subarray(0, padded.length))
}

export function callbackSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return sha1Hex([token, timestamp, nonce, encrypt].sort().join(''))
}

/**
 * The request WeCom makes to a callback URL for a decrypted event XML: POST
 * `?msg_signature&timestamp&nonce` with `<xml><ToUserName/><Encrypt/><AgentID/></xml>`.
 */
export async function callbackRequest(
  target: CallbackTarget,
  xml: string,
  corpId: string,
  now: number,
): Promise<Request> {
  const encrypt = await encryptCallback(xml, target.encodingAesKey, corpId)
  const timestamp = String(Math.floor(now / 1000))
  const nonce = String(crypto.getRandomValues(new Uint32Array(1))[0])
  const url = new URL(target.url)
  url.searchParams.set('msg_signature', callbackSignature(target.token, timestamp, nonce, encrypt))
  url.searchParams.set('timestamp', timestamp)
  url.searchParams.set('nonce', nonce)
  const body = `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt><AgentID><![CDATA[]]></AgentID></xml>`
  return new Request(url, { method: 'POST', body, headers: { 'content-type': 'text/xml' } })
}

/** `<xml>` of CDATA text fields and number fields, as WeCom writes its events. */
export function eventXml(fields: Record<string, string | number | undefined>): string {
  let xml = '<xml>'
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue
    xml +=
      typeof value === 'number'
        ? `<${name}>${value}</${name}>`
        : `<${name}><![CDATA[${value.replaceAll(']]>', ']]]]><![CDATA[>')}]]></${name}>`
  }
  return `${xml}</xml>`
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text)
  return Uint8Array.from(binary, (char) => char.charCodeAt(0))
}

function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  }
  return btoa(binary)
}
