// Pinned: inputs the hostile-input properties (test/hostile) found to end in a raw TypeError,
// a silent wrong answer or a leaked internal. Each must be a typed error, or the right answer.
import {
  createCallbackCrypto,
  isKnownCallbackMessage,
  memoryDedupStore,
  newsReply,
  parseCallbackXml,
  textReply,
  videoReply,
} from '@wecom-kit/callback'
import { describe, expect, it } from 'vitest'
import { throwsValidationError } from '../../../test/support/throws.js'
import { envelope, VECTOR } from './support/wecom.js'

const to = { ToUserName: 'wwcorp', FromUserName: 'zhangsan' }

describe('parsing', () => {
  it('parseCallbackXml and decryptMessage refuse what is not a string (a Buffer, say) with a WeComValidationError', () => {
    const cb = createCallbackCrypto(VECTOR)
    const { msg_signature, timestamp, nonce, encrypt } = VECTOR.message
    for (const odd of [Buffer.from(VECTOR.message.xml), undefined, null, 42, {}]) {
      expect(throwsValidationError(() => parseCallbackXml(odd as never))).toBe(true)
      expect(
        throwsValidationError(() => cb.decryptMessage(odd as never, { msg_signature, timestamp, nonce })),
      ).toBe(true)
    }
    expect(() => parseCallbackXml(Buffer.from('<xml/>') as never)).toThrow(/toString\("utf8"\)/)
    expect(
      cb.decryptMessage(envelope(encrypt, VECTOR.receiveId), { msg_signature, timestamp, nonce }),
    ).toMatchObject({
      Content: 'hello',
    })
  })

  it('isKnownCallbackMessage is false for what is not a message, never a TypeError', () => {
    for (const odd of [undefined, null, 42, 'text']) expect(isKnownCallbackMessage(odd as never)).toBe(false)
  })
})

describe('replies', () => {
  it('optional fields must be strings: an object there is a WeComValidationError, not a TypeError', () => {
    expect(throwsValidationError(() => videoReply(to, { MediaId: 'M', Title: Object.create(null) }))).toBe(
      true,
    )
    expect(throwsValidationError(() => videoReply(to, { MediaId: 'M', Description: 5 as never }))).toBe(true)
    expect(throwsValidationError(() => newsReply(to, [{ Title: 't', Url: { href: 'x' } as never }]))).toBe(
      true,
    )
  })

  it('an articles array with an own "constructor" is read as an array, not through Symbol.species', () => {
    const articles = Object.defineProperty([{ Title: 't' }], 'constructor', { value: 5 })
    expect(newsReply(to, articles, { createTime: 1 })).toContain('<ArticleCount>1</ArticleCount>')
  })

  it('null options mean the defaults', () => {
    expect(textReply(to, 'hi', null as never)).toContain('<Content><![CDATA[hi]]></Content>')
  })
})

describe('the crypto object', () => {
  const cb = createCallbackCrypto(VECTOR)

  it('holds exactly the methods of its type: the handler’s internal openMessage stays internal', () => {
    expect(Object.keys(cb).sort()).toEqual(
      [
        'decrypt',
        'decryptMessage',
        'encrypt',
        'encryptReply',
        'receiveId',
        'signature',
        'verifySignature',
        'verifyUrl',
      ].sort(),
    )
  })

  it('refuses inputs that are not strings instead of signing "[object Object]" or throwing a TypeError', () => {
    expect(throwsValidationError(() => cb.signature(1, {} as never, [] as never))).toBe(true)
    expect(throwsValidationError(() => cb.signature(Symbol('t') as never, 'n', 'e'))).toBe(true)
    expect(cb.verifySignature(Object.create(null), '1', 'n', 'e')).toBe(false)
    expect(throwsValidationError(() => cb.encrypt(5 as never))).toBe(true)
    expect(throwsValidationError(() => cb.encrypt('x', { random: 'abcdefghijklmnop' as never }))).toBe(true)
    expect(throwsValidationError(() => cb.encryptReply('x', { nonce: 5 as never }))).toBe(true)
    expect(throwsValidationError(() => cb.encryptReply('x', { timestamp: {} as never }))).toBe(true)
  })

  it('null options mean the defaults', () => {
    expect(cb.decrypt(cb.encrypt('x', null as never))).toBe('x')
    expect(cb.encryptReply('x', null as never)).toMatch(/^<xml><Encrypt>/)
  })
})

describe('the memory dedup store', () => {
  it('null options mean the defaults; a maxEntries that is not a whole number >= 1 is refused', () => {
    expect(memoryDedupStore(null as never).claim('k', 1_000)).toBe(true)
    for (const maxEntries of [0, -1, 1.5, Number.NaN, '10']) {
      expect(throwsValidationError(() => memoryDedupStore({ maxEntries: maxEntries as number }))).toBe(true)
    }
  })
})
