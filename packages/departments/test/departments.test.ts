import {
  createClient,
  isWeComApiError,
  isWeComPartialFailureError,
  type WeComPartialFailureError,
} from '@wecom-kit/core'
import { departments } from '@wecom-kit/departments'
import { beforeEach, describe, expect, it } from 'vitest'
import { apiError, FAST_RETRY, rejectsBeforeSending, useSimulator } from '../../../test/support/resource.js'

const { sim } = useSimulator({ corpId: 'wwdept', corpSecret: 'dept-secret', corpName: '示例科技' })

const makeClient = () =>
  createClient({
    corpId: 'wwdept',
    corpSecret: 'dept-secret',
    retry: FAST_RETRY,
  }).with(departments)
let client: ReturnType<typeof makeClient>

beforeEach(() => {
  sim.reset()
  // 1 ─┬─ 2 研发 ── 4 后端
  //    └─ 3 销售
  sim.addDepartment({ id: 2, name: '研发', parentid: 1 })
  sim.addDepartment({ id: 3, name: '销售', parentid: 1 })
  sim.addDepartment({ id: 4, name: '后端', parentid: 2 })
  sim.addUser({ userid: 'zhangsan', name: '张三', department: [3], mobile: '13800000001' })
  sim.clearRequests()
  client = makeClient()
})

describe('departments.create', () => {
  it('creates a department and answers its id', async () => {
    const { id } = await client.departments.create({ name: '前端', parentid: 2, order: 5 })
    expect(sim.departments().find((d) => d.id === id)).toMatchObject({ name: '前端', parentid: 2 })
  })

  it('creates with a chosen id', async () => {
    expect((await client.departments.create({ name: '财务', parentid: 1, id: 42 })).id).toBe(42)
  })

  it('surfaces an unknown parent', async () => {
    expect((await apiError(client.departments.create({ name: 'X', parentid: 999 }))).errcode).toBe(60004)
  })

  it('surfaces a duplicate name under the same parent, sent once', async () => {
    expect((await apiError(client.departments.create({ name: '研发', parentid: 1 }))).errcode).toBe(60008)
    expect(sim.countCalls('department/create')).toBe(1)
  })

  it.each([
    ['an empty name', { name: '', parentid: 1 }],
    ['a name with a forbidden character', { name: 'a|b', parentid: 1 }],
    ['a 65-character name', { name: '名'.repeat(65), parentid: 1 }],
    ['no parent', { name: 'X' }],
    ['id 1 (the root)', { name: 'X', parentid: 1, id: 1 }],
    ['a negative order', { name: 'X', parentid: 1, order: -1 }],
    ['an order of 2^32', { name: 'X', parentid: 1, order: 2 ** 32 }],
  ])('rejects %s before sending', async (_label, input) => {
    await rejectsBeforeSending(sim, () => client.departments.create(input as never))
  })
})

describe('departments.update', () => {
  it('renames and moves a department', async () => {
    await client.departments.update(4, { name: '服务端', parentid: 3 })
    expect(sim.departments().find((d) => d.id === 4)).toMatchObject({ name: '服务端', parentid: 3 })
    expect(sim.requests.at(-1)?.json).toEqual({ id: 4, name: '服务端', parentid: 3 })
  })

  it('surfaces an unknown department', async () => {
    expect((await apiError(client.departments.update(999, { name: 'X' }))).errcode).not.toBe(0)
  })

  it('rejects an empty change and a bad id before sending', async () => {
    await rejectsBeforeSending(sim, () => client.departments.update(4, {}))
    await rejectsBeforeSending(sim, () => client.departments.update(0, { name: 'X' }))
    await rejectsBeforeSending(sim, () => client.departments.update(4, { name: 'a*b' }))
  })
})

describe('departments.delete', () => {
  it('deletes one department', async () => {
    await client.departments.delete(4)
    expect(sim.departments().map((d) => d.id)).not.toContain(4)
  })

  it('deletes several, one call each, in the order given', async () => {
    await client.departments.delete([4, 2])
    expect(
      sim
        .departments()
        .map((d) => d.id)
        .sort(),
    ).toEqual([1, 3])
    expect(sim.requests.filter((r) => r.path === 'department/delete').map((r) => r.query.id)).toEqual([
      '4',
      '2',
    ])
  })

  it('says which were deleted and which were not when one fails part-way', async () => {
    sim.addDepartment({ id: 5, name: '空部门', parentid: 1 })
    // 3 still has a member: WeCom refuses it; 5 is never tried.
    const error = await client.departments.delete([4, 3, 5]).catch((e: unknown) => e)
    expect(isWeComPartialFailureError(error)).toBe(true)
    const partial = error as WeComPartialFailureError<number>
    expect(partial.succeeded).toEqual([4])
    expect(partial.failed).toBe(3)
    expect(partial.notAttempted).toEqual([5])
    expect(isWeComApiError(partial.cause) && partial.cause.errcode).toBe(60005)
    expect(partial.message).toMatch(/failed for 3 after 1 succeeded \(4\); not attempted: 5/)
    expect(sim.departments().map((d) => d.id)).toEqual(expect.arrayContaining([3, 5]))
  })

  it('surfaces a department with sub-departments as a plain API error', async () => {
    expect((await apiError(client.departments.delete(2))).errcode).toBe(60006)
  })

  it('rejects bad ids before sending', async () => {
    await rejectsBeforeSending(sim, () => client.departments.delete([]))
    await rejectsBeforeSending(sim, () => client.departments.delete([4, 0]))
    await rejectsBeforeSending(sim, () => client.departments.delete('4' as never))
  })
})

describe('departments.list / listSimple / get', () => {
  it('lists the whole corp, or a subtree', async () => {
    const all = await client.departments.list()
    expect(all.department.map((d) => d.id).sort()).toEqual([1, 2, 3, 4])
    const sub = await client.departments.list(2)
    expect(sub.department.map((d) => d.id).sort()).toEqual([2, 4])
    expect(sim.requests.at(-1)?.query).toMatchObject({ id: '2' })
  })

  it('lists ids only with listSimple', async () => {
    const { department_id } = await client.departments.listSimple(2)
    expect(department_id).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 4, parentid: 2 }),
        expect.objectContaining({ id: 2 }),
      ]),
    )
    expect(department_id[0]).not.toHaveProperty('name')
  })

  it('gets one department', async () => {
    expect((await client.departments.get(3)).department).toMatchObject({ id: 3, name: '销售', parentid: 1 })
  })

  it('surfaces unknown departments', async () => {
    expect((await apiError(client.departments.get(999))).errcode).toBe(60123)
    expect((await apiError(client.departments.list(999))).errcode).toBe(60123)
    expect((await apiError(client.departments.listSimple(999))).errcode).toBe(60123)
  })

  it('rejects bad ids before sending', async () => {
    await rejectsBeforeSending(sim, () => client.departments.get(0))
    await rejectsBeforeSending(sim, () => client.departments.list(-2))
    await rejectsBeforeSending(sim, () => client.departments.listSimple(1.5))
  })
})
