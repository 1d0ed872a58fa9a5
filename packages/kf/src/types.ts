import type { WeComResult } from '@wecom-kit/core'

// Answers with WeCom's own field names (document/path/94645–94677, 95122, 95159).

export interface KfAddAccountResult extends WeComResult {
  /** The new account's id. */
  open_kfid: string
}

export interface KfAccount {
  open_kfid: string
  name: string
  /** The avatar's URL. */
  avatar: string
  /** Whether this app may manage the account ("是否有管理权限"). */
  manage_privilege?: boolean
}

export interface KfListAccountsResult extends WeComResult {
  account_list: KfAccount[]
}

export interface KfAddContactWayResult extends WeComResult {
  /** The link a customer opens to write to the account; add `scene_param=…` when `scene` was given. */
  url: string
}

/** One userid or department of servicer/add or servicer/del, with its own outcome. */
export interface KfServicerResult {
  userid?: string
  department_id?: number
  errcode: number
  errmsg: string
}

export interface KfServicersResult extends WeComResult {
  result_list: KfServicerResult[]
}

export interface KfServicer {
  /** A servicer added as a member. */
  userid?: string
  /** 0 receiving, 1 stopped ("0:接待中,1:停止接待"). */
  status?: 0 | 1
  /** When stopped: 0 stopped, 1 suspended ("0:停止接待,1:暂时挂起"). */
  stop_type?: 0 | 1
  /** A servicer added as a department. */
  department_id?: number
}

export interface KfListServicersResult extends WeComResult {
  servicer_list: KfServicer[]
}

/** 0 new, 1 smart assistant, 2 waiting in the pool, 3 a servicer, 4 ended or not started. */
export type KfServiceState = 0 | 1 | 2 | 3 | 4

export interface KfServiceStateResult extends WeComResult {
  service_state: KfServiceState
  /** The servicer, when service_state is 3. */
  servicer_userid?: string
}

export interface KfTransServiceStateResult extends WeComResult {
  /**
   * For send_msg_on_event: a reply code when the session first moves to 2 or 3, a closing code
   * when it moves to 4.
   */
  msg_code?: string
}

export interface KfSendResult extends WeComResult {
  /** The msgid given, or the one WeCom made. */
  msgid: string
}

export interface KfCustomer {
  external_userid: string
  nickname: string
  avatar: string
  /** 0 unknown, 1 male, 2 female. */
  gender: number
  /** Only when the corp bound a WeChat open platform account. */
  unionid?: string
  /** With need_enter_session_context: how the customer last entered a session. */
  enter_session_context?: { scene: string; scene_param: string; wechat_channels?: Record<string, unknown> }
}

export interface KfBatchGetCustomersResult extends WeComResult {
  customer_list: KfCustomer[]
  invalid_external_userid: string[]
}

/** Where a synced message came from: 3 the customer, 4 a system event, 5 a servicer in WeCom. */
export type KfMessageOrigin = 3 | 4 | 5

/**
 * One entry of kf/sync_msg's `msg_list`, as WeCom sends it: `msgtype` with its payload under the
 * same name (`text: { content, menu_id? }`, `image: { media_id }`, `event: { event_type, … }` …).
 */
export interface KfMessage {
  msgid: string
  open_kfid: string
  external_userid?: string
  /** Seconds since the epoch. */
  send_time: number
  origin: KfMessageOrigin
  servicer_userid?: string
  msgtype: string
  text?: { content: string; menu_id?: string }
  image?: { media_id: string }
  voice?: { media_id: string }
  video?: { media_id: string }
  file?: { media_id: string }
  location?: { latitude: number; longitude: number; name: string; address: string }
  link?: { title: string; desc: string; url: string; pic_url: string }
  business_card?: { userid: string }
  miniprogram?: { title: string; appid: string; pagepath: string; thumb_media_id: string }
  msgmenu?: Record<string, unknown>
  event?: KfEvent
  [field: string]: unknown
}

/**
 * An event of kf/sync_msg (`msgtype: 'event'`): enter_session (with a `welcome_code` when WeCom
 * lets the API greet), msg_send_fail, servicer_status_change, session_status_change,
 * user_recall_msg, servicer_recall_msg, reject_customer_msg_switch_change …
 */
export interface KfEvent {
  event_type: string
  open_kfid?: string
  external_userid?: string
  scene?: string
  scene_param?: string
  welcome_code?: string
  fail_msgid?: string
  fail_type?: number
  servicer_userid?: string
  status?: number
  change_type?: number
  old_servicer_userid?: string
  new_servicer_userid?: string
  msg_code?: string
  recall_msgid?: string
  [field: string]: unknown
}

export interface KfSyncPage extends WeComResult {
  next_cursor: string
  /** 1 when there is more; a page may be empty and still say 1. */
  has_more: 0 | 1
  msg_list: KfMessage[]
}

export type { WeComResult }
