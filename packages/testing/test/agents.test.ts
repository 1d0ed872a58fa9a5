import { createWeComSimulator, DEFAULT_AGENT } from '@wecom-kit/testing'
import { describe, expect, it } from 'vitest'
import { FACES, useFace } from './support/faces.js'
import { png } from './support/files.js'

const AGENT = 1000002

describe.each(FACES)('agents ($name)', (face) => {
  const { sim, call } = useFace(face)

  it('has one app by default, visible to the whole corp, in agent/get’s full shape', async () => {
    const reply = await call('agent/get', { query: { agentid: AGENT } })
    expect(reply.body).toEqual({
      errcode: 0,
      errmsg: 'ok',
      agentid: AGENT,
      name: '模拟应用',
      square_logo_url: expect.stringMatching(/^https:\/\/p\.qlogo\.cn\/bizmail\/\w+\/0$/),
      description: DEFAULT_AGENT.description,
      allow_userinfos: { user: [] },
      allow_partys: { partyid: [1] },
      allow_tags: { tagid: [] },
      close: 0,
      redirect_domain: '',
      report_location_flag: 0,
      isreportenter: 0,
      home_url: '',
    })
    expect(sim.agents()).toEqual([expect.objectContaining({ agentid: AGENT })])
  })

  it('shows the visible range as the directory has it', async () => {
    sim.addDepartment({ id: 2, name: '研发部' })
    sim.addUser({ userid: 'ZhangSan', name: '张三' })
    sim.addTag({ tagname: '值班', tagid: 5 })
    sim.addAgent({
      agentid: 1000005,
      name: 'HR助手',
      allow_userinfos: { user: [{ userid: 'zhangsan' }, { userid: 'gone' }] },
      allow_partys: { partyid: [2, 99] },
      allow_tags: { tagid: [5, 6] },
      customized_publish_status: 1,
    })
    const reply = await call('agent/get', { query: { agentid: 1000005 } })
    expect(reply.body).toMatchObject({
      allow_userinfos: { user: [{ userid: 'ZhangSan' }] },
      allow_partys: { partyid: [2] },
      allow_tags: { tagid: [5] },
      customized_publish_status: 1,
    })
  })

  it('sets only the fields sent', async () => {
    const logo = sim.addMedia({ bytes: png(), filename: 'logo.png', type: 'image' })
    const before = sim.getAgent(AGENT)!
    const fields = {
      agentid: AGENT,
      report_location_flag: 1,
      logo_mediaid: logo,
      name: '财经助手',
      description: '内部财经服务平台',
      redirect_domain: 'open.work.weixin.qq.com',
      isreportenter: 1,
      home_url: 'https://open.work.weixin.qq.com',
    }
    expect((await call('agent/set', { json: fields })).body).toEqual({ errcode: 0, errmsg: 'ok' })
    const after = (await call('agent/get', { query: { agentid: AGENT } })).body
    expect(after).toMatchObject({
      name: '财经助手',
      description: '内部财经服务平台',
      redirect_domain: 'open.work.weixin.qq.com',
      report_location_flag: 1,
      isreportenter: 1,
      home_url: 'https://open.work.weixin.qq.com',
    })
    expect(after.square_logo_url).not.toBe(before.square_logo_url)
    await call('agent/set', { json: { agentid: AGENT, name: '又改名' } })
    expect(sim.getAgent(AGENT)).toMatchObject({ name: '又改名', description: '内部财经服务平台' })
  })

  it.each([
    ['no agentid', { name: 'x' }, 41011],
    ['an unknown agentid', { agentid: 42, name: 'x' }, 40056],
    ['an empty name', { agentid: AGENT, name: '' }, 45022],
    ['a name over 32 characters', { agentid: AGENT, name: '名'.repeat(33) }, 45022],
    ['a description under 4 characters', { agentid: AGENT, description: '太短' }, 45004],
    ['a description over 120 characters', { agentid: AGENT, description: '长'.repeat(121) }, 45004],
    ['report_location_flag 2', { agentid: AGENT, report_location_flag: 2 }, 40059],
    ['isreportenter 2', { agentid: AGENT, isreportenter: 2 }, 40058],
    ['a home_url without scheme', { agentid: AGENT, home_url: 'open.work.weixin.qq.com' }, 40094],
    ['an unknown logo_mediaid', { agentid: AGENT, logo_mediaid: 'nope' }, 40007],
  ])('set refuses %s and changes nothing', async (_, json, errcode) => {
    const before = sim.getAgent(AGENT)
    expect((await call('agent/set', { json: { description: '改了也不算', ...json } })).body.errcode).toBe(
      errcode,
    )
    expect(sim.getAgent(AGENT)).toEqual(before)
  })

  it('answers 41011 and 40056 on agent/get', async () => {
    expect((await call('agent/get')).body.errcode).toBe(41011)
    expect((await call('agent/get', { query: { agentid: 7 } })).body.errcode).toBe(40056)
  })

  it('lists the apps: all of them for corpSecret, its own for an app secret', async () => {
    sim.addAgent({ agentid: 1000003, name: '审批助手', secret: 'approval-secret' })
    expect((await call('agent/list')).body).toEqual({
      errcode: 0,
      errmsg: 'ok',
      agentlist: [
        { agentid: AGENT, name: '模拟应用', square_logo_url: expect.any(String) },
        { agentid: 1000003, name: '审批助手', square_logo_url: expect.any(String) },
      ],
    })
    const own = await call('gettoken', {
      query: { corpid: sim.corpId, corpsecret: 'approval-secret' },
      token: false,
    })
    expect(own.body.errcode).toBe(0)
    const list = await call('agent/list', { query: { access_token: own.body.access_token }, token: false })
    expect(list.body.agentlist.map((agent: { agentid: number }) => agent.agentid)).toEqual([1000003])
  })
})

describe('agents option and addAgent', () => {
  it('seeds the given apps instead of the default, again after reset', () => {
    const sim = createWeComSimulator({ agents: [{ agentid: 5, name: '考勤' }] })
    sim.addAgent({ agentid: 6, name: '临时' })
    sim.reset()
    expect(sim.agents().map((agent) => agent.agentid)).toEqual([5])
    expect(createWeComSimulator({ agents: [] }).agents()).toEqual([])
  })

  it('throws on apps WeCom would refuse', () => {
    const sim = createWeComSimulator()
    expect(() => sim.addAgent({ agentid: AGENT, name: 'x' })).toThrow(/40056/)
    expect(() => sim.addAgent({ agentid: 7, name: '' })).toThrow(/45022/)
    expect(() => sim.addAgent({ agentid: 7, name: 'x', description: 'ab' })).toThrow(/45004/)
    expect(() => sim.addAgent({ agentid: 7, name: 'x', secret: sim.corpSecret })).toThrow(/40001/)
    expect(() => createWeComSimulator({ agents: [{ agentid: -1, name: 'x' }] })).toThrow(/40056/)
  })
})
