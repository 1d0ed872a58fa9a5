import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  createCallbackHandler,
  isKnownSuiteCallbackMessage,
  type SuiteCallbackMessage,
} from '@wecom-kit/callback'
import { createProviderSimulator } from '@wecom-kit/testing'
import { afterEach, expect, it } from 'vitest'

// The provider world posting to a real 指令回调 URL served by @wecom-kit/callback.

const closers: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const close of closers.splice(0)) await close()
})

it('delivers tickets and installs to the suite handler, which answers success', async () => {
  const sim = createProviderSimulator()
  const seen: SuiteCallbackMessage[] = []
  const handler = createCallbackHandler({
    suiteId: sim.suite.suiteId,
    providerCorpId: sim.providerCorpId,
    token: sim.suite.token,
    encodingAesKey: sim.suite.encodingAesKey,
    onMessage: (message) => void seen.push(message),
  })
  const server = createServer(handler.node)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  closers.push(() => new Promise((resolve) => server.close(() => resolve())))
  sim.setSuiteCallback(`http://127.0.0.1:${(server.address() as AddressInfo).port}/suite/receive`)
  // The console's 保存: the URL check, made with the provider's corpid.
  expect(await sim.verifySuiteCallback()).toMatchObject({ ok: true, status: 200 })

  const pushed = await sim.pushSuiteTicket()
  expect(pushed.delivery).toEqual({ status: 200, body: 'success' })
  const { authCode, notice } = await sim.authorize({ corpId: 'wwcorpa', state: 'from-test' })
  expect(notice?.delivery).toEqual({ status: 200, body: 'success' })
  await sim.notifyContactChange('wwcorpa', { ChangeType: 'delete_user', UserID: 'zhangsan' })

  expect(seen.every(isKnownSuiteCallbackMessage)).toBe(true)
  expect(seen.map((message) => message.InfoType)).toEqual(['suite_ticket', 'create_auth', 'change_contact'])
  expect(seen[0]).toMatchObject({ SuiteId: sim.suite.suiteId, SuiteTicket: sim.suiteTicket() })
  expect(seen[1]).toMatchObject({ AuthCode: authCode, State: 'from-test' })
  expect(seen[2]).toMatchObject({ AuthCorpId: 'wwcorpa', ChangeType: 'delete_user', UserID: 'zhangsan' })
})

it("the console's URL check fails for a handler that knows only the suite's id", async () => {
  const sim = createProviderSimulator()
  // A handler told another provider corpid stands for one that takes the suite id for it.
  const handler = createCallbackHandler({
    suiteId: sim.suite.suiteId,
    providerCorpId: 'wwsomeoneelse',
    token: sim.suite.token,
    encodingAesKey: sim.suite.encodingAesKey,
    onMessage: () => {},
  })
  const server = createServer(handler.node)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  closers.push(() => new Promise((resolve) => server.close(() => resolve())))
  sim.setSuiteCallback(`http://127.0.0.1:${(server.address() as AddressInfo).port}/suite/receive`)
  expect(await sim.verifySuiteCallback()).toMatchObject({ ok: false, status: 403 })
  // The notices themselves still arrive: they carry the suite id.
  expect((await sim.pushSuiteTicket()).delivery).toEqual({ status: 200, body: 'success' })
})

it('records an unreachable callback URL without failing', async () => {
  const sim = createProviderSimulator({ callbackUrl: 'http://127.0.0.1:1/suite/receive' })
  const record = await sim.pushSuiteTicket()
  expect(record.delivery).toEqual({ error: expect.any(String) })
  expect(sim.suiteNotices()).toHaveLength(1)
})
