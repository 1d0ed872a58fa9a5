import { batchInvite } from './batch.js'
import { departmentCreate, departmentGet, departmentList, departmentSimpleList } from './department.js'
import { gettoken } from './gettoken.js'
import { authGetUserInfo, userGetUserInfo } from './oauth.js'
import type { Endpoint } from './types.js'
import { userAuthSucc, userConvertToOpenId, userGetUserId } from './user-identity.js'
import { userGet, userList, userListId, userSimpleList } from './user-read.js'
import { userBatchDelete, userCreate, userDelete, userUpdate } from './user-write.js'

export type { Endpoint, EndpointContext } from './types.js'

/** Every simulated WeCom API. A new endpoint group is one file plus one line here. */
export const ENDPOINTS: readonly Endpoint[] = [
  gettoken,
  userCreate,
  userUpdate,
  userDelete,
  userBatchDelete,
  userGet,
  userSimpleList,
  userList,
  userListId,
  userGetUserId,
  userConvertToOpenId,
  userAuthSucc,
  authGetUserInfo,
  userGetUserInfo,
  departmentCreate,
  departmentSimpleList,
  departmentList,
  departmentGet,
  batchInvite,
]

export function routeTable(endpoints: readonly Endpoint[] = ENDPOINTS): ReadonlyMap<string, Endpoint> {
  return new Map(endpoints.map((endpoint) => [endpoint.path, endpoint]))
}
