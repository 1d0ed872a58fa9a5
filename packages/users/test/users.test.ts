import { createClient, WeComValidationError } from '@wecom-kit/core'
import { users } from '@wecom-kit/users'
import { HttpResponse, http } from 'msw'
import { beforeEach, describe, expect, it } from 'vitest'
import { apiError, FAST_RETRY, rejectsBeforeSending, useSimulator } from '../../../test/support/resource.js'

const { sim, server } = useSimulator({ corpId: 'wwusers', corpSecret: 'users-secret' })

let client: ReturnType<typeof makeClient>
function makeClient() {
  return createClient({
    corpId: 'wwusers',
    corpSecret: 'users-secret',
    agentId: 1000002,
    retry: FAST_RETRY,
  }).with(users)
}

beforeEach(() => {
  sim.reset()
  // 1 ─┬─ 2 (研发) ── 4 (后端)
  //    └─ 3 (销售)
  sim.addDepartment({ id: 2, name: '研发', parentid: 1 })
  sim.addDepartment({ id: 3, name: '销售', parentid: 1 })
  sim.addDepartment({ id: 4, name: '后端', parentid: 2 })
  sim.addUser({ userid: 'zhangsan', name: '张三', department: [1, 2], mobile: '13800000001' })
  sim.addUser({ userid: 'lisi', name: '李四', department: [2, 4], email: 'lisi@example.com' })
  sim.addUser({ userid: 'wangwu', name: '王五', department: [3], mobile: '13800000003' })
  sim.addUser({ userid: 'zhaoliu', name: '赵六', department: [4], mobile: '13800000004' })
  sim.clearRequests()
  client = makeClient()
})

describe('users.create', () => {
  it('creates a member WeCom can read back', async () => {
    const result = await client.users.create({
      userid: 'sunqi',
      name: '孙七',
      department: [2, 3],
      order: [10, 20],
      mobile: '+86 13800000007',
      gender: 2,
      position: '工程师',
    })
    expect(result.errcode).toBe(0)
    expect(sim.getUser('sunqi')).toMatchObject({ name: '孙七', department: [2, 3], gender: '2' })
    expect(sim.requests.at(-1)?.json).toMatchObject({ userid: 'sunqi', gender: '2' })
  })

  it('surfaces WeCom refusing a duplicate userid', async () => {
    const error = await apiError(
      client.users.create({ userid: 'zhangsan', name: '又一个张三', department: [1], mobile: '13900000000' }),
    )
    expect(error.errcode).toBe(60102)
    expect(error.path).toBe('user/create')
    expect(sim.countCalls('user/create')).toBe(1)
  })

  it.each([
    ['no name', { userid: 'a1', department: [1], mobile: '1' }, 'name'],
    ['no department', { userid: 'a1', name: 'A', mobile: '1' }, 'department'],
    ['neither mobile nor email', { userid: 'a1', name: 'A', department: [1] }, ''],
    ['a userid with a space', { userid: 'bad id', name: 'A', department: [1], mobile: '1' }, 'userid'],
    ['a userid starting with _', { userid: '_x', name: 'A', department: [1], mobile: '1' }, 'userid'],
    ['a 65-byte userid', { userid: 'a'.repeat(65), name: 'A', department: [1], mobile: '1' }, 'userid'],
    ['101 departments', { userid: 'a1', name: 'A', department: range(101), mobile: '1' }, 'department'],
    [
      'order not matching departments',
      { userid: 'a1', name: 'A', department: [1, 2], order: [1], mobile: '1' },
      '',
    ],
    ['gender 3', { userid: 'a1', name: 'A', department: [1], mobile: '1', gender: '3' }, 'gender'],
    [
      'six direct leaders',
      { userid: 'a1', name: 'A', department: [1], mobile: '1', direct_leader: range(6).map(String) },
      'direct_leader',
    ],
    ['a bad email', { userid: 'a1', name: 'A', department: [1], email: 'not-an-email' }, 'email'],
  ])('rejects %s before sending', async (_label, user, path) => {
    await rejectsBeforeSending(sim, () => client.users.create(user as never), path ? { path } : {})
  })
})

describe('users.update', () => {
  it('changes the given fields only', async () => {
    await client.users.update({ userid: 'zhangsan', position: '组长' })
    expect(sim.getUser('zhangsan')).toMatchObject({ name: '张三', position: '组长' })
  })

  it('surfaces an unknown userid', async () => {
    expect((await apiError(client.users.update({ userid: 'nobody', name: 'X' }))).errcode).toBe(60111)
  })

  it('rejects input without a userid before sending', async () => {
    await rejectsBeforeSending(sim, () => client.users.update({ name: 'X' } as never), { path: 'userid' })
  })
})

describe('users.delete', () => {
  it('deletes one member with user/delete', async () => {
    await client.users.delete('wangwu')
    expect(sim.getUser('wangwu')).toBeUndefined()
    expect(sim.countCalls('user/delete')).toBe(1)
  })

  it('deletes several with user/batchdelete', async () => {
    await client.users.delete(['wangwu', 'zhaoliu'])
    expect(sim.getUser('wangwu')).toBeUndefined()
    expect(sim.getUser('zhaoliu')).toBeUndefined()
    expect(sim.requests.at(-1)).toMatchObject({
      path: 'user/batchdelete',
      json: { useridlist: ['wangwu', 'zhaoliu'] },
    })
  })

  it('surfaces an unknown userid', async () => {
    expect((await apiError(client.users.delete('nobody'))).errcode).toBe(60111)
  })

  it.each([
    ['an empty id', ''],
    ['an empty list', []],
    ['201 ids', range(201).map((i) => `u${i}`)],
    ['a bad id in the list', ['ok', 'not ok']],
  ])('rejects %s before sending', async (_label, ids) => {
    await rejectsBeforeSending(sim, () => client.users.delete(ids as never))
  })
})

describe('users.get', () => {
  it('reads a member with typed fields', async () => {
    const member = await client.users.get('lisi')
    expect(member).toMatchObject({ errcode: 0, userid: 'lisi', name: '李四', department: [2, 4] })
  })

  it('surfaces an unknown userid with errcode 60111', async () => {
    const error = await apiError(client.users.get('nobody'))
    expect(error.errcode).toBe(60111)
    expect(error.hint).toMatch(/not found/)
  })

  it('rejects bad input through the promise, never by throwing at the call site', async () => {
    const call = client.users.get('not valid!')
    expect(call).toBeInstanceOf(Promise)
    await expect(call).rejects.toBeInstanceOf(WeComValidationError)
    await expect(Promise.allSettled([client.users.create({} as never)])).resolves.toMatchObject([
      { status: 'rejected' },
    ])
  })

  it('rejects a malformed userid before sending', async () => {
    await rejectsBeforeSending(sim, () => client.users.get('not valid!'))
    await rejectsBeforeSending(sim, () => client.users.get(42 as never))
  })
})

describe.each([
  ['listByDepartment', 'user/simplelist'],
  ['listDetailByDepartment', 'user/list'],
] as const)('users.%s', (method, path) => {
  it('lists the direct members of a department', async () => {
    const { userlist } = await client.users[method](2)
    expect(userlist.map((u) => u.userid).sort()).toEqual(['lisi', 'zhangsan'])
    expect(sim.countCalls(path)).toBe(1)
  })

  it('walks the whole subtree with fetchChild, each member once', async () => {
    const { userlist } = await client.users[method](1, { fetchChild: true })
    expect(userlist.map((u) => u.userid).sort()).toEqual(['lisi', 'wangwu', 'zhangsan', 'zhaoliu'])
    expect(sim.countCalls('department/simplelist')).toBe(1)
    expect(sim.countCalls(path)).toBe(4)
  })

  it('walks from a sub-department', async () => {
    const { userlist } = await client.users[method](2, { fetchChild: true })
    expect(userlist.map((u) => u.userid).sort()).toEqual(['lisi', 'zhangsan', 'zhaoliu'])
  })

  it('surfaces an unknown department', async () => {
    const error = await apiError(client.users[method](999))
    expect(error.path).toBe(path)
    expect(error.errcode).not.toBe(0)
  })

  it('fails the walk when one department fails', async () => {
    sim.failNext(path, { errcode: 60011, errmsg: 'no privilege' }, 10)
    expect((await apiError(client.users[method](1, { fetchChild: true }))).errcode).toBe(60011)
  })

  it.each([[0], [-1], [1.5], ['2']])('rejects department %j before sending', async (id) => {
    await rejectsBeforeSending(sim, () => client.users[method](id as never))
  })

  it('rejects a non-boolean fetchChild before sending', async () => {
    await rejectsBeforeSending(sim, () => client.users[method](1, { fetchChild: 'yes' as never }))
  })
})

describe('users.invite', () => {
  it('invites one member', async () => {
    const result = await client.users.invite('zhangsan')
    expect(result.errcode).toBe(0)
    expect(sim.requests.at(-1)).toMatchObject({ path: 'batch/invite', json: { user: ['zhangsan'] } })
  })

  it('surfaces a permission error without retrying', async () => {
    sim.failNext('batch/invite', { errcode: 48002, errmsg: 'api forbidden' })
    expect((await apiError(client.users.invite('zhangsan'))).errcode).toBe(48002)
    expect(sim.countCalls('batch/invite')).toBe(1)
  })

  it('rejects a bad userid before sending', async () => {
    await rejectsBeforeSending(sim, () => client.users.invite(''))
  })
})

describe('users.getIdByCode', () => {
  it('resolves the member behind an OAuth code', async () => {
    const code = sim.issueOAuthCode('zhangsan')
    const identity = await client.users.getIdByCode(code)
    expect(identity.userid).toBe('zhangsan')
  })

  it('understands the older capitalised answer', async () => {
    server.use(
      http.get('https://qyapi.weixin.qq.com/cgi-bin/auth/getuserinfo', () =>
        HttpResponse.json({ errcode: 0, errmsg: 'ok', UserId: 'lisi', DeviceId: 'dev-1' }),
      ),
    )
    const identity = await client.users.getIdByCode('abc')
    expect(identity).toMatchObject({ userid: 'lisi', deviceid: 'dev-1' })
    expect(identity).not.toHaveProperty('UserId')
  })

  it('understands a non-member answer', async () => {
    server.use(
      http.get('https://qyapi.weixin.qq.com/cgi-bin/auth/getuserinfo', () =>
        HttpResponse.json({ errcode: 0, errmsg: 'ok', OpenId: 'o-123' }),
      ),
    )
    expect((await client.users.getIdByCode('abc')).openid).toBe('o-123')
  })

  it('surfaces a used code, and does not replay it', async () => {
    const code = sim.issueOAuthCode('zhangsan')
    await client.users.getIdByCode(code)
    const error = await apiError(client.users.getIdByCode(code))
    expect(error.errcode).toBe(40029)
    expect(sim.countCalls('auth/getuserinfo')).toBe(2)
  })

  it('rejects an empty code before sending', async () => {
    await rejectsBeforeSending(sim, () => client.users.getIdByCode(''))
  })
})

describe('users.getAuthorizeUrl', () => {
  it('builds the documented URL, parameters in order, agentid from the client', () => {
    const url = client.users.getAuthorizeUrl('https://app.example.com/cb?from=menu', { state: 'abc123' })
    expect(url).toBe(
      'https://open.weixin.qq.com/connect/oauth2/authorize?appid=wwusers' +
        '&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb%3Ffrom%3Dmenu' +
        '&response_type=code&scope=snsapi_base&state=abc123&agentid=1000002#wechat_redirect',
    )
    expect(sim.requests).toHaveLength(0)
  })

  it('leaves out state when not given, and takes an explicit agentId and scope', () => {
    const url = client.users.getAuthorizeUrl('http://a.example/', { scope: 'snsapi_privateinfo', agentId: 7 })
    expect(url).toBe(
      'https://open.weixin.qq.com/connect/oauth2/authorize?appid=wwusers&redirect_uri=http%3A%2F%2Fa.example%2F' +
        '&response_type=code&scope=snsapi_privateinfo&agentid=7#wechat_redirect',
    )
  })

  it('needs an agentId for snsapi_privateinfo', () => {
    const bare = createClient({ corpId: 'wwusers', corpSecret: 's' }).with(users)
    expect(() => bare.users.getAuthorizeUrl('https://a.example/', { scope: 'snsapi_privateinfo' })).toThrow(
      WeComValidationError,
    )
    expect(bare.users.getAuthorizeUrl('https://a.example/')).not.toContain('agentid')
  })

  it.each([
    ['a relative redirect', '/cb', {}],
    ['a non-http redirect', 'ftp://a.example/', {}],
    ['a state with symbols', 'https://a.example/', { state: 'a&b' }],
    ['a 129-char state', 'https://a.example/', { state: 'a'.repeat(129) }],
    ['an unknown scope', 'https://a.example/', { scope: 'snsapi_userinfo' }],
    ['a negative agentId', 'https://a.example/', { agentId: -1 }],
    ['a fractional agentId', 'https://a.example/', { agentId: 1.5 }],
    ['an agentId past 2^31−1', 'https://a.example/', { agentId: 2 ** 31 }],
    ['an agentId of 1e21', 'https://a.example/', { agentId: 1e21 }],
  ])('rejects %s', (_label, uri, options) => {
    expect(() => client.users.getAuthorizeUrl(uri, options as never)).toThrow(WeComValidationError)
  })

  it('bounds agentId like every agent id: 0 to 2^31−1', () => {
    expect(client.users.getAuthorizeUrl('https://a.example/', { agentId: 2 ** 31 - 1 })).toContain(
      '&agentid=2147483647#wechat_redirect',
    )
    expect(client.users.getAuthorizeUrl('https://a.example/', { agentId: 0 })).toContain('&agentid=0#')
  })
})

describe('users.getIdByMobile', () => {
  it('finds the userid for a mobile number', async () => {
    expect((await client.users.getIdByMobile('13800000003')).userid).toBe('wangwu')
  })

  it('surfaces an unknown mobile', async () => {
    expect((await apiError(client.users.getIdByMobile('13999999999'))).errcode).not.toBe(0)
  })

  it('rejects something that is not a mobile number before sending', async () => {
    await rejectsBeforeSending(sim, () => client.users.getIdByMobile('call me'))
  })
})

describe('users.convertToOpenId', () => {
  it('returns the openid of a member', async () => {
    const { openid } = await client.users.convertToOpenId('zhangsan')
    expect(openid).toMatch(/\S+/)
  })

  it('surfaces an unknown userid', async () => {
    expect((await apiError(client.users.convertToOpenId('nobody'))).errcode).not.toBe(0)
  })

  it('rejects a bad userid before sending', async () => {
    await rejectsBeforeSending(sim, () => client.users.convertToOpenId('a b'))
  })
})

describe('users.authSucc', () => {
  it('confirms a member', async () => {
    expect((await client.users.authSucc('zhangsan')).errcode).toBe(0)
    expect(sim.requests.at(-1)).toMatchObject({ path: 'user/authsucc', query: { userid: 'zhangsan' } })
  })

  it('surfaces an unknown userid', async () => {
    expect((await apiError(client.users.authSucc('nobody'))).errcode).toBe(60111)
  })

  it('rejects a bad userid before sending', async () => {
    await rejectsBeforeSending(sim, () => client.users.authSucc(''))
  })
})

describe('users.listIds', () => {
  it('iterates every member-department pair across cursor pages, lazily', async () => {
    const seen: string[] = []
    const iterable = client.users.listIds({ limit: 2 })
    expect(sim.requests).toHaveLength(0) // nothing is fetched before iteration starts
    for await (const { userid, department } of iterable) seen.push(`${userid}@${department}`)
    expect(seen.sort()).toEqual(['lisi@2', 'lisi@4', 'wangwu@3', 'zhangsan@1', 'zhangsan@2', 'zhaoliu@4'])
    expect(sim.countCalls('user/list_id')).toBe(3)
  })

  it('stops fetching when the caller breaks out', async () => {
    for await (const _ of client.users.listIds({ limit: 2 })) break
    expect(sim.countCalls('user/list_id')).toBe(1)
  })

  it('surfaces an error on a later page', async () => {
    const iterator = client.users.listIds({ limit: 2 })[Symbol.asyncIterator]()
    await iterator.next()
    await iterator.next()
    sim.failNext('user/list_id', { errcode: 48002, errmsg: 'api forbidden' })
    expect((await apiError(iterator.next())).errcode).toBe(48002)
  })

  it.each([[0], [10_001], [1.5]])('rejects limit %j before sending', async (limit) => {
    await rejectsBeforeSending(sim, () => client.users.listIds({ limit }))
  })
})

describe('against a real local HTTP server', () => {
  it('lists a whole department tree, as the README shows', async () => {
    server.close() // msw off: real sockets only
    const running = await sim.listen()
    try {
      const live = createClient({ corpId: 'wwusers', corpSecret: 'users-secret', baseUrl: running.url }).with(
        users,
      )
      const { userlist } = await live.users.listByDepartment(1, { fetchChild: true })
      expect(userlist).toHaveLength(4)
    } finally {
      await running.close()
      server.listen({ onUnhandledRequest: 'error' })
    }
  })
})

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1)
}

describe('hostile input (pinned)', () => {
  it('refuses a code or redirect URI with a lone surrogate before sending, not with a URIError', async () => {
    await rejectsBeforeSending(sim, () => client.users.getIdByCode('CODE\ud800'), {
      path: '',
      message: /well-formed/,
    })
    await rejectsBeforeSending(sim, () => client.users.getAuthorizeUrl('https://example.com/cb\ud800'), {
      path: 'redirectUri',
      message: /well-formed/,
    })
  })

  it('refuses unknown fields JSON cannot carry as they are, before anything is sent (gettoken included)', async () => {
    const member = { userid: 'newbie', name: '新人', department: [1], mobile: '13800000009' }
    const cycle: Record<string, unknown> = {}
    cycle.self = cycle
    const unsendable = [
      1n,
      cycle,
      () => 1,
      new Date(0),
      Number.NaN,
      { toJSON: () => ({ userid: 'someone-else' }) },
    ]
    for (const extra of unsendable) {
      await rejectsBeforeSending(sim, () => client.users.create({ ...member, extra } as never), {
        message: /JSON data/,
      })
      await rejectsBeforeSending(
        sim,
        () => client.users.update({ userid: 'zhangsan', external_profile: { deep: { extra } } } as never),
        { message: /JSON data/ },
      )
    }
    // A toJSON on the member itself would send a body other than the one checked.
    await rejectsBeforeSending(sim, () => client.users.create({ ...member, toJSON: () => ({}) } as never), {
      message: /JSON data/,
    })
    // Plain unknown fields still pass through to WeCom, as before.
    await client.users.create({ ...member, extra: { nested: ['a', 1, null, true] } } as never)
    expect(sim.requests.find((r) => r.path === 'user/create')?.json).toMatchObject({
      extra: { nested: ['a', 1, null, true] },
    })
  })
})
