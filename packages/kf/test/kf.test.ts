import { createClient, isWeComApiError } from '@wecom-kit/core'
import {
  type CursorStore,
  isKfSendRefusedError,
  KfSendRefusedError,
  kf,
  kfCursorKey,
  memoryCursorStore,
  sendKfMessage,
  syncKfMessages,
} from '@wecom-kit/kf'
import { beforeEach, describe, expect, it } from 'vitest'
import { apiError, FAST_RETRY, rejectsBeforeSending, useSimulator } from '../../../test/support/resource.js'

const CORP = { corpId: 'wwkf', corpSecret: 'kf-secret' }
const { sim } = useSimulator(CORP)

const makeClient = () => createClient({ ...CORP, retry: FAST_RETRY }).with(kf)
let client: ReturnType<typeof makeClient>
let openKfId: string
let avatar: string

beforeEach(() => {
  sim.reset()
  sim.addUser({ userid: 'zhangsan', name: '张三', department: [1] })
  sim.addUser({ userid: 'lisi', name: '李四', department: [1] })
  avatar = sim.addMedia({ bytes: new Uint8Array(64), filename: 'avatar.png', type: 'image' })
  openKfId = sim.addKfAccount({ name: '售后客服', servicers: ['zhangsan'] }).open_kfid
  client = makeClient()
})

/** Refused before sending: nothing reaches the simulator after this point. */
function refused(call: () => unknown, expected?: { path?: string; message?: RegExp }) {
  sim.clearRequests()
  return rejectsBeforeSending(sim, call, expected)
}

async function all<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const item of iterable) out.push(item)
  return out
}

describe('accounts', () => {
  it('adds, renames, lists and deletes an account', async () => {
    const { open_kfid } = await client.kf.addAccount({ name: '咨询', media_id: avatar })
    expect(open_kfid).toMatch(/^wk/)
    expect(sim.requests.at(-1)).toMatchObject({
      path: 'kf/account/add',
      json: { name: '咨询', media_id: avatar },
    })
    await client.kf.updateAccount({ open_kfid, name: '售前咨询' })
    const { account_list } = await client.kf.listAccounts()
    expect(account_list.map((a) => a.name)).toEqual(['售后客服', '售前咨询'])
    expect((await client.kf.listAccounts({ offset: 1, limit: 1 })).account_list).toHaveLength(1)
    await client.kf.deleteAccount(open_kfid)
    expect(sim.getKfAccount(open_kfid)).toBeUndefined()
  })

  it('surfaces WeCom errors: an unknown account, an avatar that is not live media, a bad name', async () => {
    expect((await apiError(client.kf.deleteAccount('wkunknown'))).errcode).toBe(95004)
    expect((await apiError(client.kf.addAccount({ name: '咨询', media_id: 'nope' }))).errcode).toBe(40007)
    expect((await apiError(client.kf.updateAccount({ open_kfid: 'wkunknown', name: 'x' }))).errcode).toBe(
      95004,
    )
  })

  it('refuses bad input before sending', async () => {
    await refused(
      () => client.kf.addAccount({ name: '一二三四五六七八九十一二三四五六七', media_id: avatar }),
      {
        path: 'name',
      },
    )
    await refused(() => client.kf.updateAccount({ open_kfid: openKfId }), {
      message: /name or a media_id/,
    })
    await refused(() => client.kf.deleteAccount(''), { path: 'open_kfid' })
    await refused(() => client.kf.listAccounts({ limit: 101 }), { path: 'limit' })
    await refused(() => client.kf.addContactWay({ open_kfid: openKfId, scene: 'a b' }), {
      path: 'scene',
    })
  })

  it('gives the account link, with a scene', async () => {
    const { url } = await client.kf.addContactWay({ open_kfid: openKfId, scene: 'shop_42' })
    expect(url).toMatch(/^https:\/\/work\.weixin\.qq\.com\/kfid\/kfc.*enc_scene=/)
    expect((await apiError(client.kf.addContactWay({ open_kfid: 'wkgone' }))).errcode).toBe(95004)
  })
})

describe('servicers', () => {
  it('adds and removes servicers, each with its own outcome', async () => {
    const added = await client.kf.addServicers({ open_kfid: openKfId, userid_list: ['lisi', 'ghost'] })
    expect(added.result_list).toEqual([
      { userid: 'lisi', errcode: 0, errmsg: 'success' },
      { userid: 'ghost', errcode: 60111, errmsg: 'userid not found' },
    ])
    const { servicer_list } = await client.kf.listServicers(openKfId)
    expect(servicer_list).toEqual([
      { userid: 'zhangsan', status: 0 },
      { userid: 'lisi', status: 0 },
    ])
    expect(sim.requests.at(-1)).toMatchObject({ method: 'GET', query: { open_kfid: openKfId } })
    const removed = await client.kf.deleteServicers({ open_kfid: openKfId, userid_list: ['lisi'] })
    expect(removed.result_list[0]).toMatchObject({ userid: 'lisi', errcode: 0 })
  })

  it('surfaces an unknown account and refuses empty or oversized lists before sending', async () => {
    expect((await apiError(client.kf.listServicers('wkgone'))).errcode).toBe(95004)
    expect(
      (await apiError(client.kf.addServicers({ open_kfid: 'wkgone', userid_list: ['lisi'] }))).errcode,
    ).toBe(95004)
    await refused(() => client.kf.addServicers({ open_kfid: openKfId }), {
      message: /at least one/,
    })
    const many = Array.from({ length: 101 }, (_, i) => `u${i}`)
    await refused(() => client.kf.deleteServicers({ open_kfid: openKfId, userid_list: many }), {
      path: 'userid_list',
    })
    await refused(() => client.kf.listServicers(42 as never), { path: 'open_kfid' })
  })
})

describe('syncMessages', () => {
  it('yields every message in order across pages, resuming where the last sync stopped', async () => {
    const { external_userid, token } = await sim.kfCustomerSays(openKfId, '你好', {
      customer: { nickname: '小明' },
    })
    for (let i = 1; i <= 6; i++)
      await sim.kfCustomerSays(openKfId, `第${i}条`, { customer: { external_userid } })
    const first = await all(client.kf.syncMessages({ open_kfid: openKfId, token, limit: 3 }))
    expect(first.map((m) => m.text?.content)).toEqual([
      '你好',
      '第1条',
      '第2条',
      '第3条',
      '第4条',
      '第5条',
      '第6条',
    ])
    expect(first[0]).toMatchObject({ origin: 3, msgtype: 'text', open_kfid: openKfId, external_userid })
    expect(sim.countCalls('kf/sync_msg')).toBe(3)
    expect(sim.requests.filter((r) => r.path === 'kf/sync_msg').map((r) => r.json)).toMatchObject([
      { open_kfid: openKfId, token, limit: 3 },
      { open_kfid: openKfId, token, limit: 3, cursor: expect.any(String) },
      { open_kfid: openKfId, token, limit: 3, cursor: expect.any(String) },
    ])

    // Nothing new: nothing again. Then only what came after.
    expect(await all(client.kf.syncMessages({ open_kfid: openKfId }))).toEqual([])
    await sim.kfCustomerSays(openKfId, '还在吗', { customer: { external_userid } })
    expect((await all(client.kf.syncMessages({ open_kfid: openKfId }))).map((m) => m.text?.content)).toEqual([
      '还在吗',
    ])
  })

  it('a loop that leaves mid-page gets the message it was on again, and none before it', async () => {
    for (let i = 1; i <= 5; i++) await sim.kfCustomerSays(openKfId, `m${i}`)
    const store = memoryCursorStore()
    const seen: string[] = []
    for await (const message of client.kf.syncMessages({
      open_kfid: openKfId,
      cursorStore: store,
      limit: 10,
    })) {
      seen.push(message.text!.content)
      if (seen.length === 3) break // m3 in hand: not handled
    }
    expect(await store.get(kfCursorKey(CORP.corpId, openKfId))).toContain('"after"')
    const rest = await all(client.kf.syncMessages({ open_kfid: openKfId, cursorStore: store, limit: 10 }))
    expect(rest.map((m) => m.text?.content)).toEqual(['m3', 'm4', 'm5'])
  })

  it('an error thrown in the loop hands the message back', async () => {
    await sim.kfCustomerSays(openKfId, 'a')
    await sim.kfCustomerSays(openKfId, 'b')
    await expect(async () => {
      for await (const message of client.kf.syncMessages({ open_kfid: openKfId })) {
        if (message.text?.content === 'b') throw new Error('the app failed on b')
      }
    }).rejects.toThrow('the app failed on b')
    expect((await all(client.kf.syncMessages({ open_kfid: openKfId }))).map((m) => m.text?.content)).toEqual([
      'b',
    ])
  })

  it('keeps one cursor per account, and syncs of one account take turns', async () => {
    const other = sim.addKfAccount({ name: '另一个' }).open_kfid
    await sim.kfCustomerSays(openKfId, 'for one')
    await sim.kfCustomerSays(other, 'for other')
    const [a, b, c] = await Promise.all([
      all(client.kf.syncMessages({ open_kfid: openKfId })),
      all(client.kf.syncMessages({ open_kfid: openKfId })),
      all(client.kf.syncMessages({ open_kfid: other })),
    ])
    expect(a.map((m) => m.text?.content)).toEqual(['for one'])
    expect(b).toEqual([]) // took its turn after a, from a's cursor
    expect(c.map((m) => m.text?.content)).toEqual(['for other'])
  })

  it('yields events as WeCom sends them (enter_session with its welcome_code)', async () => {
    const entered = await sim.kfCustomerEnters(openKfId, { scene: 'shop', scene_param: 'a=1' })
    const [event] = await all(client.kf.syncMessages({ open_kfid: openKfId, token: entered.token }))
    expect(event).toMatchObject({
      origin: 4,
      msgtype: 'event',
      event: {
        event_type: 'enter_session',
        scene: 'shop',
        scene_param: 'a=1',
        welcome_code: entered.welcome_code,
      },
    })
    await client.kf.sendOnEvent(entered.welcome_code!, { msgtype: 'text', text: { content: '欢迎光临' } })
    expect(sim.kfSentMessages()).toMatchObject([{ code: 'welcome', touser: entered.external_userid }])
    expect(
      (
        await apiError(
          client.kf.sendOnEvent(entered.welcome_code!, { msgtype: 'text', text: { content: 'again' } }),
        )
      ).errcode,
    ).toBe(95007)
  })

  it('surfaces an expired token and an unknown account; refuses bad options before sending', async () => {
    const { token } = await sim.kfCustomerSays(openKfId, 'hi')
    sim.advanceTime(11 * 60_000)
    const expired = await all(client.kf.syncMessages({ open_kfid: openKfId, token })).catch((e: unknown) => e)
    expect(isWeComApiError(expired) && expired.errcode).toBe(95007)
    const unknown = await all(client.kf.syncMessages({ open_kfid: 'wkgone' })).catch((e: unknown) => e)
    expect(isWeComApiError(unknown) && unknown.errcode).toBe(95004)
    await refused(() => client.kf.syncMessages({ open_kfid: '' }), { path: 'open_kfid' })
    await refused(() => client.kf.syncMessages({ open_kfid: openKfId, limit: 1001 }), {
      path: 'limit',
    })
    await refused(() => client.kf.syncMessages({ open_kfid: openKfId, cursorStore: {} as CursorStore }), {
      path: 'cursorStore',
    })
  })

  it('the standalone function is the same operation', () => {
    expect(syncKfMessages.operation).toMatchObject({ path: 'kf/sync_msg', doc: 94670 })
    expect(client.kf.syncMessages.operation).toBe(syncKfMessages.operation)
  })
})

describe('send and the 48-hour / 5-message rule', () => {
  it('sends within the window, at most 5 times per customer message', async () => {
    const { external_userid } = await sim.kfCustomerSays(openKfId, '在吗')
    for (let i = 1; i <= 5; i++) {
      const { msgid } = await client.kf.send({
        touser: external_userid,
        open_kfid: openKfId,
        msgtype: 'text',
        text: { content: `回复${i}` },
      })
      expect(msgid).toMatch(/^[0-9A-Za-z_-]{1,32}$/)
    }
    const sixth = await client.kf
      .send({ touser: external_userid, open_kfid: openKfId, msgtype: 'text', text: { content: '第六条' } })
      .catch((e: unknown) => e)
    expect(sixth).toBeInstanceOf(KfSendRefusedError)
    expect(isKfSendRefusedError(sixth)).toBe(true)
    expect(sixth).toMatchObject({ errcode: 95001, refusal: 'message_limit', name: 'KfSendRefusedError' })
    expect((sixth as KfSendRefusedError).hint).toMatch(/5 messages/)
    expect((sixth as Error).message).toMatch(/hint: the 5 messages/)
    expect(isWeComApiError(sixth)).toBe(true)

    // The customer writes again: 5 more.
    await sim.kfCustomerSays(openKfId, '还有问题', { customer: { external_userid } })
    await client.kf.send({
      touser: external_userid,
      open_kfid: openKfId,
      msgtype: 'text',
      text: { content: 'ok' },
    })
    expect(sim.kfSentMessages(openKfId)).toHaveLength(6)
  })

  it('refuses after 48 hours (95002) and outside states 0 and 1 (95018)', async () => {
    const { external_userid } = await sim.kfCustomerSays(openKfId, '在吗')
    const body = {
      touser: external_userid,
      open_kfid: openKfId,
      msgtype: 'text' as const,
      text: { content: 'hi' },
    }
    sim.advanceTime(48 * 3_600_000 + 1000)
    const late = await sendKfMessage(client, body).catch((e: unknown) => e)
    expect(late).toMatchObject({ errcode: 95002, refusal: 'time_limit' })
    expect((late as KfSendRefusedError).hint).toMatch(/48 hours/)

    await sim.kfCustomerSays(openKfId, '又来了', { customer: { external_userid } })
    const { msg_code } = await client.kf.transServiceState({
      open_kfid: openKfId,
      external_userid,
      service_state: 3,
      servicer_userid: 'zhangsan',
    })
    expect(msg_code).toEqual(expect.any(String))
    expect(await client.kf.getServiceState({ open_kfid: openKfId, external_userid })).toMatchObject({
      service_state: 3,
      servicer_userid: 'zhangsan',
    })
    const human = await client.kf.send(body).catch((e: unknown) => e)
    expect(human).toMatchObject({ errcode: 95018, refusal: 'session_state' })
    // The servicer's own reply code still works once.
    await client.kf.sendOnEvent(msg_code!, { msgtype: 'text', text: { content: '客服小张为您服务' } })
  })

  it('other errors stay plain WeComApiErrors; bad messages are refused before sending', async () => {
    const { external_userid } = await sim.kfCustomerSays(openKfId, 'hi')
    const unknown = await client.kf
      .send({ touser: 'wmnobody', open_kfid: openKfId, msgtype: 'text', text: { content: 'x' } })
      .catch((e: unknown) => e)
    expect(unknown).toMatchObject({ errcode: 40096 })
    expect(isKfSendRefusedError(unknown)).toBe(false)
    await refused(
      () =>
        client.kf.send({
          touser: external_userid,
          open_kfid: openKfId,
          msgtype: 'text',
          text: { content: '' },
        }),
      { path: 'text.content' },
    )
    await refused(
      () =>
        client.kf.send({
          touser: external_userid,
          open_kfid: openKfId,
          msgtype: 'msgmenu',
          msgmenu: {
            list: Array.from({ length: 11 }, () => ({ type: 'click' as const, click: { content: 'x' } })),
          },
        }),
      { message: /at most 10/ },
    )
    await refused(
      () => client.kf.send({ touser: external_userid, open_kfid: openKfId, msgtype: 'sticker' } as never),
      { message: /msgtype/ },
    )
    await refused(
      () =>
        client.kf.send({
          touser: external_userid,
          open_kfid: openKfId,
          msgid: 'has space',
          msgtype: 'text',
          text: { content: 'x' },
        }),
      { path: 'msgid' },
    )
    await refused(() => client.kf.sendOnEvent('', { msgtype: 'text', text: { content: 'x' } }), {
      path: 'code',
    })
    await refused(
      () => client.kf.sendOnEvent('CODE', { msgtype: 'image', image: { media_id: avatar } } as never),
      { message: /text or msgmenu/ },
    )
  })

  it('sends every payload WeCom documents', async () => {
    const { external_userid } = await sim.kfCustomerSays(openKfId, 'hi')
    await sim.kfCustomerSays(openKfId, 'more', { customer: { external_userid } })
    const base = { touser: external_userid, open_kfid: openKfId }
    await client.kf.send({ ...base, msgtype: 'image', image: { media_id: avatar } })
    await client.kf.send({
      ...base,
      msgtype: 'link',
      link: { title: '物流', url: 'https://example.com/t', thumb_media_id: avatar },
    })
    await client.kf.send({
      ...base,
      msgtype: 'msgmenu',
      msgmenu: {
        head_content: '请选择',
        list: [
          { type: 'click', click: { id: '101', content: '满意' } },
          { type: 'view', view: { url: 'https://example.com', content: '官网' } },
        ],
      },
    })
    await client.kf.send({
      ...base,
      msgid: 'my-own-1',
      msgtype: 'location',
      location: { latitude: 23.1, longitude: 113.3 },
    })
    expect(sim.kfSentMessages().map((m) => m.msgtype)).toEqual(['image', 'link', 'msgmenu', 'location'])
    expect(sim.kfSentMessages()[3]?.msgid).toBe('my-own-1')
  })
})

describe('sessions and customers', () => {
  it('moves a session through its states, refusing moves WeCom does not allow', async () => {
    const { external_userid } = await sim.kfCustomerSays(openKfId, 'hi')
    const session = { open_kfid: openKfId, external_userid }
    expect(await client.kf.getServiceState(session)).toMatchObject({ service_state: 0 })
    const pooled = await client.kf.transServiceState({ ...session, service_state: 2 })
    expect(pooled.msg_code).toEqual(expect.any(String))
    expect((await apiError(client.kf.transServiceState({ ...session, service_state: 1 }))).errcode).toBe(
      95016,
    )
    expect(
      (await apiError(client.kf.transServiceState({ ...session, service_state: 3, servicer_userid: 'lisi' })))
        .errcode,
    ).toBe(95014)
    await client.kf.transServiceState({ ...session, service_state: 4 })
    expect(sim.kfSession(openKfId, external_userid)).toMatchObject({ service_state: 4 })
  })

  it('refuses bad session input before sending', async () => {
    await refused(() => client.kf.getServiceState({ open_kfid: openKfId } as never), {
      path: 'external_userid',
    })
    await refused(
      () => client.kf.transServiceState({ open_kfid: openKfId, external_userid: 'wm1', service_state: 3 }),
      { message: /servicer_userid/ },
    )
    await refused(
      () =>
        client.kf.transServiceState({ open_kfid: openKfId, external_userid: 'wm1', service_state: 9 as 0 }),
      { path: 'service_state' },
    )
    expect(
      (await apiError(client.kf.getServiceState({ open_kfid: openKfId, external_userid: 'wmnobody' })))
        .errcode,
    ).toBe(40096)
  })

  it('reads customers in batches of up to 100', async () => {
    const { external_userid } = await sim.kfCustomerSays(openKfId, 'hi', {
      customer: { nickname: '小红', gender: 2 },
    })
    const result = await client.kf.batchGetCustomers([external_userid, 'wmnobody'], {
      needEnterSessionContext: true,
    })
    expect(result.customer_list).toEqual([
      expect.objectContaining({ external_userid, nickname: '小红', gender: 2 }),
    ])
    expect(result.invalid_external_userid).toEqual(['wmnobody'])
    expect(sim.requests.at(-1)?.json).toEqual({
      external_userid_list: [external_userid, 'wmnobody'],
      need_enter_session_context: 1,
    })
    await refused(() => client.kf.batchGetCustomers([]), { message: /at least one/ })
    await refused(() => client.kf.batchGetCustomers(Array.from({ length: 101 }, (_, i) => `wm${i}`)), {
      message: /at most 100/,
    })
    sim.failNext('kf/customer/batchget', { errcode: 48002 })
    expect((await apiError(client.kf.batchGetCustomers([external_userid]))).errcode).toBe(48002)
  })
})
