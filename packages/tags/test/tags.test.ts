import { createClient } from '@wecom-kit/core'
import { tags } from '@wecom-kit/tags'
import { beforeEach, describe, expect, it } from 'vitest'
import { apiError, FAST_RETRY, rejectsBeforeSending, useSimulator } from '../../../test/support/resource.js'

const { sim } = useSimulator({ corpId: 'wwtags', corpSecret: 'tags-secret' })

const makeClient = () =>
  createClient({
    corpId: 'wwtags',
    corpSecret: 'tags-secret',
    retry: FAST_RETRY,
  }).with(tags)
let client: ReturnType<typeof makeClient>
let tagId: number

beforeEach(async () => {
  sim.reset()
  sim.addDepartment({ id: 2, name: '研发', parentid: 1 })
  sim.addUser({ userid: 'zhangsan', name: '张三', department: [2], mobile: '13800000001' })
  sim.addUser({ userid: 'lisi', name: '李四', department: [2], mobile: '13800000002' })
  client = makeClient()
  tagId = (await client.tags.create('后端')).tagid
  sim.clearRequests()
})

describe('tags.create / update / delete / list', () => {
  it('creates with and without an id, renames, lists and deletes', async () => {
    const { tagid } = await client.tags.create('前端', 77)
    expect(tagid).toBe(77)
    expect(sim.requests.at(-1)?.json).toEqual({ tagname: '前端', tagid: 77 })
    expect(sim.getTag(77)).toMatchObject({ tagname: '前端' })
    await client.tags.update(77, '前端组')
    expect(sim.requests.at(-1)).toMatchObject({ path: 'tag/update', json: { tagid: 77, tagname: '前端组' } })
    expect(sim.getTag(77)?.tagname).toBe('前端组')
    const { taglist } = await client.tags.list()
    expect(taglist).toEqual(
      expect.arrayContaining([
        { tagid: 77, tagname: '前端组' },
        { tagid: tagId, tagname: '后端' },
      ]),
    )
    await client.tags.delete(77)
    expect(sim.requests.at(-1)).toMatchObject({ path: 'tag/delete', query: { tagid: '77' } })
    expect(sim.getTag(77)).toBeUndefined()
    expect((await client.tags.list()).taglist.map((t) => t.tagid)).toEqual([tagId])
  })

  it('surfaces a duplicate tag name', async () => {
    expect((await apiError(client.tags.create('后端'))).errcode).toBe(40071)
  })

  it('surfaces unknown tags on update, delete and getUsers (40068)', async () => {
    for (const call of [client.tags.update(999, 'x'), client.tags.delete(999), client.tags.getUsers(999)]) {
      expect((await apiError(call)).errcode).toBe(40068)
    }
    expect(sim.tags().map((t) => t.tagid)).toEqual([tagId])
  })

  it('surfaces an errcode on list', async () => {
    sim.failNext('tag/list', { errcode: 48002, errmsg: 'api forbidden' })
    expect((await apiError(client.tags.list())).errcode).toBe(48002)
  })

  it.each([
    ['an empty name', () => client.tags.create('')],
    ['a 33-character name', () => client.tags.create('标'.repeat(33))],
    ['a non-integer id', () => client.tags.create('x', 1.5)],
    ['update with no name', () => client.tags.update(1, '')],
    ['delete of id 0', () => client.tags.delete(0)],
    ['getUsers of a string id', () => client.tags.getUsers('1' as never)],
  ])('rejects %s before sending', async (_label, call) => {
    await rejectsBeforeSending(sim, call)
  })

  it('accepts a 32-character name (characters, not bytes)', async () => {
    const { tagid } = await client.tags.create('标'.repeat(32))
    expect(sim.requests.at(-1)?.json).toEqual({ tagname: '标'.repeat(32) })
    expect(sim.getTag(tagid)?.tagname).toBe('标'.repeat(32))
  })
})

describe('tags.addUsers / removeUsers / getUsers', () => {
  it('adds members from an array of userids', async () => {
    const result = await client.tags.addUsers(tagId, ['zhangsan', 'lisi'])
    expect(result).toMatchObject({ errcode: 0, invalidUsers: [], invalidParties: [] })
    expect(sim.requests.at(-1)?.json).toEqual({ tagid: tagId, userlist: ['zhangsan', 'lisi'] })
    const members = await client.tags.getUsers(tagId)
    expect(members.userlist.map((u) => u.userid).sort()).toEqual(['lisi', 'zhangsan'])
  })

  it('adds users and departments with the object form', async () => {
    await client.tags.addUsers(tagId, { userlist: ['zhangsan'], partylist: [2] })
    expect(sim.requests.at(-1)?.json).toEqual({ tagid: tagId, userlist: ['zhangsan'], partylist: [2] })
    expect(sim.getTag(tagId)).toMatchObject({ userlist: ['zhangsan'], partylist: [2] })
    const members = await client.tags.getUsers(tagId)
    expect(members).toMatchObject({ tagname: '后端', partylist: [2] })
  })

  it('reports members WeCom refused, as WeCom sends them and as arrays', async () => {
    const result = await client.tags.addUsers(tagId, {
      userlist: ['zhangsan', 'ghost1', 'ghost2'],
      partylist: [2, 404],
    })
    expect(result.invalidlist).toBe('ghost1|ghost2')
    expect(result.invalidUsers).toEqual(['ghost1', 'ghost2'])
    expect(result.invalidparty).toEqual([404])
    expect(result.invalidParties).toEqual([404])
    expect((await client.tags.getUsers(tagId)).userlist.map((u) => u.userid)).toEqual(['zhangsan'])
  })

  it('throws when every member is refused (40070 on add, 40031 on remove)', async () => {
    expect((await apiError(client.tags.addUsers(tagId, ['ghost']))).errcode).toBe(40070)
    expect((await apiError(client.tags.removeUsers(tagId, ['ghost']))).errcode).toBe(40031)
  })

  it('removes members', async () => {
    await client.tags.addUsers(tagId, ['zhangsan', 'lisi'])
    const result = await client.tags.removeUsers(tagId, ['lisi'])
    expect(result.invalidUsers).toEqual([])
    expect(sim.requests.at(-1)).toMatchObject({
      path: 'tag/deltagusers',
      json: { tagid: tagId, userlist: ['lisi'] },
    })
    expect(sim.getTag(tagId)?.userlist).toEqual(['zhangsan'])
    expect((await client.tags.getUsers(tagId)).userlist.map((u) => u.userid)).toEqual(['zhangsan'])
  })

  it.each([
    ['no members', []],
    ['an empty object', {}],
    ['1 001 users', Array.from({ length: 1001 }, (_, i) => `u${i}`)],
    ['101 departments', { partylist: Array.from({ length: 101 }, (_, i) => i + 1) }],
    ['a |-joined string', 'zhangsan|lisi'],
  ])('rejects %s before sending', async (_label, members) => {
    await rejectsBeforeSending(sim, () => client.tags.addUsers(tagId, members as never))
    await rejectsBeforeSending(sim, () => client.tags.removeUsers(tagId, members as never))
  })
})
