import { bindAll, defineResource } from '@wecom-kit/core/resource-kit'
import {
  authSucc,
  convertToOpenId,
  createUser,
  deleteUser,
  getUser,
  getUserIdByCode,
  getUserIdByMobile,
  inviteUser,
  listUserIds,
  listUsersByDepartment,
  listUsersDetailByDepartment,
  updateUser,
} from './functions.js'
import { getAuthorizeUrl } from './oauth.js'

/** `createClient(...).with(users)` adds `client.users`. */
export const users = /* @__PURE__ */ defineResource('users', (client) =>
  bindAll(client, {
    create: createUser,
    update: updateUser,
    delete: deleteUser,
    get: getUser,
    listByDepartment: listUsersByDepartment,
    listDetailByDepartment: listUsersDetailByDepartment,
    invite: inviteUser,
    getIdByCode: getUserIdByCode,
    getAuthorizeUrl,
    getIdByMobile: getUserIdByMobile,
    convertToOpenId,
    authSucc,
    listIds: listUserIds,
  }),
)

export * from './functions.js'
export * from './oauth.js'
export { CreateUserInput, DepartmentId, UpdateUserInput, UserId } from './schemas.js'
export type * from './types.js'
