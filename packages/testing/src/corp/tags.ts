import type { Tag } from '../types.js'
import { type Failure, fail, failWith } from '../wecom/answer.js'
import { findMember } from './members.js'
import type { CorpState, StoredTag } from './state.js'
import { charLength, isUint32 } from './values.js'

/** tag/create: "长度限制为32个字以内（汉字或英文字母）". */
const MAX_TAGNAME_LENGTH = 32
/** tag/addtagusers: "单次请求个数不超过1000" users, "不超过100" departments. */
const MAX_USERS_PER_CALL = 1000
const MAX_PARTIES_PER_CALL = 100
/** "每个标签下部门数和人员数总和不能超过3万个". */
const MAX_TAG_NODES = 30_000

export function findTag(state: CorpState, tagid: unknown): StoredTag | undefined {
  const id = typeof tagid === 'string' && /^\d+$/.test(tagid) ? Number(tagid) : tagid
  return isUint32(id) ? state.tags.get(id) : undefined
}

/**
 * tag/create {tagname, tagid?} (document/path/90210). "tagid: 非负整型 … 不指定时则以目前最大的id自增";
 * 40072 for an empty or too long name, 40071 for a name taken ("标签名字已经存在"), 40068 for an id
 * that is not a non-negative integer or is taken.
 */
export function createTag(state: CorpState, input: Record<string, unknown>): StoredTag | Failure {
  const tagname = checkTagname(state, input.tagname, undefined)
  if (typeof tagname !== 'string') return tagname
  let tagid: number
  if (input.tagid === undefined) {
    tagid = state.tags.size === 0 ? 1 : Math.max(...state.tags.keys()) + 1
  } else if (!isUint32(input.tagid) || state.tags.has(input.tagid)) {
    return fail(40068, 'tagid')
  } else {
    tagid = input.tagid
  }
  const tag: StoredTag = { tagid, tagname, users: new Set(), parties: new Set() }
  state.tags.set(tagid, tag)
  return tag
}

/** tag/update {tagid, tagname} (document/path/90211). */
export function renameTag(state: CorpState, input: Record<string, unknown>): StoredTag | Failure {
  const tag = findTag(state, input.tagid)
  if (!tag) return fail(40068)
  const tagname = checkTagname(state, input.tagname, tag)
  if (typeof tagname !== 'string') return tagname
  tag.tagname = tagname
  return tag
}

interface TagChange {
  /** As sent, `|`-joined by the endpoint; only userids not in the directory. */
  invalidUsers: string[]
  invalidParties: number[]
}

/**
 * tag/addtagusers and tag/deltagusers (document/path/90214, 90215). Both lists must be arrays
 * (a `"a|b"` string answers 40035, as do both lists empty and more than 1000 users or 100
 * departments: the 40035 entry of the errcode page lists exactly these four cases). Userids not in
 * the directory and departments that do not exist are "invalid": the others are applied and the
 * invalid ones listed; when every one is invalid, nothing changes and addtagusers answers 40070
 * "all list invalid", deltagusers 40031.
 */
export function changeTagMembers(
  state: CorpState,
  input: Record<string, unknown>,
  mode: 'add' | 'delete',
): TagChange | Failure {
  const tag = findTag(state, input.tagid)
  if (!tag) return fail(40068)
  const { userlist = [], partylist = [] } = input
  if (!Array.isArray(userlist) || !userlist.every((userid) => typeof userid === 'string')) {
    return fail(40035, 'userlist')
  }
  if (!Array.isArray(partylist) || !partylist.every((id) => Number.isInteger(id))) {
    return fail(40035, 'partylist')
  }
  if (userlist.length === 0 && partylist.length === 0) return fail(40035, 'userlist and partylist empty')
  if (userlist.length > MAX_USERS_PER_CALL) return fail(40035, 'userlist size')
  if (partylist.length > MAX_PARTIES_PER_CALL) return fail(40035, 'partylist size')

  const invalidUsers: string[] = []
  const users: string[] = []
  for (const userid of userlist as string[]) {
    const member = findMember(state, userid)
    if (member) users.push(member.userid.toLowerCase())
    else invalidUsers.push(userid)
  }
  const invalidParties: number[] = []
  const parties: number[] = []
  for (const id of partylist as number[]) {
    if (state.departments.has(id)) parties.push(id)
    else invalidParties.push(id)
  }
  if (users.length === 0 && parties.length === 0) {
    return mode === 'add' ? failWith(40070, 'all list invalid ') : failWith(40031, 'all list invalid')
  }

  if (mode === 'add') {
    const added = new Set([...tag.users, ...users]).size + new Set([...tag.parties, ...parties]).size
    if (added > MAX_TAG_NODES) return fail(81003)
    for (const user of users) tag.users.add(user)
    for (const party of parties) tag.parties.add(party)
  } else {
    for (const user of users) tag.users.delete(user)
    for (const party of parties) tag.parties.delete(party)
  }
  return { invalidUsers, invalidParties }
}

export function tagView(state: CorpState, tag: StoredTag): Tag {
  return {
    tagid: tag.tagid,
    tagname: tag.tagname,
    userlist: [...tag.users].map((key) => state.members.get(key)?.userid ?? key),
    partylist: [...tag.parties],
  }
}

/** What tag/get answers: members with their current names. */
export function tagMembers(state: CorpState, tag: StoredTag): Array<{ userid: string; name: string }> {
  const userlist: Array<{ userid: string; name: string }> = []
  for (const key of tag.users) {
    const member = state.members.get(key)
    if (member) userlist.push({ userid: member.userid, name: member.name })
  }
  return userlist
}

export function sortedTags(state: CorpState): StoredTag[] {
  return [...state.tags.values()].sort((a, b) => a.tagid - b.tagid)
}

function checkTagname(state: CorpState, value: unknown, self: StoredTag | undefined): string | Failure {
  if (typeof value !== 'string' || value === '' || charLength(value) > MAX_TAGNAME_LENGTH) return fail(40072)
  for (const tag of state.tags.values()) {
    if (tag !== self && tag.tagname === value) return fail(40071)
  }
  return value
}
