import { describe, expect, it } from 'vitest'
import { FACES, useFace } from './support/faces.js'

const zhangsan = { userid: 'zhangsan', name: '张三', department: [1], mobile: '13800000000' }

describe.each(FACES)('user create/get/update/delete ($name)', (face) => {
  const { sim, call } = useFace(face)

  it('creates a member and reads it back in the user/get shape', async () => {
    const created = await call('user/create', {
      json: { ...zhangsan, email: 'zs@example.com', position: '工程师', gender: '1', is_leader_in_dept: [1] },
    })
    expect(created.body).toEqual({ errcode: 0, errmsg: 'created' })

    const { body } = await call('user/get', { query: { userid: 'zhangsan' } })
    expect(body).toMatchObject({
      errcode: 0,
      errmsg: 'ok',
      userid: 'zhangsan',
      name: '张三',
      department: [1],
      order: [0],
      mobile: '13800000000',
      email: 'zs@example.com',
      gender: '1',
      position: '工程师',
      is_leader_in_dept: [1],
      main_department: 1,
      status: 4,
      enable: 1,
    })
    expect(body.open_userid).toMatch(/^wo/)
    expect(sim.getUser('zhangsan')?.name).toBe('张三')
  })

  it('matches userids case-insensitively', async () => {
    sim.addUser(zhangsan)
    expect((await call('user/get', { query: { userid: 'ZhangSan' } })).body.userid).toBe('zhangsan')
    expect(
      (await call('user/create', { json: { ...zhangsan, userid: 'ZHANGSAN', mobile: '', email: 'a@b.cn' } }))
        .body.errcode,
    ).toBe(60102)
  })

  it.each([
    ['a duplicate userid', { mobile: '13900000000' }, 60102],
    ['a duplicate mobile', { userid: 'lisi' }, 60104],
    ['a duplicate email', { userid: 'lisi', mobile: '', email: 'zs@example.com' }, 60106],
    ['no userid', { userid: undefined }, 40003],
    ['a userid with bad characters', { userid: 'zhang san' }, 40003],
    ['a userid over 64 bytes', { userid: 'a'.repeat(65) }, 40058],
    ['no name', { userid: 'lisi', mobile: '139', name: undefined }, 60112],
    ['a name over 64 characters', { userid: 'lisi', mobile: '139', name: '名'.repeat(65) }, 60112],
    ['no department', { userid: 'lisi', mobile: '139', department: undefined }, 41019],
    ['an unknown department', { userid: 'lisi', mobile: '139', department: [1, 99] }, 60003],
    ['neither mobile nor email', { userid: 'lisi', mobile: undefined }, 60129],
    ['a malformed mobile', { userid: 'lisi', mobile: 'call me' }, 60103],
    ['a malformed email', { userid: 'lisi', mobile: undefined, email: 'nope' }, 60105],
    [
      'is_leader_in_dept of another length',
      { userid: 'lisi', mobile: '139', is_leader_in_dept: [1, 0] },
      60132,
    ],
  ])('refuses %s', async (_, change, errcode) => {
    sim.addUser({ ...zhangsan, email: 'zs@example.com' })
    const reply = await call('user/create', { json: { ...zhangsan, ...change } })
    expect(reply.status).toBe(200)
    expect(reply.body.errcode).toBe(errcode)
  })

  it('answers 40058 to a body that is not JSON', async () => {
    expect((await call('user/create', { json: 'not json' })).body.errcode).toBe(40058)
  })

  it('updates only the fields sent', async () => {
    sim.addDepartment({ id: 2, name: '研发部' })
    sim.addUser({ ...zhangsan, position: '工程师' })
    const reply = await call('user/update', {
      json: { userid: 'zhangsan', department: [1, 2], order: [0, 10] },
    })
    expect(reply.body).toEqual({ errcode: 0, errmsg: 'updated' })
    expect(sim.getUser('zhangsan')).toMatchObject({
      name: '张三',
      position: '工程师',
      department: [1, 2],
      order: [0, 10],
      is_leader_in_dept: [0, 0],
    })
  })

  it('refuses updates of unknown members and duplicate contacts', async () => {
    sim.addUser(zhangsan)
    sim.addUser({ userid: 'lisi', name: '李四', mobile: '13900000000' })
    expect((await call('user/update', { json: { userid: 'wangwu', name: 'x' } })).body.errcode).toBe(60111)
    expect(
      (await call('user/update', { json: { userid: 'lisi', mobile: '13800000000' } })).body.errcode,
    ).toBe(60104)
    expect((await call('user/update', { json: { userid: 'lisi', mobile: '' } })).body.errcode).toBe(60129)
    expect((await call('user/update', { json: { name: 'x' } })).body.errcode).toBe(40003)
  })

  it('reads 60111 for unknown members and 41009 without userid', async () => {
    expect((await call('user/get', { query: { userid: 'ghost' } })).body.errcode).toBe(60111)
    expect((await call('user/get')).body.errcode).toBe(41009)
  })

  it('deletes one member, then answers 60111', async () => {
    sim.addUser(zhangsan)
    expect((await call('user/delete', { query: { userid: 'zhangsan' } })).body).toEqual({
      errcode: 0,
      errmsg: 'deleted',
    })
    expect(sim.users()).toEqual([])
    expect((await call('user/delete', { query: { userid: 'zhangsan' } })).body.errcode).toBe(60111)
  })

  it('batch-deletes all or nothing', async () => {
    sim.addUser(zhangsan)
    sim.addUser({ userid: 'lisi', name: '李四' })
    const refused = await call('user/batchdelete', { json: { useridlist: ['zhangsan', 'ghost'] } })
    expect(refused.body.errcode).toBe(40031)
    expect(sim.users()).toHaveLength(2)

    const tooMany = Array.from({ length: 201 }, (_, i) => `u${i}`)
    expect((await call('user/batchdelete', { json: { useridlist: tooMany } })).body.errcode).toBe(40032)

    const done = await call('user/batchdelete', { json: { useridlist: ['zhangsan', 'LISI'] } })
    expect(done.body).toEqual({ errcode: 0, errmsg: 'deleted' })
    expect(sim.users()).toEqual([])
  })

  it('finds a userid by mobile and converts a userid to a stable openid', async () => {
    sim.addUser(zhangsan)
    expect((await call('user/getuserid', { json: { mobile: '13800000000' } })).body).toEqual({
      errcode: 0,
      errmsg: 'ok',
      userid: 'zhangsan',
    })
    expect((await call('user/getuserid', { json: { mobile: '13000000000' } })).body.errcode).toBe(46004)

    const first = await call('user/convert_to_openid', { json: { userid: 'zhangsan' } })
    const second = await call('user/convert_to_openid', { json: { userid: 'zhangsan' } })
    expect(first.body.openid).toMatch(/^o.{27}$/)
    expect(second.body.openid).toBe(first.body.openid)
    expect((await call('user/convert_to_openid', { json: { userid: 'ghost' } })).body.errcode).toBe(60111)
  })

  it('activates a member on authsucc', async () => {
    sim.addUser({ ...zhangsan, status: 4 })
    expect((await call('user/authsucc', { query: { userid: 'zhangsan' } })).body).toEqual({
      errcode: 0,
      errmsg: 'ok',
    })
    expect(sim.getUser('zhangsan')?.status).toBe(1)
    expect((await call('user/authsucc', { query: { userid: 'ghost' } })).body.errcode).toBe(60111)
  })
})

describe('seed helpers', () => {
  const { sim } = useFace(FACES[0]!)

  it('seeds leniently and returns copies', () => {
    const added = sim.addUser({ userid: 'lisi', name: '李四' })
    expect(added).toMatchObject({ department: [1], status: 1, mobile: '', email: '' })
    added.name = 'changed'
    sim.users()[0]!.department.push(99)
    expect(sim.getUser('lisi')).toMatchObject({ name: '李四', department: [1] })
  })

  it('throws on what WeCom would refuse', () => {
    sim.addUser({ userid: 'lisi', name: '李四' })
    expect(() => sim.addUser({ userid: 'LiSi', name: 'x' })).toThrow(/60102/)
    expect(() => sim.addUser({ userid: 'wangwu', name: 'x', department: [42] })).toThrow(/60003/)
    expect(() => sim.addDepartment({ name: 'x', parentid: 42 })).toThrow(/60004/)
  })
})
