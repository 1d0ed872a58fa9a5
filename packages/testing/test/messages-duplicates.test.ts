import { createWeComSimulator } from '@wecom-kit/testing'
import { describe, expect, it } from 'vitest'
import { FACES, useFace } from './support/faces.js'

const AGENT = 1000002
const MINUTE = 60_000

describe.each(FACES)('message/send duplicate check ($name)', (face) => {
  const T0 = Date.UTC(2024, 0, 1)
  const { sim, call } = useFace(face, { clock: () => T0 })

  const message = (content: string, extra: Record<string, unknown> = {}) => ({
    touser: 'zhangsan',
    msgtype: 'text',
    agentid: AGENT,
    text: { content },
    enable_duplicate_check: 1,
    ...extra,
  })
  const send = async (json: Record<string, unknown>) => (await call('message/send', { json })).body

  it('delivers the same content to the same recipients once inside the interval, with the same answer', async () => {
    sim.addUser({ userid: 'zhangsan', name: '张三' })
    const first = await send(message('会议改到三点'))
    sim.advanceTime(29 * MINUTE)
    const again = await send(message('会议改到三点'))
    expect(again).toEqual(first)
    expect(again).toMatchObject({ errcode: 0, errmsg: 'ok', msgid: expect.any(String) })
    expect(sim.sentMessages()).toHaveLength(1)
    expect(sim.sentMessages()[0]!.duplicates).toBe(1)
    expect(sim.deliveries()).toEqual([
      {
        agentid: AGENT,
        msgtype: 'text',
        body: message('会议改到三点'),
        msgids: [first.msgid],
        count: 1,
      },
    ])
  })

  it('delivers different content, or other recipients, each time', async () => {
    sim.addUser({ userid: 'zhangsan', name: '张三' })
    sim.addUser({ userid: 'lisi', name: '李四' })
    const a = await send(message('一'))
    const b = await send(message('二'))
    const c = await send(message('一', { touser: 'lisi' }))
    expect(new Set([a.msgid, b.msgid, c.msgid]).size).toBe(3)
    expect(sim.deliveries().map((delivery) => delivery.count)).toEqual([1, 1, 1])
  })

  it('delivers again once the default 1800 s have passed', async () => {
    sim.addUser({ userid: 'zhangsan', name: '张三' })
    const first = await send(message('提醒'))
    sim.advanceTime(30 * MINUTE)
    const second = await send(message('提醒'))
    expect(second.msgid).not.toBe(first.msgid)
    expect(sim.deliveries()).toEqual([
      expect.objectContaining({ count: 2, msgids: [first.msgid, second.msgid] }),
    ])
  })

  it('follows duplicate_check_interval', async () => {
    sim.addUser({ userid: 'zhangsan', name: '张三' })
    const body = message('提醒', { duplicate_check_interval: 60 })
    await send(body)
    sim.advanceTime(59_000)
    await send(body)
    expect(sim.sentMessages()).toHaveLength(1)
    sim.advanceTime(1000)
    await send(body)
    expect(sim.sentMessages()).toHaveLength(2)
  })

  it('does not check without enable_duplicate_check, nor across apps', async () => {
    sim.addUser({ userid: 'zhangsan', name: '张三' })
    sim.addAgent({ agentid: 1000003, name: '第二个应用' })
    const plain = message('提醒', { enable_duplicate_check: 0 })
    await send(plain)
    await send(plain)
    await send(message('提醒'))
    await send(message('提醒', { agentid: 1000003 }))
    expect(sim.deliveries().map((delivery) => [delivery.agentid, delivery.count])).toEqual([
      [AGENT, 2],
      [AGENT, 1],
      [1000003, 1],
    ])
  })

  it('compares content, not key order', async () => {
    sim.addUser({ userid: 'zhangsan', name: '张三' })
    await send(message('提醒'))
    const reordered = {
      enable_duplicate_check: 1,
      text: { content: '提醒' },
      agentid: AGENT,
      msgtype: 'text',
      touser: 'zhangsan',
    }
    await send(reordered)
    expect(sim.sentMessages()).toHaveLength(1)
  })

  it('absorbs a retry whose first answer was lost on the way back', async () => {
    sim.addUser({ userid: 'zhangsan', name: '张三' })
    sim.failNext('message/send', { drop: true, processed: true })
    await expect(call('message/send', { json: message('只发一次') })).rejects.toThrow()
    expect(sim.sentMessages()).toHaveLength(1)
    const retried = await send(message('只发一次'))
    expect(retried.msgid).toBe(sim.sentMessages()[0]!.msgid)
    expect(sim.deliveries()).toEqual([expect.objectContaining({ count: 1 })])
    expect(sim.countCalls('message/send')).toBe(2)
  })
})

describe('duplicate_check_interval cap', () => {
  it('is at most 4 hours', async () => {
    let time = Date.UTC(2024, 0, 1)
    const sim = createWeComSimulator({ clock: () => time })
    sim.addUser({ userid: 'zhangsan', name: '张三' })
    const body = {
      touser: 'zhangsan',
      msgtype: 'text',
      agentid: AGENT,
      text: { content: 'x' },
      enable_duplicate_check: 1,
      duplicate_check_interval: 24 * 3600,
    }
    const send = async () => {
      const { access_token } = (await (
        await sim.handle(
          new Request(`${sim.baseUrl}gettoken?corpid=${sim.corpId}&corpsecret=${sim.corpSecret}`),
        )
      ).json()) as { access_token: string }
      const reply = await sim.handle(
        new Request(`${sim.baseUrl}message/send?access_token=${access_token}`, {
          method: 'POST',
          body: JSON.stringify(body),
        }),
      )
      return ((await reply.json()) as { errcode: number }).errcode
    }
    expect(await send()).toBe(0)
    time += 4 * 3600 * 1000 - 1
    expect(await send()).toBe(0)
    expect(sim.sentMessages()).toHaveLength(1)
    time += 1
    expect(await send()).toBe(0)
    expect(sim.sentMessages()).toHaveLength(2)
  })
})
