import { createClient, memoryTokenStore } from '@wecom-kit/core'
import { jssdk, signJsapi } from '@wecom-kit/jssdk'
import { beforeEach, describe, expect, it } from 'vitest'
import { apiError, FAST_RETRY, rejectsBeforeSending, useSimulator } from '../../../test/support/resource.js'

const { sim } = useSimulator({ corpId: 'wwjs', corpSecret: 'js-secret' })
const client = (extra: object = {}) =>
  createClient({
    corpId: 'wwjs',
    corpSecret: 'js-secret',
    agentId: 1000002,
    retry: FAST_RETRY,
    ...extra,
  }).with(jssdk)

beforeEach(() => {
  sim.reset()
  sim.clearRequests()
})

describe('tickets', () => {
  it('fetches the jsapi ticket once for 100 concurrent callers', async () => {
    const c = client()
    const tickets = await Promise.all(Array.from({ length: 100 }, () => c.jssdk.getTicket()))
    expect(new Set(tickets).size).toBe(1)
    expect(sim.countCalls('get_jsapi_ticket')).toBe(1)
  })

  it('keeps the agent ticket apart from the corp ticket, per agent', async () => {
    const c = client()
    const corp = await c.jssdk.getTicket()
    const agent = await c.jssdk.getAgentTicket()
    expect(agent).not.toBe(corp)
    expect(sim.requests.find((r) => r.path === 'ticket/get')?.query).toMatchObject({ type: 'agent_config' })
    await c.jssdk.getAgentTicket()
    expect(sim.countCalls('ticket/get')).toBe(1)
  })

  it('shares tickets through the token store between clients (processes)', async () => {
    const tokenStore = memoryTokenStore()
    await client({ tokenStore }).jssdk.getTicket()
    await client({ tokenStore }).jssdk.getTicket()
    expect(sim.countCalls('get_jsapi_ticket')).toBe(1)
  })

  it('surfaces a WeCom error', async () => {
    sim.failNext('get_jsapi_ticket', { errcode: 45009, errmsg: 'api freq out of limit' })
    expect((await apiError(client().jssdk.getTicket())).errcode).toBe(45009)
  })

  it('needs an agentId for the agent ticket', async () => {
    const noAgent = createClient({ corpId: 'wwjs', corpSecret: 'js-secret' }).with(jssdk)
    await rejectsBeforeSending(sim, () => noAgent.jssdk.getAgentTicket())
  })
})

describe('configs', () => {
  it('getConfig gives what wx.config takes, with a signature that verifies', async () => {
    const url = 'https://app.example.com/page?x=1#/route'
    const config = await client().jssdk.getConfig({ url, jsApiList: ['scanQRCode'], debug: true })
    expect(config).toMatchObject({ appId: 'wwjs', debug: true, jsApiList: ['scanQRCode'] })
    expect(config.nonceStr).toMatch(/^[A-Za-z0-9]{16}$/)
    expect(Math.abs(config.timestamp - Date.now() / 1000)).toBeLessThan(5)
    expect(
      sim.verifyJsapiSignature({
        url,
        nonceStr: config.nonceStr,
        timestamp: config.timestamp,
        signature: config.signature,
      }),
    ).toBe(true)
    const ticket = await client().jssdk.getTicket()
    expect(config.signature).toBe(
      signJsapi({ ticket, nonceStr: config.nonceStr, timestamp: config.timestamp, url }),
    )
  })

  it('getAgentConfig gives what wx.agentConfig takes, signed with the agent ticket', async () => {
    const url = 'https://app.example.com/contacts'
    const config = await client().jssdk.getAgentConfig({ url, jsApiList: ['selectExternalContact'] })
    expect(config).toMatchObject({ corpid: 'wwjs', agentid: 1000002, jsApiList: ['selectExternalContact'] })
    expect(
      sim.verifyJsapiSignature({
        url,
        nonceStr: config.nonceStr,
        timestamp: config.timestamp,
        signature: config.signature,
        ticketType: 'agent',
        agentid: 1000002,
      }),
    ).toBe(true)
  })

  it('two configs for the same page differ in nonce', async () => {
    const c = client()
    const [a, b] = await Promise.all([
      c.jssdk.getConfig({ url: 'https://a.example/', jsApiList: ['x'] }),
      c.jssdk.getConfig({ url: 'https://a.example/', jsApiList: ['x'] }),
    ])
    expect(a.nonceStr).not.toBe(b.nonceStr)
  })

  it.each([
    ['a relative url', { url: '/page', jsApiList: ['x'] }],
    ['a non-http url', { url: 'file:///page', jsApiList: ['x'] }],
    ['no APIs', { url: 'https://a.example/', jsApiList: [] }],
  ])('rejects %s before sending', async (_label, request) => {
    await rejectsBeforeSending(sim, () => client().jssdk.getConfig(request))
    await rejectsBeforeSending(sim, () => client().jssdk.getAgentConfig(request))
  })
})
