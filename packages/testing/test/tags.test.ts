import { describe, expect, it } from 'vitest'
import { FACES, useFace } from './support/faces.js'

describe.each(FACES)('tags ($name)', (face) => {
  const { sim, call } = useFace(face)

  const seed = () => {
    sim.addDepartment({ id: 2, name: '研发部' })
    sim.addUser({ userid: 'zhangsan', name: '张三' })
    sim.addUser({ userid: 'lisi', name: '李四' })
  }

  it('creates with ids counting up from the largest, lists and gets', async () => {
    expect((await call('tag/create', { json: { tagname: 'UI', tagid: 12 } })).body).toEqual({
      errcode: 0,
      errmsg: 'created',
      tagid: 12,
    })
    expect((await call('tag/create', { json: { tagname: '设计' } })).body.tagid).toBe(13)
    expect((await call('tag/list')).body).toEqual({
      errcode: 0,
      errmsg: 'ok',
      taglist: [
        { tagid: 12, tagname: 'UI' },
        { tagid: 13, tagname: '设计' },
      ],
    })
    expect((await call('tag/get', { query: { tagid: 12 } })).body).toEqual({
      errcode: 0,
      errmsg: 'ok',
      tagname: 'UI',
      userlist: [],
      partylist: [],
    })
  })

  it.each([
    ['a name taken', { tagname: 'UI' }, 40071],
    ['an id taken', { tagname: 'x', tagid: 1 }, 40068],
    ['a negative id', { tagname: 'x', tagid: -1 }, 40068],
    ['no name', {}, 40072],
    ['a name over 32 characters', { tagname: '标'.repeat(33) }, 40072],
  ])('create refuses %s', async (_, json, errcode) => {
    sim.addTag({ tagname: 'UI', tagid: 1 })
    expect((await call('tag/create', { json })).body.errcode).toBe(errcode)
    expect(sim.tags()).toHaveLength(1)
  })

  it('takes a name of exactly 32 characters and tagid 0', async () => {
    expect((await call('tag/create', { json: { tagname: '标'.repeat(32), tagid: 0 } })).body.tagid).toBe(0)
  })

  it('renames and deletes; 40068 for an unknown tag, 40071 for a name taken', async () => {
    sim.addTag({ tagname: 'UI', tagid: 1 })
    sim.addTag({ tagname: '设计', tagid: 2 })
    expect((await call('tag/update', { json: { tagid: 1, tagname: 'UX' } })).body).toEqual({
      errcode: 0,
      errmsg: 'updated',
    })
    expect((await call('tag/update', { json: { tagid: 1, tagname: 'UX' } })).body.errcode).toBe(0)
    expect((await call('tag/update', { json: { tagid: 1, tagname: '设计' } })).body.errcode).toBe(40071)
    expect((await call('tag/update', { json: { tagid: 9, tagname: 'x' } })).body.errcode).toBe(40068)
    expect((await call('tag/delete', { query: { tagid: 2 } })).body).toEqual({
      errcode: 0,
      errmsg: 'deleted',
    })
    expect((await call('tag/delete', { query: { tagid: 2 } })).body.errcode).toBe(40068)
    expect((await call('tag/get', { query: { tagid: 2 } })).body.errcode).toBe(40068)
    expect((await call('tag/get')).body.errcode).toBe(40068)
    expect(sim.tags().map((tag) => tag.tagname)).toEqual(['UX'])
  })

  it('adds members and departments, and tag/get shows them with names', async () => {
    seed()
    sim.addTag({ tagname: 'UI', tagid: 1 })
    const added = await call('tag/addtagusers', {
      json: { tagid: 1, userlist: ['zhangsan', 'LiSi'], partylist: [2] },
    })
    expect(added.body).toEqual({ errcode: 0, errmsg: 'ok' })
    expect((await call('tag/get', { query: { tagid: 1 } })).body).toEqual({
      errcode: 0,
      errmsg: 'ok',
      tagname: 'UI',
      userlist: [
        { userid: 'zhangsan', name: '张三' },
        { userid: 'lisi', name: '李四' },
      ],
      partylist: [2],
    })
  })

  it('partly invalid: applies the rest and lists the invalid ones, a string and an int array', async () => {
    seed()
    sim.addTag({ tagname: 'UI', tagid: 1 })
    const added = await call('tag/addtagusers', {
      json: { tagid: 1, userlist: ['zhangsan', 'ghost', 'nobody'], partylist: [2, 9] },
    })
    expect(added.body).toEqual({ errcode: 0, errmsg: 'ok', invalidlist: 'ghost|nobody', invalidparty: [9] })
    expect(sim.getTag(1)).toMatchObject({ userlist: ['zhangsan'], partylist: [2] })

    const onlyParty = await call('tag/addtagusers', {
      json: { tagid: 1, userlist: ['lisi'], partylist: [9] },
    })
    expect(onlyParty.body).toEqual({ errcode: 0, errmsg: 'ok', invalidparty: [9] })

    const removed = await call('tag/deltagusers', {
      json: { tagid: 1, userlist: ['zhangsan', 'ghost'], partylist: [2] },
    })
    expect(removed.body).toEqual({ errcode: 0, errmsg: 'deleted', invalidlist: 'ghost' })
    expect(sim.getTag(1)).toMatchObject({ userlist: ['lisi'], partylist: [] })
  })

  it('all invalid: 40070 to add, 40031 to remove, nothing changes', async () => {
    seed()
    sim.addTag({ tagname: 'UI', tagid: 1, userlist: ['zhangsan'] })
    const add = await call('tag/addtagusers', { json: { tagid: 1, userlist: ['ghost'], partylist: [9] } })
    expect(add.body.errcode).toBe(40070)
    expect(add.body.errmsg).toMatch(/^all list invalid/)
    const del = await call('tag/deltagusers', { json: { tagid: 1, userlist: ['ghost'] } })
    expect(del.body.errcode).toBe(40031)
    expect(sim.getTag(1)?.userlist).toEqual(['zhangsan'])
  })

  it.each([
    ['a |-joined string for userlist', { userlist: 'zhangsan|lisi' }, 40035],
    ['a string for partylist', { partylist: '2' }, 40035],
    ['both lists empty', { userlist: [], partylist: [] }, 40035],
    ['neither list', {}, 40035],
    ['more than 1000 users', { userlist: Array.from({ length: 1001 }, (_, i) => `u${i}`) }, 40035],
    ['more than 100 departments', { partylist: Array.from({ length: 101 }, (_, i) => i + 1) }, 40035],
    ['an unknown tag', { tagid: 9, userlist: ['zhangsan'] }, 40068],
  ])('addtagusers and deltagusers refuse %s', async (_, json, errcode) => {
    seed()
    sim.addTag({ tagname: 'UI', tagid: 1 })
    for (const path of ['tag/addtagusers', 'tag/deltagusers']) {
      expect((await call(path, { json: { tagid: 1, ...json } })).body.errcode).toBe(errcode)
    }
  })

  it('takes exactly 1000 users and 100 departments', async () => {
    seed()
    sim.addTag({ tagname: 'UI', tagid: 1 })
    const userlist = ['zhangsan', ...Array.from({ length: 999 }, (_, i) => `ghost${i}`)]
    const partylist = [2, ...Array.from({ length: 99 }, (_, i) => 100 + i)]
    const { body } = await call('tag/addtagusers', { json: { tagid: 1, userlist, partylist } })
    expect(body.errcode).toBe(0)
    expect(body.invalidlist.split('|')).toHaveLength(999)
    expect(body.invalidparty).toHaveLength(99)
  })

  it('a deleted member leaves every tag', async () => {
    seed()
    sim.addTag({ tagname: 'UI', userlist: ['zhangsan', 'lisi'] })
    sim.addTag({ tagname: 'UX', userlist: ['zhangsan'] })
    await call('user/delete', { query: { userid: 'ZhangSan' } })
    expect(sim.tags().map((tag) => tag.userlist)).toEqual([['lisi'], []])
    await call('user/batchdelete', { json: { useridlist: ['lisi'] } })
    expect((await call('tag/get', { query: { tagid: 1 } })).body.userlist).toEqual([])
  })

  it('batch/invite now knows tags', async () => {
    sim.addTag({ tagname: 'UI', tagid: 3 })
    const { body } = await call('batch/invite', { json: { tag: [3, 4] } })
    expect(body).toEqual({ errcode: 0, errmsg: 'ok', invalidtag: [4] })
  })
})
