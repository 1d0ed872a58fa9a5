import { describe, expect, it } from 'vitest'
import { FACES, useFace } from './support/faces.js'

describe.each(FACES)('departments ($name)', (face) => {
  const { sim, call } = useFace(face)

  it('starts with the root department named after the corp', async () => {
    const { body } = await call('department/list')
    expect(body).toEqual({
      errcode: 0,
      errmsg: 'ok',
      department: [
        { id: 1, name: '模拟企业', name_en: '', department_leader: [], parentid: 0, order: 100000000 },
      ],
    })
  })

  it('creates with automatic ids and orders', async () => {
    const first = await call('department/create', { json: { name: '研发部', parentid: 1 } })
    expect(first.body).toEqual({ errcode: 0, errmsg: 'created', id: 2 })
    const second = await call('department/create', {
      json: { name: '市场部', name_en: 'Marketing', parentid: 1 },
    })
    expect(second.body.id).toBe(3)
    expect(sim.departments().map(({ id, order }) => ({ id, order }))).toEqual([
      { id: 1, order: 100000000 },
      { id: 2, order: 100000000 },
      { id: 3, order: 99999000 },
    ])
  })

  it('creates with a chosen id and order', async () => {
    const reply = await call('department/create', { json: { name: '研发部', parentid: 1, id: 50, order: 7 } })
    expect(reply.body.id).toBe(50)
    expect(sim.departments()[1]).toMatchObject({ id: 50, order: 7, parentid: 1 })
  })

  it.each([
    ['an unknown parent', { name: 'x', parentid: 9 }, 60004],
    ['no parent', { name: 'x' }, 60004],
    ['a sibling name taken', { name: '研发部', parentid: 1 }, 60008],
    ['an id taken', { name: 'x', parentid: 1, id: 2 }, 60008],
    ['the root id', { name: 'x', parentid: 1, id: 1 }, 60008],
    ['an empty name', { name: '', parentid: 1 }, 60001],
    ['a name with forbidden characters', { name: 'a:b', parentid: 1 }, 60009],
    ['a negative order', { name: 'x', parentid: 1, order: -1 }, 40058],
  ])('refuses %s', async (_, json, errcode) => {
    sim.addDepartment({ id: 2, name: '研发部' })
    expect((await call('department/create', { json })).body.errcode).toBe(errcode)
  })

  it('allows one name under different parents', async () => {
    sim.addDepartment({ id: 2, name: '研发部' })
    expect((await call('department/create', { json: { name: '研发部', parentid: 2 } })).body.errcode).toBe(0)
  })

  it('simplelist and list answer the department and its whole subtree', async () => {
    sim.addDepartment({ id: 2, name: '研发部' })
    sim.addDepartment({ id: 3, name: '前端组', parentid: 2 })
    sim.addDepartment({ id: 4, name: '市场部' })
    sim.addUser({ userid: 'lead', name: '组长', department: [3], is_leader_in_dept: [1] })

    const simple = await call('department/simplelist', { query: { id: 2 } })
    expect(simple.body).toEqual({
      errcode: 0,
      errmsg: 'ok',
      department_id: [
        { id: 2, parentid: 1, order: 100000000 },
        { id: 3, parentid: 2, order: 100000000 },
      ],
    })
    const everything = await call('department/simplelist')
    expect(everything.body.department_id.map((d: { id: number }) => d.id)).toEqual([1, 2, 3, 4])

    const list = await call('department/list', { query: { id: 2 } })
    expect(list.body.department).toEqual([
      { id: 2, name: '研发部', name_en: '', department_leader: [], parentid: 1, order: 100000000 },
      { id: 3, name: '前端组', name_en: '', department_leader: ['lead'], parentid: 2, order: 100000000 },
    ])
  })

  it('gets one department, 60123 when unknown', async () => {
    sim.addDepartment({ id: 2, name: '研发部', name_en: 'R&D' })
    expect((await call('department/get', { query: { id: 2 } })).body).toEqual({
      errcode: 0,
      errmsg: 'ok',
      department: {
        id: 2,
        name: '研发部',
        name_en: 'R&D',
        department_leader: [],
        parentid: 1,
        order: 100000000,
      },
    })
    expect((await call('department/get', { query: { id: 9 } })).body.errcode).toBe(60123)
    expect((await call('department/list', { query: { id: 9 } })).body.errcode).toBe(60123)
    expect((await call('department/simplelist', { query: { id: 'abc' } })).body.errcode).toBe(60123)
  })
})
