import { agents } from '@wecom-kit/agents'
import { createClient } from '@wecom-kit/core'
import { beforeEach, describe, expect, it } from 'vitest'
import { apiError, FAST_RETRY, rejectsBeforeSending, useSimulator } from '../../../test/support/resource.js'

const { sim } = useSimulator({ corpId: 'wwagents', corpSecret: 'agents-secret' })
const client = () =>
  createClient({ corpId: 'wwagents', corpSecret: 'agents-secret', agentId: 1000002, retry: FAST_RETRY }).with(
    agents,
  )
const withoutAgent = () =>
  createClient({ corpId: 'wwagents', corpSecret: 'agents-secret', retry: FAST_RETRY }).with(agents)

beforeEach(() => {
  sim.reset()
  sim.addAgent({ agentid: 1000005, name: '审批' })
  sim.clearRequests()
})

describe('agents.get', () => {
  it("reads the client's app by default, or the one given", async () => {
    const own = await client().agents.get()
    expect(own).toMatchObject({ agentid: 1000002, allow_partys: { partyid: expect.any(Array) } })
    expect((await client().agents.get(1000005)).name).toBe('审批')
  })

  it('surfaces an unknown app', async () => {
    expect((await apiError(client().agents.get(42))).errcode).toBe(40056)
  })

  it('needs an agentId from the call or the client, before sending', async () => {
    await rejectsBeforeSending(sim, () => withoutAgent().agents.get(), { path: 'agentId' })
    await rejectsBeforeSending(sim, () => client().agents.get(-1))
  })
})

describe('agents.set', () => {
  it("changes the client's app", async () => {
    await client().agents.set({ description: '审批与通知', isreportenter: 1 })
    expect(sim.requests.at(-1)?.json).toEqual({
      description: '审批与通知',
      isreportenter: 1,
      agentid: 1000002,
    })
    expect((await client().agents.get()).description).toBe('审批与通知')
  })

  it('surfaces an unknown app', async () => {
    expect((await apiError(client().agents.set({ agentid: 42, name: 'X' }))).errcode).toBe(40056)
  })

  it.each([
    ['no field', {}],
    ['a relative home_url', { home_url: '/home' }],
    ['a flag of 2', { report_location_flag: 2 }],
    ['an empty name', { name: '' }],
  ])('rejects %s before sending', async (_label, fields) => {
    await rejectsBeforeSending(sim, () => client().agents.set(fields as never))
  })
})

describe('agents.list', () => {
  it('lists the apps', async () => {
    const { agentlist } = await client().agents.list()
    expect(agentlist.map((a) => a.agentid)).toEqual(expect.arrayContaining([1000002, 1000005]))
  })

  it('surfaces a WeCom error', async () => {
    sim.failNext('agent/list', { errcode: 48002, errmsg: 'api forbidden' })
    expect((await apiError(client().agents.list())).errcode).toBe(48002)
  })

  it('rejects a bad signal before sending', async () => {
    await rejectsBeforeSending(sim, () => client().agents.list({ signal: 'stop' as never }))
  })
})
