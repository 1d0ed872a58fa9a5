import type { RequestOptions, WeComClient } from '@wecom-kit/core'
import { bindAll, defineResource } from '@wecom-kit/core/resource-kit'
import { HttpResponse, http } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { BASE, makeClient, tokenEndpoint, tokenOf, useMsw } from './helpers.js'

const server = useMsw()

// Two resources written the way resource packages write them: standalone functions taking the
// client first, bound into a namespace by the factory.
function getAlpha(client: WeComClient, id: number, options: RequestOptions = {}) {
  return client.request<{ errcode: 0; id: number; from: 'alpha' }>('alpha/get', { query: { id }, ...options })
}
const alpha = defineResource('alpha', (client) => bindAll(client, { get: getAlpha }))

const betaFactory = vi.fn((client: WeComClient) => ({
  create: (name: string) => client.request<{ errcode: 0; name: string }>('beta/create', { json: { name } }),
  agentId: () => client.options.agentId,
}))
const beta = defineResource('beta', betaFactory)

function endpoints() {
  const token = tokenEndpoint()
  const tokensSeen: (string | null)[] = []
  server.use(
    token.handler,
    http.get(`${BASE}alpha/get`, ({ request }) => {
      tokensSeen.push(tokenOf(request))
      return HttpResponse.json({
        errcode: 0,
        id: Number(new URL(request.url).searchParams.get('id')),
        from: 'alpha',
      })
    }),
    http.post(`${BASE}beta/create`, async ({ request }) => {
      tokensSeen.push(tokenOf(request))
      const body = (await request.json()) as { name: string }
      return HttpResponse.json({ errcode: 0, name: body.name })
    }),
  )
  return { token: token.state, tokensSeen }
}

describe('defineResource and client.with', () => {
  it('chained with() gives both namespaces and one shared token', async () => {
    const { token, tokensSeen } = endpoints()
    const client = makeClient({ agentId: 1000002 }).with(alpha).with(beta)
    const [a, b, a2] = await Promise.all([client.alpha.get(1), client.beta.create('x'), client.alpha.get(2)])
    expect(a).toMatchObject({ id: 1, from: 'alpha' })
    expect(b).toMatchObject({ name: 'x' })
    expect(a2).toMatchObject({ id: 2 })
    expect(token.calls).toBe(1)
    expect(new Set(tokensSeen)).toEqual(new Set([token.issued[0]]))
    expect(client.beta.agentId()).toBe(1000002)
  })

  it('with(a, b) at once works the same, and shares the token with the base client', async () => {
    const { token } = endpoints()
    const base = makeClient()
    const client = base.with(alpha, beta)
    await base.getAccessToken()
    await client.alpha.get(3)
    await client.beta.create('y')
    expect(await client.getAccessToken()).toBe(await base.getAccessToken())
    expect(token.calls).toBe(1)
  })

  it('does not mutate the client it was called on', () => {
    const base = makeClient()
    const withAlpha = base.with(alpha)
    const withBoth = withAlpha.with(beta)
    expect(withAlpha).not.toBe(base)
    expect(withBoth).not.toBe(withAlpha)
    expect('alpha' in base).toBe(false)
    expect('beta' in base).toBe(false)
    expect('beta' in withAlpha).toBe(false)
    expect(Object.keys(withBoth)).toEqual(expect.arrayContaining(['alpha', 'beta', 'request', 'options']))
    expect(withBoth.options).toBe(base.options)
  })

  it('runs a factory only when the resource is attached, once per with()', () => {
    betaFactory.mockClear()
    const local = defineResource('local', betaFactory)
    expect(betaFactory).not.toHaveBeenCalled()
    const client = makeClient().with(local)
    expect(betaFactory).toHaveBeenCalledTimes(1)
    // The factory is handed the client it is attached to, namespaces and all.
    expect(betaFactory.mock.calls[0]![0]).toBe(client)
  })

  it('a later with() keeps the earlier namespaces working', async () => {
    const { token } = endpoints()
    const first = makeClient().with(alpha)
    const second = first.with(beta)
    await expect(second.alpha.get(9)).resolves.toMatchObject({ id: 9 })
    await expect(first.alpha.get(8)).resolves.toMatchObject({ id: 8 })
    expect(token.calls).toBe(1)
  })

  it.each(['request', 'with', 'options', 'getAccessToken'])('refuses a resource named %s', (name) => {
    const bad = defineResource(name, () => ({}))
    expect(() => makeClient().with(bad)).toThrow(TypeError)
    expect(() => makeClient().with(alpha).with(bad)).toThrow(new RegExp(name))
  })

  it('standalone functions and namespace methods do the same call', async () => {
    endpoints()
    const client = makeClient().with(alpha)
    expect(await getAlpha(client, 5)).toEqual(await client.alpha.get(5))
  })
})
