import type { Department } from '../types.js'
import { type Failure, fail } from '../wecom/answer.js'
import { type CorpState, ROOT_ORDER, type StoredDepartment } from './state.js'
import { charLength, isId, isUint32 } from './values.js'

/** department/create: "字符不能包括\:*?"<>|", 1–64 characters; at most 15 levels. */
const FORBIDDEN_NAME_CHARS = /[\\:*?"<>|]/
const MAX_NAME_LENGTH = 64
const MAX_DEPTH = 15
/** Auto orders step down by 1000 among siblings, as real corps show (100000000, 99999000 …). */
const ORDER_STEP = 1000

interface DepartmentInput {
  id?: unknown
  name?: unknown
  name_en?: unknown
  parentid?: unknown
  order?: unknown
}

export function createDepartment(state: CorpState, input: DepartmentInput): StoredDepartment | Failure {
  const name = checkName(input.name, 'name')
  if (typeof name !== 'string') return name
  const nameEn = input.name_en === undefined ? '' : checkName(input.name_en, 'name_en')
  if (typeof nameEn !== 'string') return nameEn

  const parentid = input.parentid
  if (!isId(parentid) || !state.departments.has(parentid)) return fail(60004)
  if (depthOf(state, parentid) + 1 > MAX_DEPTH) return fail(81002)

  // "id: 指定时必须大于1"; id 1 is the root, so it is taken like any other.
  let id: number
  if (input.id === undefined) id = nextId(state)
  else if (!isId(input.id)) return fail(40058, 'id')
  else if (state.departments.has(input.id)) return fail(60008, 'id exists')
  else id = input.id

  // 60008 "部门ID或者部门名称已存在": names are unique among siblings.
  for (const sibling of childrenOf(state, parentid)) {
    if (sibling.name === name) return fail(60008, 'name exists')
    if (nameEn !== '' && sibling.name_en === nameEn) return fail(60008, 'name_en exists')
  }

  let order: number
  if (input.order === undefined) order = defaultOrder(state, parentid)
  else if (!isUint32(input.order)) return fail(40058, 'order')
  else order = input.order

  const department: StoredDepartment = { id, name, name_en: nameEn, parentid, order }
  state.departments.set(id, department)
  return department
}

/** What department/update and replace_party did to a department (getresult's `action` bits). */
export const ACTION = { create: 1, rename: 2, move: 4, reorder: 8 } as const

interface DepartmentUpdate {
  department: StoredDepartment
  /** Bits of ACTION for what changed; 0 when nothing did. */
  action: number
}

/**
 * department/update (document/path/90206): only the fields sent change. 60003 for an unknown id
 * ("部门ID不存在：需要确认部门ID是否有带，并且存在通讯录中"), 60004 for an unknown parent, 60010 when
 * the new parent is the department itself or below it ("指定的parentid参数不能是 部门id 或者 子部门id"),
 * 81002 when the moved subtree would go deeper than 15 levels, 60008 when a sibling under the
 * (new) parent already has the name.
 */
export function updateDepartment(state: CorpState, input: DepartmentInput): DepartmentUpdate | Failure {
  const current = isId(input.id) ? state.departments.get(input.id) : undefined
  if (!current) return fail(60003)

  let name = current.name
  if (input.name !== undefined) {
    const checked = checkName(input.name, 'name')
    if (typeof checked !== 'string') return checked
    name = checked
  }
  let nameEn = current.name_en
  if (input.name_en !== undefined) {
    const checked = checkName(input.name_en, 'name_en')
    if (typeof checked !== 'string') return checked
    nameEn = checked
  }

  let parentid = current.parentid
  if (input.parentid !== undefined && input.parentid !== current.parentid) {
    const target = input.parentid
    if (!isId(target) || !state.departments.has(target)) return fail(60004)
    if (isWithin(state, target, current.id)) return fail(60010)
    if (depthOf(state, target) + heightOf(state, current.id) > MAX_DEPTH) return fail(81002)
    parentid = target
  }

  let order = current.order
  if (input.order !== undefined) {
    if (!isUint32(input.order)) return fail(40058, 'order')
    order = input.order
  }

  for (const sibling of childrenOf(state, parentid)) {
    if (sibling === current) continue
    if (sibling.name === name) return fail(60008, 'name exists')
    if (nameEn !== '' && sibling.name_en === nameEn) return fail(60008, 'name_en exists')
  }

  let action = 0
  if (name !== current.name || nameEn !== current.name_en) action |= ACTION.rename
  if (parentid !== current.parentid) action |= ACTION.move
  if (order !== current.order) action |= ACTION.reorder
  Object.assign(current, { name, name_en: nameEn, parentid, order })
  return { department: current, action }
}

/**
 * department/delete?id (document/path/90207): "不能删除根部门；不能删除含有子部门、成员的部门".
 * 60003 unknown id, 60007 the root, 60005 members in it, 60006 sub-departments under it.
 */
export function deleteDepartment(state: CorpState, id: number | undefined): undefined | Failure {
  const department = id === undefined ? undefined : state.departments.get(id)
  if (!department) return fail(60003)
  if (department.parentid === 0) return fail(60007)
  if (hasMembers(state, department.id)) return fail(60005)
  if (childrenOf(state, department.id).length > 0) return fail(60006)
  removeDepartment(state, department.id)
  return undefined
}

/** Drops a department that is already known to be empty, and its place in every tag. */
export function removeDepartment(state: CorpState, id: number): void {
  state.departments.delete(id)
  state.pendingPartyDeletes.delete(id)
  for (const tag of state.tags.values()) tag.parties.delete(id)
}

export function hasMembers(state: CorpState, id: number): boolean {
  for (const member of state.members.values()) if (member.department.includes(id)) return true
  return false
}

/** Whether `id` is `ancestor` or somewhere below it. */
export function isWithin(state: CorpState, id: number, ancestor: number): boolean {
  for (let current = state.departments.get(id); current; current = state.departments.get(current.parentid)) {
    if (current.id === ancestor) return true
  }
  return false
}

/** Levels from the root down to this department: the root is 1. */
function depthOf(state: CorpState, id: number): number {
  let depth = 0
  for (let current = state.departments.get(id); current; current = state.departments.get(current.parentid)) {
    depth++
  }
  return depth
}

/** Levels in the subtree under (and including) this department: a leaf is 1. */
function heightOf(state: CorpState, id: number): number {
  const base = depthOf(state, id)
  return Math.max(...subtree(state, id).map((department) => depthOf(state, department.id) - base + 1))
}

/** The department itself and every department below it, by id. */
export function subtree(state: CorpState, id: number): StoredDepartment[] {
  const ids = new Set([id])
  // Parents are created before children, but ids can be chosen freely: loop until stable.
  for (let grew = true; grew; ) {
    grew = false
    for (const department of state.departments.values()) {
      if (!ids.has(department.id) && ids.has(department.parentid)) {
        ids.add(department.id)
        grew = true
      }
    }
  }
  return sortedById(state).filter((department) => ids.has(department.id))
}

export function sortedById(state: CorpState): StoredDepartment[] {
  return [...state.departments.values()].sort((a, b) => a.id - b.id)
}

/** What department/list and department/get answer for one department, in WeCom's field order. */
export function departmentView(state: CorpState, department: StoredDepartment): Department {
  return {
    id: department.id,
    name: department.name,
    name_en: department.name_en,
    department_leader: leadersOf(state, department.id),
    parentid: department.parentid,
    order: department.order,
  }
}

/** Members flagged leader of the department in `is_leader_in_dept`, in creation order. */
function leadersOf(state: CorpState, departmentId: number): string[] {
  const leaders: string[] = []
  for (const member of state.members.values()) {
    const index = member.department.indexOf(departmentId)
    if (index >= 0 && member.is_leader_in_dept[index] === 1) leaders.push(member.userid)
  }
  return leaders
}

export function checkName(value: unknown, field: string): string | Failure {
  if (typeof value !== 'string' || value === '' || charLength(value) > MAX_NAME_LENGTH)
    return fail(60001, field)
  if (FORBIDDEN_NAME_CHARS.test(value)) return fail(60009, field)
  return value
}

export function childrenOf(state: CorpState, parentid: number): StoredDepartment[] {
  return [...state.departments.values()].filter((department) => department.parentid === parentid)
}

function nextId(state: CorpState): number {
  return Math.max(...state.departments.keys()) + 1
}

function defaultOrder(state: CorpState, parentid: number): number {
  const orders = childrenOf(state, parentid).map((department) => department.order)
  return orders.length === 0 ? ROOT_ORDER : Math.max(0, Math.min(...orders) - ORDER_STEP)
}
