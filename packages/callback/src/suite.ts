import { WeComCallbackError } from '@wecom-kit/core'
import type { CallbackExtAttrItem } from './messages.js'
import { parseXml, type XmlObject, type XmlValue } from './xml.js'

// What WeCom posts to a third-party app's 指令回调 URL: `<xml><SuiteId/><InfoType/><TimeStamp/>…</xml>`,
// encrypted with receiveId = the suite id (document/path/90628 suite_ticket, 90642 create_auth /
// change_auth / cancel_auth, 94758 reset_permanent_code, 90639–90641 contact changes of an
// authorized corp). No MsgType, Event, ToUserName or CreateTime; WeCom wants `success` back.

/** Fields every notice carries. */
export interface SuiteNoticeBase<Info extends string> {
  /** The suite's id (or the template id of a 代开发 app). */
  SuiteId: string
  InfoType: Info
  /** Seconds since the epoch. */
  TimeStamp: number
}

/** Every 10 minutes: the ticket service/get_suite_token needs (valid 30 minutes). */
export interface SuiteTicketNotice extends SuiteNoticeBase<'suite_ticket'> {
  SuiteTicket: string
}

/** A corp installed the app (from the app market): exchange AuthCode (10 minutes, once) for a permanent code. */
export interface CreateAuthNotice extends SuiteNoticeBase<'create_auth'> {
  AuthCode: string
  /** The state of the install link. */
  State?: string
  /** Present in some scenarios (e.g. the customer-service component's AuthOpenKfIdList). */
  ExtraInfo?: XmlValue
}

/** The corp changed the app's authorization (visible range, permissions): read it again with get_auth_info. */
export interface ChangeAuthNotice extends SuiteNoticeBase<'change_auth'> {
  AuthCorpId: string
  State?: string
  ExtraInfo?: XmlValue
}

/** The corp uninstalled the app: delete its data. */
export interface CancelAuthNotice extends SuiteNoticeBase<'cancel_auth'> {
  AuthCorpId: string
}

/** The permanent code was reset: exchange the new AuthCode with get_permanent_code. */
export interface ResetPermanentCodeNotice extends SuiteNoticeBase<'reset_permanent_code'> {
  AuthCode: string
}

interface SuiteContactBase<Change extends string> extends SuiteNoticeBase<'change_contact'> {
  /** The authorized corp whose directory changed. */
  AuthCorpId: string
  ChangeType: Change
}
/** A member's custom attribute: the same shape as in a corp's own change_contact. */
export type SuiteExtAttrItem = CallbackExtAttrItem
interface SuiteMemberFields {
  UserID: string
  /** The member's id as this provider sees it. */
  OpenUserID?: string
  Name?: string
  /** Department ids, comma-separated. */
  Department?: string
  MainDepartment?: string
  IsLeaderInDept?: string
  DirectLeader?: string
  Mobile?: string
  Position?: string
  Gender?: string
  Email?: string
  BizMail?: string
  Status?: string
  Avatar?: string
  Alias?: string
  Telephone?: string
  ExtAttr?: SuiteExtAttrItem[]
}
export interface SuiteCreateUserNotice extends SuiteContactBase<'create_user'>, SuiteMemberFields {}
export interface SuiteUpdateUserNotice extends SuiteContactBase<'update_user'>, SuiteMemberFields {
  NewUserID?: string
}
export interface SuiteDeleteUserNotice extends SuiteContactBase<'delete_user'> {
  UserID: string
  OpenUserID?: string
}
export interface SuiteCreatePartyNotice extends SuiteContactBase<'create_party'> {
  Id: string
  Name?: string
  ParentId?: string
  Order?: string
}
export interface SuiteUpdatePartyNotice extends SuiteContactBase<'update_party'> {
  Id: string
  Name?: string
  ParentId?: string
}
export interface SuiteDeletePartyNotice extends SuiteContactBase<'delete_party'> {
  Id: string
}
export interface SuiteUpdateTagNotice extends SuiteContactBase<'update_tag'> {
  TagId: string
  AddUserItems?: string
  DelUserItems?: string
  AddPartyItems?: string
  DelPartyItems?: string
}
/** A directory change in an authorized corp (通讯录变更); narrow on ChangeType. */
export type SuiteContactNotice =
  | SuiteCreateUserNotice
  | SuiteUpdateUserNotice
  | SuiteDeleteUserNotice
  | SuiteCreatePartyNotice
  | SuiteUpdatePartyNotice
  | SuiteDeletePartyNotice
  | SuiteUpdateTagNotice

/** Every notice this package types; narrow it on InfoType (and ChangeType). */
export type KnownSuiteCallbackMessage =
  | SuiteTicketNotice
  | CreateAuthNotice
  | ChangeAuthNotice
  | CancelAuthNotice
  | ResetPermanentCodeNotice
  | SuiteContactNotice

/** A notice this package has no type for (a newer InfoType or ChangeType): WeCom's fields as parsed. */
export interface UnknownSuiteCallbackMessage {
  SuiteId: string
  InfoType: string
  TimeStamp: number
  ChangeType?: string
  AuthCorpId?: string
  [field: string]: XmlValue | XmlValue[] | number | undefined
}

/** What a suite's 指令回调 carries. Call `isKnownSuiteCallbackMessage` first to narrow on InfoType. */
export type SuiteCallbackMessage = KnownSuiteCallbackMessage | UnknownSuiteCallbackMessage

const CONTACT_CHANGES = new Set([
  'create_user',
  'update_user',
  'delete_user',
  'create_party',
  'update_party',
  'delete_party',
  'update_tag',
])
const INFO_TYPES = new Set([
  'suite_ticket',
  'create_auth',
  'change_auth',
  'cancel_auth',
  'reset_permanent_code',
])

/** True when the notice is one this package types; it then narrows on InfoType and ChangeType. */
export function isKnownSuiteCallbackMessage(
  message: SuiteCallbackMessage,
): message is KnownSuiteCallbackMessage {
  if (typeof message !== 'object' || message === null) return false
  const { InfoType, ChangeType } = message as { InfoType?: unknown; ChangeType?: unknown }
  if (InfoType === 'change_contact') return typeof ChangeType === 'string' && CONTACT_CHANGES.has(ChangeType)
  return typeof InfoType === 'string' && INFO_TYPES.has(InfoType)
}

/** True for a decrypted 指令回调 (it has InfoType, not MsgType). */
export function isSuiteCallbackXml(message: XmlObject): boolean {
  return typeof message.InfoType === 'string' && message.MsgType === undefined
}

/**
 * Parses a decrypted 指令回调 into a typed notice. Strict like `parseCallbackXml`: a DOCTYPE or an
 * entity is refused, never expanded; XML without InfoType is refused too.
 */
export function parseSuiteCallbackXml(xml: string): SuiteCallbackMessage {
  const root = parseXml(xml)
  if (root.name !== 'xml' || typeof root.value !== 'object' || root.value === null) {
    throw new WeComCallbackError('xml', 'expected <xml> with child elements')
  }
  return shapeSuiteMessage(root.value as XmlObject)
}

/** Types a parsed notice in place: TimeStamp as a number, ExtAttr items as an array. */
export function shapeSuiteMessage(message: XmlObject): SuiteCallbackMessage {
  if (typeof message.InfoType !== 'string') {
    throw new WeComCallbackError('xml', 'not a suite notice: <InfoType> is missing')
  }
  // The docs' own suite_ticket sample has `<InfoType> <![CDATA[suite_ticket]]></InfoType>`.
  set(message, 'InfoType', message.InfoType.trim())
  const stamp = message.TimeStamp
  if (typeof stamp === 'string' && /^\s*\d+\s*$/.test(stamp)) set(message, 'TimeStamp', Number(stamp))
  const attrs = message.ExtAttr
  if (message.InfoType === 'change_contact' && attrs !== undefined) {
    const items = typeof attrs === 'object' && !Array.isArray(attrs) ? attrs.Item : undefined
    set(message, 'ExtAttr', items === undefined || items === '' ? [] : Array.isArray(items) ? items : [items])
  }
  return message as unknown as SuiteCallbackMessage
}

function set(object: XmlObject, field: string, value: unknown): void {
  ;(object as Record<string, unknown>)[field] = value
}
