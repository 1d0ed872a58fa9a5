import { Buffer } from 'node:buffer'
import { createCipheriv } from 'node:crypto'
import { createCallbackCrypto, isKnownCallbackMessage } from '@wecom-kit/callback'
import {
  isWeComCallbackError,
  isWeComValidationError,
  type WeComCallbackError,
  type WeComCallbackErrorReason,
} from '@wecom-kit/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { envelope, VECTOR } from './support/wecom.js'

const cb = createCallbackCrypto(VECTOR)
const key = Buffer.from(`${VECTOR.encodingAesKey}=`, 'base64')

/** Every error these tests provoke, checked at the end for leaked secrets. */
const seen: unknown[] = []

function refusal(run: () => unknown): WeComCallbackError {
  let error: unknown
  try {
    run()
  } catch (e) {
    error = e
  }
  seen.push(error)
  expect(isWeComCallbackError(error), `expected a WeComCallbackError, got ${String(error)}`).toBe(true)
  return error as WeComCallbackError
}

function expectRefused(run: () => unknown, ...reasons: WeComCallbackErrorReason[]) {
  expect(reasons).toContain(refusal(run).reason)
}

/** AES-256-CBC of raw bytes with no padding added: for plaintexts the SDK would never make. */
function rawEncrypt(plain: Buffer): string {
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16))
  cipher.setAutoPadding(false)
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64')
}

/** random | length | message | receiveId | padding, with each part overridable. */
function plaintext(parts: { message?: Buffer; length?: number; receiveId?: string; pad?: Buffer }): Buffer {
  const message = parts.message ?? Buffer.from('hello')
  const length = Buffer.alloc(4)
  length.writeUInt32BE(parts.length ?? message.length)
  const body = Buffer.concat([
    Buffer.alloc(16, 7),
    length,
    message,
    Buffer.from(parts.receiveId ?? VECTOR.receiveId),
  ])
  const n = 32 - (body.length % 32)
  return Buffer.concat([body, parts.pad ?? Buffer.alloc(n, n)])
}

describe('the official test vector', () => {
  it('signs the URL check and the message as WeCom does', () => {
    const { verifyUrl: v, message: m } = VECTOR
    expect(cb.signature(v.timestamp, v.nonce, v.echostr)).toBe(v.msg_signature)
    expect(cb.signature(Number(m.timestamp), m.nonce, m.encrypt)).toBe(m.msg_signature)
  })

  it('verifies the URL and answers with the decrypted echostr', () => {
    expect(cb.verifyUrl(VECTOR.verifyUrl)).toBe(VECTOR.verifyUrl.echo)
    expect(cb.verifyUrl(new URLSearchParams(VECTOR.verifyUrl))).toBe(VECTOR.verifyUrl.echo)
  })

  it("accepts an echostr whose '+' became a space in form decoding", () => {
    const query = `${new URLSearchParams(VECTOR.verifyUrl)}`.replaceAll('%2B', '+')
    expect(new URLSearchParams(query).get('echostr')).toContain(' ')
    expect(cb.verifyUrl(new URLSearchParams(query))).toBe(VECTOR.verifyUrl.echo)
  })

  it('decrypts the message to the exact XML and parses it, MsgId as an exact string', () => {
    const { message: m } = VECTOR
    expect(cb.decrypt(m.encrypt)).toBe(m.xml)
    const message = cb.decryptMessage(envelope(m.encrypt, VECTOR.receiveId), m)
    expect(message).toEqual({
      ToUserName: 'wx5823bf96d3bd56c7',
      FromUserName: 'mycreate',
      CreateTime: 1409659813,
      MsgType: 'text',
      Content: 'hello',
      MsgId: '4561255354251345929',
      AgentID: '218',
    })
    expect(isKnownCallbackMessage(message)).toBe(true)
    if (isKnownCallbackMessage(message) && message.MsgType === 'text') {
      const content: string = message.Content
      expect(content).toBe('hello')
    }
  })

  it('re-encrypts both with the known random prefix, byte for byte', () => {
    const { verifyUrl: v, message: m } = VECTOR
    expect(cb.encrypt(v.echo, { random: Buffer.from(v.random) })).toBe(v.echostr)
    expect(cb.encrypt(m.xml, { random: Buffer.from(m.random) })).toBe(m.encrypt)
  })

  it('builds the encrypted reply envelope', () => {
    const { message: m } = VECTOR
    const reply = cb.encryptReply(m.xml, {
      timestamp: m.timestamp,
      nonce: m.nonce,
      random: Buffer.from(m.random),
    })
    expect(reply).toBe(
      `<xml><Encrypt><![CDATA[${m.encrypt}]]></Encrypt>` +
        `<MsgSignature><![CDATA[${m.msg_signature}]]></MsgSignature>` +
        `<TimeStamp>${m.timestamp}</TimeStamp><Nonce><![CDATA[${m.nonce}]]></Nonce></xml>`,
    )
  })
})

describe('round trips', () => {
  it('any Unicode message, any receiveId', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 300 }),
        fc.string({ unit: 'grapheme', maxLength: 40 }),
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        (message, receiveId, random) => {
          const other = createCallbackCrypto({ ...VECTOR, receiveId })
          const encrypted = other.encrypt(message, { random })
          expect(Buffer.from(encrypted, 'base64').length % 32).toBe(0)
          expect(other.decrypt(encrypted)).toBe(message)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('every padding boundary, with one-, two-, three- and four-byte characters', () => {
    // 20 header bytes + the message + 18 receiveId bytes: lengths 0..160 cross every residue mod 32.
    for (const char of ['a', 'é', '中', '😀']) {
      for (let n = 0; n <= 160; n++) {
        // Exactly n bytes: as many of `char` as fit, topped up with ASCII.
        const width = Buffer.byteLength(char)
        const message = char.repeat(Math.floor(n / width)) + 'a'.repeat(n % width)
        expect(Buffer.byteLength(message)).toBe(n)
        const encrypted = cb.encrypt(message)
        const total = 20 + Buffer.byteLength(message) + VECTOR.receiveId.length
        const expectedPad = 32 - (total % 32)
        expect(Buffer.from(encrypted, 'base64').length).toBe(total + expectedPad)
        expect(cb.decrypt(encrypted)).toBe(message)
      }
    }
  })

  it('a whole block of padding when the plaintext is already aligned', () => {
    // 20 + 26 + 18 = 64: aligned, so 32 bytes of padding follow.
    const encrypted = cb.encrypt('x'.repeat(26))
    expect(Buffer.from(encrypted, 'base64').length).toBe(96)
  })

  it('signatures, URL checks and messages through the public API', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }),
        fc.stringMatching(/^\d{1,10}$/),
        fc.stringMatching(/^[0-9a-zA-Z]{1,16}$/),
        (content, timestamp, nonce) => {
          const xml = `<xml><ToUserName><![CDATA[${VECTOR.receiveId}]]></ToUserName><FromUserName><![CDATA[u]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content.replaceAll(']]>', ']]]]><![CDATA[>')}]]></Content><MsgId>1</MsgId><AgentID>1</AgentID></xml>`
          const encrypt = cb.encrypt(xml)
          const query = { msg_signature: cb.signature(timestamp, nonce, encrypt), timestamp, nonce }
          const message = cb.decryptMessage(envelope(encrypt, VECTOR.receiveId), query)
          expect(message.MsgType === 'text' && message.Content).toBe(content)
          expect(cb.verifyUrl({ ...query, echostr: encrypt })).toBe(xml)
        },
      ),
      { numRuns: 200 },
    )
  })
})

describe('lone surrogates are refused, never sent as U+FFFD', () => {
  const validation = (run: () => unknown) => {
    let error: unknown
    try {
      run()
    } catch (e) {
      error = e
    }
    seen.push(error)
    expect(isWeComValidationError(error), `expected a WeComValidationError, got ${String(error)}`).toBe(true)
  }

  it('in encrypt, encryptReply and a reply nonce', () => {
    validation(() => cb.encrypt('<xml>\ud800</xml>'))
    validation(() => cb.encrypt('low first \udc00\ud800'))
    validation(() => cb.encryptReply('<xml><Content>\udfff</Content></xml>'))
    validation(() => cb.encryptReply('<xml/>', { nonce: 'n\ud800' }))
  })

  it('while whole pairs round-trip byte for byte', () => {
    const text = '<xml>😀 𠀀</xml>'
    expect(cb.decrypt(cb.encrypt(text))).toBe(text)
  })
})

describe('refusals, each a typed WeComCallbackError', () => {
  const { verifyUrl: v, message: m } = VECTOR
  const body = envelope(m.encrypt, VECTOR.receiveId)

  it('a wrong signature, or a signature over other values', () => {
    expectRefused(() => cb.verifyUrl({ ...v, msg_signature: '0'.repeat(40) }), 'signature')
    expectRefused(() => cb.verifyUrl({ ...v, msg_signature: 'short' }), 'signature')
    expectRefused(() => cb.verifyUrl({ ...v, nonce: '1' }), 'signature')
    expectRefused(() => cb.decryptMessage(body, { ...m, timestamp: '1409659814' }), 'signature')
    expectRefused(() => createCallbackCrypto({ ...VECTOR, token: 'other' }).verifyUrl(v), 'signature')
    expect(cb.verifySignature(m.msg_signature.toUpperCase(), m.timestamp, m.nonce, m.encrypt)).toBe(true)
  })

  it('missing query parameters or <Encrypt>', () => {
    const { echostr: _, ...noEcho } = v
    expectRefused(() => cb.verifyUrl(noEcho as never), 'missing_parameter')
    expectRefused(() => cb.decryptMessage(body, { ...m, nonce: '' }), 'missing_parameter')
    expectRefused(() => cb.decryptMessage('<xml><ToUserName>a</ToUserName></xml>', m), 'missing_parameter')
  })

  it('a wrong receiveId', () => {
    const other = createCallbackCrypto({ ...VECTOR, receiveId: 'wwsomeoneelse' })
    expectRefused(() => other.verifyUrl(v), 'receive_id')
    expectRefused(() => other.decryptMessage(body, m), 'receive_id')
    expectRefused(() => createCallbackCrypto({ ...VECTOR, receiveId: '' }).decrypt(m.encrypt), 'receive_id')
    expectRefused(
      () => cb.decrypt(rawEncrypt(plaintext({ receiveId: `${VECTOR.receiveId}x` }))),
      'receive_id',
    )
  })

  it('truncated ciphertext', () => {
    const bytes = Buffer.from(m.encrypt, 'base64')
    expectRefused(() => cb.decrypt(m.encrypt.slice(0, -4)), 'base64', 'ciphertext')
    expectRefused(() => cb.decrypt(bytes.subarray(0, bytes.length - 3).toString('base64')), 'ciphertext')
    expectRefused(() => cb.decrypt(bytes.subarray(0, 16).toString('base64')), 'ciphertext')
    expectRefused(() => cb.decrypt(''), 'ciphertext')
    // Whole blocks cut off: the padding (or, by chance, the length) no longer checks out.
    for (const cut of [16, 32, 48, bytes.length - 32]) {
      expectRefused(
        () => cb.decrypt(bytes.subarray(0, bytes.length - cut).toString('base64')),
        'padding',
        'length',
        'receive_id',
      )
    }
  })

  it('ciphertext that is not canonical base64', () => {
    for (const bad of [
      'not base64!',
      m.encrypt.replaceAll('+', '-').replaceAll('/', '_'),
      `${m.encrypt.slice(0, 20)} ${m.encrypt.slice(20)}`,
      `${m.encrypt}\n`,
      m.encrypt.replace(/=+$/, ''),
      `${m.encrypt.slice(0, -2)}==`.replace(/.==$/, 'R=='),
      '====',
    ]) {
      expectRefused(() => cb.decrypt(bad), 'base64')
    }
  })

  it('bad padding: zero, over 32, or unequal pad bytes', () => {
    const good = plaintext({})
    const n = good[good.length - 1]!
    const withPad = (pad: Buffer) => Buffer.concat([good.subarray(0, good.length - n), pad])
    expectRefused(() => cb.decrypt(rawEncrypt(withPad(Buffer.alloc(n, 0)))), 'padding')
    expectRefused(() => cb.decrypt(rawEncrypt(withPad(Buffer.alloc(n, 33)))), 'padding')
    const uneven = Buffer.alloc(n, n)
    uneven[0] = n - 1
    expectRefused(() => cb.decrypt(rawEncrypt(withPad(uneven))), 'padding')
    // AES-16 padding (what Node would add by default) is not WeCom's.
    expectRefused(
      () => cb.decrypt(rawEncrypt(Buffer.concat([Buffer.alloc(31, 65), Buffer.from([64])]))),
      'padding',
    )
  })

  it('a length field pointing past the buffer', () => {
    expectRefused(() => cb.decrypt(rawEncrypt(plaintext({ length: 0xffffffff }))), 'length')
    expectRefused(
      () => cb.decrypt(rawEncrypt(plaintext({ length: 5 + VECTOR.receiveId.length + 1 }))),
      'length',
    )
    // A whole block of padding and nothing else: not even a length.
    expectRefused(() => cb.decrypt(rawEncrypt(Buffer.alloc(32, 32))), 'length')
  })

  it('a message that is not UTF-8', () => {
    expectRefused(
      () => cb.decrypt(rawEncrypt(plaintext({ message: Buffer.from([0xff, 0xfe, 0x41]) }))),
      'encoding',
    )
  })

  it('random garbage never crashes: always a typed refusal', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 200 }), (bytes) => {
        expect(isWeComCallbackError(refusal(() => cb.decrypt(Buffer.from(bytes).toString('base64'))))).toBe(
          true,
        )
      }),
      { numRuns: 300 },
    )
  })
})

describe('options are checked at construction', () => {
  it.each([
    ['too short', VECTOR.encodingAesKey.slice(0, 42)],
    ['too long', `${VECTOR.encodingAesKey}A`],
    ['not base64', `${VECTOR.encodingAesKey.slice(0, 42)}-`],
    ['with padding', `${VECTOR.encodingAesKey.slice(0, 42)}=`],
  ])('refuses an EncodingAESKey %s, without quoting it', (_, encodingAesKey) => {
    let error: unknown
    try {
      createCallbackCrypto({ ...VECTOR, encodingAesKey })
    } catch (e) {
      error = e
    }
    seen.push(error)
    expect(isWeComValidationError(error)).toBe(true)
    expect(String((error as Error).message)).toMatch(/encodingAesKey: must be 43 characters of base64/)
    expect(String((error as Error).message)).not.toContain(encodingAesKey.slice(0, 12))
  })

  it('requires a token and a receiveId', () => {
    expect(() => createCallbackCrypto({ ...VECTOR, token: '' })).toThrow(/token/)
    expect(() => createCallbackCrypto({ ...VECTOR, receiveId: undefined as never })).toThrow(/receiveId/)
    expect(() => createCallbackCrypto(undefined as never)).toThrow(/token.*encodingAesKey.*receiveId/s)
  })

  it('refuses a random prefix that is not 16 bytes', () => {
    expect(() => cb.encrypt('x', { random: new Uint8Array(15) })).toThrow(/16 bytes/)
  })

  it('keeps the token and key out of the object', () => {
    const text = JSON.stringify(cb) + Object.values(cb).map(String).join('')
    expect(text).not.toContain(VECTOR.token)
    expect(text).not.toContain(VECTOR.encodingAesKey)
  })
})

describe('no secret in any error', () => {
  it('neither the token nor the EncodingAESKey appears in a message, toJSON or stack', () => {
    expect(seen.length).toBeGreaterThan(20)
    for (const error of seen) {
      const e = error as Error & { toJSON(): unknown }
      const text = `${e.message}\n${e.stack}\n${JSON.stringify(e.toJSON())}`
      expect(text).not.toContain(VECTOR.encodingAesKey)
      expect(text).not.toContain(VECTOR.encodingAesKey.slice(0, 16))
      expect(text).not.toMatch(new RegExp(`\\b${VECTOR.token}\\b`))
    }
  })
})
