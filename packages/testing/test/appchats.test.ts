import { describe, expect, it } from 'vitest'
import { FACES, useFace } from './support/faces.js'

describe.each(FACES)('app chats ($name)', (face) => {
  const { sim, call } = useFace(face)
  const members = () => {
    for (const userid of ['zhangsan', 'lisi', 'wangwu']) sim.addUser({ userid, name: userid })
  }

  it('creates, reads, updates and sends, as the app that made the chat', async () => {
    members()
    const created = await call('appchat/create', {
      json: { name: '群', userlist: ['ZhangSan', 'lisi'], chatid: 'c1' },
    })
    expect(created.body).toEqual({ errcode: 0, errmsg: 'ok', chatid: 'c1' })
    expect((await call('appchat/get', { query: { chatid: 'c1' } })).body).toEqual({
      errcode: 0,
      errmsg: 'ok',
      chat_info: {
        chatid: 'c1',
        name: '群',
        owner: 'zhangsan',
        userlist: ['zhangsan', 'lisi'],
        chat_type: 0,
      },
    })
    const update = await call('appchat/update', {
      json: {
        chatid: 'c1',
        name: 'x'.repeat(60),
        owner: 'wangwu',
        add_user_list: ['wangwu'],
        del_user_list: ['zhangsan'],
      },
    })
    expect(update.body).toEqual({ errcode: 0, errmsg: 'ok' })
    expect(sim.getAppChat('c1')).toEqual({
      chatid: 'c1',
      name: 'x'.repeat(50),
      owner: 'wangwu',
      userlist: ['lisi', 'wangwu'],
      chat_type: 0,
    })
    const sent = await call('appchat/send', {
      json: { chatid: 'c1', msgtype: 'text', text: { content: 'hi' } },
    })
    expect(sent.body).toEqual({ errcode: 0, errmsg: 'ok' })
    expect(sim.appChatMessages('c1')).toEqual([
      expect.objectContaining({ msgtype: 'text', recipients: ['lisi', 'wangwu'], agentid: 1000002 }),
    ])
  })

  it.each([
    ['one member', { userlist: ['zhangsan'] }, 86006],
    ['an unknown member', { userlist: ['zhangsan', 'ghost'] }, 86007],
    ['a |-joined string', { userlist: 'zhangsan|lisi' }, 40058],
    ['a bad chatid', { userlist: ['zhangsan', 'lisi'], chatid: 'a-b' }, 86001],
    ['an owner outside the chat', { userlist: ['zhangsan', 'lisi'], owner: 'wangwu' }, 86005],
  ])('create refuses %s', async (_label, json, errcode) => {
    members()
    expect((await call('appchat/create', { json })).body).toMatchObject({ errcode })
    expect(sim.appChats()).toEqual([])
  })

  it('refuses what the pages rule out on update and send, and other apps', async () => {
    members()
    sim.addAppChat({ userlist: ['zhangsan', 'lisi'], chatid: 'c1' })
    expect(
      (await call('appchat/create', { json: { userlist: ['zhangsan', 'lisi'], chatid: 'c1' } })).body.errcode,
    ).toBe(86215)
    expect(
      (await call('appchat/update', { json: { chatid: 'c1', del_user_list: ['zhangsan'] } })).body.errcode,
    ).toBe(86005)
    expect(
      (await call('appchat/update', { json: { chatid: 'c1', del_user_list: ['lisi'], owner: 'lisi' } })).body
        .errcode,
    ).toBe(86005)
    expect((await call('appchat/get', { query: { chatid: 'nope' } })).body.errcode).toBe(86001)
    const send = (json: Record<string, unknown>) => call('appchat/send', { json: { chatid: 'c1', ...json } })
    expect((await send({ msgtype: 'template_card', template_card: {} })).body.errcode).toBe(40008)
    expect((await send({ msgtype: 'text', text: { content: 'x' }, safe: 2 })).body.errcode).toBe(40058)
    expect((await send({ msgtype: 'text', text: {} })).body.errcode).toBe(44004)
    expect((await send({ msgtype: 'file', file: { media_id: 'nope' } })).body.errcode).toBe(40007)
    expect(sim.appChatMessages('c1')).toEqual([])

    sim.addDepartment({ id: 2, name: 'd' })
    sim.addAgent({ agentid: 1000009, name: 'small', secret: 'small', allow_partys: { partyid: [2] } })
    const { body } = await call('gettoken', {
      query: { corpid: sim.corpId, corpsecret: 'small' },
      token: false,
    })
    const other = await call('appchat/get', {
      query: { chatid: 'c1', access_token: body.access_token },
      token: false,
    })
    expect(other.body.errcode).toBe(48002)
  })

  it('seeding refuses what appchat/create would', () => {
    members()
    expect(() => sim.addAppChat({ userlist: ['zhangsan'] })).toThrow(/86006/)
  })
})
