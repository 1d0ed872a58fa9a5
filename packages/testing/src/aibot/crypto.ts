import { Buffer } from 'node:buffer'
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto'

// WeCom's side of the AI bot's encryption, written apart from @wecom-kit/callback on purpose: a
// test double that shared the client's crypto could not catch that crypto's mistakes.
//
// Both schemes are AES-256-CBC with IV = the key's first 16 bytes and PKCS#7 padding to a multiple
// of 32 bytes (WeCom's block, not AES's 16: Node's own padding is turned off).
//   media:    the file's bytes, under the message's own aeskey (long connection) or the webhook's
//             EncodingAESKey (document/path/101463, "多媒体资源解密")
//   webhook:  16 random bytes | 4-byte big-endian length | JSON | receiveid ('' for a corp's own
//             bot), base64; signed sha1(sort([token, timestamp, nonce, encrypt]).join(''))
//             (document/path/101033)

const BLOCK = 32

export function pad(data: Uint8Array): Buffer {
  const padding = BLOCK - (data.length % BLOCK)
  return Buffer.concat([data, Buffer.alloc(padding, padding)])
}

export function encryptBytes(data: Uint8Array, key: Uint8Array): Buffer {
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16))
  cipher.setAutoPadding(false)
  return Buffer.concat([cipher.update(pad(data)), cipher.final()])
}

export function decryptBytes(data: Uint8Array, key: Uint8Array): Buffer {
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16))
  decipher.setAutoPadding(false)
  const plain = Buffer.concat([decipher.update(data), decipher.final()])
  const padding = plain[plain.length - 1] ?? 0
  if (padding < 1 || padding > BLOCK || plain.subarray(plain.length - padding).some((b) => b !== padding)) {
    throw new Error('bad PKCS#7 padding')
  }
  return plain.subarray(0, plain.length - padding)
}

/** A fresh per-message media key and its aeskey: base64 without the trailing '=', as WeCom sends it. */
export function newMediaKey(): { key: Buffer; aeskey: string } {
  const key = randomBytes(32)
  return { key, aeskey: key.toString('base64').replace(/=+$/, '') }
}

export const keyOfEncodingAesKey = (encodingAesKey: string): Buffer => {
  const key = Buffer.from(`${encodingAesKey}=`, 'base64')
  if (encodingAesKey.length !== 43 || key.length !== 32) {
    throw new TypeError('encodingAesKey must be the 43 base64 characters of a 32-byte key')
  }
  return key
}

export interface WebhookCrypto {
  signature(timestamp: string, nonce: string, encrypt: string): string
  verify(signature: string, timestamp: string, nonce: string, encrypt: string): boolean
  encrypt(plaintext: string): string
  /** The message, or an Error saying what is wrong with the ciphertext. */
  decrypt(encrypt: string): string
}

export function createWebhookCrypto(token: string, encodingAesKey: string): WebhookCrypto {
  const key = keyOfEncodingAesKey(encodingAesKey)
  const signature = (timestamp: string, nonce: string, encrypt: string) =>
    createHash('sha1').update([token, timestamp, nonce, encrypt].sort().join('')).digest('hex')
  return {
    signature,
    verify(given, timestamp, nonce, encrypt) {
      const expected = Buffer.from(signature(timestamp, nonce, encrypt))
      const actual = Buffer.from(String(given))
      return actual.length === expected.length && timingSafeEqual(actual, expected)
    },
    encrypt(plaintext) {
      const message = Buffer.from(plaintext, 'utf8')
      const length = Buffer.alloc(4)
      length.writeUInt32BE(message.length)
      return encryptBytes(Buffer.concat([randomBytes(16), length, message]), key).toString('base64')
    },
    decrypt(encrypt) {
      const plain = decryptBytes(Buffer.from(encrypt, 'base64'), key)
      if (plain.length < 20) throw new Error('the decrypted data is too short')
      const length = plain.readUInt32BE(16)
      if (20 + length > plain.length) throw new Error('the message length points past the data')
      if (plain.length !== 20 + length) throw new Error("the receiveid is not '' (a corp's own bot)")
      return plain.subarray(20, 20 + length).toString('utf8')
    },
  }
}
