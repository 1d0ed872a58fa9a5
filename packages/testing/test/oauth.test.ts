import { describe, expect, it } from 'vitest'
import { FACES, useFace } from './support/faces.js'

describe.each(FACES)('OAuth codes ($name)', (face) => {
  const { sim, call } = useFace(face)

  it('auth/getuserinfo answers lowercase userid, once per code', async () => {
    sim.addUser({ userid: 'zhangsan', name: '张三' })
    const code = sim.issueOAuthCode('zhangsan')
    expect((await call('auth/getuserinfo', { query: { code } })).body).toEqual({
      errcode: 0,
      errmsg: 'ok',
      userid: 'zhangsan',
    })
    expect((await call('auth/getuserinfo', { query: { code } })).body.errcode).toBe(40029)
  })

  it('adds a user_ticket for snsapi_privateinfo', async () => {
    sim.addUser({ userid: 'zhangsan', name: '张三' })
    const code = sim.issueOAuthCode('zhangsan', { scope: 'snsapi_privateinfo' })
    const { body } = await call('auth/getuserinfo', { query: { code } })
    expect(body).toEqual({
      errcode: 0,
      errmsg: 'ok',
      userid: 'zhangsan',
      user_ticket: expect.any(String),
      expires_in: 1800,
    })
  })

  it('user/getuserinfo answers the old capitalised shape', async () => {
    sim.addUser({ userid: 'zhangsan', name: '张三' })
    const code = sim.issueOAuthCode('zhangsan', { deviceId: 'dev-1' })
    expect((await call('user/getuserinfo', { query: { code } })).body).toEqual({
      errcode: 0,
      errmsg: 'ok',
      UserId: 'zhangsan',
      DeviceId: 'dev-1',
    })
    expect((await call('user/getuserinfo', { query: { code } })).body.errcode).toBe(40029)
  })

  it('refuses unknown and missing codes', async () => {
    expect((await call('auth/getuserinfo', { query: { code: 'made-up' } })).body.errcode).toBe(40029)
    expect((await call('auth/getuserinfo')).body.errcode).toBe(41008)
  })

  it('throws when issuing a code for nobody', () => {
    expect(() => sim.issueOAuthCode('ghost')).toThrow(/ghost/)
  })
})
