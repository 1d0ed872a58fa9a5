import { bindAll, defineResource } from '@wecom-kit/core/resource-kit'
import { getBatchResult, inviteUsers } from './endpoints.js'
import { replaceParty, replaceUsers, syncUsers, waitForBatchResult } from './functions.js'

/** `createClient(...).with(batch)` adds `client.batch`. */
export const batch = /* @__PURE__ */ defineResource('batch', (client) =>
  bindAll(client, {
    inviteUsers,
    syncUsers,
    replaceUsers,
    replaceParty,
    getResult: getBatchResult,
    waitForResult: waitForBatchResult,
  }),
)

export { type CsvField, csvField, toCsv } from './csv.js'
export * from './endpoints.js'
export * from './functions.js'
export { DepartmentCsvRow, InviteInput, UserCsvRow } from './schemas.js'
export { DEPARTMENT_CSV_HEADER, departmentsToCsv, USER_CSV_HEADER, usersToCsv } from './templates.js'
export type * from './types.js'
