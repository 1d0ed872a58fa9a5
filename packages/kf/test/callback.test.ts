// End to end: the simulator's customer writes, WeCom's kf_msg_or_event reaches a real callback
// server (encrypted and signed by the simulator, verified by @wecom-kit/callback), the app reads
// the news with the callback's Token and answers within the 5-message rule.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createCallbackHandler, isKnownCallbackMessage, type KfMsgOrEvent } from '@wecom-kit/callback'
import { createClient } from '@wecom-kit/core'
import { kf } from '@wecom-kit/kf'
import { createWeComSimulator, type SimulatorServer } from '@wecom-kit/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'

const CORP = { corpId: 'wwkfcb', corpSecret: 'kf-cb-secret' }
const TOKEN = 'kfCallbackToken'
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG'

const sim = createWeComSimulator(CORP)
let wecom: SimulatorServer
let server: Server
const events: KfMsgOrEvent[] = []
const replies: Promise<unknown>[] = []

beforeAll(async () => {
  wecom = await sim.listen()
  const client = createClient({ ...CORP, baseUrl: wecom.url }).with(kf)
  const handler = createCallbackHandler({
    token: TOKEN,
    encodingAesKey: AES_KEY,
    corpId: CORP.corpId,
    onMessage(message) {
      if (
        !isKnownCallbackMessage(message) ||
        message.MsgType !== 'event' ||
        message.Event !== 'kf_msg_or_event'
      )
        return
      events.push(message)
      // Acknowledge at once; read and answer after.
      replies.push(
        (async () => {
          for await (const m of client.kf.syncMessages({
            open_kfid: message.OpenKfId,
            token: message.Token,
          })) {
            if (m.origin !== 3 || m.msgtype !== 'text') continue
            await client.kf.send({
              touser: m.external_userid!,
              open_kfid: m.open_kfid,
              msgtype: 'text',
              text: { content: `收到：${m.text!.content}` },
            })
          }
        })(),
      )
    },
  })
  server = createServer(handler.node)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
})

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve))
  await wecom?.close()
})

it('a customer writes: the callback arrives typed, the app syncs with its Token and answers', async () => {
  const { port } = server.address() as AddressInfo
  sim.setCallback({ url: `http://127.0.0.1:${port}/wecom`, token: TOKEN, encodingAesKey: AES_KEY })
  const openKfId = sim.addKfAccount({ name: '售后' }).open_kfid
  const said = await sim.kfCustomerSays(openKfId, '我的快递到哪了')
  expect(said.callback.delivery).toEqual({ status: 200, body: '' })
  expect(said.callback.event).toMatchObject({
    Event: 'kf_msg_or_event',
    OpenKfId: openKfId,
    Token: said.token,
  })
  await Promise.all(replies)
  expect(events).toEqual([
    expect.objectContaining({
      MsgType: 'event',
      Event: 'kf_msg_or_event',
      OpenKfId: openKfId,
      Token: said.token,
    }),
  ])
  expect(sim.kfSentMessages(openKfId)).toEqual([
    expect.objectContaining({
      touser: said.external_userid,
      body: expect.objectContaining({ text: { content: '收到：我的快递到哪了' } }),
    }),
  ])

  // A second message: only it is read and answered.
  await sim.kfCustomerSays(openKfId, '谢谢', { customer: { external_userid: said.external_userid } })
  await Promise.all(replies)
  expect(sim.kfSentMessages(openKfId).map((m) => (m.body.text as { content: string }).content)).toEqual([
    '收到：我的快递到哪了',
    '收到：谢谢',
  ])
})

it('records events and tells listeners without a URL; an unreachable URL is recorded, not thrown', async () => {
  sim.reset()
  const seen: string[] = []
  const stop = sim.onCallback((record) => seen.push(String(record.event.Event)))
  const openKfId = sim.addKfAccount({ name: '售前' }).open_kfid
  const quiet = await sim.kfCustomerSays(openKfId, 'hi')
  expect(quiet.callback.delivery).toBeUndefined()
  sim.setCallback({ url: 'http://127.0.0.1:1/nowhere', token: TOKEN, encodingAesKey: AES_KEY })
  const lost = await sim.kfCustomerSays(openKfId, 'hello?')
  expect(lost.callback.delivery).toEqual({ error: expect.any(String) })
  stop()
  await sim.kfCustomerSays(openKfId, 'unheard')
  expect(seen).toEqual(['kf_msg_or_event', 'kf_msg_or_event'])
  expect(sim.callbacks()).toHaveLength(3)
  expect(() => sim.setCallback({ url: 'ftp://x', token: TOKEN, encodingAesKey: AES_KEY })).toThrow(/http/)
  expect(() => sim.setCallback({ url: 'http://x', token: TOKEN, encodingAesKey: 'short' })).toThrow(/43/)
})
