import { defineEndpoint } from '@wecom-kit/core/resource-kit'
import * as v from 'valibot'
import {
  CreateDepartmentInput,
  DepartmentId,
  OptionalDepartmentId,
  type UpdateDepartmentFields,
  UpdateDepartmentInput,
} from './schemas.js'
import type {
  CreateDepartmentResult,
  GetDepartmentResult,
  ListDepartmentsResult,
  ListSimpleDepartmentsResult,
  WeComResult,
} from './types.js'

// The departments operation table: one entry per plain endpoint (check the input, call one
// path). `idempotent`: may the call be sent again after it possibly reached WeCom?

/** POST department/create. Not replayed after a timeout: a second create fails with 60008. */
export const createDepartment = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'department/create',
  doc: 90205,
  idempotent: false,
  input: CreateDepartmentInput,
  returns: {} as CreateDepartmentResult,
})

/** POST department/update: rename, move (`parentid`) or reorder. */
export const updateDepartment = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'department/update',
  doc: 90206,
  idempotent: true,
  input: UpdateDepartmentInput,
  // `id` last: a field named id among the fields does not pick another department.
  args: (id: number, fields: UpdateDepartmentFields) => ({ ...fields, id }),
  returns: {} as WeComResult,
})

/** GET department/list: the department (default: the whole corp) and its subtree, in full. */
export const listDepartments = /* @__PURE__ */ defineEndpoint({
  method: 'GET',
  path: 'department/list',
  doc: 90208,
  idempotent: true,
  input: /* @__PURE__ */ v.object({ id: OptionalDepartmentId }),
  args: (id?: number) => ({ id }),
  returns: {} as ListDepartmentsResult,
})

/** GET department/simplelist: ids, parents and order only — WeCom's recommended listing. */
export const listSimpleDepartments = /* @__PURE__ */ defineEndpoint({
  method: 'GET',
  path: 'department/simplelist',
  doc: 95350,
  idempotent: true,
  input: /* @__PURE__ */ v.object({ id: OptionalDepartmentId }),
  args: (id?: number) => ({ id }),
  returns: {} as ListSimpleDepartmentsResult,
})

/** GET department/get: one department's details. */
export const getDepartment = /* @__PURE__ */ defineEndpoint({
  method: 'GET',
  path: 'department/get',
  doc: 95351,
  idempotent: true,
  input: /* @__PURE__ */ v.object({ id: DepartmentId }),
  args: (id: number) => ({ id }),
  returns: {} as GetDepartmentResult,
})
