import { createClient, WeComValidationError } from '@wecom-kit/core'
import { type Message, messages } from '@wecom-kit/messages'
import { beforeEach, describe, expect, it } from 'vitest'
import { apiError, FAST_RETRY, rejectsBeforeSending, useSimulator } from '../../../test/support/resource.js'

const { sim } = useSimulator({ corpId: 'wwmsg', corpSecret: 'msg-secret' })
const client = () =>
  createClient({ corpId: 'wwmsg', corpSecret: 'msg-secret', agentId: 1000002, retry: FAST_RETRY }).with(
    messages,
  )

const media: Record<'image' | 'voice' | 'video' | 'file', string> = {
  image: '',
  voice: '',
  video: '',
  file: '',
}
beforeEach(() => {
  sim.reset()
  sim.addDepartment({ id: 2, name: '研发', parentid: 1 })
  sim.addUser({ userid: 'zhangsan', name: '张三', department: [2], mobile: '13800000001' })
  sim.addUser({ userid: 'lisi', name: '李四', department: [2], mobile: '13800000002' })
  // WeCom checks that a media_id is of the message's type.
  media.image = sim.addMedia({
    bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2]),
    filename: 'a.png',
    type: 'image',
  })
  media.voice = sim.addMedia({ bytes: '#!AMR\n0123456789', filename: 'a.amr', type: 'voice' })
  media.video = sim.addMedia({
    bytes: new Uint8Array([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x6d, 0x70, 0x34, 0x32, 0, 0]),
    filename: 'a.mp4',
    type: 'video',
  })
  media.file = sim.addMedia({ bytes: 'a,b\r\n1,2\r\n', filename: 'a.csv', type: 'file' })
  sim.clearRequests()
})

/** One minimal valid payload per msgtype. */
const payloads = (): Record<string, Message> => ({
  text: { touser: 'zhangsan', msgtype: 'text', text: { content: '你好' } },
  image: { touser: 'zhangsan', msgtype: 'image', image: { media_id: media.image } },
  voice: { touser: 'zhangsan', msgtype: 'voice', voice: { media_id: media.voice } },
  video: { touser: 'zhangsan', msgtype: 'video', video: { media_id: media.video, title: '视频' } },
  file: { touser: 'zhangsan', msgtype: 'file', file: { media_id: media.file } },
  textcard: {
    touser: 'zhangsan',
    msgtype: 'textcard',
    textcard: {
      title: '报销',
      description: '张三提交了报销',
      url: 'https://app.example.com/e/1',
      btntxt: '详情',
    },
  },
  news: {
    touser: 'zhangsan',
    msgtype: 'news',
    news: { articles: [{ title: '公告', url: 'https://app.example.com/n' }] },
  },
  mpnews: {
    touser: 'zhangsan',
    msgtype: 'mpnews',
    mpnews: { articles: [{ title: '公告', thumb_media_id: media.image, content: '<p>正文</p>' }] },
  },
  markdown: { touser: 'zhangsan', msgtype: 'markdown', markdown: { content: '**发布完成**' } },
  miniprogram_notice: {
    touser: 'zhangsan',
    msgtype: 'miniprogram_notice',
    miniprogram_notice: {
      appid: 'wx123',
      title: '会议室预定成功',
      content_item: [{ key: '会议室', value: '402' }],
    },
  },
  template_card: {
    touser: 'zhangsan',
    msgtype: 'template_card',
    template_card: {
      card_type: 'text_notice',
      main_title: { title: '欢迎' },
      card_action: { type: 1, url: 'https://a.example' },
    },
  },
})

describe('messages.send', () => {
  it.each(Object.keys(payloads()))('sends a %s message, agentid defaulted, msgid a string', async (type) => {
    const result = await client().messages.send(payloads()[type]!)
    expect(result.errcode).toBe(0)
    expect(typeof result.msgid).toBe('string')
    expect(result.msgid.length).toBeGreaterThan(0)
    expect(sim.requests.at(-1)?.json).toMatchObject({ msgtype: type, agentid: 1000002 })
  })

  it('joins recipient arrays with | and reports the invalid ones as strings and arrays', async () => {
    const result = await client().messages.send({
      touser: ['zhangsan', 'ghost1', 'ghost2'],
      toparty: [2, 404],
      msgtype: 'text',
      text: { content: '你好' },
    })
    expect(sim.requests.at(-1)?.json).toMatchObject({ touser: 'zhangsan|ghost1|ghost2', toparty: '2|404' })
    expect(result.invaliduser).toBe('ghost1|ghost2')
    expect(result.invalidUsers).toEqual(['ghost1', 'ghost2'])
    expect(result.invalidParties).toEqual(['404'])
    expect(result.invalidTags).toEqual([])
  })

  it('sends to everyone with @all', async () => {
    await client().messages.send({ touser: '@all', msgtype: 'text', text: { content: '全员通知' } })
    expect(sim.sentMessages().at(-1)?.recipients.sort()).toEqual(['lisi', 'zhangsan'])
  })

  it('surfaces 81013 when every recipient is invalid', async () => {
    expect(
      (await apiError(client().messages.send({ touser: 'ghost', msgtype: 'text', text: { content: 'x' } })))
        .errcode,
    ).toBe(81013)
  })

  it('answers a response_code for an interactive card', async () => {
    const result = await client().messages.send({
      touser: 'zhangsan',
      msgtype: 'template_card',
      template_card: {
        card_type: 'button_interaction',
        main_title: { title: '审批' },
        task_id: 'task_1',
        button_list: [{ text: '同意', key: 'yes' }],
      },
    })
    expect(result.response_code).toEqual(expect.any(String))
  })

  it('delivers a duplicate-checked repeat once', async () => {
    const message: Message = {
      touser: 'zhangsan',
      msgtype: 'text',
      text: { content: '同一条' },
      enable_duplicate_check: 1,
    }
    await client().messages.send(message)
    await client().messages.send(message)
    expect(sim.sentMessages().filter((m) => m.msgtype === 'text')).toHaveLength(1)
  })

  const text = (extra: object) => ({ touser: 'zhangsan', msgtype: 'text', text: { content: 'x' }, ...extra })
  it.each([
    ['no recipient', { msgtype: 'text', text: { content: 'x' } }, 'touser'],
    ['empty recipient lists', text({ touser: [], toparty: '' }), 'touser'],
    ['text over 2048 bytes', text({ text: { content: '字'.repeat(683) } }), 'text.content'],
    ['empty text', text({ text: { content: '' } }), 'text.content'],
    [
      'markdown over 2048 bytes',
      { touser: 'a', msgtype: 'markdown', markdown: { content: 'x'.repeat(2049) } },
      'markdown.content',
    ],
    [
      'nine articles',
      { touser: 'a', msgtype: 'news', news: { articles: Array(9).fill({ title: 't' }) } },
      'news.articles',
    ],
    ['no articles', { touser: 'a', msgtype: 'news', news: { articles: [] } }, 'news.articles'],
    [
      'a 5-character button text',
      {
        touser: 'a',
        msgtype: 'textcard',
        textcard: { title: 't', description: 'd', url: 'https://a.example', btntxt: '立即去看看' },
      },
      'textcard.btntxt',
    ],
    ['an unknown msgtype', { touser: 'a', msgtype: 'sms', sms: {} }, 'msgtype'],
    ['safe 2 on text', text({ safe: 2 }), 'safe'],
    ['1001 users', text({ touser: Array.from({ length: 1001 }, (_, i) => `u${i}`) }), 'touser'],
    [
      'a 5-hour duplicate window',
      text({ enable_duplicate_check: 1, duplicate_check_interval: 18_000 }),
      'duplicate_check_interval',
    ],
    [
      'an unknown card type',
      { touser: 'a', msgtype: 'template_card', template_card: { card_type: 'poll' } },
      'template_card.card_type',
    ],
  ])('rejects %s before sending', async (_label, message, path) => {
    await rejectsBeforeSending(sim, () => client().messages.send(message as never), { path })
  })

  it('needs an agentid from the message or the client', async () => {
    const noAgent = createClient({ corpId: 'wwmsg', corpSecret: 'msg-secret' }).with(messages)
    await rejectsBeforeSending(sim, () =>
      noAgent.messages.send({ touser: 'a', msgtype: 'text', text: { content: 'x' } }),
    )
    await noAgent.messages.send({
      touser: 'zhangsan',
      agentid: 1000002,
      msgtype: 'text',
      text: { content: 'x' },
    })
  })
})

describe('messages.recall', () => {
  it('recalls a message', async () => {
    const { msgid } = await client().messages.send({
      touser: 'zhangsan',
      msgtype: 'text',
      text: { content: '撤回我' },
    })
    await client().messages.recall(msgid)
    expect(sim.requests.at(-1)?.json).toEqual({ msgid })
  })

  it('surfaces an unknown msgid', async () => {
    expect((await apiError(client().messages.recall('no-such-msg'))).errcode).not.toBe(0)
  })

  it('rejects an empty msgid before sending', async () => {
    const error = await client()
      .messages.recall('')
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WeComValidationError)
  })
})

describe('hostile input (pinned)', () => {
  it('refuses a template card whose pass-through parts JSON cannot carry, before sending', async () => {
    const card = { card_type: 'text_notice', main_title: { title: '标题' } }
    for (const extra of [1n, () => 1, { toJSON: () => ({ card_type: 'other' }) }]) {
      await rejectsBeforeSending(
        sim,
        () =>
          client().messages.send({
            touser: 'zhangsan',
            msgtype: 'template_card',
            template_card: { ...card, extra },
          } as never),
        { message: /JSON data/ },
      )
    }
  })
})
