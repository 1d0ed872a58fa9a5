import { createCallbackCrypto, parseSuiteCallbackXml } from '@wecom-kit/callback'
import { createProviderSimulator, type ProviderSimulator } from '@wecom-kit/testing'
import { beforeEach, describe, expect, it } from 'vitest'

// The provider world through `handle()`: what a suite SDK sees, errcodes and all.

type Json = Record<string, any>

async function call(
  sim: ProviderSimulator,
  path: string,
  options: { query?: Record<string, string>; json?: unknown; method?: 'GET' | 'POST' } = {},
): Promise<Json> {
  const url = new URL(path, sim.baseUrl)
  for (const [name, value] of Object.entries(options.query ?? {})) url.searchParams.set(name, value)
  const method = options.method ?? (options.json === undefined ? 'GET' : 'POST')
  const body = options.json === undefined ? null : JSON.stringify(options.json)
  const response = await sim.handle(new Request(url, { method, body }))
  return (await response.json()) as Json
}

async function suiteToken(sim: ProviderSimulator): Promise<string> {
  if (!sim.suiteTicket()) await sim.pushSuiteTicket()
  const answer = await call(sim, 'service/get_suite_token', {
    json: {
      suite_id: sim.suite.suiteId,
      suite_secret: sim.suite.suiteSecret,
      suite_ticket: sim.suiteTicket(),
    },
  })
  expect(answer.errcode).toBe(0)
  return answer.suite_access_token
}

/** Installs the suite in a corp and exchanges its auth_code: the corp's permanent code. */
async function install(sim: ProviderSimulator, corpId: string): Promise<string> {
  const { authCode } = await sim.authorize({ corpId })
  const answer = await call(sim, 'service/get_permanent_code', {
    query: { suite_access_token: await suiteToken(sim) },
    json: { auth_code: authCode },
  })
  expect(answer.errcode).toBe(0)
  return answer.permanent_code
}

async function corpToken(sim: ProviderSimulator, corpId: string, permanentCode: string): Promise<Json> {
  return call(sim, 'service/get_corp_token', {
    query: { suite_access_token: await suiteToken(sim) },
    json: { auth_corpid: corpId, permanent_code: permanentCode },
  })
}

let time = 1_700_000_000_000
let sim: ProviderSimulator
beforeEach(() => {
  time = 1_700_000_000_000
  sim = createProviderSimulator({ clock: () => time })
})

describe('suite tickets', () => {
  it('pushes one every 10 minutes of the clock, none before', async () => {
    await sim.advanceTime(9 * 60_000)
    expect(sim.suiteNotices()).toHaveLength(0)
    await sim.advanceTime(60_000)
    await sim.advanceTime(25 * 60_000)
    const tickets = sim.suiteNotices().map((record) => record.notice)
    expect(tickets).toHaveLength(3)
    expect(tickets[0]).toMatchObject({ SuiteId: 'wwsimsuite', InfoType: 'suite_ticket' })
    expect(new Set(tickets.map((ticket) => ticket.SuiteTicket)).size).toBe(3)
    expect(sim.suiteTicket()).toBe(tickets[2]!.SuiteTicket)
  })

  it('follows an injected clock through tick()', async () => {
    time += 20 * 60_000
    expect(await sim.tick()).toHaveLength(2)
    expect(await sim.tick()).toHaveLength(0)
  })

  it('encrypts them as WeCom does: receiveId is the suite id', async () => {
    const record = await sim.pushSuiteTicket()
    const xml = record.xml
    expect(parseSuiteCallbackXml(xml)).toMatchObject({
      InfoType: 'suite_ticket',
      SuiteTicket: sim.suiteTicket(),
    })
    const cb = createCallbackCrypto({
      token: sim.suite.token,
      encodingAesKey: sim.suite.encodingAesKey,
      receiveId: sim.suite.suiteId,
    })
    expect(cb.decrypt(cb.encrypt(xml))).toBe(xml)
  })
})

describe('service/get_suite_token', () => {
  it('answers a token for the latest ticket, the same one while it lives', async () => {
    const first = await suiteToken(sim)
    expect(await suiteToken(sim)).toBe(first)
    const answer = await call(sim, 'service/get_pre_auth_code', { query: { suite_access_token: first } })
    expect(answer).toMatchObject({ errcode: 0, expires_in: 1200 })
    expect(answer.pre_auth_code).toEqual(expect.any(String))
  })

  it('refuses a wrong ticket, a ticket past its 30 minutes, a wrong suite and a wrong secret', async () => {
    const { suiteId, suiteSecret } = sim.suite
    await sim.pushSuiteTicket()
    const ticket = sim.suiteTicket()
    const ask = (json: Json) => call(sim, 'service/get_suite_token', { json })
    expect((await ask({ suite_id: suiteId, suite_secret: suiteSecret, suite_ticket: 'nope' })).errcode).toBe(
      40085,
    )
    expect((await ask({ suite_id: 'other', suite_secret: suiteSecret, suite_ticket: ticket })).errcode).toBe(
      40083,
    )
    expect((await ask({ suite_id: suiteId, suite_secret: 'bad', suite_ticket: ticket })).errcode).toBe(40080)
    expect((await ask({ suite_id: suiteId, suite_secret: suiteSecret })).errcode).toBe(41023)
    time += 31 * 60_000
    expect((await ask({ suite_id: suiteId, suite_secret: suiteSecret, suite_ticket: ticket })).errcode).toBe(
      40085,
    )
  })

  it('answers 42009 for an expired suite token and 40082 for an unknown one', async () => {
    const token = await suiteToken(sim)
    sim.expireSuiteTokens()
    expect(
      (await call(sim, 'service/get_pre_auth_code', { query: { suite_access_token: token } })).errcode,
    ).toBe(42009)
    expect(
      (await call(sim, 'service/get_pre_auth_code', { query: { suite_access_token: 'x' } })).errcode,
    ).toBe(40082)
    expect((await call(sim, 'service/get_pre_auth_code')).errcode).toBe(41022)
    expect(await suiteToken(sim)).not.toBe(token)
  })
})

describe('authorization', () => {
  it('pushes create_auth with a single-use auth_code that get_permanent_code exchanges', async () => {
    const auth = await sim.authorize({ corpId: 'wwcorpa', corpName: '甲公司', state: 's1' })
    expect(auth.notice?.notice).toMatchObject({
      InfoType: 'create_auth',
      AuthCode: auth.authCode,
      State: 's1',
    })
    const suite_access_token = await suiteToken(sim)
    const answer = await call(sim, 'service/get_permanent_code', {
      query: { suite_access_token },
      json: { auth_code: auth.authCode },
    })
    expect(answer).toMatchObject({
      errcode: 0,
      auth_corp_info: { corpid: 'wwcorpa', corp_name: '甲公司' },
      auth_info: { agent: [{ agentid: auth.agentid }] },
      auth_user_info: { userid: 'admin' },
      state: 's1',
    })
    expect(answer.access_token).toEqual(expect.any(String))
    expect(sim.permanentCode('wwcorpa')).toBe(answer.permanent_code)
    const again = await call(sim, 'service/get_permanent_code', {
      query: { suite_access_token },
      json: { auth_code: auth.authCode },
    })
    expect(again.errcode).toBe(40078)
  })

  it('answers v2/get_permanent_code slim, and get_auth_info for the permanent code', async () => {
    const { authCode } = await sim.authorize({ corpId: 'wwcorpa' })
    const suite_access_token = await suiteToken(sim)
    const v2 = await call(sim, 'service/v2/get_permanent_code', {
      query: { suite_access_token },
      json: { auth_code: authCode },
    })
    expect(v2.auth_corp_info).toEqual({ corpid: 'wwcorpa', corp_name: expect.any(String) })
    expect(v2).not.toHaveProperty('access_token')
    for (const path of ['service/get_auth_info', 'service/v2/get_auth_info']) {
      const info = await call(sim, path, {
        query: { suite_access_token },
        json: { auth_corpid: 'wwcorpa', permanent_code: v2.permanent_code },
      })
      expect(info).toMatchObject({ errcode: 0, auth_corp_info: { corpid: 'wwcorpa' } })
      const wrong = await call(sim, path, {
        query: { suite_access_token },
        json: { auth_corpid: 'wwcorpa', permanent_code: 'wrong' },
      })
      expect(wrong.errcode).toBe(40084)
    }
  })

  it('applies set_session_info to the install started with its pre_auth_code', async () => {
    const suite_access_token = await suiteToken(sim)
    const { pre_auth_code } = await call(sim, 'service/get_pre_auth_code', { query: { suite_access_token } })
    const set = (json: Json) => call(sim, 'service/set_session_info', { query: { suite_access_token }, json })
    expect((await set({ pre_auth_code, session_info: { appid: [99] } })).errcode).toBe(40086)
    expect((await set({ pre_auth_code: 'nope', session_info: { auth_type: 1 } })).errcode).toBe(40077)
    expect((await set({ pre_auth_code, session_info: { auth_type: 1 } })).errcode).toBe(0)
    time += 21 * 60_000
    expect((await set({ pre_auth_code, session_info: { auth_type: 1 } })).errcode).toBe(42007)
  })

  it('cancel_auth ends the permanent code and the corp tokens; change_auth only notifies', async () => {
    const code = await install(sim, 'wwcorpa')
    const { access_token } = await corpToken(sim, 'wwcorpa', code)
    expect((await sim.changeAuth('wwcorpa')).notice).toMatchObject({
      InfoType: 'change_auth',
      AuthCorpId: 'wwcorpa',
    })
    expect((await call(sim, 'user/get', { query: { access_token, userid: 'admin' } })).errcode).toBe(0)
    expect((await sim.cancelAuth('wwcorpa')).notice).toMatchObject({
      InfoType: 'cancel_auth',
      AuthCorpId: 'wwcorpa',
    })
    expect((await corpToken(sim, 'wwcorpa', code)).errcode).toBe(40084)
    expect((await call(sim, 'user/get', { query: { access_token, userid: 'admin' } })).errcode).toBe(40014)
  })

  it('reset_permanent_code carries a new auth_code; the old permanent code stops working', async () => {
    const old = await install(sim, 'wwcorpa')
    const { notice } = await sim.resetPermanentCode('wwcorpa')
    expect(notice).toMatchObject({ InfoType: 'reset_permanent_code', AuthCode: expect.any(String) })
    expect((await corpToken(sim, 'wwcorpa', old)).errcode).toBe(40084)
    const renewed = await call(sim, 'service/get_permanent_code', {
      query: { suite_access_token: await suiteToken(sim) },
      json: { auth_code: notice.AuthCode },
    })
    expect(renewed.permanent_code).not.toBe(old)
    expect((await corpToken(sim, 'wwcorpa', renewed.permanent_code)).errcode).toBe(0)
  })
})

describe('corps', () => {
  it('gives each corp token its own directory, and counts get_corp_token per corp', async () => {
    const codeA = await install(sim, 'wwcorpa')
    const codeB = await install(sim, 'wwcorpb')
    sim.corp('wwcorpa').addUser({ userid: 'zhangsan', name: '张三' })
    sim.corp('wwcorpb').addUser({ userid: 'lisi', name: '李四' })
    const tokenA = (await corpToken(sim, 'wwcorpa', codeA)).access_token
    const tokenB = (await corpToken(sim, 'wwcorpb', codeB)).access_token
    expect(tokenA).not.toBe(tokenB)
    expect(
      await call(sim, 'user/get', { query: { access_token: tokenA, userid: 'zhangsan' } }),
    ).toMatchObject({
      errcode: 0,
      name: '张三',
    })
    expect((await call(sim, 'user/get', { query: { access_token: tokenA, userid: 'lisi' } })).errcode).toBe(
      60111,
    )
    expect((await call(sim, 'user/get', { query: { access_token: tokenB, userid: 'lisi' } })).errcode).toBe(0)
    const sent = await call(sim, 'message/send', {
      query: { access_token: tokenB },
      json: { touser: 'lisi', msgtype: 'text', agentid: 1000002, text: { content: 'hi' } },
    })
    expect(sent.errcode).toBe(0)
    expect(sim.corp('wwcorpb').sentMessages()).toHaveLength(1)
    expect(sim.corp('wwcorpa').sentMessages()).toHaveLength(0)
    expect(sim.tokenFetches().corp).toEqual({ wwcorpa: 1, wwcorpb: 1 })
  })

  it('answers 42001 for an expired corp token and 40014 for one no corp issued', async () => {
    const code = await install(sim, 'wwcorpa')
    const first = await corpToken(sim, 'wwcorpa', code)
    expect(first.expires_in).toBe(7200)
    sim.expireCorpTokens()
    expect(
      (await call(sim, 'user/get', { query: { access_token: first.access_token, userid: 'admin' } })).errcode,
    ).toBe(42001)
    expect(
      (await call(sim, 'user/get', { query: { access_token: 'nobody', userid: 'admin' } })).errcode,
    ).toBe(40014)
    expect((await call(sim, 'user/get', { query: { userid: 'admin' } })).errcode).toBe(41001)
    const second = await corpToken(sim, 'wwcorpa', code)
    expect(second.access_token).not.toBe(first.access_token)
    // install() and each corpToken() ask for the suite token: the same one each time.
    expect(sim.tokenFetches()).toEqual({ suite: 3, provider: 0, corp: { wwcorpa: 2 } })
  })

  it('lists the installing admin with get_admin_list', async () => {
    const { agentid } = await sim.authorize({ corpId: 'wwcorpa', admin: { userid: 'boss', name: '老板' } })
    const answer = await call(sim, 'service/get_admin_list', {
      query: { suite_access_token: await suiteToken(sim) },
      json: { auth_corpid: 'wwcorpa', agentid },
    })
    // Not exchanged yet: the corp has no permanent code, so the suite cannot manage it.
    expect(answer.errcode).toBe(40013)
  })

  it('signs members in: getuserinfo3rd, getuserdetail3rd and userid_to_openuserid', async () => {
    const code = await install(sim, 'wwcorpa')
    sim.corp('wwcorpa').addUser({ userid: 'zhangsan', name: '张三', mobile: '13800000000' })
    const suite_access_token = await suiteToken(sim)
    const oauth = sim.issueOAuthCode('wwcorpa', 'zhangsan')
    const who = await call(sim, 'service/auth/getuserinfo3rd', { query: { suite_access_token, code: oauth } })
    expect(who).toMatchObject({ errcode: 0, corpid: 'wwcorpa', userid: 'zhangsan', expires_in: 1800 })
    expect(who.open_userid).toBe(sim.openUserId('wwcorpa', 'zhangsan'))
    const again = await call(sim, 'service/auth/getuserinfo3rd', {
      query: { suite_access_token, code: oauth },
    })
    expect(again.errcode).toBe(40029)
    const detail = await call(sim, 'service/auth/getuserdetail3rd', {
      query: { suite_access_token },
      json: { user_ticket: who.user_ticket },
    })
    expect(detail).toMatchObject({ errcode: 0, userid: 'zhangsan', mobile: '13800000000' })
    const { access_token } = await corpToken(sim, 'wwcorpa', code)
    const converted = await call(sim, 'batch/userid_to_openuserid', {
      query: { access_token },
      json: { userid_list: ['zhangsan', 'ghost'] },
    })
    expect(converted).toMatchObject({
      errcode: 0,
      open_userid_list: [{ userid: 'zhangsan', open_userid: who.open_userid }],
      invalid_userid_list: ['ghost'],
    })
  })
})

describe('the provider token', () => {
  async function providerToken(): Promise<string> {
    const answer = await call(sim, 'service/get_provider_token', {
      json: { corpid: sim.providerCorpId, provider_secret: sim.providerSecret },
    })
    // The docs' answer has no errcode on success.
    expect(answer).toEqual({ provider_access_token: expect.any(String), expires_in: 7200 })
    return answer.provider_access_token
  }

  it('refuses a wrong secret', async () => {
    const answer = await call(sim, 'service/get_provider_token', {
      json: { corpid: sim.providerCorpId, provider_secret: 'bad' },
    })
    expect(answer.errcode).toBe(40001)
  })

  it('reads login codes with ?access_token, and corp ids with ?provider_access_token', async () => {
    await install(sim, 'wwcorpa')
    const token = await providerToken()
    const login = await call(sim, 'service/get_login_info', {
      query: { access_token: token },
      json: { auth_code: sim.issueLoginCode('wwcorpa', 'admin') },
    })
    expect(login).toMatchObject({
      errcode: 0,
      usertype: 2,
      user_info: { userid: 'admin' },
      corp_info: { corpid: 'wwcorpa' },
    })
    const open = await call(sim, 'service/corpid_to_opencorpid', {
      query: { provider_access_token: token },
      json: { corpid: 'wwcorpa' },
    })
    expect(open).toMatchObject({ errcode: 0, open_corpid: sim.openCorpId('wwcorpa') })
    const stranger = await call(sim, 'service/corpid_to_opencorpid', {
      query: { provider_access_token: token },
      json: { corpid: 'wwstranger' },
    })
    expect(stranger.errcode).toBe(48001)
    sim.expireProviderTokens()
    const expired = await call(sim, 'service/corpid_to_opencorpid', {
      query: { provider_access_token: token },
      json: { corpid: 'wwcorpa' },
    })
    expect(expired.errcode).toBe(42001)
    expect(sim.tokenFetches().provider).toBe(1)
  })
})
