import { createHash } from 'node:crypto'
import { createClient, isWeComNetworkError, memoryTokenStore } from '@wecom-kit/core'
import {
  jssdk,
  signJsapi,
  signAgentConfig as standaloneSignAgentConfig,
  signConfig as standaloneSignConfig,
} from '@wecom-kit/jssdk'
import { beforeEach, describe, expect, it, vi } from 'vitest'
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

describe('signatures for ww.register', () => {
  const url = 'https://app.example.com/page?x=1#/route'

  it('signConfig gives { timestamp, nonceStr, signature } that verifies with the corp ticket', async () => {
    const c = client()
    const signed = await c.jssdk.signConfig(url)
    expect(Object.keys(signed).sort()).toEqual(['nonceStr', 'signature', 'timestamp'])
    expect(signed.nonceStr).toMatch(/^[A-Za-z0-9]{16}$/)
    expect(Math.abs(signed.timestamp - Date.now() / 1000)).toBeLessThan(5)
    expect(sim.verifyJsapiSignature({ url, ...signed })).toBe(true)
    // The scheme itself, by node:crypto: SHA-1 of the four fields, the URL cut at '#'.
    const ticket = await c.jssdk.getTicket()
    const text = `jsapi_ticket=${ticket}&noncestr=${signed.nonceStr}&timestamp=${signed.timestamp}&url=https://app.example.com/page?x=1`
    expect(signed.signature).toBe(createHash('sha1').update(text).digest('hex'))
  })

  it('signAgentConfig signs with the agent ticket, of the client or the agentId given', async () => {
    const c = client()
    const signed = await c.jssdk.signAgentConfig(url)
    expect(sim.verifyJsapiSignature({ url, ...signed, ticketType: 'agent', agentid: 1000002 })).toBe(true)
    expect(sim.verifyJsapiSignature({ url, ...signed })).toBe(false)
    expect(sim.requests.find((r) => r.path === 'ticket/get')?.query).toMatchObject({ type: 'agent_config' })
    // Tickets are cached per agent: another agentId is another ticket.
    const other = await standaloneSignAgentConfig(c, url, { agentId: 1000005 })
    expect(Object.keys(other).sort()).toEqual(['nonceStr', 'signature', 'timestamp'])
    expect(sim.countCalls('ticket/get')).toBe(2)
  })

  it('shares the cached tickets with getConfig: one fetch of each', async () => {
    const c = client()
    await Promise.all([
      c.jssdk.signConfig(url),
      standaloneSignConfig(c, url),
      c.jssdk.getConfig({ url, jsApiList: ['scanQRCode'] }),
      c.jssdk.signAgentConfig(url),
      c.jssdk.getAgentConfig({ url, jsApiList: ['selectExternalContact'] }),
    ])
    await c.jssdk.signConfig(url)
    expect(sim.countCalls('get_jsapi_ticket')).toBe(1)
    expect(sim.countCalls('ticket/get')).toBe(1)
  })

  it('surfaces a WeCom error, named by the path that failed', async () => {
    sim.failNext('get_jsapi_ticket', { errcode: 45009, errmsg: 'api freq out of limit' })
    const corp = await apiError(client().jssdk.signConfig(url))
    expect([corp.errcode, corp.path]).toEqual([45009, 'get_jsapi_ticket'])
    sim.failNext('ticket/get', { errcode: 48002, errmsg: 'api forbidden' })
    const agent = await apiError(client().jssdk.signAgentConfig(url))
    expect([agent.errcode, agent.path]).toEqual([48002, 'ticket/get'])
  })

  it.each([
    ['not a URL', 'not a url'],
    ['a relative URL', '/page'],
    ['a non-http URL', 'javascript:alert(1)'],
    ['a lone surrogate', 'https://app.example.com/\ud800'],
    ['a number', 42],
    ['nothing', undefined],
  ])('rejects %s before sending', async (_label, bad) => {
    await rejectsBeforeSending(sim, () => client().jssdk.signConfig(bad as never))
    await rejectsBeforeSending(sim, () => client().jssdk.signAgentConfig(bad as never))
  })

  it('rejects bad options before sending', async () => {
    const c = client()
    await rejectsBeforeSending(sim, () => c.jssdk.signConfig(url, { timeout: 0 }), { path: 'timeout' })
    await rejectsBeforeSending(sim, () => c.jssdk.signConfig(url, { signal: 'stop' as never }), {
      path: 'signal',
    })
    await rejectsBeforeSending(sim, () => c.jssdk.signAgentConfig(url, { agentId: 2 ** 31 }))
    const noAgent = createClient({ corpId: 'wwjs', corpSecret: 'js-secret' }).with(jssdk)
    await rejectsBeforeSending(sim, () => noAgent.jssdk.signAgentConfig(url), { path: 'agentId' })
  })
})

describe('per-call timeout and signal on the shared ticket fetch', () => {
  const url = 'https://app.example.com/'

  it('a call stops waiting at its own timeout; the shared fetch goes on for the others', async () => {
    sim.setLatency(600, 'get_jsapi_ticket')
    const c = client()
    const patient = c.jssdk.signConfig(url)
    const started = performance.now()
    const error = await c.jssdk.signConfig(url, { timeout: 50 }).catch((e: unknown) => e)
    const waited = performance.now() - started
    expect(isWeComNetworkError(error)).toBe(true)
    expect(error).toMatchObject({ timeout: true, path: 'get_jsapi_ticket' })
    expect(waited).toBeLessThan(500)
    expect(sim.verifyJsapiSignature({ url, ...(await patient) })).toBe(true)
    expect(sim.countCalls('get_jsapi_ticket')).toBe(1)
  })

  it('the agent ticket honours timeout too, and its errors name ticket/get', async () => {
    sim.setLatency(600, 'ticket/get')
    const error = await client()
      .jssdk.getAgentTicket(undefined, { timeout: 50 })
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ timeout: true, path: 'ticket/get' })
    const aborted = await client()
      .jssdk.signAgentConfig(url, { signal: AbortSignal.abort() })
      .catch((e: unknown) => e)
    expect(aborted).toMatchObject({ aborted: true, path: 'ticket/get' })
  })

  it('a signal aborting mid-fetch rejects that call at once', async () => {
    sim.setLatency(600, 'get_jsapi_ticket')
    const controller = new AbortController()
    const call = client().jssdk.getConfig({ url, jsApiList: ['x'] }, { signal: controller.signal })
    setTimeout(() => controller.abort(), 30)
    const started = performance.now()
    const error = await call.catch((e: unknown) => e)
    expect(error).toMatchObject({ aborted: true, path: 'get_jsapi_ticket' })
    expect(performance.now() - started).toBeLessThan(500)
  })

  it('a timeout longer than the fetch changes nothing', async () => {
    sim.setLatency(30, 'get_jsapi_ticket')
    const signed = await client().jssdk.signConfig(url, { timeout: 5_000 })
    expect(sim.verifyJsapiSignature({ url, ...signed })).toBe(true)
  })
})

describe('one signal shared by many ticket waits', () => {
  it('adds one listener to the caller’s signal, not one per call (no MaxListeners warning)', async () => {
    const c = client()
    const controller = new AbortController()
    const added = vi.spyOn(controller.signal, 'addEventListener')
    const configs = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        c.jssdk.signConfig(`https://example.com/page${i}`, { signal: controller.signal }),
      ),
    )
    expect(configs).toHaveLength(30)
    expect(added.mock.calls.filter(([type]) => type === 'abort')).toHaveLength(1)
  })
})
