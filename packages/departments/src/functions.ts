import { isWeComError, type RequestOptions, type WeComClient, WeComPartialFailureError } from '@wecom-kit/core'
import { parseInput, requestOptions } from '@wecom-kit/core/resource-kit'
import {
  CreateDepartmentInput,
  DeleteDepartmentsInput,
  DepartmentId,
  OptionalDepartmentId,
  UpdateDepartmentFields,
} from './schemas.js'
import type {
  CreateDepartmentResult,
  GetDepartmentResult,
  ListDepartmentsResult,
  ListSimpleDepartmentsResult,
  WeComResult,
} from './types.js'

/** POST department/create. Not replayed after a timeout: a second create fails with 60008. */
export async function createDepartment(
  client: WeComClient,
  department: CreateDepartmentInput,
  options?: RequestOptions,
): Promise<CreateDepartmentResult> {
  const json = parseInput(CreateDepartmentInput, department, 'department')
  return client.request('department/create', { ...requestOptions(options), json })
}

/** POST department/update: rename, move (`parentid`) or reorder. */
export async function updateDepartment(
  client: WeComClient,
  id: number,
  fields: UpdateDepartmentFields,
  options?: RequestOptions,
): Promise<WeComResult> {
  const checkedId = parseInput(DepartmentId, id, 'id')
  const checked = parseInput(UpdateDepartmentFields, fields, 'fields')
  return client.request('department/update', {
    ...requestOptions(options),
    json: { id: checkedId, ...checked },
    idempotent: true,
  })
}

/**
 * GET department/delete. WeCom takes one id per call, so an array is deleted one by one, in
 * the order given (children before their parents: WeCom refuses to delete a department that
 * still has sub-departments or members). If one fails, the error is a
 * `WeComPartialFailureError` naming the ids deleted, the one that failed and those not tried.
 */
export async function deleteDepartment(
  client: WeComClient,
  id: number | readonly number[],
  options?: RequestOptions,
): Promise<WeComResult> {
  const ids = parseInput(DeleteDepartmentsInput, id, 'id')
  if (typeof ids === 'number') return deleteOne(client, ids, options)
  const deleted: number[] = []
  for (const [index, each] of ids.entries()) {
    try {
      await deleteOne(client, each, options)
    } catch (error) {
      if (!isWeComError(error)) throw error
      throw new WeComPartialFailureError({
        path: 'department/delete',
        succeeded: deleted,
        failed: each,
        notAttempted: ids.slice(index + 1),
        cause: error,
      })
    }
    deleted.push(each)
  }
  return { errcode: 0, errmsg: 'deleted' }
}

function deleteOne(client: WeComClient, id: number, options?: RequestOptions): Promise<WeComResult> {
  // Not replayed: after a timeout the first delete may have succeeded, and a replay would
  // fail with "department not found", hiding that.
  return client.request('department/delete', { ...requestOptions(options), query: { id }, idempotent: false })
}

/** GET department/list: the department (default: the whole corp) and its subtree, in full. */
export async function listDepartments(
  client: WeComClient,
  id?: number,
  options?: RequestOptions,
): Promise<ListDepartmentsResult> {
  const checked = parseInput(OptionalDepartmentId, id, 'id')
  return client.request('department/list', { ...requestOptions(options), query: { id: checked } })
}

/** GET department/simplelist: ids, parents and order only — WeCom's recommended listing. */
export async function listSimpleDepartments(
  client: WeComClient,
  id?: number,
  options?: RequestOptions,
): Promise<ListSimpleDepartmentsResult> {
  const checked = parseInput(OptionalDepartmentId, id, 'id')
  return client.request('department/simplelist', { ...requestOptions(options), query: { id: checked } })
}

/** GET department/get: one department's details. */
export async function getDepartment(
  client: WeComClient,
  id: number,
  options?: RequestOptions,
): Promise<GetDepartmentResult> {
  const checked = parseInput(DepartmentId, id, 'id')
  return client.request('department/get', { ...requestOptions(options), query: { id: checked } })
}
