// Pinned: the exported validation helpers take anything a JavaScript caller passes, and answer
// with a result or a WeComValidationError, never a raw TypeError (found by test/hostile).
import { isWeComValidationError } from '@wecom-kit/core'
import { charLength, maxBytes, maxChars, utf8Length } from '@wecom-kit/core/resource-kit'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { throwsValidationError } from '../../../test/support/throws.js'

describe('charLength and utf8Length', () => {
  it('count code points and UTF-8 bytes of a string', () => {
    expect(charLength('a中😀')).toBe(3)
    expect(utf8Length('a中😀')).toBe(1 + 3 + 4)
  })

  it('refuse what is not a string with a WeComValidationError', () => {
    for (const odd of [undefined, null, 5, ['你好'], Object.create(null), Symbol('x')]) {
      expect(throwsValidationError(() => charLength(odd as never))).toBe(true)
      expect(throwsValidationError(() => utf8Length(odd as never))).toBe(true)
    }
  })
})

describe('maxChars and maxBytes', () => {
  it('check a limit given as a whole number', () => {
    expect(v.safeParse(v.pipe(v.string(), maxChars(2)), '中文').success).toBe(true)
    expect(v.safeParse(v.pipe(v.string(), maxBytes(2)), '中').success).toBe(false)
  })

  it('refuse a limit or message that is not one, instead of a TypeError or a check that passes everything', () => {
    for (const [max, message] of [
      [Object.create(null), undefined],
      [Number.NaN, undefined],
      [-1, undefined],
      ['10', undefined],
      [10, Symbol('m')],
    ] as const) {
      expect(throwsValidationError(() => maxChars(max as never, message as never))).toBe(true)
      expect(throwsValidationError(() => maxBytes(max as never, message as never))).toBe(true)
    }
  })
})

describe('lone surrogates (encodeURIComponent would throw a URIError)', () => {
  it('isWellFormed tells them from paired surrogates', async () => {
    const { isWellFormed } = await import('@wecom-kit/core/resource-kit')
    expect(isWellFormed('张三😀')).toBe(true)
    expect(isWellFormed('a\ud800')).toBe(false)
    expect(isWellFormed('\udc00b')).toBe(false)
  })

  it('a query value holding one is refused before any request, gettoken included', async () => {
    const { createClient } = await import('@wecom-kit/core')
    let requests = 0
    const client = createClient({
      corpId: 'ww0123456789',
      corpSecret: 'secret-0123456789',
      fetch: async () => {
        requests++
        return new Response('{"errcode":0,"errmsg":"ok","access_token":"t","expires_in":7200}')
      },
    })
    const error = await client.request('user/get', { query: { userid: 'zhang\ud800' } }).catch((e) => e)
    expect(isWeComValidationError(error)).toBe(true)
    expect(error.issues[0].path).toBe('query.userid')
    expect(requests).toBe(0)
  })

  it('createClient refuses a corpId holding one', async () => {
    const { createClient } = await import('@wecom-kit/core')
    expect(throwsValidationError(() => createClient({ corpId: 'ww\ud800', corpSecret: 's' }))).toBe(true)
  })
})
