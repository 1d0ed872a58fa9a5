import { describe, expect, it } from 'vitest'
import { FACES, useFace } from './support/faces.js'

describe.each(FACES)('department/update and department/delete ($name)', (face) => {
  const { sim, call } = useFace(face)

  const seedTree = () => {
    sim.addDepartment({ id: 2, name: '研发部' })
    sim.addDepartment({ id: 3, name: '前端组', parentid: 2 })
    sim.addDepartment({ id: 4, name: '市场部' })
  }

  it('changes only the fields sent', async () => {
    seedTree()
    const reply = await call('department/update', { json: { id: 3, name: '大前端', order: 5 } })
    expect(reply.body).toEqual({ errcode: 0, errmsg: 'updated' })
    expect(sim.departments().find((d) => d.id === 3)).toMatchObject({
      name: '大前端',
      parentid: 2,
      order: 5,
      name_en: '',
    })
  })

  it('moves a department with its subtree', async () => {
    seedTree()
    expect((await call('department/update', { json: { id: 2, parentid: 4 } })).body.errcode).toBe(0)
    const tree = (await call('department/simplelist', { query: { id: 4 } })).body.department_id
    expect(tree.map((d: { id: number }) => d.id)).toEqual([2, 3, 4])
  })

  it.each([
    ['an unknown id', { id: 9, name: 'x' }, 60003],
    ['no id', { name: 'x' }, 60003],
    ['an unknown parent', { id: 3, parentid: 9 }, 60004],
    ['itself as parent', { id: 2, parentid: 2 }, 60010],
    ['its own descendant as parent', { id: 2, parentid: 3 }, 60010],
    ['the root under anything', { id: 1, parentid: 2 }, 60010],
    ['a name a sibling has', { id: 4, name: '研发部' }, 60008],
    ['a name taken under the new parent', { id: 4, parentid: 2, name: '前端组' }, 60008],
    ['an empty name', { id: 3, name: '' }, 60001],
    ['forbidden characters', { id: 3, name: 'a|b' }, 60009],
    ['a negative order', { id: 3, order: -1 }, 40058],
  ])('refuses %s', async (_, json, errcode) => {
    seedTree()
    const before = sim.departments()
    expect((await call('department/update', { json })).body.errcode).toBe(errcode)
    expect(sim.departments()).toEqual(before)
  })

  it('refuses a move that would go deeper than 15 levels', async () => {
    for (let id = 2; id <= 15; id++) sim.addDepartment({ id, name: `L${id}`, parentid: id - 1 })
    sim.addDepartment({ id: 20, name: 'top' })
    sim.addDepartment({ id: 21, name: 'child', parentid: 20 })
    expect((await call('department/update', { json: { id: 20, parentid: 14 } })).body.errcode).toBe(81002)
    expect((await call('department/update', { json: { id: 21, parentid: 14 } })).body.errcode).toBe(0)
  })

  it('deletes an empty department', async () => {
    seedTree()
    expect((await call('department/delete', { query: { id: 4 } })).body).toEqual({
      errcode: 0,
      errmsg: 'deleted',
    })
    expect(sim.departments().map((d) => d.id)).toEqual([1, 2, 3])
  })

  it.each([
    ['the root', 1, 60007],
    ['a department with members', 4, 60005],
    ['a department with sub-departments', 2, 60006],
    ['an unknown id', 9, 60003],
    ['a list of ids', '3,4', 60003],
  ])('will not delete %s', async (_, id, errcode) => {
    seedTree()
    sim.addUser({ userid: 'lisi', name: '李四', department: [4] })
    expect((await call('department/delete', { query: { id } })).body.errcode).toBe(errcode)
    expect(sim.departments()).toHaveLength(4)
  })

  it('a deleted department leaves the tags it was in', async () => {
    seedTree()
    sim.addTag({ tagname: '全员', partylist: [3, 4] })
    await call('department/delete', { query: { id: 4 } })
    expect(sim.tags()[0]?.partylist).toEqual([3])
  })
})
