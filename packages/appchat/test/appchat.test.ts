import { type AppChatMessage, appchat } from '@wecom-kit/appchat'
import { createClient, isWeComNetworkError } from '@wecom-kit/core'
import { beforeEach, describe, expect, it } from 'vitest'
import { apiError, FAST_RETRY, rejectsBeforeSending, useSimulator } from '../../../test/support/resource.js'

const { sim } = useSimulator({ corpId: 'wwchat', corpSecret: 'chat-secret' })

const makeClient = () =>
  createClient({ corpId: 'wwchat', corpSecret: 'chat-secret', retry: FAST_RETRY }).with(appchat)
let client: ReturnType<typeof makeClient>

beforeEach(() => {
  sim.reset()
  for (const [userid, name] of [
    ['zhangsan', '张三'],
    ['lisi', '李四'],
    ['wangwu', '王五'],
    ['zhaoliu', '赵六'],
  ] as const) {
    sim.addUser({ userid, name, department: [1] })
  }
  client = makeClient()
})

describe('appchat.create / get', () => {
  it('creates a chat with a chatid of its own, and reads it back', async () => {
    const created = await client.appchat.create({
      name: '发布群',
      owner: 'lisi',
      userlist: ['zhangsan', 'lisi', 'wangwu'],
      chatid: 'release42',
    })
    expect(created).toMatchObject({ errcode: 0, chatid: 'release42' })
    expect(sim.requests.at(-1)).toMatchObject({
      path: 'appchat/create',
      json: { name: '发布群', owner: 'lisi', userlist: ['zhangsan', 'lisi', 'wangwu'], chatid: 'release42' },
    })
    const { chat_info } = await client.appchat.get('release42')
    expect(chat_info).toEqual({
      chatid: 'release42',
      name: '发布群',
      owner: 'lisi',
      userlist: ['zhangsan', 'lisi', 'wangwu'],
      chat_type: 0,
    })
    expect(sim.requests.at(-1)).toMatchObject({
      method: 'GET',
      path: 'appchat/get',
      query: { chatid: 'release42' },
    })
  })

  it('lets WeCom pick the chatid and the owner', async () => {
    const { chatid } = await client.appchat.create({ userlist: ['zhangsan', 'lisi'] })
    expect(chatid).toMatch(/^[0-9a-zA-Z]{1,32}$/)
    expect(sim.getAppChat(chatid)).toMatchObject({ owner: 'zhangsan', userlist: ['zhangsan', 'lisi'] })
  })

  it('surfaces WeCom errors: unknown member, taken chatid, unknown chat, no root visibility', async () => {
    expect((await apiError(client.appchat.create({ userlist: ['zhangsan', 'ghost'] }))).errcode).toBe(86007)
    await client.appchat.create({ userlist: ['zhangsan', 'lisi'], chatid: 'taken' })
    expect(
      (await apiError(client.appchat.create({ userlist: ['zhangsan', 'lisi'], chatid: 'taken' }))).errcode,
    ).toBe(86215)
    expect((await apiError(client.appchat.get('nosuchchat'))).errcode).toBe(86001)

    sim.reset()
    sim.addDepartment({ id: 2, name: '研发' })
    sim.addAgent({ agentid: 1000003, name: '小应用', secret: 'small-secret', allow_partys: { partyid: [2] } })
    const small = createClient({ corpId: 'wwchat', corpSecret: 'small-secret' }).with(appchat)
    expect((await apiError(small.appchat.get('x'))).errcode).toBe(48002)
  })

  it('does not replay a create whose answer was lost', async () => {
    sim.failNext('appchat/create', { drop: true, processed: true })
    const error = await client.appchat.create({ userlist: ['zhangsan', 'lisi'] }).catch((e) => e)
    expect(isWeComNetworkError(error)).toBe(true)
    expect(sim.countCalls('appchat/create')).toBe(1)
    expect(sim.appChats()).toHaveLength(1)
  })

  it.each([
    ['one member', { userlist: ['zhangsan'] }],
    ['2001 members', { userlist: Array.from({ length: 2001 }, (_, i) => `u${i}`) }],
    ['a |-joined string', { userlist: 'zhangsan|lisi' }],
    ['a member twice', { userlist: ['zhangsan', 'ZhangSan'] }],
    ['a bad userid', { userlist: ['zhangsan', 'li si'] }],
    ['a chatid with a dash', { userlist: ['zhangsan', 'lisi'], chatid: 'release-42' }],
    ['a 33-character chatid', { userlist: ['zhangsan', 'lisi'], chatid: 'a'.repeat(33) }],
    ['a numeric name', { userlist: ['zhangsan', 'lisi'], name: 42 }],
    ['no userlist', {}],
  ])('rejects %s before sending', async (_label, input) => {
    await rejectsBeforeSending(sim, () => client.appchat.create(input as never))
  })

  it.each([
    ['an empty chatid', ''],
    ['a chatid with spaces', 'a b'],
    ['a number', 42],
  ])('get rejects %s before sending', async (_label, chatid) => {
    await rejectsBeforeSending(sim, () => client.appchat.get(chatid as never))
  })
})

describe('appchat.update', () => {
  beforeEach(() => {
    sim.addAppChat({
      userlist: ['zhangsan', 'lisi', 'wangwu'],
      chatid: 'ops',
      name: '值班',
      owner: 'zhangsan',
    })
    sim.clearRequests()
  })

  it('renames, adds and removes members, hands over', async () => {
    await client.appchat.update('ops', {
      name: '值班群',
      add_user_list: ['zhaoliu'],
      del_user_list: ['wangwu'],
    })
    expect(sim.requests.at(-1)).toMatchObject({
      path: 'appchat/update',
      json: { chatid: 'ops', name: '值班群', add_user_list: ['zhaoliu'], del_user_list: ['wangwu'] },
    })
    expect(sim.getAppChat('ops')).toMatchObject({ name: '值班群', userlist: ['zhangsan', 'lisi', 'zhaoliu'] })
    await client.appchat.update('ops', { owner: 'lisi', del_user_list: ['zhangsan'] })
    expect(sim.getAppChat('ops')).toMatchObject({ owner: 'lisi', userlist: ['lisi', 'zhaoliu'] })
  })

  it('surfaces WeCom errors: removing the owner without a new one (86005), an unknown chat (86001)', async () => {
    expect((await apiError(client.appchat.update('ops', { del_user_list: ['zhangsan'] }))).errcode).toBe(
      86005,
    )
    expect((await apiError(client.appchat.update('other', { name: 'x' }))).errcode).toBe(86001)
  })

  it('is replayed after a lost answer: the same change twice lands the same', async () => {
    sim.failNext('appchat/update', { drop: true, processed: true })
    await client.appchat.update('ops', { add_user_list: ['zhaoliu'] })
    expect(sim.countCalls('appchat/update')).toBe(2)
    expect(sim.getAppChat('ops')?.userlist).toEqual(['zhangsan', 'lisi', 'wangwu', 'zhaoliu'])
  })

  it.each([
    ['nothing to change', {}],
    ['a userid added and removed', { add_user_list: ['zhaoliu'], del_user_list: ['zhaoliu'] }],
    ['a new owner removed', { owner: 'lisi', del_user_list: ['lisi'] }],
    ['a string list', { add_user_list: 'zhaoliu' }],
  ])('rejects %s before sending', async (_label, fields) => {
    await rejectsBeforeSending(sim, () => client.appchat.update('ops', fields as never))
  })

  it('rejects a bad chatid before sending', async () => {
    await rejectsBeforeSending(sim, () => client.appchat.update('bad id', { name: 'x' }))
  })
})

describe('appchat.send', () => {
  beforeEach(() => {
    sim.addAppChat({ userlist: ['zhangsan', 'lisi'], chatid: 'ops' })
    sim.clearRequests()
  })

  const messages: Array<[string, AppChatMessage]> = [
    ['text', { msgtype: 'text', text: { content: '你的快递已到\n请携带工卡前往邮件中心领取' }, safe: 0 }],
    [
      'markdown',
      { msgtype: 'markdown', markdown: { content: '**发布完成** <font color="info">v1.2.0</font>' } },
    ],
    [
      'textcard',
      {
        msgtype: 'textcard',
        textcard: {
          title: '审批',
          description: '<div>待你审批</div>',
          url: 'https://example.com',
          btntxt: '详情',
        },
      },
    ],
    ['news', { msgtype: 'news', news: { articles: [{ title: '周报', url: 'https://example.com/w' }] } }],
  ]

  it.each(messages)('sends %s to every member', async (_label, message) => {
    await expect(client.appchat.send('ops', message)).resolves.toMatchObject({ errcode: 0 })
    expect(sim.requests.at(-1)).toMatchObject({ path: 'appchat/send', json: { ...message, chatid: 'ops' } })
    expect(sim.appChatMessages('ops')).toEqual([
      expect.objectContaining({ msgtype: message.msgtype, recipients: ['zhangsan', 'lisi'] }),
    ])
  })

  it('sends media messages with media of the corp', async () => {
    const media_id = sim.addMedia({ bytes: 'a,b\n', filename: 'r.csv', type: 'file' })
    await client.appchat.send('ops', { msgtype: 'file', file: { media_id }, safe: 1 })
    expect(sim.appChatMessages('ops')[0]?.body).toMatchObject({ file: { media_id }, safe: 1 })
  })

  it('surfaces WeCom errors: an expired media_id (40007), an unknown chat (86001)', async () => {
    expect(
      (await apiError(client.appchat.send('ops', { msgtype: 'image', image: { media_id: 'nope' } }))).errcode,
    ).toBe(40007)
    expect(
      (await apiError(client.appchat.send('gone', { msgtype: 'text', text: { content: 'x' } }))).errcode,
    ).toBe(86001)
  })

  it('does not replay a send whose answer was lost', async () => {
    sim.failNext('appchat/send', { status: 502 })
    const error = await client.appchat
      .send('ops', { msgtype: 'text', text: { content: 'once' } })
      .catch((e) => e)
    expect(error).toMatchObject({ status: 502 })
    expect(sim.countCalls('appchat/send')).toBe(1)
  })

  it.each([
    ['a template card', { msgtype: 'template_card', template_card: { card_type: 'text_notice' } }],
    [
      'mentions (the docs define none for app chats)',
      { msgtype: 'text', text: { content: 'x', mentioned_list: ['lisi'] } },
    ],
    ['text over 2048 bytes', { msgtype: 'text', text: { content: '字'.repeat(683) } }],
    ['markdown over 2048 bytes', { msgtype: 'markdown', markdown: { content: 'x'.repeat(2049) } }],
    ['safe 2 on text', { msgtype: 'text', text: { content: 'x' }, safe: 2 }],
    ['a news article without url', { msgtype: 'news', news: { articles: [{ title: 't' }] } }],
    [
      '9 articles',
      { msgtype: 'news', news: { articles: Array(9).fill({ title: 't', url: 'https://e.com' }) } },
    ],
    [
      'a textcard btntxt of 5 characters',
      {
        msgtype: 'textcard',
        textcard: { title: 't', description: 'd', url: 'https://e.com', btntxt: '12345' },
      },
    ],
    ['no msgtype', { text: { content: 'x' } }],
  ])('rejects %s before sending', async (_label, message) => {
    await rejectsBeforeSending(sim, () => client.appchat.send('ops', message as never))
  })

  it('rejects a bad chatid before sending', async () => {
    await rejectsBeforeSending(sim, () =>
      client.appchat.send('', { msgtype: 'text', text: { content: 'x' } }),
    )
  })
})
