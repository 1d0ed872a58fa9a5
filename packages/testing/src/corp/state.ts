import type { ResolvedOptions } from '../options.js'
import type {
  AppChatMessageRecord,
  BatchCallback,
  BatchJobType,
  LinkedCorpMessageRecord,
  MediaType,
  Member,
  MenuButton,
  MessageType,
  PartyJobResult,
  TemplateCardUpdate,
  UserJobResult,
  WebhookMessageRecord,
} from '../types.js'
import { type CallbackState, createCallbackState } from './callbacks.js'
import { type CustomerState, createCustomerState } from './customers.js'
import { createKfState, type KfState } from './kf.js'

export type { BatchCallback, BatchJobType, MediaType, PartyJobResult, UserJobResult }

/** A department as stored; `department_leader` is derived from members when read. */
export interface StoredDepartment {
  id: number
  name: string
  name_en: string
  parentid: number
  order: number
}

/** A member as stored: the `user/get` shape plus what other endpoints need. */
export interface StoredMember extends Member {
  /** What `user/convert_to_openid` answers; fixed for the member's life, as in WeCom. */
  openid: string
}

export interface TokenRecord {
  expiresAt: number
  /** The secret it was issued for: a live token is handed out again for the same secret only. */
  secret: string
  /** Issued for an app's own secret: the app. Undefined for `corpSecret`. */
  agentid: number | undefined
}

/** An app. Visible range as configured; unknown members, departments and tags are skipped when read. */
export interface StoredAgent {
  agentid: number
  name: string
  square_logo_url: string
  description: string
  allowUsers: string[]
  allowParties: number[]
  allowTags: number[]
  close: number
  redirect_domain: string
  report_location_flag: number
  isreportenter: number
  home_url: string
  customized_publish_status: number | undefined
  secret: string | undefined
}

/** A message message/send delivered. */
export interface StoredMessage {
  msgid: string
  agentid: number
  msgtype: MessageType
  body: Record<string, unknown>
  /** The request body as canonical JSON: what the duplicate check compares. */
  key: string
  recipients: string[]
  /** The answer's fields after errcode/errmsg, repeated for a duplicate. */
  answer: Record<string, unknown>
  at: number
  /** enable_duplicate_check: until when an identical request is absorbed (epoch ms); 0 without. */
  dedupUntil: number
  responseCode: string | undefined
  duplicates: number
  recalledAt: number | undefined
}

export interface TicketRecord {
  ticket: string
  expiresAt: number
}

export interface OAuthCodeRecord {
  userid: string
  scope: 'snsapi_base' | 'snsapi_privateinfo'
  deviceId: string
  expiresAt: number
}

export interface StoredTag {
  tagid: number
  tagname: string
  /** Lower-cased userids, in the order they were added. */
  users: Set<string>
  parties: Set<number>
}

export interface StoredMedia {
  media_id: string
  type: MediaType
  /** Owned by the store: never handed out without a copy. */
  bytes: Uint8Array
  filename: string
  contentType: string
  /** Epoch seconds. */
  createdAt: number
  /** Epoch ms: media_id lives 3 days ("media_id仅三天内有效"). */
  expiresAt: number
}

/** An image from media/uploadimg, served back at its permanent URL. */
export interface StoredImage {
  url: string
  bytes: Uint8Array
  filename: string
  contentType: string
  createdAt: number
}

/** One row of an imported CSV, keyed by the simulator's field names; absent columns are absent. */
export type ImportRow = Record<string, string>

export interface StoredJob {
  jobid: string
  type: BatchJobType
  media_id: string
  to_invite: boolean
  callback: BatchCallback | undefined
  /** The file as parsed when the job was submitted: later changes to the media do not matter. */
  rows: ImportRow[]
  /** getresult answers before the job is done. */
  steps: number
  polls: number
  status: 1 | 2 | 3
  percentage: number
  /** Job-level outcome, set when done: 0, or e.g. 45026 when replace_user would delete too many. */
  errcode: number
  result: Array<UserJobResult | PartyJobResult> | undefined
}

/** A group robot (群机器人): its key, its pacing window and what it received. */
export interface StoredRobot {
  key: string
  name: string
  /** When this minute's sends arrived, oldest first (every call with the key counts). */
  sent: number[]
  /** After a 45009: refused until then (epoch ms). */
  blockedUntil: number
  messages: WebhookMessageRecord[]
  /** webhook/upload_media's files: usable by this robot only. */
  media: Map<string, StoredRobotMedia>
}

export interface StoredRobotMedia {
  media_id: string
  type: 'file' | 'voice'
  bytes: Uint8Array
  filename: string
  contentType: string
  /** Epoch seconds. */
  createdAt: number
  expiresAt: number
}

/** An app chat (应用群聊) appchat/create made. */
export interface StoredAppChat {
  chatid: string
  name: string
  owner: string
  /** Userids as the directory spells them, in the order they joined. */
  users: string[]
  /** 0 an ordinary chat ("0表示普通群聊"). */
  chat_type: 0 | 1
  /** The app that created it: "chatid所代表的群必须是该应用所创建". */
  agentid: number
  messages: AppChatMessageRecord[]
}

/** A template card's response_code: from message/send's answer or a card callback. */
export interface ResponseCodeRecord {
  msgid: string
  issuedAt: number
  /** message/update_template_card consumed it ("只能使用一次"). */
  usedAt: number | undefined
}

/** A linked corp (互联企业) as the simulator knows it: its members and departments. */
export interface StoredLinkedCorp {
  users: Set<string>
  departments: Set<string>
}

/** The whole in-memory corp. Both faces share one, through `handle()`. */
export interface CorpState {
  readonly options: ResolvedOptions
  readonly departments: Map<number, StoredDepartment>
  /** Keyed by lower-cased userid: WeCom userids are case-insensitive. Insertion order = creation order. */
  readonly members: Map<string, StoredMember>
  readonly tags: Map<number, StoredTag>
  readonly tokens: Map<string, TokenRecord>
  readonly oauthCodes: Map<string, OAuthCodeRecord>
  /** `user/list_id` cursors → offset of the next page. */
  readonly cursors: Map<string, number>
  readonly media: Map<string, StoredMedia>
  /** media/uploadimg images by URL path (`pic_wework/…/0`). */
  readonly images: Map<string, StoredImage>
  /** In submission order; only the latest few keep their results. */
  readonly jobs: Map<string, StoredJob>
  /** Jobs whose results WeCom no longer keeps: getresult answers 40089. */
  readonly clearedJobs: Set<string>
  /**
   * Departments a replace_party import left out but could not delete yet (members or children):
   * "当下次导入成员把人从部门移出后自动删除".
   */
  readonly pendingPartyDeletes: Set<number>
  /** getresult answers before a new job is done; `setJobSteps` changes it until `reset()`. */
  jobSteps: number
  /** By agentid, in creation order; the first is the app `corpSecret` belongs to. */
  readonly agents: Map<number, StoredAgent>
  /** menu/create's buttons, by agentid. */
  readonly menus: Map<number, MenuButton[]>
  /** Delivered messages, oldest first. */
  readonly messages: StoredMessage[]
  /** get_jsapi_ticket's ticket (one per corp) and ticket/get?type=agent_config's (one per app). */
  corpTicket: TicketRecord | undefined
  readonly agentTickets: Map<number, TicketRecord>
  /** Group robots by key. */
  readonly robots: Map<string, StoredRobot>
  /** App chats by chatid, in creation order. */
  readonly appChats: Map<string, StoredAppChat>
  /** response_codes handed out by card callbacks, and those already used. */
  readonly responseCodes: Map<string, ResponseCodeRecord>
  /** message/update_template_card calls that WeCom accepted, oldest first. */
  readonly cardUpdates: TemplateCardUpdate[]
  /** Linked corps (互联企业) by corpid. */
  readonly linkedCorps: Map<string, StoredLinkedCorp>
  /** Messages linkedcorp/message/send delivered, oldest first. */
  readonly linkedMessages: LinkedCorpMessageRecord[]
  /** Events for the callback URL (kf_msg_or_event, change_external_*), and where they go. */
  readonly callbacks: CallbackState
  /** WeChat customer service (微信客服): accounts, customers, sessions, messages. */
  readonly kf: KfState
  /** Customer contact (客户联系): customers, follow users, contact ways, chats, tags, mass sends. */
  readonly customers: CustomerState
}

/** Root department order as real corps show it (`"parentid":0,"order":100000000`). */
export const ROOT_ORDER = 100_000_000

export function createCorpState(options: ResolvedOptions): CorpState {
  const root: StoredDepartment = {
    id: 1,
    name: options.corpName,
    name_en: '',
    parentid: 0,
    order: ROOT_ORDER,
  }
  return {
    options,
    departments: new Map([[root.id, root]]),
    members: new Map(),
    tags: new Map(),
    tokens: new Map(),
    oauthCodes: new Map(),
    cursors: new Map(),
    media: new Map(),
    images: new Map(),
    jobs: new Map(),
    clearedJobs: new Set(),
    pendingPartyDeletes: new Set(),
    jobSteps: options.jobSteps,
    agents: new Map(),
    menus: new Map(),
    messages: [],
    corpTicket: undefined,
    agentTickets: new Map(),
    robots: new Map(),
    appChats: new Map(),
    responseCodes: new Map(),
    cardUpdates: [],
    linkedCorps: new Map(),
    linkedMessages: [],
    callbacks: createCallbackState(),
    kf: createKfState(),
    customers: createCustomerState(),
  }
}
