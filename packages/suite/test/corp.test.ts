// corpClient: a core client per authorized corp on service/get_corp_token, through the suite.
import { isWeComApiError, type TokenStore } from '@wecom-kit/core'
import { messages } from '@wecom-kit/messages'
import { users } from '@wecom-kit/users'
import { beforeEach, describe, expect, it } from 'vitest'
import { rejection } from './support/helpers.js'
import {
  AUTH_CODE_B,
  CORP_A,
  CORP_B,
  type Corp,
  CREDENTIALS,
  makeSuite,
  readySuite,
  SUITE_ID,
  TICKET,
  useServiceWorld,
} from './support/service-world.js'
import { lockingMemoryStore } from './support/stores.js'

/** A corp whose permanent code the test resets, as a new install does. */
const CORP_C: Corp = {
  corpid: 'wwcorpc000000003',
  corp_name: '丙公司',
  permanentCode: 'PERMANENT-code-of-corp-C-first-grant',
  agentid: 1000009,
  users: [{ userid: 'zhaoliu', name: '赵六' }],
}
const { world } = useServiceWorld([CORP_A, CORP_B, CORP_C])

const corpA = { corpId: CORP_A.corpid, permanentCode: CORP_A.permanentCode, agentId: CORP_A.agentid }
const corpB = { corpId: CORP_B.corpid, permanentCode: CORP_B.permanentCode, agentId: CORP_B.agentid }

beforeEach(() => {
  world.reset()
  CORP_C.permanentCode = 'PERMANENT-code-of-corp-C-first-grant'
})

describe('corpClient', () => {
  it('is a core client on the corp token: users and messages work, each corp sees its own', async () => {
    const suite = await readySuite()
    const a = suite.corpClient(corpA).with(users, messages)
    const b = suite.corpClient(corpB).with(users, messages)
    expect((await a.users.listByDepartment(1)).userlist.map((u) => u.userid)).toEqual(['zhangsan', 'lisi'])
    expect((await b.users.listByDepartment(1)).userlist.map((u) => u.userid)).toEqual(['wangwu'])
    expect((await a.users.get('lisi')).name).toBe('李四')
    expect(await rejection(b.users.get('lisi'))).toMatchObject({ errcode: 60111 })

    // get_corp_token through the suite: the suite token in the query, corp and code in the body.
    const corpTokenCalls = world.requests.filter((r) => r.path === 'service/get_corp_token')
    expect(corpTokenCalls.map((r) => r.json)).toEqual([
      { auth_corpid: CORP_A.corpid, permanent_code: CORP_A.permanentCode },
      { auth_corpid: CORP_B.corpid, permanent_code: CORP_B.permanentCode },
    ])
    expect(corpTokenCalls[0]?.query.suite_access_token).toBe(await suite.getSuiteAccessToken())
    expect(world.count('service/get_suite_token')).toBe(1)

    // agentId is the corp client's default agent.
    await expect(
      a.messages.send({ touser: 'zhangsan', msgtype: 'text', text: { content: 'hi' } }),
    ).resolves.toMatchObject({
      errcode: 0,
    })
    expect(world.requests.at(-1)?.json?.agentid).toBe(CORP_A.agentid)
    expect(a.options.corpId).toBe(CORP_A.corpid)
  })

  it('1 000 cold calls make one get_suite_token and one get_corp_token', async () => {
    const suite = await readySuite()
    const names = await Promise.all(
      Array.from({ length: 1000 }, () => suite.corpClient(corpA).with(users).users.get('zhangsan')),
    )
    expect(new Set(names.map((u) => u.userid))).toEqual(new Set(['zhangsan']))
    expect(world.count('service/get_suite_token')).toBe(1)
    expect(world.count('service/get_corp_token')).toBe(1)
    expect(world.count('user/get')).toBe(1000)
  })

  it.each([42001, 40014])(
    'a corp call answered %i refreshes the corp token once and replays once',
    async (errcode) => {
      const suite = await readySuite()
      const corp = suite.corpClient(corpA).with(users)
      await corp.users.get('zhangsan')
      world.rejectOnce(await corp.getAccessToken(), errcode)
      await expect(corp.users.get('zhangsan')).resolves.toMatchObject({ userid: 'zhangsan' })
      expect(world.count('service/get_corp_token')).toBe(2)
      expect(world.count('service/get_suite_token')).toBe(1)
      expect(world.count('user/get')).toBe(3)

      // Refused again after the refresh: it surfaces, one refresh, no loop.
      world.rejectAll.corp = errcode
      expect(await rejection(corp.users.get('zhangsan'))).toMatchObject({ errcode })
      expect(world.count('service/get_corp_token')).toBe(3)
      expect(world.count('user/get')).toBe(5)
    },
  )

  it('a 42009 on get_corp_token refreshes the suite token and fetches the corp token again, once', async () => {
    const suite = await readySuite()
    const first = await suite.getSuiteAccessToken()
    world.rejectOnce(first, 42009)
    await expect(suite.corpClient(corpA).with(users).users.get('zhangsan')).resolves.toMatchObject({
      userid: 'zhangsan',
    })
    expect(world.requests.map((r) => r.path)).toEqual([
      'service/get_suite_token',
      'service/get_corp_token',
      'service/get_suite_token',
      'service/get_corp_token',
      'user/get',
    ])
  })

  it('one client per corp and agent; a new permanent code for the corp fetches a new token', async () => {
    const store = lockingMemoryStore()
    const suite = await readySuite({ tokenStore: store })
    const options = { corpId: CORP_C.corpid, permanentCode: CORP_C.permanentCode }
    expect(suite.corpClient(options)).toBe(suite.corpClient({ ...options }))
    await suite.corpClient(options).with(users).users.get('zhaoliu')
    const oldToken = await suite.corpClient(options).getAccessToken()

    // The corp installs the app again: a new permanent code; the old grant's token is not reused.
    CORP_C.permanentCode = 'PERMANENT-code-of-corp-C-second-grant'
    world.corpTokens.delete(oldToken)
    const renewed = suite
      .corpClient({ corpId: CORP_C.corpid, permanentCode: CORP_C.permanentCode })
      .with(users)
    await expect(renewed.users.get('zhaoliu')).resolves.toMatchObject({ userid: 'zhaoliu' })
    expect(world.count('service/get_corp_token')).toBe(2)
    expect(await renewed.getAccessToken()).not.toBe(oldToken)
    // Two keys for the corp's tokens, one per grant.
    expect([...store.entries.keys()].filter((k) => k.includes(CORP_C.corpid))).toHaveLength(2)
  })

  it('keeps the 1 000 most recently used corp clients; one made again reads the store, fetches nothing', async () => {
    const suite = await readySuite()
    const options = (agentId: number) => ({ ...corpA, agentId })
    const first = suite.corpClient(options(1))
    await first.with(users).users.get('zhangsan')
    expect(world.count('service/get_corp_token')).toBe(1)
    const busy = suite.corpClient(options(2))
    for (let agentId = 3; agentId <= 1_001; agentId++) {
      suite.corpClient(options(agentId))
      // A client in use stays: each use makes it the most recent.
      expect(suite.corpClient(options(2))).toBe(busy)
    }
    // 1 001 clients made: the least recently used (the first) was dropped, the busy one kept.
    const again = suite.corpClient(options(1))
    expect(again).not.toBe(first)
    expect(suite.corpClient(options(2))).toBe(busy)
    // Its token was in the store: the new client uses it, with no get_corp_token.
    await again.with(users).users.get('zhangsan')
    expect(world.count('service/get_corp_token')).toBe(1)
  })

  it('a refused permanent code (40084) surfaces with a hint and is not sent again for a minute', async () => {
    const suite = await readySuite()
    const corp = suite
      .corpClient({ corpId: CORP_A.corpid, permanentCode: 'PERMANENT-revoked-0000' })
      .with(users)
    const first = await rejection(corp.users.get('zhangsan'))
    expect(isWeComApiError(first) && first.errcode).toBe(40084)
    expect(first.path).toBe('service/get_corp_token')
    expect(first.hint).toMatch(/installed the app again/)
    const second = await rejection(corp.users.get('zhangsan'))
    expect(second.errcode).toBe(40084)
    expect(world.count('service/get_corp_token')).toBe(1)
    expect(world.count('user/get')).toBe(0)
  })

  it('two suite clients sharing a locking store make one get_suite_token and one get_corp_token per corp', async () => {
    const store = lockingMemoryStore()
    const fleet = [
      makeSuite({ tokenStore: store }),
      makeSuite({ tokenStore: store }),
      makeSuite({ tokenStore: store }),
    ]
    // Whichever process received the push, every process uses it.
    await fleet[0]?.saveTicket(TICKET)
    await Promise.all(
      fleet.flatMap((suite) =>
        [corpA, corpB].flatMap((corp) =>
          Array.from({ length: 20 }, () => suite.corpClient(corp).with(users).users.listByDepartment(1)),
        ),
      ),
    )
    expect(world.count('service/get_suite_token')).toBe(1)
    expect(
      world.requests.filter((r) => r.path === 'service/get_corp_token').map((r) => r.json?.auth_corpid),
    ).toEqual(expect.arrayContaining([CORP_A.corpid, CORP_B.corpid]))
    expect(world.count('service/get_corp_token')).toBe(2)
    expect(world.count('user/simplelist')).toBe(120)
  })
})

describe('no secret, ticket or permanent code in store keys, hooks or errors', () => {
  it('keys hold ids and hashes; hooks and errors never a credential or a token', async () => {
    const store = lockingMemoryStore()
    const seen: unknown[] = []
    const record = (info: unknown) => void seen.push(info)
    let reads = 0
    const failing: TokenStore = {
      ...store,
      // Every fifth read fails: onStoreError reports the key.
      get: async (key) => {
        if (++reads % 5 === 0) throw new Error(`store unavailable for ${key}`)
        return store.get(key)
      },
    }
    const suite = await readySuite({
      tokenStore: failing,
      hooks: { beforeRequest: record, afterResponse: record, onRetry: record, onStoreError: record },
    })
    const a = suite.corpClient(corpA).with(users)
    await a.users.listByDepartment(1)
    await suite.getPermanentCode(AUTH_CODE_B)
    const errors: unknown[] = []
    errors.push(await rejection(a.users.get('nobody')))
    errors.push(
      await rejection(suite.getAuthInfo({ auth_corpid: CORP_A.corpid, permanent_code: 'PERMANENT-wrong' })),
    )
    world.rejectAll.corp = 42001
    errors.push(await rejection(a.users.get('zhangsan')))
    world.refuseCorpToken = 40084
    errors.push(await rejection(suite.corpClient(corpB).with(users).users.get('wangwu')))
    world.tickets.clear()
    world.suiteTokens.clear()
    await suite.saveTicket('TICKET-the-next-push-0123456789')
    // The suite token is cached: make it refresh with the refused ticket.
    world.rejectAll.suite = 42009
    errors.push(await rejection(suite.getPreAuthCode()))
    errors.push(await rejection(makeSuite().getPreAuthCode()))

    const tokens = [
      ...world.suiteTokens,
      ...world.corpTokens.keys(),
      await suite.getSuiteAccessToken().catch(() => ''),
    ]
    const forbidden = [...CREDENTIALS, 'TICKET-the-next-push-0123456789', ...tokens.filter(Boolean)]
    for (const [what, text] of [
      ['store keys', JSON.stringify([...store.keys])],
      ['hooks', JSON.stringify(seen)],
      ['errors', JSON.stringify(errors)],
      ['error messages', errors.map((e) => String(e)).join('\n')],
    ] as const) {
      for (const secret of forbidden) expect(text, `${what} hold ${secret}`).not.toContain(secret)
    }
    expect(seen.length).toBeGreaterThan(5)
    expect(seen.some((info) => (info as { operation?: string }).operation === 'get')).toBe(true)
    expect([...store.keys].some((k) => k.startsWith(`wecom:suite_access_token:${SUITE_ID}:`))).toBe(true)
    expect([...store.keys]).toContain(`wecom:suite_ticket:${SUITE_ID}`)
    expect([...store.keys].some((k) => k.includes(CORP_A.corpid))).toBe(true)
  })
})
