import type { WeComResult } from '@wecom-kit/core'

// Answers with WeCom's own field names (document/path/90601–90606, 100776, 100795, 91121, 91122).

export type { WeComResult }

export interface SuitePreAuthCodeResult extends WeComResult {
  /** Goes into the install URL; valid `expires_in` seconds (1 200). */
  pre_auth_code: string
  expires_in: number
}

/** The authorized corp. The v2 answers carry fewer fields than v1 (no `corp_wxqrcode`, but `corp_ex_name`). */
export interface SuiteAuthCorpInfo {
  corpid: string
  corp_name: string
  corp_type?: string
  corp_square_logo_url?: string
  corp_user_max?: number
  corp_full_name?: string
  verified_end_time?: number
  subject_type?: number
  corp_wxqrcode?: string
  corp_scale?: string
  corp_industry?: string
  corp_sub_industry?: string
  location?: string
  /** The corp's other names (v2 get_auth_info, 100795). */
  corp_ex_name?: { name_list?: string }
}

/** The admin who installed the app. */
export interface SuiteAuthUserInfo {
  userid?: string
  open_userid?: string
  name?: string
  avatar?: string
}

/** Present when the install came through a registration code (推广二维码). */
export interface SuiteRegisterCodeInfo {
  register_code?: string
  template_id?: string
  state?: string
}

/** service/v2/get_permanent_code: the code and who granted it; no corp token, no agents (ask get_auth_info). */
export interface SuitePermanentCodeResult extends WeComResult {
  /** Store it: the corp's lasting grant. It is a credential: keep it out of logs. */
  permanent_code: string
  auth_corp_info: Pick<SuiteAuthCorpInfo, 'corpid' | 'corp_name'>
  auth_user_info?: SuiteAuthUserInfo
  register_code_info?: SuiteRegisterCodeInfo
  /** The `state` of the install URL. */
  state?: string
}

export interface SuiteAgentPrivilege {
  /** 1 read-only contacts, 2 read-write. */
  level?: number
  allow_party?: number[]
  allow_user?: string[]
  allow_tag?: number[]
  extra_party?: number[]
  extra_user?: string[]
  extra_tag?: number[]
}

/** One app of the suite as the corp authorized it. */
export interface SuiteAuthorizedAgent {
  /** The app's agentid in that corp: what `corpClient({ agentId })` takes. */
  agentid: number
  name: string
  round_logo_url?: string
  square_logo_url?: string
  appid?: number
  /** 0 admin authorization, 1 member authorization. */
  auth_mode?: number
  is_customized_app?: boolean
  auth_from_thirdapp?: boolean
  privilege?: SuiteAgentPrivilege
  shared_from?: { corpid: string; share_type?: number }
}

export interface SuiteDealerCorpInfo {
  corpid: string
  corp_name: string
}

/** Paid editions (付费版本), for apps with a pricing plan. */
export interface SuiteEditionInfo {
  agent: Array<{
    agentid: number
    edition_id?: string
    edition_name?: string
    app_status?: number
    user_limit?: number
    expired_time?: number
    is_virtual_version?: boolean
    is_shared_from_other_corp?: boolean
  }>
}

/** service/get_auth_info (v1 and v2). */
export interface SuiteAuthInfoResult extends WeComResult {
  auth_corp_info: SuiteAuthCorpInfo
  auth_info: { agent: SuiteAuthorizedAgent[] }
  dealer_corp_info?: SuiteDealerCorpInfo
  edition_info?: SuiteEditionInfo
}

/** service/get_permanent_code (v1): the code, the corp, its agents and a first corp token. */
export interface SuitePermanentCodeV1Result extends SuiteAuthInfoResult {
  permanent_code: string
  /**
   * The corp's token, valid `expires_in` seconds. `suite.getPermanentCodeV1` stores it where
   * `corpClient` looks first; the standalone `getSuitePermanentCodeV1` leaves it to you.
   */
  access_token: string
  expires_in: number
  auth_user_info?: SuiteAuthUserInfo
  register_code_info?: SuiteRegisterCodeInfo
  state?: string
}

export interface SuiteAdminListResult extends WeComResult {
  admin: Array<{
    userid?: string
    open_userid?: string
    /** 0 may use the app, 1 may also manage it. */
    auth_type: number
  }>
}

/** service/auth/getuserinfo3rd: a member (`userid`, …) or a visitor outside the corp (`openid`). */
export interface UserInfo3rdResult extends WeComResult {
  corpid: string
  userid?: string
  open_userid?: string
  /** With scope snsapi_privateinfo, for a member in the app's visible range: for getUserDetail3rd. */
  user_ticket?: string
  expires_in?: number
  /** A visitor who is not a member of the corp. */
  openid?: string
}

/** service/auth/getuserdetail3rd: the member's private fields, each present only when granted. */
export interface UserDetail3rdResult extends WeComResult {
  corpid: string
  userid: string
  gender?: string
  avatar?: string
  qr_code?: string
  mobile?: string
  email?: string
  biz_mail?: string
  address?: string
}
