import type { WeComResult } from '@wecom-kit/core'

// Response shapes with WeCom's own field names (document/path/90210 … 90216).

export interface Tag {
  tagid: number
  tagname: string
}

export interface CreateTagResult extends WeComResult {
  tagid: number
}

export interface ListTagsResult extends WeComResult {
  taglist: Tag[]
}

export interface TagUsersResult extends WeComResult {
  tagname: string
  userlist: { userid: string; name: string }[]
  partylist: number[]
}

/**
 * tag/addtagusers and tag/deltagusers answer errcode 0 even when some members were refused.
 * WeCom's own fields are kept (`invalidlist` is a `|`-joined string, `invalidparty` numbers);
 * `invalidUsers` and `invalidParties` give both as arrays, empty when everyone was accepted.
 */
export interface TagMembersResult extends WeComResult {
  invalidlist?: string
  invalidparty?: number[]
  invalidUsers: string[]
  invalidParties: number[]
}

export type { WeComResult }
