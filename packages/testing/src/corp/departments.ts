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

export interface DepartmentInput {
  name?: unknown
  name_en?: unknown
  parentid?: unknown
  order?: unknown
  id?: unknown
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
export function leadersOf(state: CorpState, departmentId: number): string[] {
  const leaders: string[] = []
  for (const member of state.members.values()) {
    const index = member.department.indexOf(departmentId)
    if (index >= 0 && member.is_leader_in_dept[index] === 1) leaders.push(member.userid)
  }
  return leaders
}

function checkName(value: unknown, field: string): string | Failure {
  if (typeof value !== 'string' || value === '' || charLength(value) > MAX_NAME_LENGTH)
    return fail(60001, field)
  if (FORBIDDEN_NAME_CHARS.test(value)) return fail(60009, field)
  return value
}

function childrenOf(state: CorpState, parentid: number): StoredDepartment[] {
  return [...state.departments.values()].filter((department) => department.parentid === parentid)
}

function depthOf(state: CorpState, id: number): number {
  let depth = 0
  for (let current = state.departments.get(id); current; current = state.departments.get(current.parentid)) {
    depth++
  }
  return depth
}

function nextId(state: CorpState): number {
  return Math.max(...state.departments.keys()) + 1
}

function defaultOrder(state: CorpState, parentid: number): number {
  const orders = childrenOf(state, parentid).map((department) => department.order)
  return orders.length === 0 ? ROOT_ORDER : Math.max(0, Math.min(...orders) - ORDER_STEP)
}
