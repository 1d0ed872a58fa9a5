import { describe, expect, it } from 'vitest'
import { FACES, useFace } from './support/faces.js'

describe.each(FACES)('batch/invite ($name)', (face) => {
  const { sim, call } = useFace(face)

  it('answers ok with no invalid lists when everything exists', async () => {
    sim.addUser({ userid: 'zhangsan', name: '张三' })
    expect((await call('batch/invite', { json: { user: ['zhangsan'], party: [1] } })).body).toEqual({
      errcode: 0,
      errmsg: 'ok',
    })
  })

  it('still invites, and lists what is invalid', async () => {
    sim.addUser({ userid: 'zhangsan', name: '张三' })
    const { body } = await call('batch/invite', {
      json: { user: ['zhangsan', 'ghost'], party: [1, 9], tag: [3] },
    })
    expect(body).toEqual({
      errcode: 0,
      errmsg: 'ok',
      invaliduser: ['ghost'],
      invalidparty: [9],
      invalidtag: [3],
    })
  })

  it('refuses an empty invitation and oversized lists', async () => {
    expect((await call('batch/invite', { json: {} })).body.errcode).toBe(82001)
    expect((await call('batch/invite', { json: { user: [], party: [], tag: [] } })).body.errcode).toBe(82001)
    const users = Array.from({ length: 1001 }, (_, i) => `u${i}`)
    expect((await call('batch/invite', { json: { user: users } })).body.errcode).toBe(40032)
    expect((await call('batch/invite', { json: { user: 'a|b' } })).body.errcode).toBe(40058)
  })
})
