import { Buffer } from 'node:buffer'
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { type ValidationIssue, WeComCallbackError, WeComValidationError } from '@wecom-kit/core'
import { isWellFormed, validationError } from '@wecom-kit/core/resource-kit'
import { type CallbackMessage, parseCallbackXml } from './messages.js'
import { cdata, parseXml } from './xml.js'

// WeCom's callback encryption (the WXBizMsgCrypt scheme of Tencent's samples):
//   key        = base64decode(EncodingAESKey + '='), 32 bytes; IV = its first 16 bytes
//   plaintext  = 16 random bytes | 4-byte big-endian byte length | message | receiveId
//   padding    = PKCS#7 to a multiple of 32 bytes (1..32 bytes, a whole block when aligned)
//   cipher     = AES-256-CBC, sent as base64
//   signature  = sha1(sort([token, timestamp, nonce, encrypt]).join('')), lowercase hex
// Node pads to AES's 16-byte blocks, so its padding is turned off and WeCom's is done here.

const BLOCK = 32
const RANDOM_LENGTH = 16
const HEADER_LENGTH = RANDOM_LENGTH + 4
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

export interface CallbackCryptoOptions {
  /** The Token from the app's "API 接收消息" settings. */
  token: string
  /** The 43-character EncodingAESKey from the same settings. */
  encodingAesKey: string
  /** The corpId for a corp's own apps, the suiteId for third-party app callbacks, '' for some bots. */
  receiveId: string
}

/** The query WeCom adds to every callback request. */
export interface CallbackQuery {
  msg_signature: string
  timestamp: string
  nonce: string
}
/** The query of the GET request that checks the callback URL. */
export interface UrlVerificationQuery extends CallbackQuery {
  echostr: string
}

export interface EncryptOptions {
  /** The 16 random bytes that start the plaintext; fresh ones by default. For tests only. */
  random?: Uint8Array
}
export interface EncryptReplyOptions extends EncryptOptions {
  /** Seconds since the epoch; now by default. */
  timestamp?: string | number
  /** Random by default. */
  nonce?: string
}

export interface CallbackCrypto {
  /** The receiveId every decrypted message must end with. */
  readonly receiveId: string
  /** msg_signature for these values: lowercase hex SHA-1 of the four strings sorted. */
  signature(timestamp: string | number, nonce: string, encrypt: string): string
  /** Compares a received msg_signature with the expected one in constant time. */
  verifySignature(msgSignature: string, timestamp: string | number, nonce: string, encrypt: string): boolean
  /** Checks the GET that WeCom sends when the callback URL is saved; returns the echostr to answer with. */
  verifyUrl(query: UrlVerificationQuery | URLSearchParams): string
  /** Decrypts a base64 ciphertext and checks its receiveId. Does not check a signature. */
  decrypt(encrypt: string): string
  /** Encrypts a message for WeCom (a passive reply's plaintext), as base64. */
  encrypt(plaintext: string, options?: EncryptOptions): string
  /** Verifies, decrypts and parses a POSTed callback body into a typed message. */
  decryptMessage(xmlBody: string, query: CallbackQuery | URLSearchParams): CallbackMessage
  /** Encrypts and signs a passive reply: `<xml><Encrypt/><MsgSignature/><TimeStamp/><Nonce/></xml>`. */
  encryptReply(replyXml: string, options?: EncryptReplyOptions): string
}

/** A message as the handler sees it: the plaintext XML as well as the parsed message. */
export interface OpenedMessage {
  xml: string
  message: CallbackMessage
}

/** What the handler needs beyond the public API. */
export interface CallbackCryptoInternals extends CallbackCrypto {
  openMessage(xmlBody: string, query: CallbackQuery | URLSearchParams): OpenedMessage
}

/**
 * Signature, encryption and decryption for one app's callbacks. Checks the options at once: an
 * EncodingAESKey that is not 43 characters of base64 decoding to 32 bytes is refused here
 * rather than on the first callback. Needs Node's crypto (`node:crypto`).
 */
export function createCallbackCrypto(options: CallbackCryptoOptions): CallbackCrypto {
  // The handler's extra method stays with the handler: the object is exactly its type.
  const { openMessage: _internal, ...api } = createInternals(options)
  return api
}

export function createInternals(options: CallbackCryptoOptions): CallbackCryptoInternals {
  const { token, key, receiveId } = checkOptions(options)
  const iv = key.subarray(0, 16)
  const receiveIdBytes = Buffer.from(receiveId, 'utf8')

  const signature = (timestamp: string | number, nonce: string, encrypt: string): string => {
    // Anything else would be signed as "[object Object]" or "undefined" without a word.
    const issues: ValidationIssue[] = []
    if (typeof timestamp !== 'string' && typeof timestamp !== 'number') {
      issues.push({ path: 'timestamp', message: 'must be a string or a number' })
    }
    if (typeof nonce !== 'string') issues.push({ path: 'nonce', message: 'must be a string' })
    if (typeof encrypt !== 'string') issues.push({ path: 'encrypt', message: 'must be a string' })
    if (issues.length > 0) throw new WeComValidationError(issues, 'signature input')
    return createHash('sha1')
      .update([token, String(timestamp), nonce, encrypt].sort().join(''))
      .digest('hex')
  }

  const verifySignature = (
    msgSignature: string,
    timestamp: string | number,
    nonce: string,
    encrypt: string,
  ): boolean => {
    const expected = Buffer.from(signature(timestamp, nonce, encrypt), 'latin1')
    if (typeof msgSignature !== 'string') return false
    const given = Buffer.from(msgSignature.toLowerCase(), 'latin1')
    // The length is public (40 hex digits); only equal-length buffers go to the constant-time compare.
    return given.length === expected.length && timingSafeEqual(given, expected)
  }

  const checkSignature = (query: CallbackQuery | URLSearchParams, encrypt: string): void => {
    const timestamp = param(query, 'timestamp')
    const nonce = param(query, 'nonce')
    if (!verifySignature(param(query, 'msg_signature'), timestamp, nonce, encrypt)) {
      throw new WeComCallbackError('signature', 'msg_signature does not match (check the Token)')
    }
  }

  const decrypt = (encrypt: string): string => {
    const data = decodeBase64(encrypt)
    if (data.length < BLOCK || data.length % 16 !== 0) {
      throw new WeComCallbackError(
        'ciphertext',
        `${data.length} bytes is not a whole number of AES blocks holding a message`,
      )
    }
    const decipher = createDecipheriv('aes-256-cbc', key, iv)
    decipher.setAutoPadding(false)
    const plain = Buffer.concat([decipher.update(data), decipher.final()])

    const pad = plain[plain.length - 1]!
    let padOk = pad >= 1 && pad <= BLOCK
    for (let i = plain.length - pad; padOk && i < plain.length; i++) padOk = plain[i] === pad
    if (!padOk) {
      throw new WeComCallbackError('padding', 'bad padding after decryption (check the EncodingAESKey)')
    }
    const content = plain.subarray(0, plain.length - pad)
    if (content.length < HEADER_LENGTH) {
      throw new WeComCallbackError('length', 'the decrypted data is too short to hold a message length')
    }
    const length = content.readUInt32BE(RANDOM_LENGTH)
    if (length > content.length - HEADER_LENGTH) {
      throw new WeComCallbackError('length', 'the message length points past the decrypted data')
    }
    const end = HEADER_LENGTH + length
    if (!content.subarray(end).equals(receiveIdBytes)) {
      throw new WeComCallbackError('receive_id', 'the message is for another receiveId (corpId or suiteId)')
    }
    try {
      return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(
        content.subarray(HEADER_LENGTH, end),
      )
    } catch (cause) {
      throw new WeComCallbackError('encoding', 'the decrypted message is not valid UTF-8', { cause })
    }
  }

  const encrypt = (plaintext: string, options?: EncryptOptions): string => {
    if (typeof plaintext !== 'string') {
      throw validationError('plaintext', '', 'must be a string')
    }
    // UTF-8 has no lone surrogate: Buffer.from would silently send U+FFFD in its place.
    if (!isWellFormed(plaintext)) {
      throw validationError('plaintext', '', 'must be well-formed text: it holds a lone surrogate')
    }
    const random = options?.random ?? randomBytes(RANDOM_LENGTH)
    if (!(random instanceof Uint8Array) || random.length !== RANDOM_LENGTH) {
      throw validationError('encrypt options', 'random', 'must be 16 bytes')
    }
    const message = Buffer.from(plaintext, 'utf8')
    const length = Buffer.alloc(4)
    length.writeUInt32BE(message.length)
    const unpadded = HEADER_LENGTH + message.length + receiveIdBytes.length
    const pad = BLOCK - (unpadded % BLOCK)
    const plain = Buffer.concat([random, length, message, receiveIdBytes, Buffer.alloc(pad, pad)])
    const cipher = createCipheriv('aes-256-cbc', key, iv)
    cipher.setAutoPadding(false)
    return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64')
  }

  const verifyUrl = (query: UrlVerificationQuery | URLSearchParams): string => {
    // A '+' of the base64 echostr turns into a space when a query is decoded as a form; base64
    // has no spaces, so any space was a '+'.
    const echostr = param(query, 'echostr').replaceAll(' ', '+')
    checkSignature(query, echostr)
    return decrypt(echostr)
  }

  const openMessage = (xmlBody: string, query: CallbackQuery | URLSearchParams): OpenedMessage => {
    const envelope = parseXml(xmlBody)
    const encrypted = envelope.name === 'xml' && typeof envelope.value === 'object' && envelope.value.Encrypt
    if (typeof encrypted !== 'string' || encrypted === '') {
      throw new WeComCallbackError('missing_parameter', 'the body has no <Encrypt> element')
    }
    checkSignature(query, encrypted)
    const xml = decrypt(encrypted)
    return { xml, message: parseCallbackXml(xml) }
  }

  const encryptReply = (replyXml: string, given?: EncryptReplyOptions): string => {
    const options = given ?? {}
    const timestamp =
      typeof options.timestamp === 'number' || typeof options.timestamp === 'string'
        ? String(options.timestamp)
        : options.timestamp === undefined
          ? String(Math.floor(Date.now() / 1000))
          : ''
    if (!/^\d{1,12}$/.test(timestamp)) {
      throw validationError('reply options', 'timestamp', 'must be seconds since the epoch')
    }
    const nonce = options.nonce ?? randomBytes(8).toString('hex')
    if (typeof nonce !== 'string' || nonce === '' || !isWellFormed(nonce)) {
      throw validationError('reply options', 'nonce', 'must be a non-empty, well-formed string')
    }
    const encrypted = encrypt(replyXml, options)
    return (
      `<xml><Encrypt>${cdata(encrypted)}</Encrypt>` +
      `<MsgSignature>${cdata(signature(timestamp, nonce, encrypted))}</MsgSignature>` +
      `<TimeStamp>${timestamp}</TimeStamp><Nonce>${cdata(nonce)}</Nonce></xml>`
    )
  }

  return {
    receiveId,
    signature,
    verifySignature,
    verifyUrl,
    decrypt,
    encrypt,
    decryptMessage: (xmlBody, query) => openMessage(xmlBody, query).message,
    encryptReply,
    openMessage,
  }
}

function checkOptions(options: CallbackCryptoOptions): { token: string; key: Buffer; receiveId: string } {
  // Messages name the option and what is wrong with it, never its value.
  const issues: ValidationIssue[] = []
  const { token, encodingAesKey, receiveId } = (options ?? {}) as Partial<CallbackCryptoOptions>
  if (typeof token !== 'string' || token === '') {
    issues.push({ path: 'token', message: 'the Token from the callback settings is required' })
  }
  let key: Buffer | undefined
  if (typeof encodingAesKey !== 'string') {
    issues.push({
      path: 'encodingAesKey',
      message: 'the EncodingAESKey from the callback settings is required',
    })
  } else if (encodingAesKey.length !== 43 || !/^[A-Za-z0-9+/]+$/.test(encodingAesKey)) {
    issues.push({
      path: 'encodingAesKey',
      message: `must be 43 characters of base64 (A–Z, a–z, 0–9, + and /), got ${encodingAesKey.length} characters${
        /^[A-Za-z0-9+/]*$/.test(encodingAesKey) ? '' : ' including others'
      }`,
    })
  } else {
    key = Buffer.from(`${encodingAesKey}=`, 'base64')
    if (key.length !== 32) issues.push({ path: 'encodingAesKey', message: 'must decode to 32 bytes' })
  }
  if (typeof receiveId !== 'string') {
    issues.push({ path: 'receiveId', message: "the corpId (or suiteId, or '') is required" })
  }
  if (issues.length > 0 || !key) throw new WeComValidationError(issues, 'callback options')
  return { token: token!, key, receiveId: receiveId! }
}

function param(query: CallbackQuery | UrlVerificationQuery | URLSearchParams, name: string): string {
  const value =
    query instanceof URLSearchParams ? query.get(name) : (query as unknown as Record<string, unknown>)?.[name]
  if (typeof value === 'number' && name === 'timestamp') return String(value)
  if (typeof value !== 'string' || value === '') {
    throw new WeComCallbackError('missing_parameter', `${name} is missing`)
  }
  return value
}

/** Strict base64: standard alphabet, padded, canonical. Buffer.from alone skips bad characters. */
function decodeBase64(text: string): Buffer {
  if (typeof text !== 'string' || text.length % 4 !== 0 || !BASE64.test(text)) {
    throw new WeComCallbackError('base64', 'the ciphertext is not base64')
  }
  const data = Buffer.from(text, 'base64')
  if (data.toString('base64') !== text) {
    throw new WeComCallbackError('base64', 'the ciphertext is not canonical base64')
  }
  return data
}
