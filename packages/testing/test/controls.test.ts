import { describe, expect, it } from 'vitest'
import { FACES, useFace } from './support/faces.js'

describe.each(FACES)('controls ($name)', (face) => {
  const { sim, call, token } = useFace(face)

  it('failNext with an errcode answers it as WeCom would, then recovers', async () => {
    sim.addUser({ userid: 'zhangsan', name: '张三' })
    sim.failNext('user/get', { errcode: -1 }, 2)
    for (let i = 0; i < 2; i++) {
      const reply = await call('user/get', { query: { userid: 'zhangsan' } })
      expect(reply.status).toBe(200)
      expect(reply.body.errcode).toBe(-1)
      expect(reply.body.errmsg).toMatch(/^system busy, hint: \[/)
    }
    expect((await call('user/get', { query: { userid: 'zhangsan' } })).body.errcode).toBe(0)
  })

  it('failNext with an errmsg keeps it verbatim, and the failure skips the handler', async () => {
    sim.failNext('/cgi-bin/user/create', { errcode: 60020, errmsg: 'not allow to access from your ip' })
    const reply = await call('user/create', {
      json: { userid: 'a', name: 'A', department: [1], mobile: '1' },
    })
    expect(reply.body).toEqual({ errcode: 60020, errmsg: 'not allow to access from your ip' })
    expect(sim.users()).toEqual([])
  })

  it('failNext with a status answers raw HTTP', async () => {
    sim.failNext('gettoken', { status: 502, body: '<html>bad gateway</html>' })
    sim.failNext('gettoken', { status: 503, body: { message: 'busy' } })
    sim.failNext('gettoken', { status: 500 })
    const query = { corpid: sim.corpId, corpsecret: sim.corpSecret }
    const first = await call('gettoken', { query })
    expect(first).toMatchObject({ status: 502, body: '<html>bad gateway</html>' })
    expect((await call('gettoken', { query })).body).toEqual({ message: 'busy' })
    expect(await call('gettoken', { query })).toMatchObject({ status: 500, body: '' })
    expect((await call('gettoken', { query })).body.errcode).toBe(0)
  })

  it('failNext with drop makes fetch reject, once', async () => {
    const access = await token()
    sim.failNext('department/list', { drop: true })
    await expect(call('department/list', { query: { access_token: access }, token: false })).rejects.toThrow(
      TypeError,
    )
    expect(
      (await call('department/list', { query: { access_token: access }, token: false })).body.errcode,
    ).toBe(0)
  })

  it('refuses nonsense failures', () => {
    expect(() => sim.failNext('gettoken', { status: 42 })).toThrow(RangeError)
    expect(() => sim.failNext('gettoken', { errcode: -1 }, 0)).toThrow(RangeError)
  })

  it('setLatency delays answers, globally or per path', async () => {
    const access = await token()
    const timed = async (path: string) => {
      const started = performance.now()
      await call(path, { query: { access_token: access }, token: false })
      return performance.now() - started
    }
    sim.setLatency(80, 'department/list')
    expect(await timed('department/list')).toBeGreaterThanOrEqual(75)
    expect(await timed('department/simplelist')).toBeLessThan(75)
    sim.setLatency(80)
    sim.setLatency(0, 'department/list')
    expect(await timed('department/simplelist')).toBeGreaterThanOrEqual(75)
    expect(await timed('department/list')).toBeLessThan(75)
  })

  it('records requests in order, with path, query and parsed JSON', async () => {
    const access = await token()
    sim.clearRequests()
    await call('user/list_id', { json: { limit: 5 }, query: { access_token: access }, token: false })
    await call('user/get', { query: { access_token: access, userid: 'x' }, token: false })
    const requests = sim.requests
    expect(requests).toEqual([
      {
        method: 'POST',
        path: 'user/list_id',
        query: { access_token: access },
        json: { limit: 5 },
        at: expect.any(Number),
      },
      {
        method: 'GET',
        path: 'user/get',
        query: { access_token: access, userid: 'x' },
        json: undefined,
        at: expect.any(Number),
      },
    ])
    expect(requests[0]!.at).toBeLessThanOrEqual(requests[1]!.at)
    expect(sim.countCalls('user/get')).toBe(1)
    expect(sim.countCalls('/user/list_id')).toBe(1)
    requests[0]!.query.access_token = 'changed'
    expect(sim.requests[0]!.query.access_token).toBe(access)
  })

  it('counts injected failures as calls', async () => {
    sim.failNext('gettoken', { errcode: -1 })
    await call('gettoken', { query: { corpid: sim.corpId, corpsecret: sim.corpSecret } })
    expect(sim.countCalls('gettoken')).toBe(1)
  })

  it('reset goes back to the initial corp and clears every control', async () => {
    const access = await token()
    sim.addDepartment({ id: 2, name: '研发部' })
    sim.addUser({ userid: 'zhangsan', name: '张三' })
    sim.failNext('user/get', { errcode: -1 })
    sim.setLatency(200)
    sim.reset()
    expect(sim.departments()).toHaveLength(1)
    expect(sim.users()).toEqual([])
    expect(sim.requests).toEqual([])
    expect(
      (await call('user/get', { query: { access_token: access, userid: 'x' }, token: false })).body.errcode,
    ).toBe(40014)
    const started = performance.now()
    const fresh = await token()
    expect(
      (await call('user/get', { query: { access_token: fresh, userid: 'x' }, token: false })).body.errcode,
    ).toBe(60111)
    expect(performance.now() - started).toBeLessThan(150)
  })

  it('answers HTTP 404 with an errcode for paths that are no API', async () => {
    const reply = await call('user/nope')
    expect(reply.status).toBe(404)
    expect(reply.body.errcode).toBe(404)
    expect(reply.body.errmsg).toContain('user/nope')
  })

  it('failNext with processed runs the endpoint, then answers the failure', async () => {
    sim.failNext('user/create', { errcode: -1, processed: true })
    const reply = await call('user/create', {
      json: { userid: 'a', name: 'A', department: [1], mobile: '13800000000' },
    })
    expect(reply.body.errcode).toBe(-1)
    expect(sim.users().map((user) => user.userid)).toEqual(['a'])
    sim.failNext('department/create', { status: 504, processed: true })
    expect((await call('department/create', { json: { name: '研发部', parentid: 1 } })).status).toBe(504)
    expect(sim.departments()).toHaveLength(2)
  })

  it('advanceTime moves the simulated clock: tokens expire, reset brings it back', async () => {
    const access = await token()
    const started = sim.now()
    sim.advanceTime(7199_000)
    expect(sim.now() - started).toBeGreaterThanOrEqual(7199_000)
    expect(
      (await call('department/list', { query: { access_token: access }, token: false })).body.errcode,
    ).toBe(0)
    sim.advanceTime(1000)
    expect(
      (await call('department/list', { query: { access_token: access }, token: false })).body.errcode,
    ).toBe(42001)
    sim.reset()
    expect(sim.now() - Date.now()).toBeLessThan(1000)
    expect(() => sim.advanceTime(-1)).toThrow(RangeError)
  })

  it('advanceTime ages media and OAuth codes', async () => {
    const mediaId = sim.addMedia({ bytes: 'name,id', filename: 'a.csv' })
    sim.addUser({ userid: 'zhangsan', name: '张三' })
    const code = sim.issueOAuthCode('zhangsan')
    sim.advanceTime(5 * 60 * 1000)
    const access = await token()
    expect(
      (await call('auth/getuserinfo', { query: { access_token: access, code }, token: false })).body.errcode,
    ).toBe(40029)
    sim.advanceTime(3 * 24 * 3600 * 1000)
    expect(sim.getMedia(mediaId)).toBeUndefined()
  })
})

describe('clock option', () => {
  const face = FACES[0]!
  let time = Date.UTC(2030, 0, 1)
  const { sim, call } = useFace(face, { clock: () => time })

  it('is where the simulator reads the time', async () => {
    expect(sim.now()).toBe(time)
    await call('department/list')
    expect(sim.requests.at(-1)!.at).toBe(time)
    time += 1000
    sim.advanceTime(500)
    expect(sim.now()).toBe(Date.UTC(2030, 0, 1) + 1500)
  })
})
