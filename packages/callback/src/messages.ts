import { WeComCallbackError } from '@wecom-kit/core'
import { parseXml, type XmlObject, type XmlValue } from './xml.js'

// What a decrypted callback holds, typed per MsgType / Event / ChangeType with WeCom's own
// field names (document/path/90239 messages, 90240 events, 90970–90972 contact changes, 92130
// customer contact changes, 94670 customer service).
// Values stay WeCom's text, IDs included (MsgId passes 2^53); numbers are only times,
// coordinates, counts and error codes. Lists WeCom wraps in repeated elements (<item>,
// <OptionId>, <Item>) become arrays. Fields this file does not name still come through.

/** Fields every callback carries. */
export interface CallbackBase {
  /** The corp's CorpID. */
  ToUserName: string
  /** The member's UserID (`sys` for contact changes). */
  FromUserName: string
  /** Seconds since the epoch. */
  CreateTime: number
  /** The app's AgentID, as text; absent on contact-sync events. */
  AgentID?: string
}

interface MessageBase<Type extends string> extends CallbackBase {
  MsgType: Type
  /** A 64-bit id, kept as its exact decimal text. */
  MsgId: string
  AgentID: string
}

export interface TextMessage extends MessageBase<'text'> {
  Content: string
}
export interface ImageMessage extends MessageBase<'image'> {
  PicUrl: string
  MediaId: string
}
export interface VoiceMessage extends MessageBase<'voice'> {
  MediaId: string
  /** `amr`, `speex` … */
  Format: string
}
export interface VideoMessage extends MessageBase<'video'> {
  MediaId: string
  ThumbMediaId: string
}
export interface LocationMessage extends MessageBase<'location'> {
  /** Latitude. */
  Location_X: number
  /** Longitude. */
  Location_Y: number
  Scale: number
  Label: string
  /** `wxwork` when sent from WeCom itself. */
  AppType?: string
}
export interface LinkMessage extends MessageBase<'link'> {
  Title: string
  Description: string
  Url: string
  PicUrl: string
}

export interface EventBase<Name extends string> extends CallbackBase {
  MsgType: 'event'
  Event: Name
}
export interface AppEvent<Name extends string> extends EventBase<Name> {
  AgentID: string
}
export interface MenuEvent<Name extends string> extends AppEvent<Name> {
  /** The menu button's key (for `view`, its URL; for `view_miniprogram`, its page path). */
  EventKey: string
}

/** A member entered (or left) the app's visible range. */
export interface SubscribeEvent extends AppEvent<'subscribe'> {
  EventKey?: string
}
export interface UnsubscribeEvent extends AppEvent<'unsubscribe'> {
  EventKey?: string
}
export interface EnterAgentEvent extends AppEvent<'enter_agent'> {
  EventKey?: string
}
/** The member's position, reported on entering the app when the app asks for it. */
export interface LocationEvent extends AppEvent<'LOCATION'> {
  Latitude: number
  Longitude: number
  Precision: number
  AppType?: string
}

export type BatchJobType = 'sync_user' | 'replace_user' | 'invite_user' | 'replace_party'
/** An asynchronous batch job (batch/syncuser, replaceuser, replaceparty, invite) finished. */
export interface BatchJobResultEvent extends EventBase<'batch_job_result'> {
  BatchJob: { JobId: string; JobType: BatchJobType; ErrCode: number; ErrMsg: string }
}

export type ClickEvent = MenuEvent<'click'>
export type ViewEvent = MenuEvent<'view'>
export type ViewMiniprogramEvent = MenuEvent<'view_miniprogram'>
export interface ScancodeEvent<Name extends 'scancode_push' | 'scancode_waitmsg'> extends MenuEvent<Name> {
  ScanCodeInfo: { ScanType: string; ScanResult: string }
}
export interface PicEvent<Name extends 'pic_sysphoto' | 'pic_photo_or_album' | 'pic_weixin'>
  extends MenuEvent<Name> {
  SendPicsInfo: { Count: number; PicList: { PicMd5Sum: string }[] }
}
export interface LocationSelectEvent extends MenuEvent<'location_select'> {
  SendLocationInfo: {
    Location_X: number
    Location_Y: number
    Scale: number
    Label: string
    Poiname: string
  }
  AppType?: string
}

/** Approval status changes; `ApprovalInfo` is kept as WeCom's nested structure. */
export interface OpenApprovalChangeEvent extends AppEvent<'open_approval_change'> {
  ApprovalInfo: XmlObject
}
export interface SysApprovalChangeEvent extends EventBase<'sys_approval_change'> {
  ApprovalInfo: XmlObject
}
export type ShareAgentChangeEvent = AppEvent<'share_agent_change'>
export type ShareChainChangeEvent = AppEvent<'share_chain_change'>

/** A member clicked a button of an interactive template card. */
export interface TemplateCardEvent extends MenuEvent<'template_card_event'> {
  TaskId: string
  /** `button_interaction`, `vote_interaction`, `multiple_interaction`, `text_notice` … */
  CardType: string
  /** Single use, 72 hours: message/update_template_card with it. */
  ResponseCode: string
  /** The choices of a vote or multiple-choice card. */
  SelectedItems?: { QuestionKey: string; OptionIds: string[] }[]
}
export interface TemplateCardMenuEvent extends MenuEvent<'template_card_menu_event'> {
  TaskId: string
  CardType: string
  ResponseCode: string
}
export interface TaskcardClickEvent extends MenuEvent<'taskcard_click'> {
  TaskId: string
}
/** WeChat customer service (微信客服) has news: fetch it with kf/sync_msg and this Token. */
export interface KfMsgOrEvent extends EventBase<'kf_msg_or_event'> {
  Token: string
  OpenKfId: string
}

interface ChangeContactBase<Change extends string> extends EventBase<'change_contact'> {
  ChangeType: Change
}
/** A member's custom attribute. */
export interface CallbackExtAttrItem {
  Name: string
  /** `0` text, `1` web page. */
  Type: string
  Text?: { Value: string }
  Web?: { Title: string; Url: string }
}
interface MemberFields {
  UserID: string
  Name?: string
  /** Department ids, comma-separated (`1,2,3`). */
  Department?: string
  MainDepartment?: string
  /** `1`/`0` per department, comma-separated, in the order of `Department`. */
  IsLeaderInDept?: string
  /** Comma-separated UserIDs. */
  DirectLeader?: string
  Position?: string
  Mobile?: string
  /** `1` male, `2` female. */
  Gender?: string
  Email?: string
  BizMail?: string
  /** `1` active, `2` disabled, `4` not yet active, `5` quit. */
  Status?: string
  Avatar?: string
  Alias?: string
  Telephone?: string
  Address?: string
  ExtAttr?: CallbackExtAttrItem[]
}
export interface CreateUserEvent extends ChangeContactBase<'create_user'>, MemberFields {}
export interface UpdateUserEvent extends ChangeContactBase<'update_user'>, MemberFields {
  /** The member's new UserID, when it changed. */
  NewUserID?: string
}
export interface DeleteUserEvent extends ChangeContactBase<'delete_user'> {
  UserID: string
}
export interface CreatePartyEvent extends ChangeContactBase<'create_party'> {
  Id: string
  Name?: string
  ParentId?: string
  Order?: string
}
export interface UpdatePartyEvent extends ChangeContactBase<'update_party'> {
  Id: string
  Name?: string
  ParentId?: string
}
export interface DeletePartyEvent extends ChangeContactBase<'delete_party'> {
  Id: string
}
/** Members or departments were added to or removed from a tag; lists are comma-separated. */
export interface UpdateTagEvent extends ChangeContactBase<'update_tag'> {
  TagId: string
  AddUserItems?: string
  DelUserItems?: string
  AddPartyItems?: string
  DelPartyItems?: string
}
export type ChangeContactEvent =
  | CreateUserEvent
  | UpdateUserEvent
  | DeleteUserEvent
  | CreatePartyEvent
  | UpdatePartyEvent
  | DeletePartyEvent
  | UpdateTagEvent

export type ChangeExternalContactType =
  | 'add_external_contact'
  | 'edit_external_contact'
  | 'add_half_external_contact'
  | 'del_external_contact'
  | 'del_follow_user'
  | 'transfer_fail'
  | 'msg_audit_approved'
/** Fields every change_external_contact event carries. */
export interface ChangeExternalContactBase<Change extends ChangeExternalContactType>
  extends EventBase<'change_external_contact'> {
  ChangeType: Change
  /** The member. */
  UserID: string
  /** The customer. */
  ExternalUserID: string
}
/**
 * A member added a customer (or was added): `State` is the contact way's state, `WelcomeCode`
 * (20 s, once) lets externalcontact/send_welcome_msg greet them.
 */
export interface AddExternalContactEvent extends ChangeExternalContactBase<'add_external_contact'> {
  State?: string
  WelcomeCode?: string
}
/** A customer added a member without verification and has not been accepted yet. */
export interface AddHalfExternalContactEvent extends ChangeExternalContactBase<'add_half_external_contact'> {
  State?: string
  WelcomeCode?: string
}
/** A member edited a customer's remark, description or tags. */
export type EditExternalContactEvent = ChangeExternalContactBase<'edit_external_contact'>
/** A member deleted a customer; `Source` says how (`DELETE_BY_TRANSFER` for a handover). */
export interface DelExternalContactEvent extends ChangeExternalContactBase<'del_external_contact'> {
  Source?: string
}
/** A customer deleted the member. */
export type DelFollowUserEvent = ChangeExternalContactBase<'del_follow_user'>
/** A handover failed: `FailReason` `customer_refused` or `customer_limit_exceed`. */
export interface TransferFailEvent extends ChangeExternalContactBase<'transfer_fail'> {
  FailReason: string
}
/** A customer agreed to chat archiving (会话内容存档); `WelcomeCode` as for add_external_contact. */
export interface MsgAuditApprovedEvent extends ChangeExternalContactBase<'msg_audit_approved'> {
  WelcomeCode?: string
}
/** A customer (external contact) of a member was added, edited, removed … narrow on ChangeType. */
export type ChangeExternalContactEvent =
  | AddExternalContactEvent
  | AddHalfExternalContactEvent
  | EditExternalContactEvent
  | DelExternalContactEvent
  | DelFollowUserEvent
  | TransferFailEvent
  | MsgAuditApprovedEvent

export type ChangeExternalChatType = 'create' | 'update' | 'dismiss'
/** A customer group chat was created, changed or dismissed. */
export interface ChangeExternalChatEvent extends EventBase<'change_external_chat'> {
  ChangeType: ChangeExternalChatType
  ChatId: string
  /** With `update`: add_member, del_member, change_owner, change_name or change_notice. */
  UpdateDetail?: string
  /** add_member: 0 invited by a member, 1 by link, 3 scanned the chat's QR code. */
  JoinScene?: number
  /** del_member: 0 left, 1 removed by the owner. */
  QuitScene?: number
  /** add_member / del_member: how many. */
  MemChangeCnt?: number
  /** add_member / del_member: who (userids and external_userids). */
  MemChangeList?: string[]
  /** The member list's version before and after (groupchat/get's member_version). */
  LastMemVer?: string
  CurMemVer?: string
}

export type ChangeExternalTagType = 'create' | 'update' | 'delete' | 'shuffle'
/** A corp customer tag (or group) was created, renamed, deleted or reordered. */
export interface ChangeExternalTagEvent extends EventBase<'change_external_tag'> {
  ChangeType: ChangeExternalTagType
  /** The tag's or group's id. */
  Id: string
  /** `tag` or `tag_group`. */
  TagType: 'tag' | 'tag_group'
  /** For a rule-group tag (规则组标签): the rule group. */
  StrategyId?: string
}

/** What a member sends the app. */
export type MemberMessage =
  | TextMessage
  | ImageMessage
  | VoiceMessage
  | VideoMessage
  | LocationMessage
  | LinkMessage

export type CallbackEvent =
  | SubscribeEvent
  | UnsubscribeEvent
  | EnterAgentEvent
  | LocationEvent
  | BatchJobResultEvent
  | ChangeContactEvent
  | ChangeExternalContactEvent
  | ChangeExternalChatEvent
  | ChangeExternalTagEvent
  | ClickEvent
  | ViewEvent
  | ViewMiniprogramEvent
  | ScancodeEvent<'scancode_push'>
  | ScancodeEvent<'scancode_waitmsg'>
  | PicEvent<'pic_sysphoto'>
  | PicEvent<'pic_photo_or_album'>
  | PicEvent<'pic_weixin'>
  | LocationSelectEvent
  | OpenApprovalChangeEvent
  | SysApprovalChangeEvent
  | ShareAgentChangeEvent
  | ShareChainChangeEvent
  | TemplateCardEvent
  | TemplateCardMenuEvent
  | TaskcardClickEvent
  | KfMsgOrEvent

/** Every message and event this package types; narrow it on MsgType, Event and ChangeType. */
export type KnownCallbackMessage = MemberMessage | CallbackEvent

/**
 * A message or event this package has no type for (a newer WeCom event, a ChangeType it does
 * not list): WeCom's fields as parsed, `CreateTime` as a number.
 */
export interface UnknownCallbackMessage extends CallbackBase {
  MsgType: string
  Event?: string
  ChangeType?: string
  [field: string]: XmlValue | XmlValue[] | number | undefined
}

/**
 * What `parseCallbackXml` and `decryptMessage` return. Call `isKnownCallbackMessage` first to
 * narrow on MsgType / Event / ChangeType with every field typed.
 */
export type CallbackMessage = KnownCallbackMessage | UnknownCallbackMessage

type Shape = (message: XmlObject) => void

const numbers =
  (...fields: string[]): Shape =>
  (message) => {
    for (const field of fields) toNumber(message, field)
  }

const none: Shape = () => {}

const locationNumbers = numbers('Location_X', 'Location_Y', 'Scale')

const pictures: Shape = (message) => {
  const info = message.SendPicsInfo
  if (!isObject(info)) return
  toNumber(info, 'Count')
  // WeCom sometimes repeats <PicList> once per picture instead of repeating <item>.
  set(
    info,
    'PicList',
    asArray(info.PicList).flatMap((list) => (isObject(list) ? asArray(list.item) : [])),
  )
}

const locationSelect: Shape = (message) => {
  const info = message.SendLocationInfo
  if (isObject(info)) locationNumbers(info)
}

const templateCard: Shape = (message) => {
  const items = message.SelectedItems
  if (items === undefined) return
  set(
    message,
    'SelectedItems',
    (isObject(items) ? asArray(items.SelectedItem) : []).map((item) => {
      if (!isObject(item)) return item
      const options = item.OptionIds
      set(item, 'OptionIds', isObject(options) ? asArray(options.OptionId) : [])
      return item
    }),
  )
}

const member: Shape = (message) => {
  const attrs = message.ExtAttr
  if (attrs !== undefined) set(message, 'ExtAttr', isObject(attrs) ? asArray(attrs.Item) : [])
}

const externalChat: Shape = (message) => {
  numbers('JoinScene', 'QuitScene', 'MemChangeCnt')(message)
  const list = message.MemChangeList
  if (list !== undefined) set(message, 'MemChangeList', isObject(list) ? asArray(list.Item) : [])
}

/** Known types by `MsgType`, `event:Event` or `event:change_contact:ChangeType`. */
const SHAPES: Record<string, Shape> = {
  text: none,
  image: none,
  voice: none,
  video: none,
  location: locationNumbers,
  link: none,
  'event:subscribe': none,
  'event:unsubscribe': none,
  'event:enter_agent': none,
  'event:LOCATION': numbers('Latitude', 'Longitude', 'Precision'),
  'event:batch_job_result': (message) => {
    if (isObject(message.BatchJob)) toNumber(message.BatchJob, 'ErrCode')
  },
  'event:change_contact:create_user': member,
  'event:change_contact:update_user': member,
  'event:change_contact:delete_user': none,
  'event:change_contact:create_party': none,
  'event:change_contact:update_party': none,
  'event:change_contact:delete_party': none,
  'event:change_contact:update_tag': none,
  'event:change_external_contact:add_external_contact': none,
  'event:change_external_contact:edit_external_contact': none,
  'event:change_external_contact:add_half_external_contact': none,
  'event:change_external_contact:del_external_contact': none,
  'event:change_external_contact:del_follow_user': none,
  'event:change_external_contact:transfer_fail': none,
  'event:change_external_contact:msg_audit_approved': none,
  'event:change_external_chat:create': none,
  'event:change_external_chat:update': externalChat,
  'event:change_external_chat:dismiss': none,
  'event:change_external_tag:create': none,
  'event:change_external_tag:update': none,
  'event:change_external_tag:delete': none,
  'event:change_external_tag:shuffle': none,
  'event:click': none,
  'event:view': none,
  'event:view_miniprogram': none,
  'event:scancode_push': none,
  'event:scancode_waitmsg': none,
  'event:pic_sysphoto': pictures,
  'event:pic_photo_or_album': pictures,
  'event:pic_weixin': pictures,
  'event:location_select': locationSelect,
  'event:open_approval_change': none,
  'event:sys_approval_change': none,
  'event:share_agent_change': none,
  'event:share_chain_change': none,
  'event:template_card_event': templateCard,
  'event:template_card_menu_event': none,
  'event:taskcard_click': none,
  'event:kf_msg_or_event': none,
}

/** Events whose type is only known with their ChangeType. */
const BY_CHANGE_TYPE = new Set([
  'change_contact',
  'change_external_contact',
  'change_external_chat',
  'change_external_tag',
])

function typeKey(message: { MsgType?: unknown; Event?: unknown; ChangeType?: unknown }): string {
  const { MsgType, Event, ChangeType } = message
  if (MsgType !== 'event') return typeof MsgType === 'string' ? MsgType : ''
  const event = typeof Event === 'string' ? Event : ''
  return BY_CHANGE_TYPE.has(event) ? `event:${event}:${String(ChangeType)}` : `event:${event}`
}

/** True when the message is one this package types; it then narrows on MsgType / Event / ChangeType. */
export function isKnownCallbackMessage(message: CallbackMessage): message is KnownCallbackMessage {
  if (typeof message !== 'object' || message === null) return false
  return Object.hasOwn(SHAPES, typeKey(message))
}

/**
 * Parses a decrypted callback (`<xml><ToUserName>…</xml>`) into a typed message. Strict: a
 * DOCTYPE, an entity declaration or an undefined entity is refused, never expanded.
 */
export function parseCallbackXml(xml: string): CallbackMessage {
  const root = parseXml(xml)
  if (root.name !== 'xml' || !isObject(root.value)) {
    throw new WeComCallbackError('xml', 'expected <xml> with child elements')
  }
  const message = root.value
  toNumber(message, 'CreateTime')
  const key = typeKey(message)
  if (Object.hasOwn(SHAPES, key)) SHAPES[key]!(message)
  return message as unknown as CallbackMessage
}

function isObject(value: unknown): value is XmlObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function asArray(value: XmlValue | XmlValue[] | undefined): XmlValue[] {
  if (value === undefined || value === '') return []
  return Array.isArray(value) ? value : [value]
}

const NUMBER = /^\s*-?\d+(\.\d+)?\s*$/

/** Turns a numeric text field into a number in place; any other value is left as sent. */
function toNumber(object: XmlObject, field: string): void {
  const value = object[field]
  if (typeof value === 'string' && NUMBER.test(value)) set(object, field, Number(value))
}

function set(object: XmlObject, field: string, value: unknown): void {
  ;(object as Record<string, unknown>)[field] = value
}
