import type { MessageType } from '@wecom-kit/testing'
import { describe, expect, it } from 'vitest'
import { FACES, useFace } from './support/faces.js'
import { badPayloads, interactiveCards, minimalPayloads, seedMedia } from './support/messages.js'

const AGENT = 1000002

describe.each(FACES)('message/send ($name)', (face) => {
  const { sim, call } = useFace(face)

  const seed = () => {
    sim.addDepartment({ id: 2, name: '研发部' })
    sim.addDepartment({ id: 3, name: '前端组', parentid: 2 })
    sim.addUser({ userid: 'zhangsan', name: '张三', department: [2] })
    sim.addUser({ userid: 'LiSi', name: '李四', department: [3] })
    sim.addUser({ userid: 'wangwu', name: '王五' })
  }
  const send = (json: Record<string, unknown>) => call('message/send', { json })
  const text = (extra: Record<string, unknown>) => ({
    msgtype: 'text',
    agentid: AGENT,
    text: { content: '你好' },
    ...extra,
  })

  it('answers like WeCom: a string msgid and invaliduser "" for a touser message', async () => {
    seed()
    const reply = await send(text({ touser: 'zhangsan' }))
    expect(reply.status).toBe(200)
    expect(reply.body).toEqual({ errcode: 0, errmsg: 'ok', invaliduser: '', msgid: expect.any(String) })
    expect(reply.body.msgid).toMatch(/^[A-Za-z0-9_-]{86}$/)
    expect(sim.sentMessages()).toEqual([
      {
        msgid: reply.body.msgid,
        agentid: AGENT,
        msgtype: 'text',
        body: text({ touser: 'zhangsan' }),
        recipients: ['zhangsan'],
        at: expect.any(Number),
        duplicates: 0,
        recalled: false,
      },
    ])
  })

  it.each(Object.keys(minimalPayloads(seedMediaStub())) as MessageType[])(
    'accepts a minimal %s',
    async (msgtype) => {
      seed()
      const payload = minimalPayloads(seedMedia(sim))[msgtype]
      const body = { touser: 'zhangsan', msgtype, agentid: AGENT, ...payload }
      const reply = await send(body)
      expect(reply.body).toMatchObject({ errcode: 0, errmsg: 'ok', msgid: expect.any(String) })
      expect(reply.body).not.toHaveProperty('response_code')
      expect(sim.sentMessages()[0]).toMatchObject({ msgtype, recipients: ['zhangsan'] })
    },
  )

  it('refuses bad payloads with their errcodes and delivers nothing', async () => {
    seed()
    const media = seedMedia(sim)
    for (const [what, payload, errcode] of badPayloads(media)) {
      const reply = await send({ touser: 'zhangsan', agentid: AGENT, ...payload })
      expect({ what, errcode: reply.body.errcode }).toEqual({ what, errcode })
      expect(reply.body).not.toHaveProperty('msgid')
    }
    expect(sim.sentMessages()).toEqual([])
  })

  it('accepts text over 2048 bytes (WeCom truncates it) and news with a miniprogram instead of a url', async () => {
    seed()
    expect((await send(text({ touser: 'zhangsan', text: { content: 'a'.repeat(3000) } }))).body.errcode).toBe(
      0,
    )
    const news = { articles: [{ title: 't', appid: 'wx1', pagepath: 'pages/index' }] }
    expect((await send({ touser: 'zhangsan', agentid: AGENT, msgtype: 'news', news })).body.errcode).toBe(0)
    const safeNews = { touser: 'zhangsan', agentid: AGENT, msgtype: 'news', news, safe: 1 }
    expect((await send(safeNews)).body.errcode).toBe(40074)
  })

  it.each(Object.entries(interactiveCards))('answers a response_code for %s cards', async (_, card) => {
    seed()
    const reply = await send({
      touser: 'zhangsan',
      agentid: AGENT,
      msgtype: 'template_card',
      template_card: card,
    })
    expect(reply.body).toMatchObject({
      errcode: 0,
      msgid: expect.any(String),
      response_code: expect.any(String),
    })
    expect(sim.sentMessages()[0]!.response_code).toBe(reply.body.response_code)
  })

  it('resolves parties (with subtrees) and tags, and lists what is invalid as |-joined strings', async () => {
    seed()
    sim.addTag({ tagname: '值班', tagid: 7, userlist: ['wangwu'] })
    const reply = await send(text({ touser: 'zhangsan|Ghost|nobody', toparty: '2 | 99', totag: '7|8|x' }))
    expect(reply.body).toEqual({
      errcode: 0,
      errmsg: 'ok',
      invaliduser: 'ghost|nobody',
      invalidparty: '99',
      invalidtag: '8|x',
      msgid: expect.any(String),
    })
    expect(sim.sentMessages()[0]!.recipients).toEqual(['zhangsan', 'LiSi', 'wangwu'])
  })

  it('names only the kinds of recipients the request named', async () => {
    seed()
    expect((await send(text({ toparty: '2' }))).body).toEqual({
      errcode: 0,
      errmsg: 'ok',
      invalidparty: '',
      msgid: expect.any(String),
    })
  })

  it('sends @all to everyone the app sees and ignores toparty and totag', async () => {
    seed()
    const reply = await send(text({ touser: '@all', toparty: '99', totag: '99' }))
    expect(reply.body).toEqual({ errcode: 0, errmsg: 'ok', invaliduser: '', msgid: expect.any(String) })
    expect(sim.sentMessages()[0]!.recipients).toEqual(['zhangsan', 'LiSi', 'wangwu'])
  })

  it('answers 81013 with the invalid lists when no recipient is valid', async () => {
    seed()
    const reply = await send(text({ touser: 'Ghost', toparty: '99' }))
    expect(reply.body).toMatchObject({ errcode: 81013, invaliduser: 'ghost', invalidparty: '99' })
    expect(reply.body.errmsg).toMatch(/^user & party & tag all invalid/)
    expect(reply.body).not.toHaveProperty('msgid')
    expect(sim.sentMessages()).toEqual([])
  })

  it("keeps to the app's visible range", async () => {
    seed()
    sim.addAgent({ agentid: 1000003, name: '研发助手', allow_partys: { partyid: [2] } })
    const reply = await send(text({ agentid: 1000003, touser: 'zhangsan|wangwu', toparty: '3|1' }))
    expect(reply.body).toMatchObject({ errcode: 0, invaliduser: 'wangwu', invalidparty: '1' })
    expect(sim.sentMessages()[0]!.recipients).toEqual(['zhangsan', 'LiSi'])
    const all = await send(text({ agentid: 1000003, touser: '@all' }))
    expect(all.body.errcode).toBe(0)
    expect(sim.sentMessages()[1]!.recipients).toEqual(['zhangsan', 'LiSi'])
    expect((await send(text({ agentid: 1000003, touser: 'wangwu' }))).body.errcode).toBe(81013)
  })

  it.each([
    ['no agentid', { agentid: undefined }, 41011],
    ['an unknown agentid', { agentid: 42 }, 40056],
    ['an agentid as a string', { agentid: '1000002' }, 40056],
    ['an unknown msgtype', { msgtype: 'sms' }, 40008],
    ['no msgtype', { msgtype: undefined }, 40008],
    ['no recipient', { touser: undefined }, 82001],
    ['only empty recipients', { touser: '', toparty: ' | ' }, 82001],
    ['touser as an array', { touser: ['zhangsan'] }, 40058],
    ['1001 users', { touser: Array.from({ length: 1001 }, (_, i) => `u${i}`).join('|') }, 40032],
    ['101 departments', { toparty: Array.from({ length: 101 }, (_, i) => i + 1).join('|') }, 82002],
    ['101 tags', { totag: Array.from({ length: 101 }, (_, i) => i + 1).join('|') }, 82003],
  ])('refuses %s', async (_, extra, errcode) => {
    seed()
    expect((await send(text({ touser: 'zhangsan', ...extra }))).body.errcode).toBe(errcode)
  })

  it('answers 50003 for a disabled app', async () => {
    seed()
    sim.addAgent({ agentid: 1000009, name: '停用的应用', close: 1 })
    expect((await send(text({ agentid: 1000009, touser: 'zhangsan' }))).body.errcode).toBe(50003)
  })

  it("sends a miniprogram_notice without agentid as the token's app", async () => {
    seed()
    const body = {
      touser: 'zhangsan',
      msgtype: 'miniprogram_notice',
      ...minimalPayloads(seedMedia(sim)).miniprogram_notice,
    }
    expect((await send(body)).body.errcode).toBe(0)
    expect(sim.sentMessages()[0]!.agentid).toBe(AGENT)
  })
})

describe.each(FACES)('message/recall ($name)', (face) => {
  // A clock that stands still: only advanceTime moves it.
  const T0 = Date.UTC(2024, 0, 1)
  const { sim, call } = useFace(face, { clock: () => T0 })

  it('recalls within 24 hours, marks the message, and refuses unknown or old msgids with 40058', async () => {
    sim.addUser({ userid: 'zhangsan', name: '张三' })
    const body = { touser: 'zhangsan', msgtype: 'text', agentid: AGENT, text: { content: 'oops' } }
    const first = (await call('message/send', { json: body })).body.msgid as string
    const second = (await call('message/send', { json: body })).body.msgid as string

    expect((await call('message/recall', { json: { msgid: first } })).body).toEqual({
      errcode: 0,
      errmsg: 'ok',
    })
    expect((await call('message/recall', { json: { msgid: first } })).body.errcode).toBe(0)
    expect(sim.sentMessages().map((message) => message.recalled)).toEqual([true, false])
    expect(sim.sentMessages()[0]!.recalledAt).toBe(T0)

    expect((await call('message/recall', { json: { msgid: 'nope' } })).body.errcode).toBe(40058)
    expect((await call('message/recall', { json: {} })).body.errcode).toBe(40058)
    sim.advanceTime(24 * 3600 * 1000)
    // The token lives 7200 s: fetch a new one by the test's own credentials.
    const { body: token } = await call('gettoken', {
      query: { corpid: sim.corpId, corpsecret: sim.corpSecret },
      token: false,
    })
    const late = await call('message/recall', {
      json: { msgid: second },
      query: { access_token: token.access_token },
      token: false,
    })
    expect(late.body.errcode).toBe(40058)
    expect(sim.sentMessages()[1]!.recalled).toBe(false)
  })
})

/** The msgtypes, for it.each, without a simulator at hand. */
function seedMediaStub() {
  return { image: '', voice: '', video: '', file: '' }
}
