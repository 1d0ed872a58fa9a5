import type { Member, MemberStatus } from '../types.js'
import { type Failure, fail, isFailure } from '../wecom/answer.js'
import { newOpenId, newOpenUserId, newQrCode } from './ids.js'
import type { CorpState, StoredMember } from './state.js'
import {
  byteLength,
  charLength,
  isIdList,
  isObject,
  isStringList,
  isUint32,
  type JsonObject,
} from './values.js'

/**
 * `strict` applies every rule of user/create and user/update. Seeding (`sim.addUser`) is lenient
 * about what only makes tests verbose: the department defaults to the root and mobile/email may
 * both be empty. Rules that catch mistakes (duplicates, unknown departments) apply to both.
 */
interface MemberRules {
  strict: boolean
}

// user/create: "只能由数字、字母和“_-@.”四种字符组成，且第一个字符必须是数字或字母", 1–64 bytes.
const USERID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_\-@.]*$/
// 60103: "长度不超过32位，字符仅支持数字，加号和减号"; the docs' own example is "+86 13800000000".
const MOBILE_PATTERN = /^\+?[0-9][0-9 -]*$/
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const MAX_DEPARTMENTS = 100
const MAX_DIRECT_LEADERS = 5
const TEXT_FIELDS = ['position', 'alias', 'telephone', 'address', 'external_position', 'biz_mail'] as const

export function findMember(state: CorpState, userid: string): StoredMember | undefined {
  return state.members.get(userid.toLowerCase())
}

export function createMember(
  state: CorpState,
  input: JsonObject,
  rules: MemberRules,
): StoredMember | Failure {
  const userid = checkUserid(input.userid)
  if (isFailure(userid)) return userid
  // "系统进行唯一性检查时会忽略大小写"
  if (findMember(state, userid)) return fail(60102)
  if (input.name === undefined) return fail(60112)
  if (input.department === undefined && !rules.strict) input = { ...input, department: [1] }
  if (input.department === undefined) return fail(41019)

  const draft = blankMember(userid)
  if (!rules.strict) draft.status = 1
  const applied = applyFields(state, draft, input, rules)
  if (isFailure(applied)) return applied
  state.members.set(userid.toLowerCase(), draft)
  return draft
}

export function updateMember(
  state: CorpState,
  input: JsonObject,
  rules: MemberRules,
): StoredMember | Failure {
  // 40003 covers an absent userid too: "接口文档要求请求方式为POST请求，实际调用中使用GET请求，导致UserID无效".
  if (typeof input.userid !== 'string' || input.userid === '') return fail(40003)
  const current = findMember(state, input.userid)
  if (!current) return fail(60111)
  const draft = cloneMember(current)
  const applied = applyFields(state, draft, input, rules)
  if (isFailure(applied)) return applied
  state.members.set(current.userid.toLowerCase(), draft)
  return draft
}

/** Removes the member, and with it their place in every tag. */
export function deleteMember(state: CorpState, userid: string): boolean {
  const key = userid.toLowerCase()
  for (const tag of state.tags.values()) tag.users.delete(key)
  return state.members.delete(key)
}

/** A member as user/get answers it, in WeCom's field order, sharing nothing with the store. */
export function memberView(member: StoredMember): Member {
  return {
    userid: member.userid,
    name: member.name,
    department: [...member.department],
    order: [...member.order],
    position: member.position,
    mobile: member.mobile,
    gender: member.gender,
    email: member.email,
    biz_mail: member.biz_mail,
    is_leader_in_dept: [...member.is_leader_in_dept],
    direct_leader: [...member.direct_leader],
    avatar: member.avatar,
    thumb_avatar: member.thumb_avatar,
    telephone: member.telephone,
    alias: member.alias,
    address: member.address,
    open_userid: member.open_userid,
    main_department: member.main_department,
    extattr: structuredClone(member.extattr),
    status: member.status,
    qr_code: member.qr_code,
    external_position: member.external_position,
    external_profile: structuredClone(member.external_profile),
    enable: member.enable,
  }
}

function checkUserid(value: unknown): string | Failure {
  if (typeof value !== 'string' || value === '') return fail(40003)
  // 40058: "userid长度是64字节以下，若超过64字节则报错40058".
  if (byteLength(value) > 64) return fail(40058, 'userid')
  if (!USERID_PATTERN.test(value)) return fail(40003)
  return value
}

/** Applies the fields present in `input` to `draft`, checking each as WeCom does. */
function applyFields(
  state: CorpState,
  draft: StoredMember,
  input: JsonObject,
  rules: MemberRules,
): undefined | Failure {
  if (input.name !== undefined) {
    const { name } = input
    if (typeof name !== 'string' || name === '' || charLength(name) > 64) return fail(60112)
    draft.name = name
  }

  const departments = applyDepartments(state, draft, input)
  if (departments) return departments

  for (const field of TEXT_FIELDS) {
    const value = input[field]
    if (value === undefined) continue
    if (typeof value !== 'string') return fail(40058, field)
    draft[field] = value
  }

  const contact = applyContact(state, draft, input)
  if (contact) return contact
  if (rules.strict && draft.mobile === '' && draft.email === '') return fail(60129)

  if (input.gender !== undefined) {
    const gender = String(input.gender)
    if (!['0', '1', '2'].includes(gender)) return fail(40058, 'gender')
    draft.gender = gender
  }
  if (input.direct_leader !== undefined) {
    const leaders = input.direct_leader
    if (!isStringList(leaders) || leaders.length > MAX_DIRECT_LEADERS) return fail(40058, 'direct_leader')
    draft.direct_leader = [...leaders]
  }
  if (input.extattr !== undefined) {
    if (!isObject(input.extattr) || !Array.isArray(input.extattr.attrs)) return fail(40058, 'extattr')
    draft.extattr = { attrs: structuredClone(input.extattr.attrs) }
  }
  if (input.external_profile !== undefined) {
    if (!isObject(input.external_profile)) return fail(40058, 'external_profile')
    draft.external_profile = { ...draft.external_profile, ...structuredClone(input.external_profile) }
  }
  return applyStatus(draft, input, rules)
}

/** department, order, is_leader_in_dept and main_department move together. */
function applyDepartments(state: CorpState, draft: StoredMember, input: JsonObject): undefined | Failure {
  const previous = { department: draft.department, order: draft.order, leader: draft.is_leader_in_dept }
  if (input.department !== undefined) {
    const department = input.department
    // 41019 "所属部门是数字数组格式，不是字符串".
    if (!isIdList(department) || department.length === 0) return fail(41019)
    if (department.length > MAX_DEPARTMENTS) return fail(60110)
    const unknown = department.find((id) => !state.departments.has(id))
    if (unknown !== undefined) return fail(60003, `department ${unknown}`)
    draft.department = [...new Set(department)]
    // Keep what is known per department when only the list changes.
    const carry = (values: number[], id: number) => values[previous.department.indexOf(id)] ?? 0
    draft.order = draft.department.map((id) => carry(previous.order, id))
    draft.is_leader_in_dept = draft.department.map((id) => carry(previous.leader, id))
  }
  if (input.order !== undefined) {
    const order = input.order
    if (!Array.isArray(order) || !order.every(isUint32) || order.length !== draft.department.length) {
      return fail(40058, 'order')
    }
    draft.order = [...order]
  }
  if (input.is_leader_in_dept !== undefined) {
    const leader = input.is_leader_in_dept
    if (!Array.isArray(leader) || !leader.every((flag) => flag === 0 || flag === 1)) {
      return fail(40058, 'is_leader_in_dept')
    }
    if (leader.length !== draft.department.length) return fail(60132)
    draft.is_leader_in_dept = [...leader]
  }
  if (input.main_department !== undefined) {
    const main = input.main_department
    if (typeof main !== 'number' || !draft.department.includes(main)) return fail(40058, 'main_department')
    draft.main_department = main
  } else if (!draft.department.includes(draft.main_department)) {
    draft.main_department = draft.department[0] ?? 1
  }
  return undefined
}

/** mobile and email: each unique in the corp ("企业内必须唯一"). An empty string clears one. */
function applyContact(state: CorpState, draft: StoredMember, input: JsonObject): undefined | Failure {
  const { mobile, email } = input
  if (mobile !== undefined) {
    if (typeof mobile !== 'string') return fail(60103)
    if (mobile !== '' && (mobile.length > 32 || !MOBILE_PATTERN.test(mobile))) return fail(60103)
    if (mobile !== '' && someoneElse(state, draft, (member) => member.mobile === mobile)) return fail(60104)
    draft.mobile = mobile
  }
  if (email !== undefined) {
    if (typeof email !== 'string') return fail(60105)
    if (email !== '' && (email.length > 64 || !EMAIL_PATTERN.test(email))) return fail(60105)
    const lower = email.toLowerCase()
    if (email !== '' && someoneElse(state, draft, (member) => member.email.toLowerCase() === lower)) {
      return fail(60106)
    }
    draft.email = email
  }
  return undefined
}

/**
 * Members made through the API start "not activated" (4) until they join; `enable: 0` disables (2).
 * Seeds may set `status` directly and default to active (1): they stand for people already there.
 */
function applyStatus(draft: StoredMember, input: JsonObject, rules: MemberRules): undefined | Failure {
  if (input.enable !== undefined) {
    if (input.enable !== 0 && input.enable !== 1) return fail(40058, 'enable')
    draft.enable = input.enable
    if (input.enable === 0) draft.status = 2
    else if (draft.status === 2) draft.status = 4
  }
  if (!rules.strict && input.status !== undefined) {
    if (![1, 2, 4, 5].includes(input.status as number)) return fail(40058, 'status')
    draft.status = input.status as MemberStatus
  }
  return undefined
}

function someoneElse(
  state: CorpState,
  self: StoredMember,
  match: (member: StoredMember) => boolean,
): boolean {
  const selfKey = self.userid.toLowerCase()
  for (const [key, member] of state.members) if (key !== selfKey && match(member)) return true
  return false
}

function blankMember(userid: string): StoredMember {
  return {
    userid,
    name: '',
    department: [],
    order: [],
    position: '',
    mobile: '',
    gender: '0',
    email: '',
    biz_mail: '',
    is_leader_in_dept: [],
    direct_leader: [],
    avatar: '',
    thumb_avatar: '',
    telephone: '',
    alias: '',
    address: '',
    open_userid: newOpenUserId(),
    main_department: 1,
    extattr: { attrs: [] },
    status: 4,
    qr_code: newQrCode(),
    external_position: '',
    external_profile: { external_corp_name: '', external_attr: [] },
    enable: 1,
    openid: newOpenId(),
  }
}

function cloneMember(member: StoredMember): StoredMember {
  return { ...memberView(member), openid: member.openid }
}
