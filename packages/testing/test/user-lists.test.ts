import { describe, expect, it } from 'vitest'
import { FACES, useFace } from './support/faces.js'

describe.each(FACES)('user lists ($name)', (face) => {
  const { sim, call } = useFace(face)

  const seed = () => {
    sim.addDepartment({ id: 2, name: '研发部' })
    sim.addDepartment({ id: 3, name: '前端组', parentid: 2 })
    sim.addUser({ userid: 'boss', name: '老板', department: [1] })
    sim.addUser({ userid: 'dev', name: '开发', department: [2], order: [5] })
    sim.addUser({
      userid: 'lead',
      name: '组长',
      department: [2, 3],
      order: [9, 0],
      is_leader_in_dept: [0, 1],
    })
    sim.addUser({ userid: 'fe', name: '前端', department: [3] })
  }

  it('simplelist answers the direct members, larger order first', async () => {
    seed()
    const { body } = await call('user/simplelist', { query: { department_id: 2 } })
    expect(body.errcode).toBe(0)
    expect(body.userlist).toEqual([
      { userid: 'lead', name: '组长', department: [2, 3], open_userid: expect.stringMatching(/^wo/) },
      { userid: 'dev', name: '开发', department: [2], open_userid: expect.stringMatching(/^wo/) },
    ])
  })

  it('list answers full members', async () => {
    seed()
    const { body } = await call('user/list', { query: { department_id: 3 } })
    expect(body.userlist.map((member: { userid: string }) => member.userid)).toEqual(['lead', 'fe'])
    expect(body.userlist[0]).toEqual({ ...sim.getUser('lead') })
  })

  it('ignores fetch_child, as the current docs do', async () => {
    seed()
    const { body } = await call('user/simplelist', { query: { department_id: 1, fetch_child: 1 } })
    expect(body.userlist.map((member: { userid: string }) => member.userid)).toEqual(['boss'])
  })

  it('answers 60123 for an unknown or missing department', async () => {
    expect((await call('user/simplelist', { query: { department_id: 9 } })).body.errcode).toBe(60123)
    expect((await call('user/list')).body.errcode).toBe(60123)
  })

  it('list_id pages through every membership with an opaque cursor', async () => {
    seed()
    const seen: Array<{ userid: string; department: number }> = []
    let cursor: string | undefined
    let pages = 0
    do {
      const { body } = await call('user/list_id', { json: { limit: 2, ...(cursor ? { cursor } : {}) } })
      expect(body.errcode).toBe(0)
      seen.push(...body.dept_user)
      cursor = body.next_cursor
      pages++
    } while (cursor)
    expect(pages).toBe(3)
    expect(seen).toEqual([
      { userid: 'boss', department: 1 },
      { userid: 'dev', department: 2 },
      { userid: 'lead', department: 2 },
      { userid: 'lead', department: 3 },
      { userid: 'fe', department: 3 },
    ])
  })

  it('list_id answers everything at once by default, and refuses bad cursors and limits', async () => {
    seed()
    const all = await call('user/list_id', { json: {} })
    expect(all.body.next_cursor).toBe('')
    expect(all.body.dept_user).toHaveLength(5)
    expect((await call('user/list_id', { json: { cursor: 'made-up' } })).body.errcode).toBe(50100)
    expect((await call('user/list_id', { json: { limit: 0 } })).body.errcode).toBe(40058)
    expect((await call('user/list_id', { json: { limit: 10_001 } })).body.errcode).toBe(40058)
  })
})

describe('legacyFetchChild', () => {
  const { sim, call } = useFace(FACES[1]!, { legacyFetchChild: true })

  it('recurses with fetch_child=1, each member once', async () => {
    sim.addDepartment({ id: 2, name: '研发部' })
    sim.addUser({ userid: 'a', name: 'A', department: [1, 2] })
    sim.addUser({ userid: 'b', name: 'B', department: [2] })
    const { body } = await call('user/simplelist', { query: { department_id: 1, fetch_child: 1 } })
    expect(body.userlist.map((member: { userid: string }) => member.userid)).toEqual(['a', 'b'])
  })
})
