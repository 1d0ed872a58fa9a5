import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { jsapiSignature } from '../src/corp/tickets.js'
import { sha1Hex } from '../src/wecom/sha1.js'
import { FACES, useFace } from './support/faces.js'

const sign = (ticket: string, nonceStr: string, timestamp: number, url: string) =>
  createHash('sha1')
    .update(`jsapi_ticket=${ticket}&noncestr=${nonceStr}&timestamp=${timestamp}&url=${url.split('#')[0]}`)
    .digest('hex')

describe.each(FACES)('JS-SDK tickets ($name)', (face) => {
  const { sim, call, token } = useFace(face)

  it('issues the corp ticket for 7200 s and hands the live one out again', async () => {
    const first = await call('get_jsapi_ticket')
    expect(first.body).toEqual({ errcode: 0, errmsg: 'ok', ticket: expect.any(String), expires_in: 7200 })
    const second = await call('get_jsapi_ticket')
    expect(second.body.ticket).toBe(first.body.ticket)
    expect(second.body.expires_in).toBeLessThanOrEqual(7200)
    expect(sim.countCalls('get_jsapi_ticket')).toBe(2)
  })

  it('issues a new ticket after expireTickets', async () => {
    const old = (await call('get_jsapi_ticket')).body.ticket
    const oldAgent = (await call('ticket/get', { query: { type: 'agent_config' } })).body.ticket
    sim.expireTickets()
    expect((await call('get_jsapi_ticket')).body.ticket).not.toBe(old)
    expect((await call('ticket/get', { query: { type: 'agent_config' } })).body.ticket).not.toBe(oldAgent)
  })

  it("answers the token's app ticket for agent_config, one per app, and 91040 for another type", async () => {
    sim.addAgent({ agentid: 1000003, name: '审批', secret: 'approval-secret' })
    const corpApp = await call('ticket/get', { query: { type: 'agent_config' } })
    expect(corpApp.body).toEqual({ errcode: 0, errmsg: 'ok', ticket: expect.any(String), expires_in: 7200 })
    expect(corpApp.body.ticket).not.toBe((await call('get_jsapi_ticket')).body.ticket)

    const own = await call('gettoken', {
      query: { corpid: sim.corpId, corpsecret: 'approval-secret' },
      token: false,
    })
    expect(own.body.access_token).not.toBe(await token())
    const approval = await call('ticket/get', {
      query: { type: 'agent_config', access_token: own.body.access_token },
      token: false,
    })
    expect(approval.body.ticket).not.toBe(corpApp.body.ticket)

    expect((await call('ticket/get', { query: { type: 'jsapi' } })).body.errcode).toBe(91040)
    expect((await call('ticket/get')).body.errcode).toBe(91040)
  })

  it('verifies signatures made with the tickets it issued', async () => {
    const ticket = (await call('get_jsapi_ticket')).body.ticket as string
    const agentTicket = (await call('ticket/get', { query: { type: 'agent_config' } })).body.ticket as string
    const url = 'https://app.example.com/page?x=1#/route'
    const config = { url, nonceStr: 'Wm3WZYTPz0wzccnW', timestamp: 1414587457 }

    const signature = sign(ticket, config.nonceStr, config.timestamp, url)
    expect(sim.verifyJsapiSignature({ ...config, signature })).toBe(true)
    expect(sim.verifyJsapiSignature({ ...config, timestamp: '1414587457', signature })).toBe(true)
    expect(sim.verifyJsapiSignature({ ...config, url: 'https://app.example.com/page?x=1', signature })).toBe(
      true,
    )
    expect(sim.verifyJsapiSignature({ ...config, url: 'https://app.example.com/other', signature })).toBe(
      false,
    )
    expect(sim.verifyJsapiSignature({ ...config, nonceStr: 'other', signature })).toBe(false)
    expect(sim.verifyJsapiSignature({ ...config, signature, ticketType: 'agent' })).toBe(false)

    const agentSignature = sign(agentTicket, config.nonceStr, config.timestamp, url)
    expect(sim.verifyJsapiSignature({ ...config, signature: agentSignature, ticketType: 'agent' })).toBe(true)
    expect(
      sim.verifyJsapiSignature({
        ...config,
        signature: agentSignature,
        ticketType: 'agent',
        agentid: 1000002,
      }),
    ).toBe(true)
    expect(
      sim.verifyJsapiSignature({ ...config, signature: agentSignature, ticketType: 'agent', agentid: 9 }),
    ).toBe(false)

    sim.expireTickets()
    expect(sim.verifyJsapiSignature({ ...config, signature })).toBe(false)
  })

  it('verifies nothing before a ticket was issued', () => {
    expect(
      sim.verifyJsapiSignature({ url: 'https://a.b', nonceStr: 'n', timestamp: 1, signature: 'x' }),
    ).toBe(false)
  })
})

describe('the signature algorithm', () => {
  it('reproduces the official example', () => {
    const ticket = 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg'
    expect(
      jsapiSignature(ticket, 'Wm3WZYTPz0wzccnW', 1414587457, 'http://mp.weixin.qq.com?params=value'),
    ).toBe('0f9de62fce790f9a083d5c99e95740ceb90c27ed')
  })

  it.each([
    ['empty', ''],
    ['abc', 'abc'],
    ['55 bytes', 'a'.repeat(55)],
    ['56 bytes', 'a'.repeat(56)],
    ['64 bytes', 'a'.repeat(64)],
    ['multi-byte text', '企业微信'.repeat(50)],
  ])('computes SHA-1 like node:crypto: %s', (_, text) => {
    expect(sha1Hex(text)).toBe(createHash('sha1').update(text).digest('hex'))
  })
})
