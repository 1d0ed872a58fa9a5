import type { WeComResult } from '@wecom-kit/core'
import type { ExternalUserId, PendingId, UnionId } from './schemas.js'

// Answers with WeCom's own field names (客户联系, document/path/92113 …).

export interface ListFollowUsersResult extends WeComResult {
  /** Members with customer contact (客户联系) turned on. */
  follow_user: string[]
}

export interface ListCustomersResult extends WeComResult {
  external_userid: ExternalUserId[]
}

export interface ExternalAttr {
  /** 0 text, 1 web page, 2 mini program. */
  type: 0 | 1 | 2
  name: string
  text?: { value: string }
  web?: { url: string; title: string }
  miniprogram?: { appid: string; pagepath: string; title: string }
}

/** A customer as WeCom describes them (`external_contact`). */
export interface ExternalContact {
  external_userid: ExternalUserId
  name: string
  avatar?: string
  /** 1 a WeChat user, 2 a WeCom user. */
  type: 1 | 2
  /** 0 unknown, 1 male, 2 female. */
  gender: 0 | 1 | 2
  /** With a bound WeChat open platform account, for WeChat users. */
  unionid?: UnionId
  position?: string
  corp_name?: string
  corp_full_name?: string
  external_profile?: { external_attr: ExternalAttr[] }
}

export interface FollowUserTag {
  group_name: string
  tag_name: string
  tag_id?: string
  /** 1 a corp tag, 2 a member's own, 3 a rule-group tag. */
  type: 1 | 2 | 3
}

/** One member following a customer (`follow_user` entry). */
export interface FollowUser {
  userid: string
  remark: string
  description: string
  /** Seconds since the epoch. */
  createtime: number
  tags?: FollowUserTag[]
  remark_corp_name?: string
  remark_mobiles?: string[]
  oper_userid?: string
  /** How the customer was added (0 unknown, 1 scanned a QR code, … 202 assigned by an admin). */
  add_way?: number
  /** The `state` of the contact way the customer came through. */
  state?: string
  wechat_channels?: { nickname: string; source?: number }
}

/** externalcontact/get, all follow_user pages joined. */
export interface GetCustomerResult extends WeComResult {
  external_contact: ExternalContact
  follow_user: FollowUser[]
}

/** One entry of batch/get_by_user: a (customer, follow user) pair, as WeCom returns it. */
export interface CustomerByUser {
  external_contact: ExternalContact
  follow_info: Omit<FollowUser, 'tags'> & { tag_id?: string[] }
}

export interface ContactWay {
  config_id: string
  type: 1 | 2
  scene: 1 | 2
  style?: number
  remark?: string
  skip_verify?: boolean
  state?: string
  qr_code?: string
  user?: string[]
  party?: number[]
  is_temp?: boolean
  expires_in?: number
  chat_expires_in?: number
  unionid?: string
  is_exclusive?: boolean
  conclusions?: Record<string, unknown>
}

export interface AddContactWayResult extends WeComResult {
  config_id: string
  /** With scene 2: the QR code's URL. */
  qr_code?: string
}

export interface GetContactWayResult extends WeComResult {
  contact_way: ContactWay
}

export interface GroupChatSummary {
  chat_id: string
  /** 0 normal, 1 owner left and not taken over, 2 being taken over, 3 taken over. */
  status: 0 | 1 | 2 | 3
}

export interface GroupChatMember {
  userid: string
  /** 1 a member, 2 a customer. */
  type: 1 | 2
  unionid?: string
  join_time: number
  /** 1 invited directly, 2 invited by link, 3 scanned the QR code. */
  join_scene: number
  invitor?: { userid: string }
  group_nickname?: string
  /** With need_name. */
  name?: string
}

export interface GroupChat {
  chat_id: string
  name: string
  owner: string
  create_time: number
  notice?: string
  member_list: GroupChatMember[]
  admin_list?: { userid: string }[]
  member_version?: string
}

export interface GetGroupChatResult extends WeComResult {
  group_chat: GroupChat
}

export interface CorpTag {
  id: string
  name: string
  create_time: number
  order: number
  deleted?: boolean
}

export interface CorpTagGroup {
  group_id: string
  group_name: string
  create_time: number
  order: number
  deleted?: boolean
  tag: CorpTag[]
}

export interface ListCorpTagsResult extends WeComResult {
  tag_group: CorpTagGroup[]
}

export interface AddCorpTagResult extends WeComResult {
  tag_group: CorpTagGroup
}

export interface AddMsgTemplateResult extends WeComResult {
  /** Customers or chats that could not be sent to (not yours, over the monthly limit …). */
  fail_list?: string[]
  msgid: string
}

export interface GroupMessage {
  msgid: string
  creator?: string
  /** 0 the corp, 1 a member. */
  create_type: 0 | 1
  create_time: string
  text?: { content: string }
  attachments?: Record<string, unknown>[]
}

export interface GroupMessageTask {
  userid: string
  /** 0 not sent, 2 sent. */
  status: 0 | 2
  send_time?: number
}

export interface GroupMessageSend {
  external_userid?: string
  chat_id?: string
  userid: string
  /** 0 not sent, 1 sent, 2 not a friend any more, 3 over the limit the customer receives. */
  status: 0 | 1 | 2 | 3
  send_time?: number
}

export interface TransferCustomerResult extends WeComResult {
  /** Per customer: errcode 0, or why it could not be handed over. */
  customer: { external_userid: string; errcode: number }[]
}

export interface TransferStatus {
  external_userid: string
  /** 1 taken over, 2 waiting, 3 refused by the customer, 4 over the takeover member's limit, 5 none. */
  status: 1 | 2 | 3 | 4 | 5
  takeover_time?: number
}

/** One unassigned customer of a member who left (get_unassigned_list `info` entry). */
export interface UnassignedCustomer {
  handover_userid: string
  external_userid: string
  dimission_time: number
}

export interface UserBehaviorDataResult extends WeComResult {
  behavior_data: {
    stat_time: number
    chat_cnt?: number
    message_cnt?: number
    reply_percentage?: number
    avg_reply_time?: number
    negative_feedback_cnt?: number
    new_apply_cnt?: number
    new_contact_cnt?: number
  }[]
}

export interface ConvertExternalUserIdResult extends WeComResult {
  openid: string
}

export interface PendingIdResult extends WeComResult {
  result: { external_userid: ExternalUserId; pending_id: PendingId }[]
}

export type { WeComResult }
