// Plays WeCom's side in tests: signs and encrypts URL checks and messages the way WeCom does,
// and opens the app's encrypted replies.
import { randomBytes } from 'node:crypto'
import { createCallbackCrypto } from '@wecom-kit/callback'
import { expect } from 'vitest'

/** The official test vector (Tencent's WXBizMsgCrypt samples, the docs' worked example). */
export const VECTOR = {
  token: 'QDG6eK',
  encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  receiveId: 'wx5823bf96d3bd56c7',
  verifyUrl: {
    msg_signature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
    timestamp: '1409659589',
    nonce: '263014780',
    echostr: 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==',
    random: 'c41b64491c2468d0',
    echo: '1616140317555161061',
  },
  message: {
    msg_signature: '477715d11cdb4164915debcba66cb864d751f3e6',
    timestamp: '1409659813',
    nonce: '1372623149',
    encrypt:
      'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==',
    random: '0960688932c47ef1',
    xml:
      '<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>\n' +
      '<FromUserName><![CDATA[mycreate]]></FromUserName>\n' +
      '<CreateTime>1409659813</CreateTime>\n' +
      '<MsgType><![CDATA[text]]></MsgType>\n' +
      '<Content><![CDATA[hello]]></Content>\n' +
      '<MsgId>4561255354251345929</MsgId>\n' +
      '<AgentID>218</AgentID>\n' +
      '</xml>',
  },
} as const

/** The POST body WeCom wraps a message in. */
export function envelope(encrypt: string, corpId: string, agentId = '218'): string {
  return (
    `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName>` +
    `<Encrypt><![CDATA[${encrypt}]]></Encrypt><AgentID><![CDATA[${agentId}]]></AgentID></xml>`
  )
}

export const now = () => String(Math.floor(Date.now() / 1000))
const nonce = () => String(randomBytes(4).readUInt32BE())

/** A text message as WeCom posts it, decrypted. */
export function textXml(content: string, options: { msgId?: string; from?: string; corpId?: string } = {}) {
  return (
    `<xml><ToUserName><![CDATA[${options.corpId ?? 'wwcorp'}]]></ToUserName>` +
    `<FromUserName><![CDATA[${options.from ?? 'zhangsan'}]]></FromUserName>` +
    `<CreateTime>${now()}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
    `<Content><![CDATA[${content}]]></Content><MsgId>${options.msgId ?? '9007199254740993123'}</MsgId>` +
    '<AgentID>1000002</AgentID></xml>'
  )
}

export function fakeWeCom(options: { token: string; encodingAesKey: string; corpId: string }) {
  const cb = createCallbackCrypto({ ...options, receiveId: options.corpId })
  return {
    crypto: cb,
    /** The query of a URL check, and the echo it must be answered with. */
    urlCheck(overrides: { timestamp?: string } = {}) {
      const echo = String(randomBytes(8).readBigUInt64BE())
      const echostr = cb.encrypt(echo)
      const timestamp = overrides.timestamp ?? now()
      const n = nonce()
      const query = new URLSearchParams({
        msg_signature: cb.signature(timestamp, n, echostr),
        timestamp,
        nonce: n,
        echostr,
      })
      return { query: query.toString(), echo }
    },
    /** A message POST: its query string and body. */
    post(xml: string, overrides: { timestamp?: string } = {}) {
      const encrypt = cb.encrypt(xml)
      const timestamp = overrides.timestamp ?? now()
      const n = nonce()
      const query = new URLSearchParams({
        msg_signature: cb.signature(timestamp, n, encrypt),
        timestamp,
        nonce: n,
      })
      return { query: query.toString(), body: envelope(encrypt, options.corpId) }
    },
    /** Checks an encrypted passive reply's signature and returns its plaintext. */
    openReply(body: string): string {
      const field = (name: string) => {
        const match = new RegExp(`<${name}>(?:<!\\[CDATA\\[)?(.*?)(?:\\]\\]>)?</${name}>`).exec(body)
        expect(match, `<${name}> in the reply`).not.toBeNull()
        return match![1]!
      }
      const encrypt = field('Encrypt')
      expect(cb.verifySignature(field('MsgSignature'), field('TimeStamp'), field('Nonce'), encrypt)).toBe(
        true,
      )
      return cb.decrypt(encrypt)
    },
  }
}
