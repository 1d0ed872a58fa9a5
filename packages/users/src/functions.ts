import { type RequestOptions, type WeComClient, WeComHttpError } from '@wecom-kit/core'
import { parseInput, requestOptions } from '@wecom-kit/core/resource-kit'
import {
  Code,
  CreateUserInput,
  DeleteUsersInput,
  DepartmentId,
  ListIdsInput,
  ListOptions,
  MobileInput,
  UpdateUserInput,
  UserId,
} from './schemas.js'
import type {
  ConvertToOpenIdResult,
  DepartmentUser,
  GetUserIdResult,
  GetUserResult,
  InviteUserResult,
  ListIdsPage,
  ListUsersDetailResult,
  ListUsersResult,
  UserIdentity,
  WeComResult,
} from './types.js'
import { listWholeSubtree } from './walk.js'

// Each method is a standalone function taking the client first, for the smallest bundles;
// `users` in index.ts binds them into the `client.users` namespace.

/** POST user/create. Not replayed after a timeout: a second create would fail with 60102. */
export async function createUser(
  client: WeComClient,
  user: CreateUserInput,
  options?: RequestOptions,
): Promise<WeComResult> {
  const json = parseInput(CreateUserInput, user, 'user')
  return client.request('user/create', { ...requestOptions(options), json })
}

/** POST user/update. Only `userid` is required; the fields given replace the member's. */
export async function updateUser(
  client: WeComClient,
  user: UpdateUserInput,
  options?: RequestOptions,
): Promise<WeComResult> {
  const json = parseInput(UpdateUserInput, user, 'user')
  // Replaying a rename (new_userid) after it landed would fail with 60111: not replayed.
  return client.request('user/update', {
    ...requestOptions(options),
    json,
    idempotent: json.new_userid === undefined,
  })
}

/** GET user/delete for one id, POST user/batchdelete for an array (≤ 200). */
export async function deleteUser(
  client: WeComClient,
  userId: string | readonly string[],
  options?: RequestOptions,
): Promise<WeComResult> {
  const ids = parseInput(DeleteUsersInput, userId, 'userId')
  if (typeof ids === 'string') {
    return client.request('user/delete', {
      ...requestOptions(options),
      query: { userid: ids },
      idempotent: false,
    })
  }
  return client.request('user/batchdelete', { ...requestOptions(options), json: { useridlist: ids } })
}

/** GET user/get. */
export async function getUser(
  client: WeComClient,
  userId: string,
  options?: RequestOptions,
): Promise<GetUserResult> {
  const userid = parseInput(UserId, userId, 'userId')
  return client.request('user/get', { ...requestOptions(options), query: { userid } })
}

export interface ListByDepartmentOptions extends RequestOptions {
  /** Members of every sub-department too, each member once. */
  fetchChild?: boolean | undefined
}

function listMembers<T extends ListUsersResult | ListUsersDetailResult>(
  client: WeComClient,
  path: 'user/simplelist' | 'user/list',
  departmentId: number,
  options: ListByDepartmentOptions | undefined,
): Promise<T> {
  const id = parseInput(DepartmentId, departmentId, 'departmentId')
  const { fetchChild, ...request } = options ?? {}
  parseInput(ListOptions, { fetchChild }, 'options')
  if (fetchChild) return listWholeSubtree<T>(client, path, id, request)
  return client.request<T>(path, { ...requestOptions(request), query: { department_id: id } })
}

/** GET user/simplelist: userid, name and departments of a department's members. */
export async function listUsersByDepartment(
  client: WeComClient,
  departmentId: number,
  options?: ListByDepartmentOptions,
): Promise<ListUsersResult> {
  return listMembers(client, 'user/simplelist', departmentId, options)
}

/** GET user/list: full member records of a department. */
export async function listUsersDetailByDepartment(
  client: WeComClient,
  departmentId: number,
  options?: ListByDepartmentOptions,
): Promise<ListUsersDetailResult> {
  return listMembers(client, 'user/list', departmentId, options)
}

/** POST batch/invite for one member. Not replayed: a second invite is a second notification. */
export async function inviteUser(
  client: WeComClient,
  userId: string,
  options?: RequestOptions,
): Promise<InviteUserResult> {
  const userid = parseInput(UserId, userId, 'userId')
  return client.request('batch/invite', { ...requestOptions(options), json: { user: [userid] } })
}

/**
 * GET auth/getuserinfo: who opened the OAuth redirect. Understands the older capitalised
 * answer (`UserId`, `OpenId`, `DeviceId`) too. A code is single use, so no replay.
 */
export async function getUserIdByCode(
  client: WeComClient,
  code: string,
  options?: RequestOptions,
): Promise<UserIdentity> {
  const checked = parseInput(Code, code, 'code')
  const body = await client.request<Record<string, unknown>>('auth/getuserinfo', {
    ...requestOptions(options),
    query: { code: checked },
    idempotent: false,
  })
  return normalizeIdentity(body)
}

function normalizeIdentity(body: Record<string, unknown>): UserIdentity {
  const { UserId: oldUserId, OpenId: oldOpenId, DeviceId: oldDeviceId, ...rest } = body
  const identity = { ...rest } as unknown as UserIdentity
  if (identity.userid === undefined && typeof oldUserId === 'string') identity.userid = oldUserId
  if (identity.openid === undefined && typeof oldOpenId === 'string') identity.openid = oldOpenId
  if (identity.deviceid === undefined && typeof oldDeviceId === 'string') identity.deviceid = oldDeviceId
  return identity
}

/** POST user/getuserid: the userid for a mobile number. */
export async function getUserIdByMobile(
  client: WeComClient,
  mobile: string,
  options?: RequestOptions,
): Promise<GetUserIdResult> {
  const checked = parseInput(MobileInput, mobile, 'mobile')
  return client.request('user/getuserid', {
    ...requestOptions(options),
    json: { mobile: checked },
    idempotent: true,
  })
}

/** POST user/convert_to_openid: the openid WeChat Pay and red packets need. */
export async function convertToOpenId(
  client: WeComClient,
  userId: string,
  options?: RequestOptions,
): Promise<ConvertToOpenIdResult> {
  const userid = parseInput(UserId, userId, 'userId')
  return client.request('user/convert_to_openid', {
    ...requestOptions(options),
    json: { userid },
    idempotent: true,
  })
}

/** GET user/authsucc: marks a member as verified after your own second-factor check. */
export async function authSucc(
  client: WeComClient,
  userId: string,
  options?: RequestOptions,
): Promise<WeComResult> {
  const userid = parseInput(UserId, userId, 'userId')
  return client.request('user/authsucc', { ...requestOptions(options), query: { userid } })
}

export interface ListIdsOptions extends RequestOptions {
  /** Page size asked of WeCom, 1–10 000. Default 10 000. */
  limit?: number | undefined
  /** Resume from a `next_cursor` seen earlier. */
  cursor?: string | undefined
}

/**
 * POST user/list_id as an async iterable of `{ userid, department }`, one per member and
 * department, fetching cursor pages lazily. Needs the contacts-sync secret.
 * Input is checked when called, before anything is sent.
 */
export function listUserIds(client: WeComClient, options?: ListIdsOptions): AsyncIterable<DepartmentUser> {
  const { limit = 10_000, cursor: start, ...request } = options ?? {}
  parseInput(ListIdsInput, { limit, cursor: start }, 'options')
  return {
    async *[Symbol.asyncIterator]() {
      let cursor = start
      do {
        const page: ListIdsPage = await client.request('user/list_id', {
          ...requestOptions(request),
          json: cursor ? { cursor, limit } : { limit },
          idempotent: true,
        })
        yield* page.dept_user ?? []
        if (page.next_cursor && page.next_cursor === cursor) {
          throw new WeComHttpError(
            200,
            'user/list_id',
            'next_cursor did not advance; stopping rather than looping',
          )
        }
        cursor = page.next_cursor
      } while (cursor)
    },
  }
}
