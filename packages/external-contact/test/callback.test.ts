// End to end: a customer adds a member; WeCom's change_external_contact reaches a real callback
// server (encrypted by the simulator, verified and typed by @wecom-kit/callback); the app greets the
// customer with the event's WelcomeCode and tags them by the contact way's state.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type CallbackMessage, createCallbackHandler, isKnownCallbackMessage } from '@wecom-kit/callback'
import { createClient } from '@wecom-kit/core'
import { externalContact } from '@wecom-kit/external-contact'
import { createWeComSimulator, type SimulatorServer } from '@wecom-kit/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'

const CORP = { corpId: 'wwcustomercb', corpSecret: 'customer-cb-secret' }
const TOKEN = 'customerCallbackToken'
const AES_KEY = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopq'
const sim = createWeComSimulator(CORP)
let wecom: SimulatorServer
let server: Server
const seen: Array<CallbackMessage & { Event?: string; ChangeType?: string }> = []
const work: Promise<unknown>[] = []

beforeAll(async () => {
  wecom = await sim.listen()
  const client = createClient({ ...CORP, baseUrl: wecom.url }).with(externalContact)
  const handler = createCallbackHandler({
    token: TOKEN,
    encodingAesKey: AES_KEY,
    corpId: CORP.corpId,
    onMessage(message) {
      seen.push(message as CallbackMessage & { Event?: string; ChangeType?: string })
      if (!isKnownCallbackMessage(message) || message.MsgType !== 'event') return
      if (message.Event !== 'change_external_contact' || message.ChangeType !== 'add_external_contact') return
      const { UserID, ExternalUserID, WelcomeCode, State } = message
      work.push(
        (async () => {
          if (WelcomeCode)
            await client.externalContact.sendWelcomeMessage({
              welcome_code: WelcomeCode,
              text: { content: '欢迎！' },
            })
          const tag = sim.corpTagGroups()[0]?.tag.find((t) => t.name === State)
          if (tag)
            await client.externalContact.markTag({
              userid: UserID,
              external_userid: ExternalUserID,
              add_tag: [tag.id],
            })
        })(),
      )
    },
  })
  server = createServer(handler.node)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  sim.setCallback({ url: `http://127.0.0.1:${port}/`, token: TOKEN, encodingAesKey: AES_KEY })
})

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve))
  await wecom?.close()
})

it('add_external_contact → a welcome with its code and a tag from the state; the other events arrive typed', async () => {
  sim.addUser({ userid: 'zhangsan', name: '张三', department: [1] })
  sim.addUser({ userid: 'lisi', name: '李四', department: [1] })
  sim.addCorpTagGroup('渠道', ['store42', 'online'])
  const added = await sim.externalContactAdds('zhangsan', { name: '小明' }, { state: 'store42' })
  expect(added.callback.delivery).toEqual({ status: 200, body: '' })
  await Promise.all(work)
  expect(sim.welcomeMessages()).toMatchObject([
    { userid: 'zhangsan', external_userid: added.external_userid },
  ])
  expect(sim.getExternalContact(added.external_userid)?.follow_user[0]?.tags.map((t) => t.tag_name)).toEqual([
    'store42',
  ])

  const { chat } = await sim.addCustomerGroupChat({ owner: 'zhangsan', members: [added.external_userid] })
  await sim.externalContactRemoves('zhangsan', added.external_userid, { by: 'customer' })
  // The tag group's event was delivered in the background: it may arrive before or after the next one.
  const tagEvents = seen.filter((m) => m.Event === 'change_external_tag')
  expect(tagEvents).toEqual([
    expect.objectContaining({
      ChangeType: 'create',
      TagType: 'tag_group',
      Id: sim.corpTagGroups()[0]?.group_id,
    }),
  ])
  const rest = seen.filter((m) => m.Event !== 'change_external_tag')
  expect(rest.map((m) => [m.Event, m.ChangeType])).toEqual([
    ['change_external_contact', 'add_external_contact'],
    ['change_external_chat', 'create'],
    ['change_external_contact', 'del_follow_user'],
  ])
  expect(seen.every(isKnownCallbackMessage)).toBe(true)
  expect(rest[1]).toMatchObject({ ChatId: chat.chat_id, FromUserName: 'sys' })
})
