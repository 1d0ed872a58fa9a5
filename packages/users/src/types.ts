import type { WeComResult } from '@wecom-kit/core'

// Response shapes, with WeCom's own field names (document/path/90196, 90200, 90201, 96067).
// Which fields come back depends on the app's permissions, so most are optional.

export interface ExtAttrItem {
  type: 0 | 1 | 2
  name: string
  text?: { value: string }
  web?: { url: string; title: string }
  miniprogram?: { appid: string; pagepath: string; title: string }
}

export interface Member {
  userid: string
  name?: string
  department?: number[]
  order?: number[]
  position?: string
  mobile?: string
  /** "0" unknown, "1" male, "2" female. */
  gender?: '0' | '1' | '2'
  email?: string
  biz_mail?: string
  is_leader_in_dept?: (0 | 1)[]
  direct_leader?: string[]
  avatar?: string
  thumb_avatar?: string
  telephone?: string
  alias?: string
  address?: string
  open_userid?: string
  main_department?: number
  extattr?: { attrs: ExtAttrItem[] }
  /** 1 active, 2 disabled, 4 not yet active, 5 left the company. */
  status?: 1 | 2 | 4 | 5
  qr_code?: string
  external_position?: string
  external_profile?: Record<string, unknown>
  enable?: 0 | 1
}

export interface GetUserResult extends WeComResult, Member {}

export interface SimpleMember {
  userid: string
  name: string
  department: number[]
  open_userid?: string
}

export interface ListUsersResult extends WeComResult {
  userlist: SimpleMember[]
}

export interface ListUsersDetailResult extends WeComResult {
  userlist: Member[]
}

export interface InviteUserResult extends WeComResult {
  invaliduser?: string[]
  invalidparty?: number[]
  invalidtag?: number[]
}

/**
 * auth/getuserinfo, normalised: a member has `userid` (and `user_ticket` with
 * snsapi_privateinfo); someone outside the corp has `openid` and maybe `external_userid`.
 * The older user/getuserinfo answer (`UserId`, `OpenId`, `DeviceId`) maps to the same fields.
 */
export interface UserIdentity extends WeComResult {
  userid?: string
  openid?: string
  external_userid?: string
  user_ticket?: string
  expires_in?: number
  deviceid?: string
}

export interface GetUserIdResult extends WeComResult {
  userid: string
}

export interface ConvertToOpenIdResult extends WeComResult {
  openid: string
}

export interface DepartmentUser {
  userid: string
  department: number
}

export interface ListIdsPage extends WeComResult {
  next_cursor?: string
  dept_user: DepartmentUser[]
}

export type { WeComResult }
