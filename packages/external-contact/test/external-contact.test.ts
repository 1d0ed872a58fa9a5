import { createClient, isWeComApiError } from '@wecom-kit/core'
import { externalContact, getCustomer, listCustomersByUsers } from '@wecom-kit/external-contact'
import { beforeEach, describe, expect, it } from 'vitest'
import { apiError, FAST_RETRY, rejectsBeforeSending, useSimulator } from '../../../test/support/resource.js'

const CORP = { corpId: 'wwcustomer', corpSecret: 'customer-secret' }
const { sim } = useSimulator(CORP)
const makeClient = () => createClient({ ...CORP, retry: FAST_RETRY }).with(externalContact)
let client: ReturnType<typeof makeClient>
let vip: string
let vipGroup: string
let xiaoming: string
let xiaohong: string

beforeEach(() => {
  sim.reset()
  for (const [userid, name] of [
    ['zhangsan', '张三'],
    ['lisi', '李四'],
    ['wangwu', '王五'],
  ] as const) {
    sim.addUser({ userid, name, department: [1] })
  }
  const group = sim.addCorpTagGroup('客户等级', ['VIP', '普通'])
  vipGroup = group.group_id
  vip = group.tag[0]!.id
  xiaoming = sim.addExternalContact({
    name: '小明',
    gender: 1,
    follow: [{ userid: 'zhangsan', remark: '老客户', tags: [vip], state: 'shop' }, 'lisi'],
  }).external_contact.external_userid
  xiaohong = sim.addExternalContact({ name: '小红', type: 2, corp_name: '腾讯', follow: ['zhangsan'] })
    .external_contact.external_userid
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

async function rejected(iterable: AsyncIterable<unknown>): Promise<unknown> {
  return all(iterable).then(
    () => expect.unreachable('resolved'),
    (e: unknown) => e,
  )
}

describe('customers', () => {
  it('lists follow users and a member’s customers', async () => {
    expect((await client.externalContact.listFollowUsers()).follow_user).toEqual(['zhangsan', 'lisi'])
    expect((await client.externalContact.list('zhangsan')).external_userid).toEqual([xiaoming, xiaohong])
    expect(sim.requests.at(-1)).toMatchObject({ method: 'GET', query: { userid: 'zhangsan' } })
    expect((await apiError(client.externalContact.list('wangwu'))).errcode).toBe(84074)
    expect((await apiError(client.externalContact.list('nobody'))).errcode).toBe(60111)
    await refused(() => client.externalContact.list(''), { path: 'userid' })
  })

  it('get follows follow_user pages itself and resolves to the whole list', async () => {
    sim.setFollowPageSize(1)
    const { external_contact, follow_user, errcode } = await client.externalContact.get(xiaoming)
    expect(errcode).toBe(0)
    expect(external_contact).toMatchObject({ external_userid: xiaoming, name: '小明', type: 1, gender: 1 })
    expect(external_contact.unionid).toMatch(/^o/)
    expect(follow_user.map((f) => f.userid)).toEqual(['zhangsan', 'lisi'])
    expect(follow_user[0]).toMatchObject({
      remark: '老客户',
      state: 'shop',
      tags: [{ group_name: '客户等级', tag_name: 'VIP', tag_id: vip, type: 1 }],
    })
    expect(sim.countCalls('externalcontact/get')).toBe(2)
    expect(sim.requests.at(-1)?.query).toMatchObject({
      external_userid: xiaoming,
      cursor: expect.any(String),
    })
    expect(getCustomer.operation).toMatchObject({ path: 'externalcontact/get', doc: 92114 })
  })

  it('get: an unknown customer is 40096; not an external_userid is refused before sending', async () => {
    expect((await apiError(client.externalContact.get('wmnobody'))).errcode).toBe(40096)
    await refused(() => client.externalContact.get('张三'), { message: /external_userid/ })
    await refused(() => client.externalContact.get(42 as never))
  })

  it('listByUsers yields one entry per (customer, follow user) pair, fetching pages lazily', async () => {
    const pairs = await all(client.externalContact.listByUsers(['zhangsan', 'lisi'], { limit: 2 }))
    expect(pairs.map((p) => [p.external_contact.name, p.follow_info.userid])).toEqual([
      ['小明', 'zhangsan'],
      ['小明', 'lisi'],
      ['小红', 'zhangsan'],
    ])
    expect(pairs[0]?.follow_info.tag_id).toEqual([vip])
    expect(sim.countCalls('externalcontact/batch/get_by_user')).toBe(2)

    // Lazy: nothing is fetched until the loop starts, and a break stops the fetching.
    sim.clearRequests()
    const iterable = client.externalContact.listByUsers(['zhangsan'], { limit: 1 })
    expect(sim.requests).toHaveLength(0)
    for await (const _ of iterable) break
    expect(sim.countCalls('externalcontact/batch/get_by_user')).toBe(1)
    expect(listCustomersByUsers.operation).toMatchObject({ doc: 92994 })
  })

  it('listByUsers: ≤ 100 userids and limit ≤ 100 checked before sending; a member without customer contact is 84074', async () => {
    const many = Array.from({ length: 101 }, (_, i) => `user${i}`)
    await refused(() => client.externalContact.listByUsers(many), { message: /at most 100/ })
    await refused(() => client.externalContact.listByUsers([]), { message: /at least 1/ })
    await refused(() => client.externalContact.listByUsers(['zhangsan'], { limit: 101 }), { path: 'limit' })
    const error = await rejected(client.externalContact.listByUsers(['wangwu']))
    expect(isWeComApiError(error) && error.errcode).toBe(84074)
  })

  it('remarks a customer; needs the relation; limits checked before sending', async () => {
    await client.externalContact.remark({
      userid: 'lisi',
      external_userid: xiaoming,
      remark: '同学',
      description: '大学同学',
      remark_mobiles: ['13800000000'],
    })
    expect(sim.getExternalContact(xiaoming)?.follow_user[1]).toMatchObject({
      remark: '同学',
      description: '大学同学',
    })
    expect(
      (await apiError(client.externalContact.remark({ userid: 'lisi', external_userid: xiaohong }))).errcode,
    ).toBe(84061)
    await refused(
      () =>
        client.externalContact.remark({ userid: 'lisi', external_userid: xiaoming, remark: '一'.repeat(21) }),
      { path: 'remark' },
    )
  })

  it('converts an external_userid to an openid, and to pending ids', async () => {
    const { openid } = await client.externalContact.convertToOpenId(xiaoming)
    expect(openid).toMatch(/^o/)
    expect((await apiError(client.externalContact.convertToOpenId('wmnobody'))).errcode).toBe(40096)
    const { result } = await client.externalContact.toPendingIds([xiaoming, 'wmnobody'])
    expect(result).toEqual([{ external_userid: xiaoming, pending_id: expect.stringMatching(/^p/) }])
    await refused(() => client.externalContact.toPendingIds([]), { message: /at least 1/ })
    sim.failNext('idconvert/batch/external_userid_to_pending_id', { errcode: 48002 })
    expect((await apiError(client.externalContact.toPendingIds([xiaoming]))).errcode).toBe(48002)
  })
})

describe('contact ways', () => {
  it('adds, reads, lists, updates and deletes a contact way', async () => {
    const added = await client.externalContact.addContactWay({
      type: 1,
      scene: 2,
      remark: '门店',
      state: 'store42',
      user: ['zhangsan'],
    })
    expect(added).toMatchObject({ config_id: expect.any(String), qr_code: expect.stringMatching(/^https:/) })
    await client.externalContact.addContactWay({
      type: 2,
      scene: 1,
      style: 1,
      user: ['zhangsan', 'lisi'],
      party: [1],
    })
    const { contact_way } = await client.externalContact.getContactWay(added.config_id)
    expect(contact_way).toMatchObject({
      type: 1,
      scene: 2,
      remark: '门店',
      state: 'store42',
      user: ['zhangsan'],
    })
    const ways = await all(client.externalContact.listContactWays({ limit: 1 }))
    expect(ways).toHaveLength(2)
    expect(sim.countCalls('externalcontact/list_contact_way')).toBe(2)
    await client.externalContact.updateContactWay({ config_id: added.config_id, remark: '旗舰店' })
    expect((await client.externalContact.getContactWay(added.config_id)).contact_way.remark).toBe('旗舰店')
    await client.externalContact.deleteContactWay(added.config_id)
    expect((await apiError(client.externalContact.getContactWay(added.config_id))).errcode).toBe(41044)
  })

  it('WeCom refuses users without customer contact; the rules are checked before sending', async () => {
    expect(
      (await apiError(client.externalContact.addContactWay({ type: 1, scene: 2, user: ['wangwu'] }))).errcode,
    ).toBe(84074)
    await refused(
      () => client.externalContact.addContactWay({ type: 1, scene: 2, user: ['zhangsan', 'lisi'] }),
      {
        message: /exactly one user/,
      },
    )
    await refused(
      () => client.externalContact.addContactWay({ type: 3 as 1, scene: 2, user: ['zhangsan'] }),
      {
        path: 'type',
      },
    )
    await refused(() => client.externalContact.addContactWay({ type: 2, scene: 2 }), {
      message: /a user or a party/,
    })
    await refused(
      () => client.externalContact.addContactWay({ type: 2, scene: 2, user: ['zhangsan'], is_temp: true }),
      { message: /temporary chat/ },
    )
    await refused(
      () =>
        client.externalContact.addContactWay({
          type: 1,
          scene: 2,
          user: ['zhangsan'],
          expires_in: 15 * 86_400,
        }),
      { path: 'expires_in' },
    )
    await refused(() => client.externalContact.listContactWays({ start_time: 10, end_time: 5 }), {
      message: /start_time/,
    })
    await refused(() => client.externalContact.getContactWay(''), { path: 'config_id' })
    await refused(() => client.externalContact.deleteContactWay('a b'), { path: 'config_id' })
    await refused(
      () => client.externalContact.updateContactWay({ config_id: 'x', remark: '一'.repeat(31) }),
      {
        path: 'remark',
      },
    )
  })

  it('closes a temporary chat: the relation must exist', async () => {
    await client.externalContact.closeTempChat('zhangsan', xiaoming)
    expect(sim.requests.at(-1)?.json).toEqual({ userid: 'zhangsan', external_userid: xiaoming })
    expect((await apiError(client.externalContact.closeTempChat('lisi', xiaohong))).errcode).toBe(84061)
    await refused(() => client.externalContact.closeTempChat('zhangsan', ''), { path: 'external_userid' })
  })
})

describe('customer group chats', () => {
  it('lists chats lazily and reads one with names', async () => {
    const { chat } = await sim.addCustomerGroupChat({
      owner: 'zhangsan',
      name: 'VIP 群',
      members: ['lisi', xiaoming],
    })
    await sim.addCustomerGroupChat({ owner: 'lisi', name: '售后群' })
    const chats = await all(client.externalContact.listGroupChats({ limit: 1 }))
    expect(chats).toEqual([
      { chat_id: chat.chat_id, status: 0 },
      { chat_id: expect.any(String), status: 0 },
    ])
    expect(sim.countCalls('externalcontact/groupchat/list')).toBe(2)
    const mine = await all(
      client.externalContact.listGroupChats({ owner_filter: { userid_list: ['zhangsan'] } }),
    )
    expect(mine.map((c) => c.chat_id)).toEqual([chat.chat_id])
    const { group_chat } = await client.externalContact.getGroupChat(chat.chat_id, { needName: true })
    expect(group_chat).toMatchObject({ name: 'VIP 群', owner: 'zhangsan' })
    expect(group_chat.member_list.map((m) => [m.userid, m.type, m.name])).toEqual([
      ['zhangsan', 1, '张三'],
      ['lisi', 1, '李四'],
      [xiaoming, 2, '小明'],
    ])
    expect(sim.requests.at(-1)?.json).toEqual({ chat_id: chat.chat_id, need_name: 1 })
  })

  it('an unknown chat is a WeCom error; bad filters are refused before sending', async () => {
    expect((await apiError(client.externalContact.getGroupChat('wrnone'))).errcode).toBe(40058)
    await refused(() => client.externalContact.listGroupChats({ limit: 1001 }), { path: 'limit' })
    await refused(() => client.externalContact.listGroupChats({ status_filter: 4 as 0 }), {
      path: 'status_filter',
    })
    await refused(
      () =>
        client.externalContact.listGroupChats({
          owner_filter: { userid_list: Array.from({ length: 101 }, (_, i) => `u${i}`) },
        }),
      { message: /at most 100/ },
    )
    await refused(() => client.externalContact.getGroupChat(''), { path: 'chat_id' })
  })
})

describe('corp tags', () => {
  it('lists, adds, edits, marks and deletes tags', async () => {
    expect((await client.externalContact.listCorpTags()).tag_group).toEqual([
      expect.objectContaining({
        group_name: '客户等级',
        tag: [expect.objectContaining({ name: 'VIP' }), expect.objectContaining({ name: '普通' })],
      }),
    ])
    const { tag_group } = await client.externalContact.addCorpTag({
      group_name: '来源',
      tag: [{ name: '门店' }, { name: '线上' }],
    })
    const [store, online] = tag_group.tag
    expect(tag_group.group_name).toBe('来源')
    expect((await client.externalContact.listCorpTags({ tag_id: [store!.id] })).tag_group).toEqual([
      expect.objectContaining({
        group_id: tag_group.group_id,
        tag: [expect.objectContaining({ id: store!.id })],
      }),
    ])
    await client.externalContact.editCorpTag({ id: store!.id, name: '线下门店' })
    await client.externalContact.markTag({
      userid: 'zhangsan',
      external_userid: xiaohong,
      add_tag: [store!.id, online!.id],
    })
    await client.externalContact.markTag({
      userid: 'zhangsan',
      external_userid: xiaohong,
      remove_tag: [online!.id],
    })
    expect(sim.getExternalContact(xiaohong)?.follow_user[0]?.tags.map((t) => t.tag_name)).toEqual([
      '线下门店',
    ])
    await client.externalContact.deleteCorpTag({ group_id: [tag_group.group_id] })
    expect(sim.corpTagGroups().map((g) => g.group_name)).toEqual(['客户等级'])
    expect(sim.getExternalContact(xiaohong)?.follow_user[0]?.tags).toEqual([])
  })

  it('WeCom errors: a taken name, unknown ids, no relation', async () => {
    expect(
      (await apiError(client.externalContact.addCorpTag({ group_id: vipGroup, tag: [{ name: 'VIP' }] })))
        .errcode,
    ).toBe(40071)
    expect((await apiError(client.externalContact.editCorpTag({ id: 'etnone', name: 'x' }))).errcode).toBe(
      40068,
    )
    expect((await apiError(client.externalContact.deleteCorpTag({ tag_id: ['etnone'] }))).errcode).toBe(40068)
    expect(
      (
        await apiError(
          client.externalContact.markTag({ userid: 'lisi', external_userid: xiaohong, add_tag: [vip] }),
        )
      ).errcode,
    ).toBe(84061)
    sim.failNext('externalcontact/get_corp_tag_list', { errcode: 48002 })
    expect((await apiError(client.externalContact.listCorpTags())).errcode).toBe(48002)
  })

  it('bad tag input is refused before sending', async () => {
    await refused(() => client.externalContact.addCorpTag({ tag: [{ name: 'x' }] }), {
      message: /group_id or a group_name/,
    })
    await refused(() => client.externalContact.addCorpTag({ group_name: 'g', tag: [] }), {
      message: /at least 1/,
    })
    await refused(
      () => client.externalContact.addCorpTag({ group_name: 'g', tag: [{ name: '一'.repeat(31) }] }),
      {
        path: 'tag.0.name',
      },
    )
    await refused(() => client.externalContact.editCorpTag({ id: vip }), { message: /name or an order/ })
    await refused(() => client.externalContact.deleteCorpTag({}), { message: /tag_id or a group_id/ })
    await refused(() => client.externalContact.markTag({ userid: 'zhangsan', external_userid: xiaoming }), {
      message: /add_tag or remove_tag/,
    })
    await refused(() => client.externalContact.listCorpTags({ tag_id: 'et1' as never }), { path: 'tag_id' })
  })
})

describe('mass sends and welcome messages', () => {
  it('sends to customers, lists the sends lazily, and follows each member’s part', async () => {
    const { msgid, fail_list } = await client.externalContact.addMsgTemplate({
      chat_type: 'single',
      external_userid: [xiaoming, xiaohong, 'wmnobody'],
      sender: 'zhangsan',
      text: { content: '双十一优惠' },
      attachments: [{ msgtype: 'link', link: { title: '活动', url: 'https://example.com/sale' } }],
    })
    expect(fail_list).toEqual(['wmnobody'])
    await client.externalContact.addMsgTemplate({ text: { content: '通知' } })
    const now = Math.floor(sim.now() / 1000)
    const sends = await all(
      client.externalContact.listGroupMessages({
        chat_type: 'single',
        start_time: now - 60,
        end_time: now + 60,
        limit: 1,
      }),
    )
    expect(sends.map((m) => m.create_type)).toEqual([1, 0])
    expect(sends[0]).toMatchObject({ msgid, creator: 'zhangsan', text: { content: '双十一优惠' } })
    expect(sim.countCalls('externalcontact/get_groupmsg_list_v2')).toBe(2)

    expect(await all(client.externalContact.getGroupMessageTask(msgid))).toEqual([
      { userid: 'zhangsan', status: 0 },
    ])
    sim.completeGroupMessage(msgid, 'zhangsan')
    const tasks = await all(client.externalContact.getGroupMessageTask(msgid, { limit: 1 }))
    expect(tasks).toEqual([{ userid: 'zhangsan', status: 2, send_time: expect.any(Number) }])
    const results = await all(
      client.externalContact.getGroupMessageSendResult(msgid, 'zhangsan', { limit: 1 }),
    )
    expect(results.map((r) => [r.external_userid, r.status])).toEqual([
      [xiaoming, 1],
      [xiaohong, 1],
    ])
  })

  it('WeCom errors: nobody to send to, an unknown msgid; limits checked before sending', async () => {
    expect(
      (
        await apiError(
          client.externalContact.addMsgTemplate({ external_userid: ['wmnobody'], text: { content: 'x' } }),
        )
      ).errcode,
    ).toBe(41048)
    const unknown = await rejected(client.externalContact.getGroupMessageTask('msgnone'))
    expect(isWeComApiError(unknown) && unknown.errcode).toBe(41047)
    const attachments = Array.from({ length: 10 }, () => ({
      msgtype: 'image' as const,
      image: { media_id: 'M' },
    }))
    await refused(() => client.externalContact.addMsgTemplate({ attachments }), { message: /at most 9/ })
    await refused(() => client.externalContact.addMsgTemplate({}), { message: /text or attachments/ })
    await refused(() => client.externalContact.addMsgTemplate({ text: { content: '一'.repeat(1334) } }), {
      path: 'text.content',
    })
    await refused(
      () =>
        client.externalContact.addMsgTemplate({
          chat_type: 'single',
          chat_id_list: ['wr1'],
          text: { content: 'x' },
        }),
      { message: /chat_type 'group'/ },
    )
    await refused(
      () => client.externalContact.listGroupMessages({ chat_type: 'single', start_time: 10, end_time: 5 }),
      { message: /start_time/ },
    )
    await refused(() => client.externalContact.getGroupMessageTask(''), { path: 'msgid' })
    await refused(() => client.externalContact.getGroupMessageSendResult('msg1', ''), { path: 'userid' })
  })

  it('welcomes a new customer once with the event’s code, within 20 seconds', async () => {
    const added = await sim.externalContactAdds('zhangsan', { name: '新客户' }, { state: 'qr1' })
    expect(added.callback.event).toMatchObject({
      Event: 'change_external_contact',
      ChangeType: 'add_external_contact',
      UserID: 'zhangsan',
      ExternalUserID: added.external_userid,
      State: 'qr1',
      WelcomeCode: added.welcome_code,
    })
    await client.externalContact.sendWelcomeMessage({
      welcome_code: added.welcome_code!,
      text: { content: '欢迎！' },
    })
    expect(sim.welcomeMessages()).toMatchObject([
      { userid: 'zhangsan', external_userid: added.external_userid },
    ])
    const again = await apiError(
      client.externalContact.sendWelcomeMessage({
        welcome_code: added.welcome_code!,
        text: { content: '再次' },
      }),
    )
    expect(again.errcode).toBe(41050)
    const late = await sim.externalContactAdds('lisi', added.external_userid)
    sim.advanceTime(21_000)
    expect(
      (
        await apiError(
          client.externalContact.sendWelcomeMessage({
            welcome_code: late.welcome_code!,
            text: { content: 'x' },
          }),
        )
      ).errcode,
    ).toBe(41050)
    await refused(() => client.externalContact.sendWelcomeMessage({ welcome_code: 'CODE' }), {
      message: /text or attachments/,
    })
  })
})

describe('transfers', () => {
  it('hands customers over; they land after 24 hours unless refused', async () => {
    const { customer } = await client.externalContact.transferCustomer({
      handover_userid: 'zhangsan',
      takeover_userid: 'lisi',
      external_userid: [xiaohong, 'wmnobody'],
      transfer_success_msg: '您好，我是新的顾问',
    })
    expect(customer).toEqual([
      { external_userid: xiaohong, errcode: 0 },
      { external_userid: 'wmnobody', errcode: 40096 },
    ])
    expect(await all(client.externalContact.getTransferResult('zhangsan', 'lisi'))).toEqual([
      { external_userid: xiaohong, status: 2 },
    ])
    sim.advanceTime(24 * 3_600_000)
    expect(await all(client.externalContact.getTransferResult('zhangsan', 'lisi'))).toEqual([
      { external_userid: xiaohong, status: 1, takeover_time: expect.any(Number) },
    ])
    expect(sim.getExternalContact(xiaohong)?.follow_user.map((f) => f.userid)).toEqual(['lisi'])
    // A second handover of xiaoming, refused by the customer.
    await client.externalContact.transferCustomer({
      handover_userid: 'zhangsan',
      takeover_userid: 'lisi',
      external_userid: [xiaoming],
    })
    const failed = await sim.refuseTransfer(xiaoming)
    expect(failed.event).toMatchObject({ ChangeType: 'transfer_fail', FailReason: 'customer_refused' })
  })

  it('resigned members: unassigned customers listed lazily, handed over, results read', async () => {
    expect(
      (
        await apiError(
          client.externalContact.transferResignedCustomer({
            handover_userid: 'zhangsan',
            takeover_userid: 'lisi',
            external_userid: [xiaohong],
          }),
        )
      ).errcode,
    ).toBe(40097)
    sim.resignMember('zhangsan')
    const unassigned = await all(client.externalContact.listUnassigned({ pageSize: 1 }))
    expect(unassigned.map((u) => u.external_userid)).toEqual([xiaoming, xiaohong])
    expect(sim.countCalls('externalcontact/get_unassigned_list')).toBe(2)
    await client.externalContact.transferResignedCustomer({
      handover_userid: 'zhangsan',
      takeover_userid: 'lisi',
      external_userid: [xiaohong],
    })
    expect(await all(client.externalContact.getResignedTransferResult('zhangsan', 'lisi'))).toEqual([
      { external_userid: xiaohong, status: 2 },
    ])
    expect((await all(client.externalContact.listUnassigned())).map((u) => u.external_userid)).toEqual([
      xiaoming,
    ])
  })

  it('limits are checked before sending', async () => {
    const many = Array.from({ length: 101 }, (_, i) => `wm${i}`)
    await refused(
      () =>
        client.externalContact.transferCustomer({
          handover_userid: 'zhangsan',
          takeover_userid: 'lisi',
          external_userid: many,
        }),
      { message: /at most 100/ },
    )
    await refused(
      () =>
        client.externalContact.transferCustomer({
          handover_userid: 'zhangsan',
          takeover_userid: 'ZhangSan',
          external_userid: [xiaoming],
        }),
      { message: /must differ/ },
    )
    await refused(
      () =>
        client.externalContact.transferCustomer({
          handover_userid: 'zhangsan',
          takeover_userid: 'lisi',
          external_userid: [xiaoming],
          transfer_success_msg: '一'.repeat(201),
        }),
      { path: 'transfer_success_msg' },
    )
    await refused(
      () =>
        client.externalContact.transferResignedCustomer({
          handover_userid: 'a',
          takeover_userid: 'b',
          external_userid: [],
        }),
      {
        message: /at least 1/,
      },
    )
    await refused(() => client.externalContact.getTransferResult('', 'lisi'), { path: 'handover_userid' })
    await refused(() => client.externalContact.getResignedTransferResult('zhangsan', 7 as never), {
      path: 'takeover_userid',
    })
    await refused(() => client.externalContact.listUnassigned({ pageSize: 0 }), { path: 'page_size' })
  })
})

describe('behavior data', () => {
  it('reads day-by-day statistics; the range and lists are checked before sending', async () => {
    const end = Math.floor(sim.now() / 1000)
    const { behavior_data } = await client.externalContact.getUserBehaviorData({
      userid: ['zhangsan'],
      start_time: end - 2 * 86_400,
      end_time: end,
    })
    expect(behavior_data.length).toBeGreaterThanOrEqual(3)
    expect(
      (
        await apiError(
          client.externalContact.getUserBehaviorData({ userid: ['wangwu'], start_time: 0, end_time: 1 }),
        )
      ).errcode,
    ).toBe(84074)
    await refused(() => client.externalContact.getUserBehaviorData({ start_time: 0, end_time: 1 }), {
      message: /userid or a partyid/,
    })
    await refused(
      () =>
        client.externalContact.getUserBehaviorData({
          userid: ['zhangsan'],
          start_time: 0,
          end_time: 31 * 86_400,
        }),
      {
        message: /30 days/,
      },
    )
  })
})
