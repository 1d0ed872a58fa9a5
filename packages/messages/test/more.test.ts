import { createClient, isWeComNetworkError, WeComValidationError } from '@wecom-kit/core'
import { type LinkedCorpMessage, messages } from '@wecom-kit/messages'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { apiError, FAST_RETRY, rejectsBeforeSending, useSimulator } from '../../../test/support/resource.js'

// updateTemplateCard, getStatistics and sendToLinkedCorp against the simulator.
const { sim } = useSimulator({ corpId: 'wwmore', corpSecret: 'more-secret' })
const makeClient = () =>
  createClient({ corpId: 'wwmore', corpSecret: 'more-secret', agentId: 1000002, retry: FAST_RETRY }).with(
    messages,
  )
let client: ReturnType<typeof makeClient>

beforeEach(() => {
  sim.reset()
  sim.addUser({ userid: 'zhangsan', name: '张三' })
  sim.addUser({ userid: 'lisi', name: '李四' })
  client = makeClient()
})
afterEach(() => {
  vi.useRealTimers()
})

const approval = {
  touser: ['zhangsan', 'lisi'],
  msgtype: 'template_card' as const,
  template_card: {
    card_type: 'button_interaction' as const,
    task_id: 'expense-42',
    main_title: { title: '报销单待审批' },
    button_list: [
      { text: '同意', key: 'approve' },
      { text: '驳回', key: 'reject', style: 2 },
    ],
  },
}
const done = {
  card_type: 'text_notice' as const,
  main_title: { title: '已审批' },
  card_action: { type: 1, url: 'https://app.example.com/expense/42' },
}

describe('messages.updateTemplateCard', () => {
  it("turns the buttons unclickable with the send's response_code, the agentid filled in", async () => {
    const { response_code } = await client.messages.send(approval)
    expect(response_code).toEqual(expect.any(String))
    const result = await client.messages.updateTemplateCard({
      userids: ['zhangsan'],
      response_code: response_code as string,
      button: { replace_name: '已同意' },
    })
    expect(result).toMatchObject({ errcode: 0, invaliduser: [] })
    expect(sim.requests.at(-1)).toMatchObject({
      path: 'message/update_template_card',
      json: { userids: ['zhangsan'], agentid: 1000002, response_code, button: { replace_name: '已同意' } },
    })
    expect(sim.templateCardUpdates()).toHaveLength(1)
  })

  it('replaces the card with a code from a click callback', async () => {
    const { msgid } = await client.messages.send(approval)
    const clicked = sim.issueResponseCode(msgid)
    await client.messages.updateTemplateCard({ atall: 1, response_code: clicked, template_card: done })
    expect(sim.templateCardUpdates()[0]?.body).toMatchObject({ atall: 1, template_card: done })
  })

  it('refuses a code it already used, before sending: each updates a card once', async () => {
    const { response_code } = await client.messages.send(approval)
    const update = {
      userids: ['zhangsan'],
      response_code: response_code as string,
      button: { replace_name: '已处理' },
    }
    await client.messages.updateTemplateCard(update)
    sim.clearRequests()
    await rejectsBeforeSending(sim, () => client.messages.updateTemplateCard(update), {
      path: 'response_code',
      message: /used already/,
    })
    // Another client object of the same client (with()) knows it too.
    await rejectsBeforeSending(sim, () => client.with().messages.updateTemplateCard(update))
  })

  it('refuses, before sending, a code its send received more than 72 hours ago', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const { response_code } = await client.messages.send(approval)
    vi.setSystemTime(Date.now() + 72 * 3600 * 1000)
    sim.clearRequests()
    await rejectsBeforeSending(
      sim,
      () =>
        client.messages.updateTemplateCard({
          userids: ['lisi'],
          response_code: response_code as string,
          button: { replace_name: 'x' },
        }),
      { message: /older than 72 hours/ },
    )
  })

  it('surfaces what WeCom refuses: a code it does not know (40058)', async () => {
    const error = await apiError(
      client.messages.updateTemplateCard({
        userids: ['zhangsan'],
        response_code: 'nope',
        button: { replace_name: 'x' },
      }),
    )
    expect(error.errcode).toBe(40058)
  })

  it('is not replayed after its answer was lost: the code would be spent', async () => {
    const { response_code } = await client.messages.send(approval)
    sim.failNext('message/update_template_card', { drop: true, processed: true })
    const error = await client.messages
      .updateTemplateCard({
        userids: ['zhangsan'],
        response_code: response_code as string,
        button: { replace_name: 'x' },
      })
      .catch((e) => e)
    expect(isWeComNetworkError(error)).toBe(true)
    expect(sim.countCalls('message/update_template_card')).toBe(1)
  })

  it.each([
    ['neither button nor card', { userids: ['zhangsan'], response_code: 'c' }],
    [
      'both button and card',
      { userids: ['zhangsan'], response_code: 'c', button: { replace_name: 'x' }, template_card: done },
    ],
    ['nobody to update', { response_code: 'c', button: { replace_name: 'x' } }],
    ['no response_code', { userids: ['zhangsan'], button: { replace_name: 'x' } }],
    ['a bad userid', { userids: ['a b'], response_code: 'c', button: { replace_name: 'x' } }],
    [
      '1001 userids',
      {
        userids: Array.from({ length: 1001 }, (_, i) => `u${i}`),
        response_code: 'c',
        button: { replace_name: 'x' },
      },
    ],
    ['an unknown card_type', { atall: 1, response_code: 'c', template_card: { card_type: 'poll' } }],
    ['an empty replace_name', { atall: 1, response_code: 'c', button: { replace_name: '' } }],
  ])('rejects %s before sending', async (_label, body) => {
    await rejectsBeforeSending(sim, () => client.messages.updateTemplateCard(body as never))
  })

  it('needs an agentid, from the body or the client', async () => {
    const bare = createClient({ corpId: 'wwmore', corpSecret: 'more-secret' }).with(messages)
    await expect(
      bare.messages.updateTemplateCard({ atall: 1, response_code: 'c', button: { replace_name: 'x' } }),
    ).rejects.toThrow(WeComValidationError)
  })
})

describe('messages.getStatistics', () => {
  it("counts today's person-messages per app, or yesterday's", async () => {
    await client.messages.send({ touser: ['zhangsan', 'lisi'], msgtype: 'text', text: { content: 'hi' } })
    const today = await client.messages.getStatistics()
    expect(today.statistics).toEqual([{ agentid: 1000002, app_name: '模拟应用', count: 2 }])
    expect(sim.requests.at(-1)).toMatchObject({ path: 'message/get_statistics', json: {} })
    const yesterday = await client.messages.getStatistics(1)
    expect(yesterday.statistics).toEqual([])
    expect(sim.requests.at(-1)?.json).toEqual({ time_type: 1 })
  })

  it('surfaces WeCom errors', async () => {
    sim.failNext('message/get_statistics', { errcode: 48002 })
    expect((await apiError(client.messages.getStatistics())).errcode).toBe(48002)
  })

  it.each([[2], ['0'], [-1]])('rejects time type %j before sending', async (timeType) => {
    await rejectsBeforeSending(sim, () => client.messages.getStatistics(timeType as never))
  })
})

describe('messages.sendToLinkedCorp', () => {
  beforeEach(() => {
    sim.addLinkedCorp({ corpId: 'wwpartner', users: ['wangwu', 'zhaoliu'], departments: [3] })
    sim.clearRequests()
  })

  it('sends to CorpId/userid arrays, with the agentid filled in', async () => {
    const result = await client.messages.sendToLinkedCorp({
      touser: ['wwpartner/wangwu', 'zhangsan'],
      msgtype: 'textcard',
      textcard: { title: '联合发布', description: '今晚 20:00 上线', url: 'https://example.com/release' },
    })
    expect(result).toMatchObject({ errcode: 0, invaliduser: [] })
    expect(sim.requests.at(-1)?.json).toMatchObject({
      touser: ['wwpartner/wangwu', 'zhangsan'],
      agentid: 1000002,
    })
    expect(sim.linkedCorpMessages()[0]?.recipients).toEqual(['wwpartner/wangwu', 'zhangsan'])
    await client.messages.sendToLinkedCorp({
      toparty: ['wwpartner/3'],
      msgtype: 'text',
      text: { content: '全体' },
    })
    expect(sim.linkedCorpMessages()[1]?.recipients).toEqual(['wwpartner/wangwu', 'wwpartner/zhaoliu'])
  })

  it('returns who could not be reached, and surfaces 81013 when nobody could', async () => {
    const partly = await client.messages.sendToLinkedCorp({
      touser: ['wwpartner/wangwu', 'wwpartner/ghost'],
      msgtype: 'text',
      text: { content: 'x' },
    })
    expect(partly.invaliduser).toEqual(['wwpartner/ghost'])
    const error = await apiError(
      client.messages.sendToLinkedCorp({ touser: ['wwother/x'], msgtype: 'text', text: { content: 'x' } }),
    )
    expect(error.errcode).toBe(81013)
  })

  it('is not replayed after its answer was lost', async () => {
    sim.failNext('linkedcorp/message/send', { status: 502 })
    await client.messages
      .sendToLinkedCorp({ toall: 1, msgtype: 'text', text: { content: 'x' } })
      .catch(() => {})
    expect(sim.countCalls('linkedcorp/message/send')).toBe(1)
  })

  it.each<[string, unknown]>([
    ['a |-joined string', { touser: 'wwpartner/wangwu|zhangsan', msgtype: 'text', text: { content: 'x' } }],
    ['no recipient', { msgtype: 'text', text: { content: 'x' } }],
    ['a malformed CorpId/userid', { touser: ['ww/partner/x'], msgtype: 'text', text: { content: 'x' } }],
    ['a template card', { toall: 1, msgtype: 'template_card', template_card: { card_type: 'text_notice' } }],
    ['text over 2048 bytes', { toall: 1, msgtype: 'text', text: { content: 'x'.repeat(2049) } }],
    [
      '1001 users',
      { touser: Array.from({ length: 1001 }, (_, i) => `u${i}`), msgtype: 'text', text: { content: 'x' } },
    ],
    ['toall 2', { toall: 2, msgtype: 'text', text: { content: 'x' } }],
  ])('rejects %s before sending', async (_label, message) => {
    await rejectsBeforeSending(sim, () => client.messages.sendToLinkedCorp(message as LinkedCorpMessage))
  })
})
