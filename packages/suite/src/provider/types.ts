import type { WeComResult } from '@wecom-kit/core'

// Answers of the provider calls, as WeCom sends them (field names untouched).

// —— Provider level ————————————————————————————————————————————————————————————————

/** service/get_login_info: who scanned the provider's login QR code (document/path/91125). */
export interface ProviderLoginInfo extends WeComResult {
  /** 1 creator, 2 internal admin, 3 external admin, 4 sub-admin, 5 member. */
  usertype: number
  user_info: { userid: string; open_userid?: string; name?: string; avatar?: string }
  corp_info: { corpid: string }
  /** The apps the user administers, with `auth_type` 0 use, 1 manage. */
  agent?: { agentid: number; auth_type: number }[]
  auth_info?: { department: { id: number; writable: boolean }[] }
}

/** service/corpid_to_opencorpid. */
export interface OpenCorpIdResult extends WeComResult {
  open_corpid: string
}

/** service/get_register_code: the code lives `expires_in` seconds and is used once. */
export interface RegisterCodeResult extends WeComResult {
  register_code: string
  expires_in: number
}

/**
 * service/get_register_info: a corp created through a register code. `contact_sync.access_token`
 * is a credential with full contact write access while the contact migration is open.
 */
export interface RegisterInfoResult extends WeComResult {
  corpid: string
  contact_sync?: { access_token: string; expires_in: number }
  auth_user_info: { userid: string }
  state?: string
  template_id: string
}

// —— ID conversion ——————————————————————————————————————————————————————————————————

export interface UserIdToOpenUserIdResult extends WeComResult {
  open_userid_list: { userid: string; open_userid: string }[]
  invalid_userid_list?: string[]
}

export interface OpenUserIdToUserIdResult extends WeComResult {
  userid_list: { open_userid: string; userid: string }[]
  invalid_open_userid_list?: string[]
}

export interface NewExternalUserIdResult extends WeComResult {
  items: { external_userid: string; new_external_userid: string }[]
}

export interface UnionIdToExternalUserIdResult extends WeComResult {
  /** Empty when the customer has no relation with the corp yet: then `pending_id` stands in. */
  external_userid?: string
  pending_id?: string
}

export interface PendingIdResult extends WeComResult {
  result: { external_userid: string; pending_id: string }[]
}

export interface ExternalTagIdResult extends WeComResult {
  items: { external_tagid: string; open_external_tagid: string }[]
  invalid_external_tagid_list?: string[]
}

export interface OpenKfIdResult extends WeComResult {
  items: { open_kfid: string; new_open_kfid: string }[]
  invalid_open_kfid_list?: string[]
}

export interface TmpExternalUserIdResult extends WeComResult {
  /** A customer comes back as `external_userid`; a member of another corp as `corpid` + `userid`. */
  results: { tmp_external_userid: string; external_userid?: string; corpid?: string; userid?: string }[]
  invalid_tmp_external_userid_list?: string[]
}

export interface ExternalUserIdResult extends WeComResult {
  external_userid: string
}

// —— Licences (接口许可) ———————————————————————————————————————————————————————————————

export interface LicenseAccountCount {
  base_count?: number
  external_contact_count?: number
}

export interface LicenseOrderIdResult extends WeComResult {
  order_id: string
}

export interface LicenseRenewJobResult extends WeComResult {
  jobid: string
  invalid_account_list?: { errcode: number; errmsg: string; userid: string; type: 1 | 2 }[]
}

/** An entry of list_order. */
export interface LicenseOrderSummary {
  order_id: string
  /** 1 new accounts, 2 renewal, 5 app-edition migration, 6 contract migration. */
  order_type: number
}

export interface LicenseOrder {
  order_id: string
  order_type: number
  /** 0 unpaid, 1 paid, 2 cancelled, 3 expired unpaid, 4 refund requested, 5 refunded, 6 refund refused, 7 void. */
  order_status: number
  corpid: string
  /** In fen (分). */
  price: number
  account_count: LicenseAccountCount
  account_duration: { months?: number; days?: number; new_expire_time?: number }
  create_time: number
  pay_time?: number
}

export interface LicenseOrderResult extends WeComResult {
  order: LicenseOrder
}

/** An entry of list_order_account: a code for bought accounts, a member for renewals. */
export interface LicenseOrderAccount {
  active_code?: string
  userid?: string
  type: 1 | 2
}

export interface LicenseBatchActiveResult extends WeComResult {
  active_result: { active_code: string; userid: string; errcode: number }[]
}

export interface LicenseActiveInfo {
  active_code: string
  type: 1 | 2
  /** 1 unbound, 2 bound and valid, 3 expired, 4 awaiting transfer, 5 merged. */
  status: number
  userid?: string
  create_time: number
  active_time?: number
  expire_time?: number
  merge_info?: { to_active_code?: string; from_active_code?: string }
  share_info?: { to_corpid?: string; from_corpid?: string }
}

export interface LicenseActiveInfoResult extends WeComResult {
  active_info: LicenseActiveInfo
}

export interface LicenseActiveInfoListResult extends WeComResult {
  active_info_list: LicenseActiveInfo[]
  invalid_active_code_list?: string[]
}

/** An entry of list_actived_account (expired accounts included). */
export interface LicenseActivatedAccount {
  userid: string
  type: 1 | 2
  active_time: number
  expire_time: number
}

export interface LicenseMemberActiveInfoResult extends WeComResult {
  /** 0 not activated, 1 activated. */
  active_status: 0 | 1
  active_info_list?: {
    active_code: string
    type: 1 | 2
    userid: string
    active_time: number
    expire_time: number
  }[]
}

export interface LicenseTransferResult extends WeComResult {
  transfer_result: { handover_userid: string; takeover_userid: string; errcode: number }[]
}

export interface LicenseShareResult extends WeComResult {
  share_result: { active_code: string; errcode: number; errmsg: string }[]
}

export interface LicenseAppInfoResult extends WeComResult {
  /** 0 licence checks off (apps authorized before licences), 1 on: accounts are needed after the trial. */
  license_status: 0 | 1
  trail_info?: { start_time: number; end_time: number }
}

export interface LicenseAutoActiveStatusResult extends WeComResult {
  auto_active_status: 0 | 1
}
