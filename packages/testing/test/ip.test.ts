import { describe, expect, it } from 'vitest'
import { FACES, useFace } from './support/faces.js'

describe.each(FACES)('IP ranges ($name)', (face) => {
  const { sim, call } = useFace(face)

  it.each(['getcallbackip', 'get_api_domain_ip'])('%s answers ip_list', async (path) => {
    const reply = await call(path)
    expect(reply.body).toEqual({ errcode: 0, errmsg: 'ok', ip_list: expect.any(Array) })
    expect(reply.body.ip_list.length).toBeGreaterThan(0)
    for (const ip of reply.body.ip_list) expect(ip).toMatch(/^\d{1,3}(\.\d{1,3}){3}$/)
  })

  it('answers the docs example for get_api_domain_ip', async () => {
    expect((await call('get_api_domain_ip')).body.ip_list).toEqual(['182.254.11.176', '182.254.78.66'])
  })

  it('keeps "ip_list": [] in error answers, as the docs show', async () => {
    const old = await call('gettoken', {
      query: { corpid: sim.corpId, corpsecret: sim.corpSecret },
      token: false,
    })
    sim.expireTokens()
    const reply = await call('getcallbackip', {
      query: { access_token: old.body.access_token },
      token: false,
    })
    expect(reply.body).toMatchObject({ errcode: 42001, ip_list: [] })
    expect((await call('get_api_domain_ip', { token: false })).body).toMatchObject({
      errcode: 41001,
      ip_list: [],
    })
  })
})
