import { type RequestOptions, type WeComClient, WeComHttpError } from '@wecom-kit/core'
import { defineOperation, parseInput, requestOptions } from '@wecom-kit/core/resource-kit'
import {
  Code,
  DeleteUsersInput,
  DepartmentId,
  ListIdsInput,
  ListOptions,
  UpdateUserInput,
} from './schemas.js'
import type {
  DepartmentUser,
  ListIdsPage,
  ListUsersDetailResult,
  ListUsersResult,
  UserIdentity,
  WeComResult,
} from './types.js'
import { listWholeSubtree } from './walk.js'

// Hand-written: these choose the path or the replay from the input, walk the department tree,
// follow cursor pages or reshape WeCom's answer. The plain endpoints are in endpoints.ts.

/** department/simplelist, which the subtree walk reads first. */
const SUBTREE = { method: 'GET', path: 'department/simplelist', doc: 95350, idempotent: true } as const

/** POST user/update. Only `userid` is required; the fields given replace the member's. */
export const updateUser = /* @__PURE__ */ defineOperation(
  // Replaying a rename (new_userid) after it landed would fail with 60111: not replayed then.
  { method: 'POST', path: 'user/update', doc: 90197, idempotent: 'unless renaming' },
  async (client: WeComClient, user: UpdateUserInput, options?: RequestOptions): Promise<WeComResult> => {
    const json = parseInput(UpdateUserInput, user, 'user')
    return client.request('user/update', {
      ...requestOptions(options),
      json,
      idempotent: json.new_userid === undefined,
    })
  },
)

/** GET user/delete for one id, POST user/batchdelete for an array (≤ 200). */
export const deleteUser = /* @__PURE__ */ defineOperation(
  [
    // Not replayed: a replay after success would fail with 60111 and hide that it landed.
    { method: 'GET', path: 'user/delete', doc: 90198, idempotent: false },
    { method: 'POST', path: 'user/batchdelete', doc: 90199, idempotent: false },
  ],
  async (
    client: WeComClient,
    userId: string | readonly string[],
    options?: RequestOptions,
  ): Promise<WeComResult> => {
    const ids = parseInput(DeleteUsersInput, userId, 'userId')
    if (typeof ids === 'string') {
      return client.request('user/delete', {
        ...requestOptions(options),
        query: { userid: ids },
        idempotent: false,
      })
    }
    return client.request('user/batchdelete', { ...requestOptions(options), json: { useridlist: ids } })
  },
)

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
export const listUsersByDepartment = /* @__PURE__ */ defineOperation(
  [{ method: 'GET', path: 'user/simplelist', doc: 90200, idempotent: true }, SUBTREE],
  async (
    client: WeComClient,
    departmentId: number,
    options?: ListByDepartmentOptions,
  ): Promise<ListUsersResult> => listMembers(client, 'user/simplelist', departmentId, options),
)

/** GET user/list: full member records of a department. */
export const listUsersDetailByDepartment = /* @__PURE__ */ defineOperation(
  [{ method: 'GET', path: 'user/list', doc: 90201, idempotent: true }, SUBTREE],
  async (
    client: WeComClient,
    departmentId: number,
    options?: ListByDepartmentOptions,
  ): Promise<ListUsersDetailResult> => listMembers(client, 'user/list', departmentId, options),
)

/**
 * GET auth/getuserinfo: who opened the OAuth redirect. Understands the older capitalised
 * answer (`UserId`, `OpenId`, `DeviceId`) too. A code is single use, so no replay.
 */
export const getUserIdByCode = /* @__PURE__ */ defineOperation(
  { method: 'GET', path: 'auth/getuserinfo', doc: 91023, idempotent: false },
  async (client: WeComClient, code: string, options?: RequestOptions): Promise<UserIdentity> => {
    const checked = parseInput(Code, code, 'code')
    const body = await client.request<Record<string, unknown>>('auth/getuserinfo', {
      ...requestOptions(options),
      query: { code: checked },
      idempotent: false,
    })
    return normalizeIdentity(body)
  },
)

function normalizeIdentity(body: Record<string, unknown>): UserIdentity {
  const { UserId: oldUserId, OpenId: oldOpenId, DeviceId: oldDeviceId, ...rest } = body
  const identity = { ...rest } as unknown as UserIdentity
  if (identity.userid === undefined && typeof oldUserId === 'string') identity.userid = oldUserId
  if (identity.openid === undefined && typeof oldOpenId === 'string') identity.openid = oldOpenId
  if (identity.deviceid === undefined && typeof oldDeviceId === 'string') identity.deviceid = oldDeviceId
  return identity
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
export const listUserIds = /* @__PURE__ */ defineOperation(
  { method: 'POST', path: 'user/list_id', doc: 96067, idempotent: true },
  (client: WeComClient, options?: ListIdsOptions): AsyncIterable<DepartmentUser> => {
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
  },
)
