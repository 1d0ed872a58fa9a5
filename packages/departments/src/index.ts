import { bindAll, defineResource } from '@wecom-kit/core/resource-kit'
import {
  createDepartment,
  getDepartment,
  listDepartments,
  listSimpleDepartments,
  updateDepartment,
} from './endpoints.js'
import { deleteDepartment } from './functions.js'

/** `createClient(...).with(departments)` adds `client.departments`. */
export const departments = /* @__PURE__ */ defineResource('departments', (client) =>
  bindAll(client, {
    create: createDepartment,
    update: updateDepartment,
    delete: deleteDepartment,
    list: listDepartments,
    listSimple: listSimpleDepartments,
    get: getDepartment,
  }),
)

export * from './endpoints.js'
export * from './functions.js'
export { CreateDepartmentInput, DepartmentId, UpdateDepartmentFields } from './schemas.js'
export type * from './types.js'
