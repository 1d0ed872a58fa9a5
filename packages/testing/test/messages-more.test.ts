import { describe, expect, it } from 'vitest'
import { FACES, useFace } from './support/faces.js'

const AGENT = 1000002
const buttons = {
  msgtype: 'template_card',
  touser: 'zhangsan|lisi',
  agentid: AGENT,
  template_card: {
    card_type: 'button_interaction',
    task_id: 'task-1',
    main_title: { title: '请审批' },
    button_list: [{ text: '同意', key: 'yes' }],
  },
}

describe.each(FACES)('message/update_template_card, get_statistics, linkedcorp ($name)', (face) => {
  const { sim, call } = useFace(face, {
    clock: () => Date.UTC(2026, 0, 5, 4),
    tokenTtlSeconds: 30 * 24 * 3600, // tokens outlive the days these tests skip
  }) // 12:00 in China
  const people = () => {
    sim.addUser({ userid: 'zhangsan', name: '张三' })
    sim.addUser({ userid: 'lisi', name: '李四' })
  }
  const update = (json: Record<string, unknown>) =>
    call('message/update_template_card', { json: { agentid: AGENT, ...json } })

  it('updates a card once per response_code, within 72 hours', async () => {
    people()
    const sent = await call('message/send', { json: buttons })
    const code = sent.body.response_code as string
    const first = await update({
      userids: ['zhangsan', 'ghost'],
      response_code: code,
      button: { replace_name: '已同意' },
    })
    expect(first.body).toEqual({ errcode: 0, errmsg: 'ok', invaliduser: ['ghost'] })
    expect((await update({ response_code: code, button: { replace_name: 'again' } })).body.errcode).toBe(
      40058,
    )
    expect(sim.templateCardUpdates()).toEqual([
      expect.objectContaining({ response_code: code, msgid: sent.body.msgid }),
    ])

    // A member's click brings a fresh code: once, for 72 hours.
    const clicked = sim.issueResponseCode(sent.body.msgid)
    const card = {
      card_type: 'text_notice',
      main_title: { title: '已处理' },
      card_action: { type: 1, url: 'https://a' },
    }
    sim.advanceTime(72 * 3600 * 1000)
    expect((await update({ response_code: clicked, template_card: card })).body.errcode).toBe(40058)
    const fresh = sim.issueResponseCode(sent.body.msgid)
    expect((await update({ response_code: fresh, template_card: card })).body.errcode).toBe(0)
  })

  it.each([
    ['an unknown code', { response_code: 'nope', button: { replace_name: 'x' } }, 40058],
    ['neither button nor card', {}, 40058],
    ['a card WeCom would refuse', { template_card: { card_type: 'text_notice' } }, 40058],
    ['no agentid', { agentid: undefined, button: { replace_name: 'x' } }, 41011],
  ])('refuses %s', async (_label, json, errcode) => {
    people()
    const { body } = await call('message/send', { json: buttons })
    expect((await update({ response_code: body.response_code, ...json })).body.errcode).toBe(errcode)
    expect(sim.templateCardUpdates()).toEqual([])
  })

  it('refuses a button update on a card that has no buttons', async () => {
    people()
    const notice = {
      ...buttons,
      template_card: {
        card_type: 'text_notice',
        main_title: { title: 't' },
        card_action: { type: 1, url: 'https://a' },
      },
    }
    const { body } = await call('message/send', { json: notice })
    const code = sim.issueResponseCode(body.msgid)
    expect((await update({ response_code: code, button: { replace_name: 'x' } })).body.errcode).toBe(40058)
  })

  it('counts person-messages per app, today and yesterday (China time)', async () => {
    people()
    await call('message/send', {
      json: { touser: 'zhangsan|lisi', agentid: AGENT, msgtype: 'text', text: { content: 'a' } },
    })
    expect((await call('message/get_statistics', { json: {} })).body).toEqual({
      errcode: 0,
      errmsg: 'ok',
      statistics: [{ agentid: AGENT, app_name: '模拟应用', count: 2 }],
    })
    sim.advanceTime(24 * 3600 * 1000)
    await call('message/send', {
      json: { touser: 'zhangsan', agentid: AGENT, msgtype: 'text', text: { content: 'b' } },
    })
    expect((await call('message/get_statistics', { json: { time_type: 0 } })).body.statistics[0].count).toBe(
      1,
    )
    expect((await call('message/get_statistics', { json: { time_type: 1 } })).body.statistics[0].count).toBe(
      2,
    )
    expect((await call('message/get_statistics', { json: { time_type: 2 } })).body.errcode).toBe(40058)
  })

  it('sends to linked corps by CorpId/userid, and lists who it could not reach', async () => {
    people()
    sim.addLinkedCorp({ corpId: 'wwpartner', users: ['wangwu'], departments: [5] })
    const send = (json: Record<string, unknown>) =>
      call('linkedcorp/message/send', {
        json: { agentid: AGENT, msgtype: 'text', text: { content: 'hi' }, ...json },
      })
    const sent = await send({
      touser: ['wwpartner/wangwu', 'zhangsan', 'wwpartner/ghost'],
      toparty: ['wwpartner/9'],
    })
    expect(sent.body).toEqual({
      errcode: 0,
      errmsg: 'ok',
      invaliduser: ['wwpartner/ghost'],
      invalidparty: ['wwpartner/9'],
      invalidtag: [],
    })
    expect(sim.linkedCorpMessages()).toEqual([
      expect.objectContaining({ msgtype: 'text', recipients: ['wwpartner/wangwu', 'zhangsan'] }),
    ])
    expect((await send({ toall: 1 })).body.errcode).toBe(0)
    expect((await send({ touser: ['wwother/x'] })).body).toMatchObject({
      errcode: 81013,
      invaliduser: ['wwother/x'],
    })
    expect((await send({ touser: 'zhangsan' })).body.errcode).toBe(40058)
    expect((await send({})).body.errcode).toBe(82001)
    expect((await send({ touser: ['zhangsan'], msgtype: 'template_card' })).body.errcode).toBe(40008)
    expect((await send({ touser: ['zhangsan'], text: {} })).body.errcode).toBe(44004)
  })
})
