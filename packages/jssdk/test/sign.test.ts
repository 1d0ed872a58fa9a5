import { createHash } from 'node:crypto'
import { createNonce, sha1Hex, signJsapi } from '@wecom-kit/jssdk'
import { describe, expect, it } from 'vitest'

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
