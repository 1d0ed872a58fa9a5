import {
  AgentId,
  DepartmentId,
  isJsonData,
  maxBytes,
  maxChars,
  UserId,
  wellFormed,
} from '@wecom-kit/core/resource-kit'
import * as v from 'valibot'

// Rules from the official "创建成员" / "更新成员" pages (document/path/90195, 90197).

/**
 * Builds a schema at import, marked free of side effects so that a bundler leaves out the ones
 * an app does not use (`getUser` alone needs none of these). esbuild trusts valibot's own marks
 * only inside valibot's file, and this one only inside this package's.
 */
/* @__NO_SIDE_EFFECTS__ */
function schema<T>(build: () => T): T {
  return build()
}

// Fields this SDK does not know pass through to WeCom, so they must be plain JSON data.
const JSON_DATA_MESSAGE =
  'must hold only JSON data (strings, finite numbers, booleans, null, arrays and plain objects)'

const Order = schema(() =>
  v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(2 ** 32 - 1, 'order must be below 2^32')),
)

const Mobile = schema(() =>
  v.pipe(
    v.string(),
    v.minLength(5, 'mobile must be at least 5 characters'),
    v.maxLength(32, 'mobile must be at most 32 characters'),
    v.regex(/^\+?[0-9][0-9 -]*$/, 'mobile may only hold digits, spaces, "-" and a leading "+"'),
  ),
)
const Email = schema(() => v.pipe(v.string(), maxBytes(64), v.email('email must be an email address')))

const ExtAttr = schema(() =>
  v.object({
    attrs: v.array(
      v.looseObject({
        type: v.picklist([0, 1, 2], 'extattr type must be 0 (text), 1 (web) or 2 (miniprogram)'),
        name: v.string(),
      }),
    ),
  }),
)

/** The fields of a member that create and update share; only `userid` is required here. */
const memberFields = schema(() => ({
  userid: UserId,
  name: v.optional(
    v.pipe(
      v.string(),
      v.minLength(1, 'name must not be empty'),
      v.maxLength(64, 'name must be at most 64 characters'),
    ),
  ),
  alias: v.optional(v.pipe(v.string(), v.maxLength(64, 'alias must be at most 64 characters'))),
  mobile: v.optional(Mobile),
  department: v.optional(
    v.pipe(
      v.array(DepartmentId),
      v.minLength(1, 'department must list at least one department'),
      v.maxLength(100, 'department may list at most 100 departments'),
    ),
  ),
  order: v.optional(v.array(Order)),
  position: v.optional(v.pipe(v.string(), maxChars(128))),
  gender: v.optional(
    v.pipe(
      v.union(
        [v.literal('1'), v.literal('2'), v.literal(1), v.literal(2)],
        'gender must be "1" (male) or "2" (female)',
      ),
      v.transform((g) => String(g) as '1' | '2'),
    ),
  ),
  email: v.optional(Email),
  biz_mail: v.optional(Email),
  is_leader_in_dept: v.optional(v.array(v.picklist([0, 1], 'is_leader_in_dept entries must be 0 or 1'))),
  direct_leader: v.optional(
    v.pipe(v.array(UserId), v.maxLength(5, 'direct_leader may list at most 5 members')),
  ),
  enable: v.optional(v.picklist([0, 1], 'enable must be 0 or 1')),
  avatar_mediaid: v.optional(v.string()),
  telephone: v.optional(
    v.pipe(
      v.string(),
      maxBytes(32),
      v.regex(/^[0-9+\-,]*$/, 'telephone may only hold digits, "+", "-" and ","'),
    ),
  ),
  address: v.optional(v.pipe(v.string(), maxChars(128))),
  main_department: v.optional(DepartmentId),
  extattr: v.optional(ExtAttr),
  external_position: v.optional(
    v.pipe(v.string(), v.maxLength(12, 'external_position must be at most 12 characters')),
  ),
  external_profile: v.optional(v.looseObject({})),
}))

/** order[] and is_leader_in_dept[] pair up with department[] one to one. */
function sameLengthAsDepartment(input: {
  department?: number[] | undefined
  order?: number[] | undefined
  is_leader_in_dept?: number[] | undefined
}) {
  const n = input.department?.length
  if (input.order && input.order.length !== n) return false
  if (input.is_leader_in_dept && input.is_leader_in_dept.length !== n) return false
  return true
}

const PAIRED_MESSAGE = 'order and is_leader_in_dept must have one entry per department'

export const CreateUserInput = schema(() =>
  v.pipe(
    v.looseObject({
      ...memberFields,
      name: memberFields.name.wrapped,
      department: memberFields.department.wrapped,
      to_invite: v.optional(v.boolean('to_invite must be true or false')),
    }),
    v.check(
      (u) => Boolean(u.mobile) || Boolean(u.email),
      'mobile and email cannot both be empty: WeCom needs one to reach the member',
    ),
    v.check((u) => sameLengthAsDepartment(u), PAIRED_MESSAGE),
    v.check((u) => isJsonData(u), JSON_DATA_MESSAGE),
  ),
)
export type CreateUserInput = v.InferInput<typeof CreateUserInput>

export const UpdateUserInput = schema(() =>
  v.pipe(
    v.looseObject({ ...memberFields, new_userid: v.optional(UserId) }),
    v.check((u) => sameLengthAsDepartment(u), PAIRED_MESSAGE),
    v.check((u) => isJsonData(u), JSON_DATA_MESSAGE),
  ),
)
export type UpdateUserInput = v.InferInput<typeof UpdateUserInput>

/** One id for user/delete, or up to 200 for user/batchdelete. */
export const DeleteUsersInput = schema(() =>
  v.union(
    [
      UserId,
      v.pipe(
        v.array(UserId),
        v.minLength(1, 'give at least one userid'),
        v.maxLength(200, 'user/batchdelete takes at most 200 userids per call'),
      ),
    ],
    'give a userid or an array of userids',
  ),
)

export const ListOptions = schema(() =>
  v.optional(v.object({ fetchChild: v.optional(v.boolean('fetchChild must be a boolean')) })),
)

export const Code = schema(() =>
  v.pipe(
    v.string('code must be a string'),
    v.minLength(1, 'code must not be empty'),
    v.maxLength(512),
    wellFormed('code'),
  ),
)

export const MobileInput = Mobile

export const ListIdsInput = schema(() =>
  v.optional(
    v.object({
      limit: v.optional(
        v.pipe(
          v.number(),
          v.integer(),
          v.minValue(1, 'limit must be at least 1'),
          v.maxValue(10_000, 'limit must be at most 10 000'),
        ),
      ),
      cursor: v.optional(v.string()),
    }),
  ),
)

export const AuthorizeUrlInput = schema(() =>
  v.pipe(
    v.object({
      redirectUri: v.pipe(
        v.string('redirectUri must be a string'),
        v.url('redirectUri must be an absolute URL'),
        v.regex(/^https?:\/\//i, 'redirectUri must be http(s)'),
        wellFormed('redirectUri'),
      ),
      scope: v.optional(
        v.picklist(['snsapi_base', 'snsapi_privateinfo'], 'scope must be snsapi_base or snsapi_privateinfo'),
      ),
      state: v.optional(
        v.pipe(
          v.string(),
          v.regex(/^[a-zA-Z0-9]{0,128}$/, 'state may only hold letters and digits, at most 128'),
        ),
      ),
      // Bounded like every agent id (0..2^31−1): a URL with an id WeCom cannot hold fails only
      // once a member has clicked it.
      agentId: v.optional(AgentId),
    }),
    v.check(
      (o) => o.scope !== 'snsapi_privateinfo' || o.agentId !== undefined,
      'snsapi_privateinfo needs an agentId',
    ),
  ),
)

export { DepartmentId, UserId }
