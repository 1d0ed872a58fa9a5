// setRateLimit: WeCom's frequency limit (45009, and the block after it) and concurrency limit
// (45033) per path, on both faces. Windows run on the simulated clock (advanceTime).
import { describe, expect, it, vi } from 'vitest'
import { FACES, useFace } from './support/faces.js'

describe.each(FACES)('rate limits ($name)', (face) => {
  // A clock that stands still but for advanceTime: windows to the millisecond.
  const { sim, call, token } = useFace(face, { clock: () => 1_800_000_000_000 })
  const userGet = async (access: string) =>
    (await call('user/get', { query: { access_token: access, userid: 'zhangsan' }, token: false })).body

  it('past `requests` in a minute: 45009, and for the next 60 s; then calls go through again', async () => {
    sim.addUser({ userid: 'zhangsan', name: '张三' })
    const access = await token()
    sim.setRateLimit({ requests: 3 }, 'user/get')
    for (let i = 0; i < 3; i++) expect((await userGet(access)).errcode).toBe(0)
    const refused = await userGet(access)
    expect(refused.errcode).toBe(45009)
    expect(refused.errmsg).toMatch(
      /^api freq out of limit: more than 3 calls of user\/get in 60000 ms, hint: \[/,
    )
    sim.advanceTime(59_999)
    expect((await userGet(access)).errcode).toBe(45009) // blocked for the rest of the window
    sim.advanceTime(1)
    expect((await userGet(access)).errcode).toBe(0)
    expect(sim.rateLimitStats('user/get')).toEqual({
      accepted: 4,
      refused: 2,
      congested: 0,
      maxInFlight: 1,
      maxInWindow: 3,
    })
  })

  it('windowMs and blockMs of its own; the window slides', async () => {
    const access = await token()
    sim.setRateLimit({ requests: 2, windowMs: 1_000, blockMs: 5_000 }, 'department/list')
    const list = async () =>
      (await call('department/list', { query: { access_token: access }, token: false })).body.errcode
    expect(await list()).toBe(0)
    sim.advanceTime(600)
    expect(await list()).toBe(0)
    sim.advanceTime(400) // the first call left the window: one more fits
    expect(await list()).toBe(0)
    expect(await list()).toBe(45009)
    sim.advanceTime(4_999)
    expect(await list()).toBe(45009)
    sim.advanceTime(1)
    expect(await list()).toBe(0)
  })

  it('past `concurrency` calls at once: 45033, not counted, after the same round trip', async () => {
    sim.addUser({ userid: 'zhangsan', name: '张三' })
    const access = await token()
    sim.setRateLimit({ concurrency: 2, requests: 100 }, 'user/get')
    sim.setLatency(1_000, 'user/get')
    const started = performance.now()
    const first = [userGet(access), userGet(access)]
    await vi.waitFor(() => expect(sim.countCalls('user/get')).toBe(2))
    const answers = await Promise.all([...first, ...Array.from({ length: 3 }, () => userGet(access))])
    expect(performance.now() - started).toBeGreaterThanOrEqual(990)
    expect(answers.map((a) => a.errcode)).toEqual([0, 0, 45033, 45033, 45033])
    expect(answers.find((a) => a.errcode === 45033).errmsg).toMatch(/^api concur out of limit/)
    expect(sim.rateLimitStats('user/get')).toMatchObject({ accepted: 2, congested: 3, maxInFlight: 2 })
    // The answers are in: the slots are free again.
    expect((await Promise.all([userGet(access), userGet(access)])).map((a) => a.errcode)).toEqual([0, 0])
  })

  it('a rule for every path gives each its own budget; a path rule wins; null and reset remove them', async () => {
    const access = await token()
    const errcode = async (path: string) =>
      (await call(path, { query: { access_token: access }, token: false })).body.errcode
    sim.setRateLimit({ requests: 1 })
    sim.setRateLimit({ requests: 2 }, 'department/simplelist')
    expect([await errcode('department/list'), await errcode('department/list')]).toEqual([0, 45009])
    expect([await errcode('tag/list'), await errcode('tag/list')]).toEqual([0, 45009])
    const simple = [await errcode('department/simplelist'), await errcode('department/simplelist')]
    expect([...simple, await errcode('department/simplelist')]).toEqual([0, 0, 45009])
    sim.setRateLimit(null)
    expect(await errcode('agent/list')).toBe(0)
    expect(await errcode('agent/list')).toBe(0)
    sim.reset()
    const fresh = await token()
    expect(
      (await call('department/list', { query: { access_token: fresh }, token: false })).body.errcode,
    ).toBe(0)
    expect(sim.rateLimitStats('department/list')).toMatchObject({ accepted: 0, refused: 0 })
  })

  it('refuses nonsense rules', () => {
    expect(() => sim.setRateLimit({ requests: 0 })).toThrow(RangeError)
    expect(() => sim.setRateLimit({ requests: 1.5 })).toThrow(RangeError)
    expect(() => sim.setRateLimit({ concurrency: 0 })).toThrow(RangeError)
    expect(() => sim.setRateLimit({ windowMs: 0 })).toThrow(RangeError)
    expect(() => sim.setRateLimit({ blockMs: -1 })).toThrow(RangeError)
  })
})
