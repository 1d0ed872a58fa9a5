import {
  isWeComError,
  type RequestOptions,
  type WeComClient,
  WeComPartialFailureError,
} from '@wecom-kit/core'
import { defineOperation, parseInput, requestOptions } from '@wecom-kit/core/resource-kit'
import { DeleteDepartmentsInput } from './schemas.js'
import type { WeComResult } from './types.js'

// Hand-written: WeCom deletes one department per call, so an array is several calls.

/**
 * GET department/delete. WeCom takes one id per call, so an array is deleted one by one, in
 * the order given (children before their parents: WeCom refuses to delete a department that
 * still has sub-departments or members). If one fails, the error is a
 * `WeComPartialFailureError` naming the ids deleted, the one that failed and those not tried.
 */
export const deleteDepartment = /* @__PURE__ */ defineOperation(
  // Not replayed: after a timeout the first delete may have succeeded, and a replay would fail
  // with "department not found", hiding that.
  { method: 'GET', path: 'department/delete', doc: 90207, idempotent: false },
  async (
    client: WeComClient,
    id: number | readonly number[],
    options?: RequestOptions,
  ): Promise<WeComResult> => {
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
  },
)

function deleteOne(client: WeComClient, id: number, options?: RequestOptions): Promise<WeComResult> {
  return client.request('department/delete', { ...requestOptions(options), query: { id }, idempotent: false })
}
