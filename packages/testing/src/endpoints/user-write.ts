import { createMember, deleteMember, findMember, updateMember } from '../corp/members.js'
import { isStringList } from '../corp/values.js'
import { fail, isFailure, ok } from '../wecom/answer.js'
import type { Endpoint } from './types.js'

/** 40032 "批量删除成员接口，最多指定200人". */
const MAX_BATCH_DELETE = 200

/** POST user/create (document/path/90195). */
export const userCreate: Endpoint = {
  path: 'user/create',
  method: 'POST',
  handle({ state, body }) {
    const member = createMember(state, body, { strict: true })
    return isFailure(member) ? member : ok({}, 'created')
  },
}

/** POST user/update (document/path/90197): only the fields sent change. */
export const userUpdate: Endpoint = {
  path: 'user/update',
  method: 'POST',
  handle({ state, body }) {
    const member = updateMember(state, body, { strict: true })
    return isFailure(member) ? member : ok({}, 'updated')
  },
}

/** GET user/delete?userid (document/path/90198). */
export const userDelete: Endpoint = {
  path: 'user/delete',
  method: 'GET',
  handle({ state, query }) {
    if (!query.userid) return fail(41009)
    return deleteMember(state, query.userid) ? ok({}, 'deleted') : fail(60111)
  },
}

/**
 * POST user/batchdelete (document/path/90199). All or nothing: one unknown userid answers 40031
 * ("指定的UserID列表，至少存在一个UserID不在通讯录中") and nobody is deleted. The docs do not say
 * whether WeCom deletes the known ones; refusing the whole call is the safer model for tests.
 */
export const userBatchDelete: Endpoint = {
  path: 'user/batchdelete',
  method: 'POST',
  handle({ state, body }) {
    const list = body.useridlist
    if (!isStringList(list) || list.length === 0) return fail(40031)
    if (list.length > MAX_BATCH_DELETE) return fail(40032)
    const unknown = list.filter((userid) => !findMember(state, userid))
    if (unknown.length > 0) return fail(40031, unknown.join('|'))
    for (const userid of list) deleteMember(state, userid)
    return ok({}, 'deleted')
  },
}
