// The whole provider flow against the simulator's provider world, callbacks included: WeCom
// pushes a suite_ticket to the command callback URL, the app decrypts it with @wecom-kit/callback
// and saves it; two corps install the app; each permanent code gives a corp client that sees
// that corp's own directory.
import { createCallbackHandler, isKnownSuiteCallbackMessage } from '@wecom-kit/callback'
import { createSuiteClient } from '@wecom-kit/suite'
import { createProviderSimulator } from '@wecom-kit/testing'
import { users } from '@wecom-kit/users'
import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'

const CALLBACK_URL = 'https://provider.example.com/wecom/suite'
const sim = createProviderSimulator({ callbackUrl: CALLBACK_URL })

// What the provider's app does: a suite client and the command callback that feeds it.
const suite = createSuiteClient({
  suiteId: sim.suite.suiteId,
  suiteSecret: sim.suite.suiteSecret,
  retry: { retries: 1, minTimeout: 1, maxTimeout: 2 },
})
const authCodes: string[] = []
const callback = createCallbackHandler({
  suiteId: sim.suite.suiteId,
  providerCorpId: sim.providerCorpId,
  token: sim.suite.token,
  encodingAesKey: sim.suite.encodingAesKey,
  async onMessage(message) {
    if (!isKnownSuiteCallbackMessage(message)) return
    if (message.InfoType === 'suite_ticket') await suite.saveTicket(message.SuiteTicket)
    if (message.InfoType === 'create_auth') authCodes.push(message.AuthCode)
  },
})

const server = setupServer(
  ...sim.handlers,
  http.post(CALLBACK_URL, ({ request }) => callback(request)),
  http.get(CALLBACK_URL, () => HttpResponse.text('not used')),
)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())
beforeEach(() => sim.clearRequests())

it('ticket pushed → saveTicket → permanent codes → each corp client lists its own users', async () => {
  const pushed = await sim.pushSuiteTicket()
  expect(pushed.delivery).toMatchObject({ status: 200, body: 'success' })

  const installs = await Promise.all([
    sim.authorize({ corpId: 'wwflowcorpa', corpName: '甲公司' }),
    sim.authorize({ corpId: 'wwflowcorpb', corpName: '乙公司' }),
  ])
  sim.corp('wwflowcorpa').addUser({ userid: 'zhangsan', name: '张三', department: [1] })
  sim.corp('wwflowcorpb').addUser({ userid: 'wangwu', name: '王五', department: [1] })
  expect(authCodes).toHaveLength(2)

  const listed: Record<string, string[]> = {}
  for (const code of authCodes) {
    const auth = await suite.getPermanentCode(code)
    const corpId = auth.auth_corp_info.corpid
    const agent = installs.find((i) => i.corpId === corpId)?.agentid
    const corp = suite.corpClient({ corpId, permanentCode: auth.permanent_code, agentId: agent }).with(users)
    const { userlist } = await corp.users.listByDepartment(1, { fetchChild: true })
    listed[corpId] = userlist.map((u) => u.userid).sort()
  }
  expect(listed).toEqual({
    wwflowcorpa: ['admin', 'zhangsan'],
    wwflowcorpb: ['admin', 'wangwu'],
  })
  const fetches = sim.tokenFetches()
  expect(fetches.suite).toBe(1)
  expect(fetches.corp).toEqual({ wwflowcorpa: 1, wwflowcorpb: 1 })

  // The simulator expires every suite token: the next corp token fetch refreshes it once.
  sim.expireSuiteTokens()
  sim.expireCorpTokens()
  const again = suite.corpClient({ corpId: 'wwflowcorpa', permanentCode: sim.permanentCode('wwflowcorpa')! })
  await expect(again.with(users).users.get('zhangsan')).resolves.toMatchObject({ name: '张三' })
  expect(sim.tokenFetches().suite).toBe(2)
})
