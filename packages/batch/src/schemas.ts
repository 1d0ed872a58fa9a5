import { DepartmentId, TagId, UserId, wellFormed } from '@wecom-kit/core/resource-kit'
import * as v from 'valibot'

// Rules from the official 异步批量接口 pages (document/path/90975, 90980, 90981, 90982, 90983).

/** batch/invite: up to 1 000 users, 100 departments and 100 tags; not all empty. */
export const InviteInput = v.pipe(
  v.object({
    user: v.optional(v.pipe(v.array(UserId), v.maxLength(1000, 'at most 1 000 users per invite'))),
    party: v.optional(v.pipe(v.array(DepartmentId), v.maxLength(100, 'at most 100 departments per invite'))),
    tag: v.optional(v.pipe(v.array(TagId), v.maxLength(100, 'at most 100 tags per invite'))),
  }),
  v.check(
    (i) => (i.user?.length ?? 0) + (i.party?.length ?? 0) + (i.tag?.length ?? 0) > 0,
    'give at least one user, department or tag to invite',
  ),
)
export type InviteInput = v.InferInput<typeof InviteInput>

export const MediaId = v.pipe(
  v.string('mediaId must be a string'),
  v.minLength(1, 'mediaId must not be empty'),
  v.maxLength(512, 'mediaId is too long'),
)

/** Where WeCom posts the job's result (a batch_job_result event). */
const Callback = v.object({
  url: v.pipe(
    v.string(),
    v.url('callback.url must be an absolute URL'),
    v.regex(/^https?:\/\//i, 'callback.url must be http(s)'),
  ),
  token: v.pipe(v.string(), v.regex(/^[A-Za-z0-9]{1,32}$/, 'callback.token must be 1–32 letters or digits')),
  encodingaeskey: v.pipe(
    v.string(),
    v.regex(/^[A-Za-z0-9]{43}$/, 'callback.encodingaeskey must be 43 letters or digits'),
  ),
})

export const UserJobInput = v.optional(
  v.object({
    toInvite: v.optional(v.boolean('toInvite must be true or false')),
    callback: v.optional(Callback),
  }),
)

export const PartyJobInput = v.optional(v.object({ callback: v.optional(Callback) }))

export const JobId = v.pipe(
  v.string('jobId must be a string'),
  v.minLength(1, 'jobId must not be empty'),
  v.maxLength(128),
  // It goes into a query string, and encodeURIComponent throws on a lone surrogate.
  wellFormed('jobId'),
)

export const WaitInput = v.optional(
  v.object({
    intervalMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(10, 'intervalMs must be at least 10'))),
    timeoutMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1, 'timeoutMs must be positive'))),
    onProgress: v.optional(v.function('onProgress must be a function')),
    signal: v.optional(v.instance(AbortSignal, 'signal must be an AbortSignal')),
  }),
)

const Gender = v.union(
  [v.literal('1'), v.literal('2'), v.literal(1), v.literal(2)],
  'gender must be "1" or "2"',
)

/** A member row of the user templates. */
export const UserCsvRow = v.pipe(
  v.object({
    name: v.pipe(
      v.string('name must be a string'),
      v.minLength(1, 'name must not be empty'),
      v.maxLength(64),
    ),
    userid: UserId,
    mobile: v.optional(
      v.pipe(v.string(), v.regex(/^\+?[0-9][0-9 -]*$/, 'mobile may only hold digits, spaces and -')),
    ),
    email: v.optional(v.pipe(v.string(), v.email('email must be an email address'))),
    department: v.union(
      [
        DepartmentId,
        v.pipe(v.array(DepartmentId), v.minLength(1, 'department must not be empty'), v.maxLength(100)),
      ],
      'department must be an id or a non-empty array of ids',
    ),
    position: v.optional(v.pipe(v.string(), v.maxLength(128))),
    gender: v.optional(Gender),
    isLeaderInDept: v.optional(v.array(v.picklist([0, 1], 'isLeaderInDept entries must be 0 or 1'))),
    order: v.optional(v.array(v.pipe(v.number(), v.integer(), v.minValue(0)))),
    alias: v.optional(v.pipe(v.string(), v.maxLength(64))),
    address: v.optional(v.pipe(v.string(), v.maxLength(128))),
    telephone: v.optional(v.pipe(v.string(), v.maxLength(32))),
    /** `true` imports the member disabled. */
    disabled: v.optional(v.boolean('disabled must be true or false')),
  }),
  v.check((r) => Boolean(r.mobile) || Boolean(r.email), 'each member needs a mobile or an email'),
)
export type UserCsvRow = v.InferInput<typeof UserCsvRow>

/** A row of the department template. */
export const DepartmentCsvRow = v.object({
  name: v.pipe(
    v.string('name must be a string'),
    v.minLength(1, 'name must not be empty'),
    v.maxLength(64),
    v.regex(/^[^\\:*?"<>|]*$/, 'name may not contain \\ : * ? " < > |'),
  ),
  id: DepartmentId,
  /** 0 only for the root department (id 1). */
  parentid: v.pipe(v.number('parentid must be a number'), v.integer(), v.minValue(0)),
  order: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(2 ** 32 - 1))),
})
export type DepartmentCsvRow = v.InferInput<typeof DepartmentCsvRow>
