// Operations as data: what a defineEndpoint entry does with its columns, seen on the wire.
import { isWeComApiError, isWeComHttpError, isWeComValidationError } from '@wecom-kit/core'
import { bindAll, defineEndpoint, defineOperation, defineResource } from '@wecom-kit/core/resource-kit'
import { HttpResponse, http } from 'msw'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { BASE, makeClient, rejectionOf, tokenEndpoint, useMsw } from './helpers.js'

const server = useMsw()

const renameThing = defineEndpoint({
  method: 'POST',
  path: 'thing/rename',
  doc: 1,
  idempotent: true,
  input: v.object({ id: v.pipe(v.number(), v.integer()), name: v.pipe(v.string(), v.minLength(1)) }),
  args: (id: number, name: string) => ({ id, name }),
  returns: {} as { errcode: number; errmsg: string; renamed: boolean },
})

const createThing = defineEndpoint({
  method: 'POST',
  path: 'thing/create',
  doc: 2,
  idempotent: false,
  input: v.object({ name: v.string() }),
})

const getThing = defineEndpoint({
  method: 'GET',
  path: 'thing/get',
  doc: 3,
  idempotent: true,
  input: v.object({ id: v.number(), lang: v.optional(v.string()) }),
  args: (id: number, lang?: string) => ({ id, lang }),
})

const listThings = defineEndpoint({ method: 'GET', path: 'thing/list', doc: 4, idempotent: true })

/** Records each request WeCom received: path, query (token left out) and body. */
function recorder(answer: () => Response = () => HttpResponse.json({ errcode: 0, errmsg: 'ok' })) {
  const seen: { path: string; query: Record<string, string>; body: unknown }[] = []
  const token = tokenEndpoint()
  server.use(
    token.handler,
    http.all(`${BASE}thing/:op`, async ({ request }) => {
      const url = new URL(request.url)
      url.searchParams.delete('access_token')
      seen.push({
        path: url.pathname.replace('/cgi-bin/', ''),
        query: Object.fromEntries(url.searchParams),
        body: request.method === 'POST' ? await request.json() : undefined,
      })
      return answer()
    }),
  )
  return seen
}

describe('defineEndpoint', () => {
  it('maps positional arguments to a JSON body for POST', async () => {
    const seen = recorder(() => HttpResponse.json({ errcode: 0, errmsg: 'ok', renamed: true }))
    const answer = await renameThing(makeClient(), 7, '新名字')
    expect(answer.renamed).toBe(true)
    expect(seen).toEqual([{ path: 'thing/rename', query: {}, body: { id: 7, name: '新名字' } }])
  })

  it('puts a GET input in the query, leaving out optional fields not given', async () => {
    const seen = recorder()
    await getThing(makeClient(), 42)
    await getThing(makeClient(), 42, 'zh_CN')
    expect(seen.map((s) => s.query)).toEqual([{ id: '42' }, { id: '42', lang: 'zh_CN' }])
  })

  it('takes the input object itself without args, and no input at all without a schema', async () => {
    const seen = recorder()
    await createThing(makeClient(), { name: 'a' })
    await listThings(makeClient())
    expect(seen).toEqual([
      { path: 'thing/create', query: {}, body: { name: 'a' } },
      { path: 'thing/list', query: {}, body: undefined },
    ])
  })

  it('rejects bad input before any request, naming the field', async () => {
    const seen = recorder()
    const error = await rejectionOf(renameThing(makeClient(), 1.5, ''))
    expect(isWeComValidationError(error)).toBe(true)
    if (!isWeComValidationError(error)) return
    expect(error.issues.map((i) => i.path).sort()).toEqual(['id', 'name'])
    expect(error.message).toContain('thing/rename')
    expect(seen).toEqual([])
  })

  it('takes the request options after the arguments (an optional argument left undefined)', async () => {
    recorder()
    const controller = new AbortController()
    controller.abort()
    const error = await rejectionOf(getThing(makeClient(), 1, undefined, { signal: controller.signal }))
    expect(error).toMatchObject({ name: 'WeComNetworkError', aborted: true, sent: 'no' })
  })

  it('a WeCom errcode is a WeComApiError with the path', async () => {
    recorder(() => HttpResponse.json({ errcode: 60011, errmsg: 'no privilege' }))
    const error = await rejectionOf(listThings(makeClient()))
    expect(isWeComApiError(error) && [error.errcode, error.path]).toEqual([60011, 'thing/list'])
  })

  it('the idempotent column decides replays after a 5xx: yes for true, no for false', async () => {
    let calls = 0
    recorder(() =>
      ++calls === 1
        ? new HttpResponse('bad gateway', { status: 502 })
        : HttpResponse.json({ errcode: 0, errmsg: 'ok' }),
    )
    await renameThing(makeClient(), 1, 'a')
    expect(calls).toBe(2)

    calls = 0
    const error = await rejectionOf(createThing(makeClient(), { name: 'a' }))
    expect(isWeComHttpError(error) && error.status).toBe(502)
    expect(calls).toBe(1)
  })

  it('a tokenParam column sends the token in that parameter for this path only', async () => {
    const token = tokenEndpoint()
    const params: string[][] = []
    server.use(
      token.handler,
      http.all(`${BASE}thing/:op`, ({ request }) => {
        const query = new URL(request.url).searchParams
        params.push([...query.keys()].filter((name) => query.get(name) === token.state.issued[0]))
        return HttpResponse.json({ errcode: 0, errmsg: 'ok' })
      }),
    )
    const login = defineEndpoint({
      method: 'POST',
      path: 'thing/login',
      doc: 6,
      idempotent: false,
      tokenParam: 'login_token',
    })
    const client = makeClient()
    await login(client)
    await listThings(client)
    expect(params).toEqual([['login_token'], ['access_token']])
    // A per-call tokenParam that is no parameter name is refused before sending.
    const error = await rejectionOf(client.request('thing/x', { tokenParam: 'a&b=c' }))
    expect(isWeComValidationError(error)).toBe(true)
    expect(params).toHaveLength(2)
  })

  it('carries its operation, and so does the namespace method bindAll makes', () => {
    expect(renameThing.operation).toEqual({ method: 'POST', path: 'thing/rename', idempotent: true, doc: 1 })
    const paged = defineOperation(
      [{ method: 'GET', path: 'thing/page', idempotent: true, doc: 5 }],
      async () => [],
    )
    const things = defineResource('things', (client) => bindAll(client, { rename: renameThing, page: paged }))
    const client = makeClient().with(things)
    expect(client.things.rename.operation).toBe(renameThing.operation)
    expect(client.things.page.operation).toEqual([
      { method: 'GET', path: 'thing/page', idempotent: true, doc: 5 },
    ])
  })
})
