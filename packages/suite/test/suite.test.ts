import {
  isWeComApiError,
  isWeComValidationError,
  memoryTokenStore,
  type TokenStore,
  WeComValidationError,
} from '@wecom-kit/core'
import {
  createSuiteClient,
  getSuitePermanentCode,
  isSuiteTicketError,
  type SuiteClientOptions,
  SuiteTicketError,
  suiteTicketKey,
} from '@wecom-kit/suite'
import { users } from '@wecom-kit/users'
import { beforeEach, describe, expect, it } from 'vitest'
import { rejection } from './support/helpers.js'
import {
  AUTH_CODE_A,
  AUTH_CODE_B,
  AUTH_CODE_UNKNOWN,
  BASE,
  CORP_A,
  CORP_B,
  CREDENTIALS,
  FAST_RETRY,
  makeSuite,
  readySuite,
  SUITE_ID,
  SUITE_SECRET,
  TICKET,
  useServiceWorld,
} from './support/service-world.js'
import { recordingStore } from './support/stores.js'

const { world } = useServiceWorld()

const corpA = { corpId: CORP_A.corpid, permanentCode: CORP_A.permanentCode, agentId: CORP_A.agentid }

/** Refused before sending: a WeComValidationError naming `path`, and nothing reached WeCom. */
async function refusedBeforeSending(call: () => unknown, path: string) {
  world.requests.length = 0
  const error = await rejection(call)
  expect(error).toBeInstanceOf(WeComValidationError)
  expect((error as WeComValidationError).issues.map((i) => i.path)).toContain(path)
  expect(world.requests).toHaveLength(0)
  for (const secret of CREDENTIALS) expect(JSON.stringify(error)).not.toContain(secret)
}

beforeEach(() => world.reset())

describe('suite token and ticket', () => {
  it('fetches the suite token with the saved ticket and sends it as suite_access_token', async () => {
    const suite = await readySuite()
    const { pre_auth_code } = await suite.getPreAuthCode()
    expect(pre_auth_code).toMatch(/^PREAUTH/)
    expect(world.requests[0]).toMatchObject({
      method: 'POST',
      path: 'service/get_suite_token',
      json: { suite_id: SUITE_ID, suite_secret: SUITE_SECRET, suite_ticket: TICKET },
    })
    const token = await suite.getSuiteAccessToken()
    expect(world.requests[1]).toMatchObject({
      path: 'service/get_pre_auth_code',
      query: { suite_access_token: token },
    })
    expect(world.requests[1]?.query.access_token).toBeUndefined()
    expect(world.count('service/get_suite_token')).toBe(1)
  })

  it('without a saved ticket fails with a SuiteTicketError and sends nothing, suite or corp call', async () => {
    const suite = makeSuite()
    for (const call of [
      () => suite.getPreAuthCode(),
      () => suite.getSuiteAccessToken(),
      () => suite.corpClient(corpA).with(users).users.get('zhangsan'),
    ]) {
      const error = await rejection(call)
      expect(error).toBeInstanceOf(SuiteTicketError)
      expect(isSuiteTicketError(error)).toBe(true)
      expect(isWeComValidationError(error)).toBe(true)
      expect(error.problem).toBe('missing')
      expect(error.message).toMatch(/no suite_ticket has been saved yet/)
      expect(error.message).toMatch(/saveTicket/)
    }
    expect(world.requests).toHaveLength(0)
    // The next push clears it.
    await suite.saveTicket(TICKET)
    await expect(suite.getPreAuthCode()).resolves.toMatchObject({ errcode: 0 })
  })

  it('treats a ticket older than 30 minutes as expired, without a request', async () => {
    const store = recordingStore()
    store.entries.set(suiteTicketKey(SUITE_ID), { value: TICKET, expiresAt: Date.now() - 1 })
    const error = await rejection(makeSuite({ tokenStore: store }).getPreAuthCode())
    expect(isSuiteTicketError(error) && error.problem).toBe('expired')
    expect(world.requests).toHaveLength(0)
  })

  it('uses the latest ticket saved, by any suite client sharing the store', async () => {
    const store = recordingStore()
    const receiver = makeSuite({ tokenStore: store })
    const worker = makeSuite({ tokenStore: store })
    world.tickets.add('TICKET-2')
    await receiver.saveTicket(TICKET)
    await receiver.saveTicket('TICKET-2')
    await worker.getPreAuthCode()
    expect(world.requests[0]?.json?.suite_ticket).toBe('TICKET-2')
  })

  it('a ticket WeCom refuses (40085) surfaces with a hint, then fails without a request until the next one', async () => {
    const suite = makeSuite()
    await suite.saveTicket('TICKET-unknown-to-wecom')
    const first = await rejection(suite.getPreAuthCode())
    expect(isWeComApiError(first) && first.errcode).toBe(40085)
    expect(first.hint).toMatch(/saveTicket/)
    expect(first.message).toMatch(/command callback URL/)
    expect(world.count('service/get_suite_token')).toBe(1)

    const second = await rejection(suite.getPreAuthCode())
    expect(isSuiteTicketError(second) && second.problem).toBe('rejected')
    expect(world.requests).toHaveLength(1)

    await suite.saveTicket(TICKET)
    await expect(suite.getPreAuthCode()).resolves.toMatchObject({ errcode: 0 })
  })

  it('a wrong suite secret (40080) is not asked again for a minute', async () => {
    const suite = createSuiteClient({
      suiteId: SUITE_ID,
      suiteSecret: 'not-the-secret-0123456789',
      baseUrl: BASE,
      retry: FAST_RETRY,
    })
    await suite.saveTicket(TICKET)
    const first = await rejection(suite.getPreAuthCode())
    expect(first.errcode).toBe(40080)
    expect(first.hint).toMatch(/suite_secret is wrong/)
    const second = await rejection(suite.getPreAuthCode())
    expect(second.errcode).toBe(40080)
    expect(world.count('service/get_suite_token')).toBe(1)
  })

  it.each([42009, 40082])(
    'a suite call answered %i refreshes the suite token once and replays once',
    async (errcode) => {
      const suite = await readySuite()
      await suite.getPreAuthCode()
      world.rejectOnce(await suite.getSuiteAccessToken(), errcode)
      await expect(suite.getPreAuthCode()).resolves.toMatchObject({ errcode: 0 })
      expect(world.count('service/get_suite_token')).toBe(2)
      expect(world.count('service/get_pre_auth_code')).toBe(3)
    },
  )

  it.each([42009, 40082])('a second %i in a row surfaces: one refresh, never a loop', async (errcode) => {
    const suite = await readySuite()
    world.rejectAll.suite = errcode
    const error = await rejection(suite.getPreAuthCode())
    expect(isWeComApiError(error) && error.errcode).toBe(errcode)
    expect(world.count('service/get_suite_token')).toBe(2)
    expect(world.count('service/get_pre_auth_code')).toBe(2)
  })
})

describe('suite endpoints', () => {
  it('set_session_info and the install URL', async () => {
    const suite = await readySuite()
    const { pre_auth_code } = await suite.getPreAuthCode()
    await expect(
      suite.setSessionInfo({ pre_auth_code, session_info: { auth_type: 1 } }),
    ).resolves.toMatchObject({ errcode: 0 })
    expect(world.requests.at(-1)).toMatchObject({
      path: 'service/set_session_info',
      json: { pre_auth_code, session_info: { auth_type: 1 } },
    })

    world.requests.length = 0
    const install = await suite.getInstallUrl({
      redirect_uri: 'https://app.example.com/installed?x=1',
      state: 'abc123',
      session_info: { auth_type: 1 },
    })
    const url = new URL(install.url)
    expect(`${url.origin}${url.pathname}`).toBe('https://open.work.weixin.qq.com/3rdapp/install')
    expect(Object.fromEntries(url.searchParams)).toEqual({
      suite_id: SUITE_ID,
      pre_auth_code: install.pre_auth_code,
      redirect_uri: 'https://app.example.com/installed?x=1',
      state: 'abc123',
    })
    expect(install.expires_in).toBe(1200)
    expect(world.requests.map((r) => r.path)).toEqual([
      'service/get_pre_auth_code',
      'service/set_session_info',
    ])
    // Without session_info, one call.
    world.requests.length = 0
    await suite.getInstallUrl({ redirect_uri: 'https://app.example.com/' })
    expect(world.requests.map((r) => r.path)).toEqual(['service/get_pre_auth_code'])
  })

  it('permanent code (v2, and v1), auth info (v2 and v1), admin list', async () => {
    const suite = await readySuite()
    const auth = await suite.getPermanentCode(AUTH_CODE_A)
    expect(world.requests.at(-1)).toMatchObject({
      path: 'service/v2/get_permanent_code',
      json: { auth_code: AUTH_CODE_A },
    })
    expect(auth).toMatchObject({
      permanent_code: CORP_A.permanentCode,
      auth_corp_info: { corpid: CORP_A.corpid, corp_name: CORP_A.corp_name },
      state: 'from-install',
    })
    const v1 = await suite.getPermanentCodeV1(AUTH_CODE_B)
    expect(world.requests.at(-1)?.path).toBe('service/get_permanent_code')
    expect(v1.auth_info.agent[0]?.agentid).toBe(CORP_B.agentid)

    const input = { auth_corpid: CORP_A.corpid, permanent_code: CORP_A.permanentCode }
    const info = await suite.getAuthInfo(input)
    expect(world.requests.at(-1)).toMatchObject({ path: 'service/v2/get_auth_info', json: input })
    expect(info.auth_info.agent[0]?.agentid).toBe(CORP_A.agentid)
    await suite.getAuthInfoV1(input)
    expect(world.requests.at(-1)).toMatchObject({ path: 'service/get_auth_info', json: input })

    const admins = await suite.getAdminList({ auth_corpid: CORP_A.corpid, agentid: CORP_A.agentid })
    expect(world.requests.at(-1)).toMatchObject({
      path: 'service/get_admin_list',
      json: { auth_corpid: CORP_A.corpid, agentid: CORP_A.agentid },
    })
    expect(admins.admin).toEqual([{ userid: 'zhangsan', open_userid: 'woOPEN', auth_type: 1 }])
    // The standalone function on the suite's own client is the same call.
    await expect(getSuitePermanentCode(suite.client, AUTH_CODE_B)).rejects.toMatchObject({
      errcode: 40078,
    })
  })

  it('third-party OAuth: getuserinfo3rd and getuserdetail3rd with the suite token', async () => {
    const suite = await readySuite()
    const who = await suite.getUserInfo3rd('OAUTHCODE')
    expect(who).toMatchObject({ corpid: CORP_A.corpid, userid: 'zhangsan', user_ticket: 'USERTICKET' })
    const token = await suite.getSuiteAccessToken()
    expect(world.requests.at(-1)).toMatchObject({
      method: 'GET',
      path: 'service/auth/getuserinfo3rd',
      query: { code: 'OAUTHCODE', suite_access_token: token },
    })
    const detail = await suite.getUserDetail3rd(who.user_ticket as string)
    expect(detail).toMatchObject({ userid: 'zhangsan', mobile: '13800000000' })
    expect(world.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: 'service/auth/getuserdetail3rd',
      json: { user_ticket: 'USERTICKET' },
    })
  })

  it('surfaces WeCom errors of each endpoint', async () => {
    const suite = await readySuite()
    const errcode = async (promise: Promise<unknown>) => (await rejection(promise)).errcode
    expect(await errcode(suite.setSessionInfo({ pre_auth_code: 'nope', session_info: {} }))).toBe(40077)
    expect(await errcode(suite.getPermanentCode(AUTH_CODE_UNKNOWN))).toBe(40078)
    expect(await errcode(suite.getPermanentCodeV1(AUTH_CODE_UNKNOWN))).toBe(40078)
    // An auth code works once.
    await suite.getPermanentCode(AUTH_CODE_A)
    expect(await errcode(suite.getPermanentCode(AUTH_CODE_A))).toBe(40078)
    const wrong = { auth_corpid: CORP_A.corpid, permanent_code: CORP_B.permanentCode }
    expect(await errcode(suite.getAuthInfo(wrong))).toBe(40084)
    expect(await errcode(suite.getAuthInfoV1(wrong))).toBe(40084)
    expect(await errcode(suite.getAdminList({ auth_corpid: CORP_A.corpid, agentid: 1 }))).toBe(40056)
    expect(await errcode(suite.getUserInfo3rd('expired-code'))).toBe(40029)
    expect(await errcode(suite.getUserDetail3rd('bad-ticket'))).toBe(84015)
    world.rejectAll.suite = 48003
    expect(await errcode(suite.getPreAuthCode())).toBe(48003)
  })

  it("adds the provider's hints to the errcodes core does not know, on the methods and the standalone functions", async () => {
    const suite = await readySuite()
    const hintOf = async (promise: Promise<unknown>) => {
      const error = await rejection(promise)
      expect(isWeComApiError(error)).toBe(true)
      for (const secret of CREDENTIALS) expect(String(error)).not.toContain(secret)
      expect(error.message).toContain(error.hint)
      return error.hint as string
    }
    expect(await hintOf(suite.getPermanentCode(AUTH_CODE_UNKNOWN))).toMatch(/works once/)
    expect(await hintOf(getSuitePermanentCode(suite.client, AUTH_CODE_UNKNOWN))).toMatch(/works once/)
    const wrong = { auth_corpid: CORP_A.corpid, permanent_code: CORP_B.permanentCode }
    expect(await hintOf(suite.getAuthInfo(wrong))).toMatch(/installed the app again/)
    expect(await hintOf(suite.getUserInfo3rd('expired-code'))).toMatch(/OAuth link again/)
    expect(await hintOf(suite.getUserDetail3rd('bad-ticket'))).toMatch(/user_ticket/)
    world.rejectAll.suite = 48004
    expect(await hintOf(suite.getAdminList({ auth_corpid: CORP_A.corpid, agentid: 1 }))).toMatch(
      /cancel_auth/,
    )
  })

  it('getPermanentCodeV1 keeps the corp token it answers: the corp client fetches none', async () => {
    const suite = await readySuite()
    const v1 = await suite.getPermanentCodeV1(AUTH_CODE_B)
    const corp = suite
      .corpClient({ corpId: v1.auth_corp_info.corpid, permanentCode: v1.permanent_code })
      .with(users)
    await expect(corp.users.get('wangwu')).resolves.toMatchObject({ name: '王五' })
    expect(world.count('service/get_corp_token')).toBe(0)
    expect(world.requests.at(-1)?.query.access_token).toBe(v1.access_token)
    // The standalone function only calls: the next install of the same corp is a new code.
  })

  it('getPermanentCodeV1 still answers when the store cannot keep the token, and says so in onStoreError', async () => {
    const seen: Array<{ operation: string; key: string }> = []
    const broken: TokenStore = {
      ...memoryTokenStore(),
      set: async (key) => {
        throw new Error(`down: ${key}`)
      },
    }
    const suite = await readySuite({
      tokenStore: broken,
      hooks: { onStoreError: (info) => void seen.push(info) },
    })
    const v1 = await suite.getPermanentCodeV1(AUTH_CODE_B)
    expect(v1.permanent_code).toBe(CORP_B.permanentCode)
    const corpKey = seen.find((info) => info.key.includes(CORP_B.corpid))
    expect(corpKey?.operation).toBe('set')
    for (const secret of [...CREDENTIALS, v1.access_token]) expect(JSON.stringify(seen)).not.toContain(secret)
  })

  it('refuses bad input before sending anything', async () => {
    const suite = await readySuite()
    await refusedBeforeSending(
      () => suite.setSessionInfo({ pre_auth_code: '', session_info: {} }),
      'pre_auth_code',
    )
    await refusedBeforeSending(
      () => suite.setSessionInfo({ pre_auth_code: 'PREAUTH1', session_info: { auth_type: 2 as 0 } }),
      'session_info.auth_type',
    )
    await refusedBeforeSending(
      () =>
        suite.setSessionInfo({
          pre_auth_code: 'PREAUTH1',
          session_info: { appid: ['1' as unknown as number] },
        }),
      'session_info.appid.0',
    )
    await refusedBeforeSending(() => suite.getPermanentCode(''), 'auth_code')
    // "长度为64至512个字节": a shorter code is another kind of code (a login or OAuth code).
    await refusedBeforeSending(() => suite.getPermanentCode('x'.repeat(63)), 'auth_code')
    await refusedBeforeSending(() => suite.getPermanentCodeV1('x'.repeat(513)), 'auth_code')
    await refusedBeforeSending(
      () => suite.getAuthInfo({ auth_corpid: CORP_A.corpid, permanent_code: '' }),
      'permanent_code',
    )
    await refusedBeforeSending(
      () =>
        suite.getAuthInfoV1({ auth_corpid: 42 as unknown as string, permanent_code: CORP_A.permanentCode }),
      'auth_corpid',
    )
    await refusedBeforeSending(
      () => suite.getAdminList({ auth_corpid: CORP_A.corpid, agentid: 1.5 }),
      'agentid',
    )
    await refusedBeforeSending(() => suite.getUserInfo3rd(''), 'code')
    await refusedBeforeSending(() => suite.getUserDetail3rd(undefined as unknown as string), 'user_ticket')
    await refusedBeforeSending(() => suite.getInstallUrl({ redirect_uri: 'ftp://x' }), 'redirect_uri')
    await refusedBeforeSending(
      () => suite.getInstallUrl({ redirect_uri: 'https://app.example.com/', state: 'not ok!' }),
      'state',
    )
    await refusedBeforeSending(() => suite.saveTicket(''), 'suite_ticket')
    await refusedBeforeSending(() => suite.getPreAuthCode({ timeout: -1 }), 'timeout')
  })

  it('labels every method with the WeCom operations it performs (docs/coverage.md reads them)', () => {
    const suite = makeSuite()
    const paths: Record<string, string[]> = {}
    for (const [name, value] of Object.entries(suite)) {
      if (typeof value !== 'function') continue
      const operation = (value as { operation?: unknown }).operation
      expect(operation, name).toBeDefined()
      paths[name] = (Array.isArray(operation) ? operation : [operation]).map(
        (op: { path: string }) => op.path,
      )
    }
    expect(paths).toMatchObject({
      saveTicket: [],
      getSuiteAccessToken: ['service/get_suite_token'],
      getInstallUrl: ['service/get_pre_auth_code', 'service/set_session_info'],
      getPermanentCode: ['service/v2/get_permanent_code'],
      getPermanentCodeV1: ['service/get_permanent_code'],
      getAuthInfo: ['service/v2/get_auth_info'],
      getUserInfo3rd: ['service/auth/getuserinfo3rd'],
      corpClient: ['service/get_corp_token'],
    })
    expect(Object.keys(paths)).toHaveLength(13)
  })

  it('refuses bad options when made, never quoting a secret', () => {
    const issuesOf = (call: () => unknown) => {
      try {
        call()
      } catch (error) {
        expect(isWeComValidationError(error)).toBe(true)
        for (const secret of CREDENTIALS) expect(JSON.stringify(error)).not.toContain(secret)
        return (error as WeComValidationError).issues.map((i) => i.path)
      }
      return expect.unreachable('no error')
    }
    expect(issuesOf(() => createSuiteClient({ suiteId: SUITE_ID } as SuiteClientOptions))).toContain(
      'suiteSecret',
    )
    expect(issuesOf(() => createSuiteClient({ suiteId: '', suiteSecret: SUITE_SECRET }))).toContain('suiteId')
    expect(issuesOf(() => makeSuite({ baseUrl: 'not a url' }))).toContain('baseUrl')
    const suite = makeSuite()
    expect(issuesOf(() => suite.corpClient({ corpId: CORP_A.corpid } as never))).toContain('permanentCode')
    expect(issuesOf(() => suite.corpClient({ corpId: '', permanentCode: CORP_A.permanentCode }))).toContain(
      'corpId',
    )
    expect(
      issuesOf(() =>
        suite.corpClient({ corpId: CORP_A.corpid, permanentCode: CORP_A.permanentCode, agentId: -1 }),
      ),
    ).toContain('agentId')
  })
})
