import {
  createCallbackCrypto,
  imageReply,
  newsReply,
  parseCallbackXml,
  textReply,
  videoReply,
  voiceReply,
} from '@wecom-kit/callback'
import { isWeComValidationError } from '@wecom-kit/core'
import { describe, expect, it } from 'vitest'
import { VECTOR } from './support/wecom.js'

const incoming = parseCallbackXml(VECTOR.message.xml)
const at = { createTime: 1700000000 }

describe('passive reply builders', () => {
  it('text: swaps the ends and keeps any content exact, even "]]>"', () => {
    const xml = textReply(incoming, '收到 <b>]]></b> & done', at)
    expect(xml).toBe(
      '<xml><ToUserName><![CDATA[mycreate]]></ToUserName><FromUserName><![CDATA[wx5823bf96d3bd56c7]]></FromUserName>' +
        '<CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType>' +
        '<Content><![CDATA[收到 <b>]]]]><![CDATA[></b> & done]]></Content></xml>',
    )
    expect(parseCallbackXml(xml)).toMatchObject({
      ToUserName: 'mycreate',
      FromUserName: 'wx5823bf96d3bd56c7',
      CreateTime: 1700000000,
      MsgType: 'text',
      Content: '收到 <b>]]></b> & done',
    })
  })

  it('image, voice, video', () => {
    expect(parseCallbackXml(imageReply(incoming, 'media-1', at))).toMatchObject({
      MsgType: 'image',
      Image: { MediaId: 'media-1' },
    })
    expect(parseCallbackXml(voiceReply(incoming, 'media-2', at))).toMatchObject({
      MsgType: 'voice',
      Voice: { MediaId: 'media-2' },
    })
    expect(
      parseCallbackXml(videoReply(incoming, { MediaId: 'media-3', Title: '标题', Description: '描述' }, at)),
    ).toMatchObject({ MsgType: 'video', Video: { MediaId: 'media-3', Title: '标题', Description: '描述' } })
    expect(videoReply(incoming, { MediaId: 'm' }, at)).toContain(
      '<Video><MediaId><![CDATA[m]]></MediaId></Video>',
    )
  })

  it('news with 1 to 8 articles', () => {
    const articles = [
      { Title: '第一篇', Description: 'd', Url: 'https://a.example', PicUrl: 'https://a.example/1.png' },
      { Title: '第二篇' },
    ]
    const parsed = parseCallbackXml(newsReply(incoming, articles, at))
    expect(parsed).toMatchObject({
      MsgType: 'news',
      ArticleCount: '2',
      Articles: { item: articles },
    })
    for (const count of [0, 9]) {
      const list = Array.from({ length: count }, (_, i) => ({ Title: `t${i}` }))
      let error: unknown
      try {
        newsReply(incoming, list)
      } catch (e) {
        error = e
      }
      expect(isWeComValidationError(error)).toBe(true)
    }
    expect(() =>
      newsReply(
        incoming,
        Array.from({ length: 8 }, () => ({ Title: 't' })),
      ),
    ).not.toThrow()
  })

  it('CreateTime defaults to now', () => {
    const before = Math.floor(Date.now() / 1000)
    const created = parseCallbackXml(textReply(incoming, 'x')).CreateTime as number
    expect(created).toBeGreaterThanOrEqual(before)
    expect(created).toBeLessThanOrEqual(before + 2)
  })

  it('refuses missing values with a validation error', () => {
    expect(() => textReply(incoming, undefined as never)).toThrow(/content/)
    expect(() => imageReply({} as never, 'm')).toThrow(/FromUserName/)
    expect(() => videoReply(incoming, {} as never)).toThrow(/video.MediaId/)
    expect(() => textReply(incoming, 'x', { createTime: 1.5 })).toThrow(/createTime/)
  })

  it('encryptReply wraps a reply so that WeCom can verify and decrypt it', () => {
    const cb = createCallbackCrypto(VECTOR)
    const replyXml = textReply(incoming, 'hi', at)
    const envelope = cb.encryptReply(replyXml, { timestamp: 1700000001, nonce: 'abc' })
    const fields = parseCallbackXml(envelope) as unknown as Record<string, string>
    expect(Object.keys(fields)).toEqual(['Encrypt', 'MsgSignature', 'TimeStamp', 'Nonce'])
    expect(fields.TimeStamp).toBe('1700000001')
    expect(fields.Nonce).toBe('abc')
    expect(cb.verifySignature(fields.MsgSignature!, fields.TimeStamp!, fields.Nonce!, fields.Encrypt!)).toBe(
      true,
    )
    expect(cb.decrypt(fields.Encrypt!)).toBe(replyXml)
    // Fresh timestamp and nonce by default.
    const fresh = parseCallbackXml(cb.encryptReply(replyXml)) as unknown as Record<string, string>
    expect(Math.abs(Number(fresh.TimeStamp) - Date.now() / 1000)).toBeLessThan(5)
    expect(fresh.Nonce).toMatch(/^[0-9a-f]{16}$/)
    expect(() => cb.encryptReply(replyXml, { timestamp: '12<x>' })).toThrow(/timestamp/)
  })

  it('refuses a lone surrogate, naming the field, rather than sending U+FFFD', () => {
    const issuePath = (run: () => unknown) => {
      try {
        run()
      } catch (error) {
        expect(isWeComValidationError(error)).toBe(true)
        return (error as { issues: { path: string }[] }).issues[0]?.path
      }
      return expect.unreachable('no error')
    }
    expect(issuePath(() => textReply(incoming, 'half an emoji: \ud83d', at))).toBe('content')
    expect(issuePath(() => newsReply(incoming, [{ Title: 'ok' }, { Title: '\udc00' }], at))).toBe(
      'articles.1.Title',
    )
    expect(issuePath(() => textReply({ ...incoming, FromUserName: 'u\ud800' }, 'hi', at))).toBe(
      'FromUserName of the message answered',
    )
    // A whole pair is fine.
    expect(parseCallbackXml(textReply(incoming, 'emoji: 😀', at))).toMatchObject({ Content: 'emoji: 😀' })
  })
})
