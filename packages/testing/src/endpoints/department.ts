import {
  createDepartment,
  deleteDepartment,
  departmentView,
  sortedById,
  subtree,
  updateDepartment,
} from '../corp/departments.js'
import type { CorpState, StoredDepartment } from '../corp/state.js'
import { queryId } from '../corp/values.js'
import { type Failure, fail, isFailure, ok } from '../wecom/answer.js'
import type { Endpoint } from './types.js'

/** POST department/create (document/path/90205): ids are handed out from 2 up when not given. */
export const departmentCreate: Endpoint = {
  path: 'department/create',
  method: 'POST',
  handle({ state, body }) {
    const department = createDepartment(state, body)
    return isFailure(department) ? department : ok({ id: department.id }, 'created')
  },
}

/** POST department/update {id, name?, name_en?, parentid?, order?} (document/path/90206), "updated". */
export const departmentUpdate: Endpoint = {
  path: 'department/update',
  method: 'POST',
  handle({ state, body }) {
    const updated = updateDepartment(state, body)
    return isFailure(updated) ? updated : ok({}, 'updated')
  },
}

/** GET department/delete?id (document/path/90207): one id per call, "deleted". */
export const departmentDelete: Endpoint = {
  path: 'department/delete',
  method: 'GET',
  handle({ state, query }) {
    const refused = deleteDepartment(state, queryId(query.id))
    return refused ?? ok({}, 'deleted')
  },
}

/** GET department/simplelist[?id] (document/path/95350): the department and its whole subtree. */
export const departmentSimpleList: Endpoint = {
  path: 'department/simplelist',
  method: 'GET',
  handle({ state, query }) {
    const departments = scope(state, query.id)
    if (isFailure(departments)) return departments
    return ok({ department_id: departments.map(({ id, parentid, order }) => ({ id, parentid, order })) })
  },
}

/** GET department/list[?id] (document/path/90208): same scope as simplelist, full records. */
export const departmentList: Endpoint = {
  path: 'department/list',
  method: 'GET',
  handle({ state, query }) {
    const departments = scope(state, query.id)
    if (isFailure(departments)) return departments
    return ok({ department: departments.map((department) => departmentView(state, department)) })
  },
}

/** GET department/get?id (document/path/95351). */
export const departmentGet: Endpoint = {
  path: 'department/get',
  method: 'GET',
  handle({ state, query }) {
    const department = state.departments.get(queryId(query.id) ?? 0)
    return department ? ok({ department: departmentView(state, department) }) : fail(60123)
  },
}

/**
 * Without `id`: the whole corp ("如果不填，默认获取全量组织架构"). An id that is not a department
 * answers 60123 "无效的部门id".
 */
function scope(state: CorpState, rawId: string | undefined): StoredDepartment[] | Failure {
  if (rawId === undefined || rawId === '') return sortedById(state)
  const id = queryId(rawId)
  if (id === undefined || !state.departments.has(id)) return fail(60123)
  return subtree(state, id)
}
