// The provider's side of a real install, against the simulator's provider world: a corp installs
// the suite, its admin logs in on the provider's site, the provider translates the corp's id and
// the suite's corp client translates members to open_userids.
import { isWeComApiError } from '@wecom-kit/core'
import { createProviderClient, createSuiteClient, idConvert } from '@wecom-kit/suite'
import { createProviderSimulator } from '@wecom-kit/testing'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'

const sim = createProviderSimulator()
const server = setupServer(...sim.handlers)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())
beforeEach(() => sim.reset())

const RETRY = { retries: 1, minTimeout: 1, maxTimeout: 2 }

it('install → provider login → open_corpid → open_userids, with one provider token until it expires', async () => {
  const suite = createSuiteClient({
    suiteId: sim.suite.suiteId,
    suiteSecret: sim.suite.suiteSecret,
    retry: RETRY,
  })
  await sim.pushSuiteTicket()
  await suite.saveTicket(sim.suiteTicket()!)
  const install = await sim.authorize({
    corpId: 'wwflowcorp',
    admin: { userid: 'boss', name: '老板', department: [1] },
  })
  sim.corp('wwflowcorp').addUser({ userid: 'zhangsan', name: '张三', department: [1] })
  const { permanent_code } = await suite.getPermanentCode(install.authCode)

  const provider = createProviderClient({
    corpId: sim.providerCorpId,
    providerSecret: sim.providerSecret,
    baseUrl: sim.baseUrl,
    retry: RETRY,
  })

  // The admin scans the provider's login QR code.
  const login = await provider.getLoginInfo(sim.issueLoginCode('wwflowcorp', 'boss'))
  expect(login.usertype).toBe(2)
  expect(login.corp_info.corpid).toBe('wwflowcorp')
  expect(login.user_info.open_userid).toBe(sim.openUserId('wwflowcorp', 'boss'))

  const { open_corpid } = await provider.corpIdToOpenCorpId('wwflowcorp')
  expect(open_corpid).toBe(sim.openCorpId('wwflowcorp'))
  const stranger = await provider.corpIdToOpenCorpId('wwnotinstalled').catch((e: unknown) => e)
  expect(isWeComApiError(stranger) && stranger.errcode).toBe(48001)
  expect(sim.tokenFetches().provider).toBe(1)

  // A member's userid as the provider sees it, through the suite's corp client.
  const corp = suite.corpClient({ corpId: 'wwflowcorp', permanentCode: permanent_code }).with(idConvert)
  const ids = await corp.idConvert.userIdToOpenUserId(['zhangsan', 'ghost'])
  expect(ids.open_userid_list).toEqual([
    { userid: 'zhangsan', open_userid: sim.openUserId('wwflowcorp', 'zhangsan') },
  ])
  expect(ids.invalid_userid_list).toEqual(['ghost'])

  // WeCom expires the provider token early: one refresh, the call replayed, and nothing lost.
  sim.expireProviderTokens()
  const again = await provider.corpIdToOpenCorpId('wwflowcorp')
  expect(again.open_corpid).toBe(open_corpid)
  expect(sim.tokenFetches().provider).toBe(2)
})

it('a wrong provider secret is refused once, then not asked again for a minute', async () => {
  const provider = createProviderClient({
    corpId: sim.providerCorpId,
    providerSecret: 'not-the-provider-secret',
    baseUrl: sim.baseUrl,
    retry: RETRY,
  })
  for (let i = 0; i < 3; i++) {
    const error = await provider.corpIdToOpenCorpId('wwany').catch((e: unknown) => e)
    expect(isWeComApiError(error) && error.errcode).toBe(40001)
  }
  expect(sim.tokenFetches().provider).toBe(1)
})
