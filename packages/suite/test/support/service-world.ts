// A small service-provider WeCom behind msw: the suite token from suite_id + secret + ticket, the
// suite endpoints, get_corp_token, and two corp endpoints (user/get, user/simplelist) that accept
// only a valid token of their own corp. It answers as WeCom does, errcodes and all.
import { createSuiteClient, type SuiteClientOptions } from '@wecom-kit/suite'
import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll } from 'vitest'

export const BASE = 'https://qyapi.wecom.test/cgi-bin/'
export const SUITE_ID = 'wwsuite0123456789'
export const SUITE_SECRET = 'SUITE-secret-value-0123456789abcdefghij'
export const TICKET = 'TICKET-from-the-callback-0123456789abcdef'
export const FAST_RETRY = { retries: 2, minTimeout: 1, maxTimeout: 2 } as const

export interface Corp {
  corpid: string
  corp_name: string
  permanentCode: string
  agentid: number
  users: Array<{ userid: string; name: string }>
}

export const CORP_A: Corp = {
  corpid: 'wwcorpa000000001',
  corp_name: '甲公司',
  permanentCode: 'PERMANENT-code-of-corp-A-0123456789',
  agentid: 1000002,
  users: [
    { userid: 'zhangsan', name: '张三' },
    { userid: 'lisi', name: '李四' },
  ],
}

/** A suite client on this world, retrying fast. */
export const makeSuite = (extra: Partial<SuiteClientOptions> = {}) =>
  createSuiteClient({
    suiteId: SUITE_ID,
    suiteSecret: SUITE_SECRET,
    baseUrl: BASE,
    retry: FAST_RETRY,
    ...extra,
  })

/** A suite client that already holds the pushed ticket. */
export async function readySuite(extra: Partial<SuiteClientOptions> = {}) {
  const suite = makeSuite(extra)
  await suite.saveTicket(TICKET)
  return suite
}
export const CORP_B: Corp = {
  corpid: 'wwcorpb000000002',
  corp_name: '乙公司',
  permanentCode: 'PERMANENT-code-of-corp-B-9876543210',
  agentid: 1000005,
  users: [{ userid: 'wangwu', name: '王五' }],
}

/** Install auth codes: 64 to 512 bytes, as WeCom's (document/path/100776). */
export const AUTH_CODE_A = `AUTHCODE-a-${'0123456789abcdef'.repeat(4)}`
export const AUTH_CODE_B = `AUTHCODE-b-${'0123456789abcdef'.repeat(4)}`
/** Well-formed, but unknown to WeCom. */
export const AUTH_CODE_UNKNOWN = `AUTHCODE-x-${'0123456789abcdef'.repeat(4)}`

/** The values that must never show up in a key, a hook's argument or an error. */
export const CREDENTIALS = [
  SUITE_SECRET,
  TICKET,
  CORP_A.permanentCode,
  CORP_B.permanentCode,
  AUTH_CODE_A,
  AUTH_CODE_B,
]

export interface Request {
  method: string
  path: string
  query: Record<string, string>
  json: Record<string, unknown> | undefined
}

export interface ServiceWorld {
  /** Every request, in order. */
  requests: Request[]
  /** Requests to one path. */
  count(path: string): number
  /** Tickets get_suite_token accepts. */
  tickets: Set<string>
  /** Suite tokens and corp tokens WeCom accepts now. */
  suiteTokens: Set<string>
  corpTokens: Map<string, string>
  /** The next call made with `token` answers `errcode` (and WeCom forgets the token). */
  rejectOnce(token: string, errcode: number): void
  /** Every suite (or corp) call answers this errcode while set, whatever its token. */
  rejectAll: { suite?: number | undefined; corp?: number | undefined }
  /** get_suite_token (or get_corp_token) answers this errcode while set. */
  refuseSuiteToken: number | undefined
  refuseCorpToken: number | undefined
  /** Auth codes that getPermanentCode accepts, once each: code → corp. */
  authCodes: Map<string, Corp>
  reset(): void
}

const ok = (body: Record<string, unknown> = {}) => HttpResponse.json({ errcode: 0, errmsg: 'ok', ...body })
const fail = (errcode: number, errmsg = 'error') => HttpResponse.json({ errcode, errmsg })

export function useServiceWorld(corps: Corp[] = [CORP_A, CORP_B]) {
  const once = new Map<string, number>()
  let issued = 0
  const world: ServiceWorld = {
    requests: [],
    count(path) {
      return this.requests.filter((r) => r.path === path).length
    },
    tickets: new Set(),
    suiteTokens: new Set(),
    corpTokens: new Map(),
    rejectOnce: (token, errcode) => void once.set(token, errcode),
    rejectAll: {},
    refuseSuiteToken: undefined,
    refuseCorpToken: undefined,
    authCodes: new Map(),
    reset() {
      this.requests.length = 0
      this.tickets = new Set([TICKET])
      this.suiteTokens.clear()
      this.corpTokens.clear()
      once.clear()
      this.rejectAll = {}
      this.refuseSuiteToken = undefined
      this.refuseCorpToken = undefined
      this.authCodes = new Map([
        [AUTH_CODE_A, CORP_A],
        [AUTH_CODE_B, CORP_B],
      ])
      issued = 0
    },
  }
  world.reset()

  const byCorp = (corpid: unknown) => corps.find((c) => c.corpid === corpid)

  /** The suite token check of every suite endpoint: 42009 for an expired or unknown one. */
  function suiteToken(url: URL): Response | undefined {
    const token = url.searchParams.get('suite_access_token')
    if (!token) return fail(41022, 'missing suite_access_token')
    if (world.rejectAll.suite) return fail(world.rejectAll.suite, 'suite token rejected')
    const rejected = once.get(token)
    if (rejected !== undefined) {
      once.delete(token)
      world.suiteTokens.delete(token)
      return fail(rejected, 'suite token rejected')
    }
    if (!world.suiteTokens.has(token)) return fail(42009, 'suite_access_token expired')
    return undefined
  }

  /** The corp whose token the call carries, or WeCom's answer to a bad one. */
  function corpOf(url: URL): Corp | Response {
    const token = url.searchParams.get('access_token') ?? ''
    if (world.rejectAll.corp) return fail(world.rejectAll.corp, 'access_token rejected')
    const rejected = once.get(token)
    if (rejected !== undefined) {
      once.delete(token)
      world.corpTokens.delete(token)
      return fail(rejected, 'access_token rejected')
    }
    const corp = byCorp(world.corpTokens.get(token))
    return corp ?? fail(42001, 'access_token expired')
  }

  async function record(request: globalThis.Request): Promise<{ url: URL; json: Record<string, any> }> {
    const url = new URL(request.url)
    const json = request.method === 'POST' ? ((await request.json()) as Record<string, any>) : undefined
    world.requests.push({
      method: request.method,
      path: url.pathname.replace('/cgi-bin/', ''),
      query: Object.fromEntries(url.searchParams),
      json,
    })
    return { url, json: json ?? {} }
  }

  const suitePost = (path: string, answer: (json: Record<string, any>, url: URL) => Response) =>
    http.post(`${BASE}${path}`, async ({ request }) => {
      const { url, json } = await record(request)
      return suiteToken(url) ?? answer(json, url)
    })

  /** A new corp token WeCom accepts (get_corp_token, and the v1 permanent code's answer). */
  function corpToken(corp: Corp): string {
    const token = `CORPTOKEN_${corp.corpid}_${++issued}_abcdefghijklmnop`
    world.corpTokens.set(token, corp.corpid)
    return token
  }

  const agentsOf = (corp: Corp) => [{ agentid: corp.agentid, name: '应用', auth_mode: 0 }]

  const handlers = [
    http.post(`${BASE}service/get_suite_token`, async ({ request }) => {
      const { json } = await record(request)
      if (world.refuseSuiteToken) return fail(world.refuseSuiteToken, 'refused')
      if (json.suite_id !== SUITE_ID) return fail(40083, 'invalid suite_id')
      if (json.suite_secret !== SUITE_SECRET) return fail(40080, 'invalid suite_secret')
      if (!world.tickets.has(json.suite_ticket)) return fail(40085, 'invalid suite_ticket')
      const token = `SUITETOKEN${++issued}_abcdefghijklmnopqrstuvwxyz`
      world.suiteTokens.add(token)
      // "该接口在调用失败时才返回errcode": no errcode on success.
      return HttpResponse.json({ suite_access_token: token, expires_in: 7200 })
    }),
    http.get(`${BASE}service/get_pre_auth_code`, async ({ request }) => {
      const { url } = await record(request)
      return suiteToken(url) ?? ok({ pre_auth_code: `PREAUTH${world.requests.length}`, expires_in: 1200 })
    }),
    suitePost('service/set_session_info', (json) =>
      String(json.pre_auth_code).startsWith('PREAUTH') ? ok() : fail(40077, 'invalid pre_auth_code'),
    ),
    ...['service/v2/get_permanent_code', 'service/get_permanent_code'].map((path) =>
      suitePost(path, (json) => {
        const corp = world.authCodes.get(json.auth_code)
        if (!corp) return fail(40078, 'invalid auth_code')
        world.authCodes.delete(json.auth_code)
        const common = {
          permanent_code: corp.permanentCode,
          auth_corp_info: { corpid: corp.corpid, corp_name: corp.corp_name },
          auth_user_info: { userid: corp.users[0]?.userid, open_userid: 'woOPEN' },
          state: 'from-install',
        }
        return path.includes('v2')
          ? ok(common)
          : ok({
              ...common,
              access_token: corpToken(corp),
              expires_in: 7200,
              auth_info: { agent: agentsOf(corp) },
            })
      }),
    ),
    ...['service/v2/get_auth_info', 'service/get_auth_info'].map((path) =>
      suitePost(path, (json) => {
        const corp = byCorp(json.auth_corpid)
        if (!corp || corp.permanentCode !== json.permanent_code) return fail(40084, 'invalid permanent_code')
        return ok({
          auth_corp_info: { corpid: corp.corpid, corp_name: corp.corp_name },
          auth_info: { agent: agentsOf(corp) },
        })
      }),
    ),
    suitePost('service/get_admin_list', (json) => {
      const corp = byCorp(json.auth_corpid)
      if (!corp) return fail(40084, 'invalid auth_corpid')
      if (json.agentid !== corp.agentid) return fail(40056, 'invalid agentid')
      return ok({ admin: [{ userid: corp.users[0]?.userid, open_userid: 'woOPEN', auth_type: 1 }] })
    }),
    http.get(`${BASE}service/auth/getuserinfo3rd`, async ({ request }) => {
      const { url } = await record(request)
      const code = url.searchParams.get('code')
      return (
        suiteToken(url) ??
        (code === 'OAUTHCODE'
          ? ok({ corpid: CORP_A.corpid, userid: 'zhangsan', user_ticket: 'USERTICKET', expires_in: 1800 })
          : fail(40029, 'invalid code'))
      )
    }),
    suitePost('service/auth/getuserdetail3rd', (json) =>
      json.user_ticket === 'USERTICKET'
        ? ok({ corpid: CORP_A.corpid, userid: 'zhangsan', mobile: '13800000000', gender: '1' })
        : fail(84015, 'invalid user_ticket'),
    ),
    suitePost('service/get_corp_token', (json) => {
      if (world.refuseCorpToken) return fail(world.refuseCorpToken, 'refused')
      const corp = byCorp(json.auth_corpid)
      if (!corp || corp.permanentCode !== json.permanent_code) return fail(40084, 'invalid permanent_code')
      return ok({ access_token: corpToken(corp), expires_in: 7200 })
    }),
    http.get(`${BASE}user/get`, async ({ request }) => {
      const { url } = await record(request)
      const corp = corpOf(url)
      if (corp instanceof Response) return corp
      const user = corp.users.find((u) => u.userid === url.searchParams.get('userid'))
      return user ? ok({ ...user, department: [1] }) : fail(60111, 'userid not found')
    }),
    http.get(`${BASE}user/simplelist`, async ({ request }) => {
      const { url } = await record(request)
      const corp = corpOf(url)
      if (corp instanceof Response) return corp
      return ok({ userlist: corp.users.map((u) => ({ ...u, department: [1] })) })
    }),
    http.post(`${BASE}message/send`, async ({ request }) => {
      const { url, json } = await record(request)
      const corp = corpOf(url)
      if (corp instanceof Response) return corp
      if (json.agentid !== corp.agentid) return fail(40056, 'invalid agentid')
      return ok({ invaliduser: '', msgid: 'MSGID' })
    }),
  ]

  const server = setupServer(...handlers)
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterEach(() => server.resetHandlers())
  afterAll(() => server.close())
  return { world, server }
}
