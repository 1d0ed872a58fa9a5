import { DepartmentId, maxChars, TagId, UserId } from '@wecom-kit/core/resource-kit'
import * as v from 'valibot'

// Rules from the official 标签管理 pages (document/path/90210 … 90215).

/** 1–32 characters; WeCom counts characters, not bytes, here. */
export const TagName = v.pipe(
  v.string('tag name must be a string'),
  v.minLength(1, 'tag name must not be empty'),
  maxChars(32, 'tag name must be at most 32 characters'),
)

/**
 * Members to add or remove: an array of userids, or `{ userlist, partylist }`. WeCom takes
 * ≤ 1 000 users and ≤ 100 departments per call, as arrays (a `|`-string gives 40035).
 */
export const TagMembersInput = v.pipe(
  v.union(
    [
      v.pipe(
        v.array(UserId),
        v.transform((userlist): { userlist?: string[]; partylist?: number[] } => ({ userlist })),
      ),
      v.object({
        userlist: v.optional(v.array(UserId)),
        partylist: v.optional(v.array(DepartmentId)),
      }),
    ],
    'give an array of userids or { userlist, partylist }',
  ),
  v.check(
    (m) => (m.userlist?.length ?? 0) + (m.partylist?.length ?? 0) > 0,
    'give at least one userid or department',
  ),
  v.check((m) => (m.userlist?.length ?? 0) <= 1000, 'at most 1 000 userids per call'),
  v.check((m) => (m.partylist?.length ?? 0) <= 100, 'at most 100 departments per call'),
)
export type TagMembersInput = v.InferInput<typeof TagMembersInput>

export { TagId }
