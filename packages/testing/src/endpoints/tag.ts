import { changeTagMembers, createTag, findTag, renameTag, sortedTags, tagMembers } from '../corp/tags.js'
import { fail, isFailure, ok } from '../wecom/answer.js'
import type { Endpoint } from './types.js'

/** POST tag/create {tagname, tagid?} (document/path/90210) → tagid, errmsg "created". */
export const tagCreate: Endpoint = {
  path: 'tag/create',
  method: 'POST',
  handle({ state, body }) {
    const tag = createTag(state, body)
    return isFailure(tag) ? tag : ok({ tagid: tag.tagid }, 'created')
  },
}

/** POST tag/update {tagid, tagname} (document/path/90211), errmsg "updated". */
export const tagUpdate: Endpoint = {
  path: 'tag/update',
  method: 'POST',
  handle({ state, body }) {
    const tag = renameTag(state, body)
    return isFailure(tag) ? tag : ok({}, 'updated')
  },
}

/** GET tag/delete?tagid (document/path/90212), errmsg "deleted"; 40068 unknown tagid. */
export const tagDelete: Endpoint = {
  path: 'tag/delete',
  method: 'GET',
  handle({ state, query }) {
    const tag = findTag(state, query.tagid)
    if (!tag) return fail(40068)
    state.tags.delete(tag.tagid)
    return ok({}, 'deleted')
  },
}

/** GET tag/get?tagid (document/path/90213) → tagname, userlist[{userid, name}], partylist[]. */
export const tagGet: Endpoint = {
  path: 'tag/get',
  method: 'GET',
  handle({ state, query }) {
    const tag = findTag(state, query.tagid)
    if (!tag) return fail(40068)
    return ok({ tagname: tag.tagname, userlist: tagMembers(state, tag), partylist: [...tag.parties] })
  },
}

/** GET tag/list (document/path/90216) → taglist[{tagid, tagname}], by id. */
export const tagList: Endpoint = {
  path: 'tag/list',
  method: 'GET',
  handle({ state }) {
    return ok({ taglist: sortedTags(state).map(({ tagid, tagname }) => ({ tagid, tagname })) })
  },
}

/**
 * POST tag/addtagusers {tagid, userlist?, partylist?} (document/path/90214): errmsg "ok"; when some
 * are invalid, `invalidlist` (a `|`-joined string) and `invalidparty` (ids), each only when not empty.
 */
export const tagAddUsers: Endpoint = {
  path: 'tag/addtagusers',
  method: 'POST',
  handle({ state, body }) {
    const change = changeTagMembers(state, body, 'add')
    return isFailure(change) ? change : ok(invalid(change), 'ok')
  },
}

/** POST tag/deltagusers (document/path/90215): the same, with errmsg "deleted". */
export const tagDeleteUsers: Endpoint = {
  path: 'tag/deltagusers',
  method: 'POST',
  handle({ state, body }) {
    const change = changeTagMembers(state, body, 'delete')
    return isFailure(change) ? change : ok(invalid(change), 'deleted')
  },
}

function invalid(change: { invalidUsers: string[]; invalidParties: number[] }): Record<string, unknown> {
  return {
    ...(change.invalidUsers.length > 0 ? { invalidlist: change.invalidUsers.join('|') } : {}),
    ...(change.invalidParties.length > 0 ? { invalidparty: change.invalidParties } : {}),
  }
}
