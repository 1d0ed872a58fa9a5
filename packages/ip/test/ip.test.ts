import { createClient } from '@wecom-kit/core'
import { ip } from '@wecom-kit/ip'
import { describe, expect, it } from 'vitest'
import { apiError, FAST_RETRY, rejectsBeforeSending, useSimulator } from '../../../test/support/resource.js'

const { sim } = useSimulator({ corpId: 'wwip', corpSecret: 'ip-secret' })
const client = () => createClient({ corpId: 'wwip', corpSecret: 'ip-secret', retry: FAST_RETRY }).with(ip)

describe.each([
  ['getCallbackIps', 'getcallbackip'],
  ['getApiDomainIps', 'get_api_domain_ip'],
] as const)('ip.%s', (method, path) => {
  it('lists IPv4 addresses', async () => {
    const { ip_list } = await client().ip[method]()
    expect(ip_list.length).toBeGreaterThan(0)
    for (const address of ip_list) expect(address).toMatch(/^\d{1,3}(\.\d{1,3}){3}(\/\d+)?$/)
  })

  it('surfaces a WeCom error', async () => {
    sim.failNext(path, { errcode: 48002, errmsg: 'api forbidden' })
    expect((await apiError(client().ip[method]())).errcode).toBe(48002)
  })

  it('rejects bad call options before sending', async () => {
    sim.clearRequests()
    await rejectsBeforeSending(sim, () => client().ip[method]({ timeout: -1 }))
  })
})
