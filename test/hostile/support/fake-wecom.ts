// A fetch that plays a well-behaved WeCom and counts what reaches it: gettoken issues a token,
// every other path answers either a WeCom error or a success body that fits the path.
import { marksMade, marksSince } from './arbitraries.js'

/** Where the hostile-input clients point: nothing but the fake fetch ever answers it. */
export const FAKE_BASE = 'https://qyapi.hostile.test/cgi-bin/'

export type AnswerMode = 'error' | 'success'

/** errcode 60011 (no privilege): not transient, not a token problem, so never retried. */
const ERROR_ANSWER = { errcode: 60011, errmsg: 'no privilege to access/modify contact/party/agent' }

/** One body that is a valid success for every JSON path the SDK calls. */
const SUCCESS_ANSWER = {
  errcode: 0,
  errmsg: 'ok',
  ticket: 'HOSTILE_TICKET',
  expires_in: 7200,
  status: 3,
  type: 'sync_user',
  total: 1,
  percentage: 100,
  result: [],
  userlist: [],
  department: [],
  department_id: [],
  dept_user: [],
  taglist: [],
  partylist: [],
  agentlist: [],
  ip_list: ['127.0.0.1'],
  jobid: 'JOBID',
  media_id: 'MEDIA',
  created_at: '1380000000',
  url: 'https://wework.qpic.cn/x.png',
  userid: 'zhangsan',
  openid: 'oOPENID',
  msgid: '1234567890123456789',
  tagid: 5,
  id: 2,
  invaliduser: '',
  invalidparty: '',
  invalidtag: '',
  button: [],
}

export interface FakeWeCom {
  fetch: typeof fetch
  /** Requests received, gettoken included. */
  calls: number
  paths: string[]
  /** Paths whose body carried what a caller's toJSON made during the call: sent, but not what was checked. */
  smuggled: string[]
}

export function fakeWeCom(mode: AnswerMode): FakeWeCom {
  // Marks made from here on come from a toJSON the call itself ran.
  const firstMark = marksMade()
  const state: FakeWeCom = {
    calls: 0,
    paths: [],
    smuggled: [],
    fetch: async (input, init) => {
      state.calls++
      const request = input instanceof Request ? input : new Request(input, init)
      const path = new URL(request.url).pathname.replace(/^\/cgi-bin\//, '')
      state.paths.push(path)
      if (request.body) {
        const text = await request.text()
        if (marksSince(firstMark).some((mark) => text.includes(mark))) state.smuggled.push(path)
      }
      if (path === 'gettoken') {
        return Response.json({ errcode: 0, errmsg: 'ok', access_token: 'HOSTILE_TOKEN', expires_in: 7200 })
      }
      if (mode === 'error') return Response.json(ERROR_ANSWER)
      if (path === 'media/get') {
        return new Response(new Uint8Array(10), {
          headers: {
            'content-type': 'text/csv',
            'content-disposition': 'attachment; filename="a.csv"',
            'content-length': '10',
          },
        })
      }
      return Response.json(SUCCESS_ANSWER)
    },
  }
  return state
}
