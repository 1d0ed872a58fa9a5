import type { WeComClient } from '@wecom-kit/core'
import { bindAll, defineOperation, defineResource } from '@wecom-kit/core/resource-kit'
import { authSucc, convertToOpenId, createUser, getUser, getUserIdByMobile, inviteUser } from './endpoints.js'
import {
  deleteUser,
  getUserIdByCode,
  listUserIds,
  listUsersByDepartment,
  listUsersDetailByDepartment,
  updateUser,
} from './functions.js'
import { type AuthorizeUrlOptions, getAuthorizeUrl } from './oauth.js'

// getAuthorizeUrl builds a URL and calls nothing: labelled with no operation here, so that
// every method of the namespace carries one (the label belongs in oauth.ts once it is free).
const authorizeUrl = /* @__PURE__ */ defineOperation(
  [],
  (client: WeComClient, redirectUri: string, options?: AuthorizeUrlOptions): string =>
    getAuthorizeUrl(client, redirectUri, options),
)

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
    getAuthorizeUrl: authorizeUrl,
    getIdByMobile: getUserIdByMobile,
    convertToOpenId,
    authSucc,
    listIds: listUserIds,
  }),
)

export * from './endpoints.js'
export * from './functions.js'
export * from './oauth.js'
export { CreateUserInput, DepartmentId, UpdateUserInput, UserId } from './schemas.js'
export type * from './types.js'
