import { createHash } from 'node:crypto'
import { createNonce, sha1Hex, signJsapi } from '@wecom-kit/jssdk'
import { describe, expect, it } from 'vitest'
import { throwsValidationError } from '../../../test/support/throws.js'

describe('signJsapi', () => {
  it("reproduces the official docs' worked example", () => {
    expect(
      signJsapi({
        ticket: 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg',
        nonceStr: 'Wm3WZYTPz0wzccnW',
        timestamp: 1414587457,
        url: 'http://mp.weixin.qq.com?params=value',
      }),
    ).toBe('0f9de62fce790f9a083d5c99e95740ceb90c27ed')
  })

  it('ignores the #fragment of the URL', () => {
    const base = { ticket: 't', nonceStr: 'n', timestamp: '1' }
    expect(signJsapi({ ...base, url: 'https://a.example/p?x=1#/route?y=2' })).toBe(
      signJsapi({ ...base, url: 'https://a.example/p?x=1' }),
    )
  })
})

describe('sha1Hex', () => {
  it('agrees with node:crypto on random strings of every padding length', () => {
    const alphabet = 'abc中文😀\n=&#'
    for (let length = 0; length < 200; length++) {
      let text = ''
      for (let i = 0; i < length; i++) text += [...alphabet][Math.floor(Math.random() * [...alphabet].length)]
      expect(sha1Hex(text)).toBe(createHash('sha1').update(text, 'utf8').digest('hex'))
    }
  })

  it('handles a long message', () => {
    const text = 'x'.repeat(100_000)
    expect(sha1Hex(text)).toBe(createHash('sha1').update(text).digest('hex'))
  })
})

describe('createNonce', () => {
  it('gives 16 letters and digits, different every time', () => {
    const nonces = new Set(Array.from({ length: 1000 }, () => createNonce()))
    expect(nonces.size).toBe(1000)
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9]{16}$/)
  })

  it('uses every symbol about equally', () => {
    const counts = new Map<string, number>()
    for (const c of createNonce(62_000)) counts.set(c, (counts.get(c) ?? 0) + 1)
    expect(counts.size).toBe(62)
    for (const n of counts.values()) expect(Math.abs(n - 1000)).toBeLessThan(200)
  })
})

describe('hostile input (pinned)', () => {
  it('createNonce refuses a length that would hang, allocate gigabytes or throw a RangeError', () => {
    for (const length of [Number.POSITIVE_INFINITY, 1e9, 2 ** 31, 1.5, Number.NaN, 0, -1, '16']) {
      expect(
        throwsValidationError(() => createNonce(length as number)),
        String(length),
      ).toBe(true)
    }
    expect(createNonce(1)).toMatch(/^[A-Za-z0-9]$/)
  })

  it('signJsapi and sha1Hex refuse what is not their input with a WeComValidationError, not a TypeError', () => {
    const valid = { ticket: 't', nonceStr: 'n', timestamp: 1414587457, url: 'https://a.example/' }
    const odd = [
      null,
      undefined,
      'text',
      { ...valid, url: 5 },
      { ...valid, ticket: undefined },
      { ...valid, timestamp: 1.5 },
    ]
    for (const input of odd)
      expect(
        throwsValidationError(() => signJsapi(input as never)),
        JSON.stringify(input),
      ).toBe(true)
    for (const input of [Symbol('x'), Object.create(null), 5, undefined]) {
      expect(throwsValidationError(() => sha1Hex(input as never))).toBe(true)
    }
  })
})
