import { describe, expect, it } from 'vitest'
import { FACES, useFace } from './support/faces.js'

describe.each(FACES)('gettoken and access tokens ($name)', (face) => {
  const { sim, call } = useFace(face)
  const credentials = () => ({ corpid: sim.corpId, corpsecret: sim.corpSecret })

  it('issues a long opaque token valid for 7200 s, with JSON and HTTP 200', async () => {
    const reply = await call('gettoken', { query: credentials() })
    expect(reply.status).toBe(200)
    expect(reply.headers.get('content-type')).toMatch(/^application\/json/)
    expect(reply.body).toEqual({
      errcode: 0,
      errmsg: 'ok',
      access_token: expect.any(String),
      expires_in: 7200,
    })
    expect(reply.body.access_token.length).toBeGreaterThanOrEqual(100)
  })

  it('hands out the same token again while it is valid', async () => {
    const first = await call('gettoken', { query: credentials() })
    const second = await call('gettoken', { query: credentials() })
    expect(second.body.access_token).toBe(first.body.access_token)
    expect(second.body.expires_in).toBeLessThanOrEqual(7200)
  })

  it.each([
    ['no corpid', { corpsecret: 'sim-secret' }, 41002],
    ['a wrong corpid', { corpid: 'wwother', corpsecret: 'sim-secret' }, 40013],
    ['no secret', { corpid: 'wwsimcorp' }, 41004],
    ['a wrong secret', { corpid: 'wwsimcorp', corpsecret: 'nope' }, 40001],
  ])('refuses %s', async (_, query, errcode) => {
    const reply = await call('gettoken', { query })
    expect(reply.status).toBe(200)
    expect(reply.body.errcode).toBe(errcode)
    expect(reply.body.errmsg).toContain(`devtool/query?e=${errcode}`)
    expect(reply.headers.get('error-code')).toBe(String(errcode))
  })

  it('answers 41001 without a token and 40014 with an unknown one', async () => {
    expect((await call('user/get', { query: { userid: 'x' }, token: false })).body.errcode).toBe(41001)
    const unknown = await call('user/get', { query: { userid: 'x', access_token: 'forged' }, token: false })
    expect(unknown.body.errcode).toBe(40014)
  })

  it('ignores a token sent in the body', async () => {
    const reply = await call('user/list_id', { json: { access_token: 'x' }, token: false })
    expect(reply.body.errcode).toBe(41001)
  })

  it('answers 42001 after expireTokens, then issues a fresh token', async () => {
    const old = (await call('gettoken', { query: credentials() })).body.access_token
    sim.expireTokens()
    const expired = await call('department/list', { query: { access_token: old }, token: false })
    expect(expired.body.errcode).toBe(42001)
    const fresh = (await call('gettoken', { query: credentials() })).body.access_token
    expect(fresh).not.toBe(old)
    expect(
      (await call('department/list', { query: { access_token: fresh }, token: false })).body.errcode,
    ).toBe(0)
  })

  it('answers 40014 after invalidateTokens', async () => {
    const old = (await call('gettoken', { query: credentials() })).body.access_token
    sim.invalidateTokens()
    const reply = await call('department/list', { query: { access_token: old }, token: false })
    expect(reply.body.errcode).toBe(40014)
  })
})

describe('token lifetime option', () => {
  const face = FACES[0]!
  const { call } = useFace(face, { tokenTtlSeconds: 60, corpId: 'wwmine', corpSecret: 's3' })

  it('uses the configured corp and lifetime', async () => {
    const reply = await call('gettoken', { query: { corpid: 'wwmine', corpsecret: 's3' } })
    expect(reply.body.expires_in).toBe(60)
  })
})
