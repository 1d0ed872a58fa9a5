import { subtree } from '../corp/departments.js'
import { newCursor } from '../corp/ids.js'
import { findMember, memberView } from '../corp/members.js'
import type { StoredMember } from '../corp/state.js'
import { queryId } from '../corp/values.js'
import { type Failure, fail, ok } from '../wecom/answer.js'
import type { Endpoint, EndpointContext } from './types.js'

/** user/list_id: "limit 取值范围 1 ~ 10000". */
const MAX_LIST_ID_LIMIT = 10_000

/** GET user/get?userid (document/path/90196). Userids match case-insensitively, as in WeCom. */
export const userGet: Endpoint = {
  path: 'user/get',
  method: 'GET',
  handle({ state, query }) {
    if (!query.userid) return fail(41009)
    const member = findMember(state, query.userid)
    return member ? ok({ ...memberView(member) }) : fail(60111)
  },
}

/** GET user/simplelist?department_id (document/path/90200). */
export const userSimpleList: Endpoint = {
  path: 'user/simplelist',
  method: 'GET',
  handle(context) {
    const members = departmentMembers(context)
    if (!Array.isArray(members)) return members
    const userlist = members.map((member) => ({
      userid: member.userid,
      name: member.name,
      department: [...member.department],
      // The docs say "仅第三方应用可获取" yet show it in the example; kept so the shape is complete.
      open_userid: member.open_userid,
    }))
    return ok({ userlist })
  },
}

/** GET user/list?department_id (document/path/90201): full members. */
export const userList: Endpoint = {
  path: 'user/list',
  method: 'GET',
  handle(context) {
    const members = departmentMembers(context)
    if (!Array.isArray(members)) return members
    return ok({ userlist: members.map(memberView) })
  },
}

/**
 * POST user/list_id {cursor, limit} (document/path/96067): one `{userid, department}` per
 * membership. Cursors are opaque and stay valid until `reset()`; an empty `next_cursor` means
 * the last page ("如果该字段返回空则表示已没有更多数据").
 */
export const userListId: Endpoint = {
  path: 'user/list_id',
  method: 'POST',
  handle({ state, body }) {
    const { cursor, limit = MAX_LIST_ID_LIMIT } = body
    if (!Number.isInteger(limit) || (limit as number) < 1 || (limit as number) > MAX_LIST_ID_LIMIT) {
      return fail(40058, 'limit')
    }
    let offset = 0
    if (cursor !== undefined && cursor !== '') {
      const known = typeof cursor === 'string' ? state.cursors.get(cursor) : undefined
      if (known === undefined) return fail(50100)
      offset = known
    }
    const memberships = [...state.members.values()].flatMap((member) =>
      member.department.map((department) => ({ userid: member.userid, department })),
    )
    const end = offset + (limit as number)
    let nextCursor = ''
    if (end < memberships.length) {
      nextCursor = newCursor()
      state.cursors.set(nextCursor, end)
    }
    return ok({ next_cursor: nextCursor, dept_user: memberships.slice(offset, end) })
  },
}

/**
 * The department's direct members: the current docs dropped `fetch_child` ("需先获取该部门下的子部门，
 * 然后再获取子部门下的部门成员，逐层递归获取"). With `legacyFetchChild`, `fetch_child=1` recurses.
 * Sorted by the order in that department, larger first ("数值越大排序越前面"), then creation.
 */
function departmentMembers({ state, query }: EndpointContext): StoredMember[] | Failure {
  const id = queryId(query.department_id)
  if (id === undefined || !state.departments.has(id)) return fail(60123)
  if (state.options.legacyFetchChild && query.fetch_child === '1') {
    const ids = new Set(subtree(state, id).map((department) => department.id))
    return [...state.members.values()].filter((member) => member.department.some((d) => ids.has(d)))
  }
  const orderIn = (member: StoredMember) => member.order[member.department.indexOf(id)] ?? 0
  return [...state.members.values()]
    .filter((member) => member.department.includes(id))
    .sort((a, b) => orderIn(b) - orderIn(a))
}
