import { batch, departmentsToCsv, type UserCsvRow, usersToCsv } from '@wecom-kit/batch'
import { createClient, isWeComNetworkError } from '@wecom-kit/core'
import { media } from '@wecom-kit/media'
import { beforeEach, describe, expect, it } from 'vitest'
import { apiError, FAST_RETRY, rejectsBeforeSending, useSimulator } from '../../../test/support/resource.js'

const { sim } = useSimulator({ corpId: 'wwbatch', corpSecret: 'batch-secret', corpName: '示例科技' })

const makeClient = () =>
  createClient({
    corpId: 'wwbatch',
    corpSecret: 'batch-secret',
    retry: FAST_RETRY,
  }).with(batch, media)
let client: ReturnType<typeof makeClient>

beforeEach(() => {
  sim.reset()
  sim.addDepartment({ id: 2, name: '研发', parentid: 1 })
  sim.addDepartment({ id: 3, name: '销售', parentid: 1 })
  sim.addUser({ userid: 'zhangsan', name: '张三', department: [2], mobile: '13800000001' })
  sim.clearRequests()
  client = makeClient()
})

const people = (n: number): UserCsvRow[] =>
  Array.from({ length: n }, (_, i) => ({
    name: `成员${i}`,
    userid: `member${String(i).padStart(4, '0')}`,
    mobile: `139${String(i).padStart(8, '0')}`,
    department: i % 2 ? [2] : [2, 3],
    position: i % 7 ? undefined : '组长, 兼职',
  }))

describe('the CSV sync flow: build, upload, sync, wait', () => {
  it('imports 300 members with increasing progress and a typed per-row result', async () => {
    const csv = usersToCsv(people(300))
    const { media_id } = await client.media.upload('file', new Blob([csv]), { filename: '通讯录.csv' })
    const { jobid } = await client.batch.syncUsers(media_id, { toInvite: false })
    const seen: number[] = []
    const result = await client.batch.waitForResult(jobid, {
      intervalMs: 10,
      onProgress: ({ percentage }) => seen.push(percentage),
    })
    expect(result).toMatchObject({ status: 3, type: 'sync_user', total: 300, percentage: 100 })
    expect(seen.length).toBeGreaterThanOrEqual(3)
    expect(seen).toEqual([...seen].sort((a, b) => a - b))
    expect(seen.at(-1)).toBe(100)
    expect(result.result).toHaveLength(300)
    expect(result.result?.every((r) => r.errcode === 0)).toBe(true)
    expect(sim.users()).toHaveLength(301) // zhangsan stays: sync never removes
    expect(sim.getUser('member0007')).toMatchObject({ position: '组长, 兼职', department: [2] })
    expect(sim.requests.find((r) => r.path === 'batch/syncuser')?.json).toEqual({
      media_id,
      to_invite: false,
    })
  })

  it('replaces the directory with replaceUsers', async () => {
    for (const [i, userid] of ['gone1', 'gone2'].entries()) {
      sim.addUser({ userid, name: userid, department: [3], mobile: `1370000000${i}` })
    }
    const rows = [...people(3), { name: '张三', userid: 'zhangsan', mobile: '13800000001', department: [3] }]
    const { media_id } = await client.media.upload('file', new Blob([usersToCsv(rows)]), {
      filename: 'u.csv',
    })
    const { jobid } = await client.batch.replaceUsers(media_id)
    const result = await client.batch.waitForResult(jobid, { intervalMs: 10 })
    expect(result.type).toBe('replace_user')
    // Exactly the file: gone1 and gone2 removed, zhangsan moved.
    expect(
      sim
        .users()
        .map((u) => u.userid)
        .sort(),
    ).toEqual(['member0000', 'member0001', 'member0002', 'zhangsan'])
    expect(sim.getUser('zhangsan')?.department).toEqual([3])
  })

  it('replaces the department tree with replaceParty', async () => {
    const csv = departmentsToCsv([
      { name: '示例科技', id: 1, parentid: 0 },
      { name: '研发', id: 2, parentid: 1 },
      { name: '市场', id: 5, parentid: 1, order: 10 },
    ])
    const { media_id } = await client.media.upload('file', new Blob([csv]), { filename: '部门.csv' })
    const { jobid } = await client.batch.replaceParty(media_id)
    const result = await client.batch.waitForResult(jobid, { intervalMs: 10 })
    expect(result.type).toBe('replace_party')
    expect(sim.departments().map((d) => d.name)).toEqual(expect.arrayContaining(['研发', '市场']))
    if (result.type === 'replace_party')
      expect(result.result?.some((r) => r.partyid === 5 && r.action & 1)).toBe(true)
  })

  it('surfaces an unknown media_id', async () => {
    expect((await apiError(client.batch.syncUsers('no-such-media'))).errcode).toBe(40007)
    expect(sim.countCalls('batch/syncuser')).toBe(1)
  })

  it('is not replayed when the start may have reached WeCom', async () => {
    sim.failNext('batch/syncuser', { status: 502 })
    const error = await client.batch.syncUsers('whatever').catch((e: unknown) => e)
    expect(error).toMatchObject({ status: 502 })
    expect(sim.countCalls('batch/syncuser')).toBe(1)
  })
})

describe('batch.waitForResult', () => {
  it('fails clearly on timeout', async () => {
    sim.setJobSteps(1000)
    const { media_id } = await client.media.upload('file', new Blob([usersToCsv(people(1))]), {
      filename: 'u.csv',
    })
    const { jobid } = await client.batch.syncUsers(media_id)
    const error = await client.batch
      .waitForResult(jobid, { intervalMs: 10, timeoutMs: 60 })
      .catch((e: unknown) => e)
    expect(isWeComNetworkError(error) && error.timeout).toBe(true)
    expect((error as Error).message).toContain(jobid)
  })

  it('stops at once when aborted', async () => {
    sim.setJobSteps(1000)
    const { media_id } = await client.media.upload('file', new Blob([usersToCsv(people(1))]), {
      filename: 'u.csv',
    })
    const { jobid } = await client.batch.syncUsers(media_id)
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 30)
    const started = Date.now()
    const error = await client.batch
      .waitForResult(jobid, { intervalMs: 5_000, signal: controller.signal })
      .catch((e: unknown) => e)
    expect(isWeComNetworkError(error) && error.aborted).toBe(true)
    expect(Date.now() - started).toBeLessThan(1_000)
  })

  it('surfaces an unknown job', async () => {
    expect((await apiError(client.batch.getResult('no-such-job'))).errcode).toBe(40088)
    expect((await apiError(client.batch.waitForResult('no-such-job', { intervalMs: 10 }))).errcode).toBe(
      40088,
    )
  })

  it('surfaces the import guard of replaceUsers (45026)', async () => {
    for (let i = 0; i < 60; i++)
      sim.addUser({
        userid: `old${i}`,
        name: `旧${i}`,
        department: [2],
        mobile: `1370000${String(i).padStart(4, '0')}`,
      })
    const { media_id } = await client.media.upload('file', new Blob([usersToCsv(people(1))]), {
      filename: 'u.csv',
    })
    const { jobid } = await client.batch.replaceUsers(media_id)
    expect((await apiError(client.batch.waitForResult(jobid, { intervalMs: 10 }))).errcode).toBe(45026)
    expect(sim.users().length).toBeGreaterThan(60)
  })
})

describe('batch.inviteUsers', () => {
  it('invites and reports who could not be invited', async () => {
    const result = await client.batch.inviteUsers({ user: ['zhangsan', 'ghost'], party: [2] })
    expect(result.invaliduser).toEqual(['ghost'])
    expect(sim.requests.at(-1)?.json).toEqual({ user: ['zhangsan', 'ghost'], party: [2] })
  })

  it('surfaces a WeCom error without replaying', async () => {
    sim.failNext('batch/invite', { errcode: 48002, errmsg: 'api forbidden' })
    expect((await apiError(client.batch.inviteUsers({ tag: [1] }))).errcode).toBe(48002)
    expect(sim.countCalls('batch/invite')).toBe(1)
  })
})

describe('bad input is rejected before sending', () => {
  it.each([
    ['an invite with nobody', () => client.batch.inviteUsers({})],
    [
      'an invite of 101 departments',
      () => client.batch.inviteUsers({ party: Array.from({ length: 101 }, (_, i) => i + 1) }),
    ],
    ['an empty mediaId', () => client.batch.syncUsers('')],
    ['a non-boolean toInvite', () => client.batch.replaceUsers('m', { toInvite: 'yes' as never })],
    [
      'a callback with a short aes key',
      () =>
        client.batch.replaceParty('m', {
          callback: { url: 'https://a.example/cb', token: 't', encodingaeskey: 'short' },
        }),
    ],
    [
      'a callback to a relative url',
      () =>
        client.batch.syncUsers('m', { callback: { url: '/cb', token: 't', encodingaeskey: 'a'.repeat(43) } }),
    ],
    ['an empty jobId', () => client.batch.getResult('')],
    ['a 1 ms poll interval', () => client.batch.waitForResult('job', { intervalMs: 1 })],
  ])('%s', async (_label, call) => {
    await rejectsBeforeSending(sim, call)
  })
})

describe('hostile input (pinned)', () => {
  const callback = { url: 'https://a.example/cb', token: 'Token123', encodingaeskey: 'a'.repeat(43) }

  it('sends the checked copy of callback, never the caller’s object with whatever else it holds', async () => {
    const csv = usersToCsv([{ name: '新人', userid: 'newbie', mobile: '13800000009', department: 2 }])
    const media_id = sim.addMedia({ bytes: csv, filename: 'members.csv' })
    const party = sim.addMedia({
      bytes: departmentsToCsv([{ name: '研发', id: 2, parentid: 1 }]),
      filename: 'party.csv',
    })
    const given = { ...callback, extra: 'not for WeCom' }
    await client.batch.syncUsers(media_id, { callback: given })
    await client.batch.replaceParty(party, { callback: given })
    const sent = sim.requests.filter((r) => r.path === 'batch/syncuser' || r.path === 'batch/replaceparty')
    expect(sent.map((r) => (r.json as { callback: unknown }).callback)).toEqual([callback, callback])
    // A toJSON on it would replace the checked body, a BigInt would fail after gettoken: neither is sent.
    for (const odd of [{ toJSON: () => ({ url: 'https://evil.example' }) }, { extra: 1n }]) {
      sim.clearRequests()
      await client.batch.replaceUsers(media_id, { callback: { ...callback, ...odd } as never })
      expect((sim.requests.at(-1)!.json as { callback: unknown }).callback).toEqual(callback)
    }
  })

  it('refuses a jobId with a lone surrogate before sending, not with a URIError', async () => {
    await rejectsBeforeSending(sim, () => client.batch.getResult('job\ud800'), { message: /well-formed/ })
    await rejectsBeforeSending(sim, () => client.batch.waitForResult('\udfffjob'), { message: /well-formed/ })
  })
})
