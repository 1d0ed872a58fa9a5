/**
 * Public record types. Field names are WeCom's own (snake_case, `userid`, `parentid` …) so a test can
 * compare what the simulator holds with what an API answer or request body says, field for field.
 */

export interface SimulatorOptions {
  /** Default `wwsimcorp`. */
  corpId?: string | undefined
  /** Default `sim-secret`. */
  corpSecret?: string | undefined
  /** Name of the root department (id 1). Default `模拟企业`. */
  corpName?: string | undefined
  /** Where the msw handlers answer. Default `https://qyapi.weixin.qq.com/cgi-bin/`. */
  baseUrl?: string | undefined
  /** Lifetime of issued access tokens. Default 7200, as WeCom. */
  tokenTtlSeconds?: number | undefined
  /**
   * Recurse into sub-departments on `user/simplelist` and `user/list` when the query has
   * `fetch_child=1`, as WeCom did before the flag left the docs. Default false: the flag is ignored,
   * like the current docs say, so code that still relies on it is caught.
   */
  legacyFetchChild?: boolean | undefined
  /**
   * How many `batch/getresult` answers show a batch job unfinished: the first answers status 1
   * (started, 0 %), the next ones status 2 (running, rising percentage), the one after them status 3
   * with the result; the directory changes then. Default 2. 0 finishes a job on its first poll.
   */
  jobSteps?: number | undefined
  /**
   * The corp's apps. Default: one app, agentid 1000002 "模拟应用", visible to the whole corp. The
   * first app is the one `corpSecret` belongs to (for `ticket/get?type=agent_config`); `[]` means
   * no app at all.
   */
  agents?: NewAgent[] | undefined
  /**
   * Where the simulator reads the time, epoch ms. Default `Date.now`. `sim.advanceTime(ms)` moves
   * the simulated time on from whatever this says.
   */
  clock?: (() => number) | undefined
}

export interface Department {
  id: number
  name: string
  name_en: string
  parentid: number
  order: number
  /** Derived from the members whose `is_leader_in_dept` marks this department. */
  department_leader: string[]
}

/** What `sim.addDepartment` takes: `department/create`'s body, with `parentid` defaulting to 1. */
export interface NewDepartment {
  name: string
  name_en?: string | undefined
  parentid?: number | undefined
  order?: number | undefined
  id?: number | undefined
}

/** 1 active, 2 disabled, 4 not yet activated, 5 left the company. */
export type MemberStatus = 1 | 2 | 4 | 5

export interface ExtAttrs {
  attrs: unknown[]
}

export interface ExternalProfile {
  external_corp_name: string
  external_attr: unknown[]
  [field: string]: unknown
}

/** A member as `user/get` answers it (without errcode/errmsg). */
export interface Member {
  userid: string
  name: string
  department: number[]
  order: number[]
  position: string
  mobile: string
  /** '0' unknown, '1' male, '2' female: a string, as WeCom sends it. */
  gender: string
  email: string
  biz_mail: string
  is_leader_in_dept: number[]
  direct_leader: string[]
  avatar: string
  thumb_avatar: string
  telephone: string
  alias: string
  address: string
  open_userid: string
  main_department: number
  extattr: ExtAttrs
  status: MemberStatus
  qr_code: string
  external_position: string
  external_profile: ExternalProfile
  enable: number
}

/**
 * What `sim.addUser` takes: `user/create`'s body. Seeding is lenient where the API is strict for
 * convenience only: `department` defaults to `[1]`, mobile and email may both be empty, and
 * `status` (default 1, active) can be set directly.
 */
export interface NewMember {
  userid: string
  name: string
  department?: number[] | undefined
  order?: number[] | undefined
  position?: string | undefined
  mobile?: string | undefined
  gender?: string | number | undefined
  email?: string | undefined
  biz_mail?: string | undefined
  is_leader_in_dept?: number[] | undefined
  direct_leader?: string[] | undefined
  telephone?: string | undefined
  alias?: string | undefined
  address?: string | undefined
  main_department?: number | undefined
  extattr?: ExtAttrs | undefined
  external_position?: string | undefined
  external_profile?: ExternalProfile | undefined
  enable?: number | undefined
  status?: MemberStatus | undefined
}

/** One request as the simulator received it, in arrival order. */
export interface RecordedRequest {
  method: string
  /** Relative to the base URL, e.g. `user/get`. */
  path: string
  query: Record<string, string>
  /** The parsed JSON body, or undefined when there was none or it was not JSON. */
  json: unknown
  /** Epoch ms. */
  at: number
}

/**
 * An injected failure for `failNext`:
 * - `{ errcode, errmsg? }` a WeCom error answer (HTTP 200, JSON), errmsg defaulting to WeCom's wording;
 * - `{ status, body? }` a raw HTTP answer (an object body is sent as JSON, a string as text);
 * - `{ drop: true }` no answer at all: the socket is destroyed (HTTP face) or fetch rejects (msw face).
 */
export type InjectedFailure = (
  | { errcode: number; errmsg?: string | undefined }
  | { status: number; body?: string | Record<string, unknown> | undefined }
  | { drop: true }
) & {
  /**
   * The request is handled first (the message is sent, the member created …) and only its answer
   * is replaced by this failure: a write that reached WeCom but whose answer never came back.
   * Default false: the endpoint does not run.
   */
  processed?: boolean | undefined
}

export interface ListenOptions {
  /** Default 0: any free port. */
  port?: number | undefined
  /** Default `127.0.0.1`. */
  host?: string | undefined
}

export interface SimulatorServer {
  /** e.g. `http://127.0.0.1:51234/cgi-bin/`, usable as the SDK's `baseUrl` as is. */
  url: string
  port: number
  /** Stops listening and closes idle keep-alive sockets, so the process can exit at once. */
  close(): Promise<void>
}

export interface OAuthCodeOptions {
  /** Default `snsapi_base`. With `snsapi_privateinfo` the answer carries a `user_ticket`. */
  scope?: 'snsapi_base' | 'snsapi_privateinfo' | undefined
  /** What the old `user/getuserinfo` answers as `DeviceId`. Default: a random id. */
  deviceId?: string | undefined
}

/** A tag as `sim.tags()` gives it: `tag/get`'s content plus its id. */
export interface Tag {
  tagid: number
  tagname: string
  /** Userids as stored in the directory, in the order they were added. */
  userlist: string[]
  partylist: number[]
}

/** What `sim.addTag` takes: `tag/create`'s body, plus members to add right away. */
export interface NewTag {
  tagname: string
  tagid?: number | undefined
  userlist?: string[] | undefined
  partylist?: number[] | undefined
}

export type MediaType = 'image' | 'voice' | 'video' | 'file'

/** What `sim.addMedia` takes. Seeding skips media/upload's size and format checks. */
export interface NewMedia {
  /** A string is stored as its UTF-8 bytes (handy for CSV files). */
  bytes: Uint8Array | ArrayBuffer | string
  filename: string
  /** Default: from the file name's extension, else `application/octet-stream`. */
  contentType?: string | undefined
  /** Default `file`. */
  type?: MediaType | undefined
}

/** Stored media, as `sim.getMedia` gives it (the bytes are a copy). */
export interface Media {
  media_id: string
  type: MediaType
  filename: string
  contentType: string
  bytes: Uint8Array
  /** Epoch seconds, as media/upload's `created_at` (which WeCom sends as a string). */
  created_at: number
}

/** An image stored by media/uploadimg (the bytes are a copy). */
export interface UploadedImage {
  url: string
  filename: string
  contentType: string
  bytes: Uint8Array
  created_at: number
}

export type BatchJobType = 'sync_user' | 'replace_user' | 'replace_party'

export interface BatchCallback {
  url: string
  token: string
  encodingaeskey: string
}

/** One entry of `batch/getresult`'s `result` for sync_user / replace_user. */
export interface UserJobResult {
  userid: string
  errcode: number
  errmsg: string
}

/**
 * One entry of `result` for replace_party. `action` is a bit set: 1 created, 2 renamed, 4 moved,
 * 8 reordered (0: the row changed nothing).
 */
export interface PartyJobResult {
  action: number
  partyid: number
  errcode: number
  errmsg: string
}

/** A batch job as `sim.jobs()` gives it; reading it does not advance it. */
export interface BatchJob {
  jobid: string
  type: BatchJobType
  /** 1 started, 2 running, 3 done: what the last getresult answered (1 before any). */
  status: 1 | 2 | 3
  /** Rows in the file. */
  total: number
  percentage: number
  media_id: string
  /** sync_user / replace_user only. */
  to_invite?: boolean
  callback?: BatchCallback
  /** Job-level outcome once done: 0, or the errcode getresult answers (45026 …). */
  errcode: number
  /** Once done without a job-level error. */
  result?: UserJobResult[] | PartyJobResult[]
}

/** An app (应用) as `agent/get` answers it (without errcode/errmsg). */
export interface Agent {
  agentid: number
  name: string
  square_logo_url: string
  description: string
  /** Visible range: members (only those still in the directory). */
  allow_userinfos: { user: Array<{ userid: string }> }
  /** Visible range: departments (and their subtrees). */
  allow_partys: { partyid: number[] }
  /** Visible range: tags (their members and departments). */
  allow_tags: { tagid: number[] }
  /** 1: the app is disabled; message/send answers 50003. */
  close: number
  redirect_domain: string
  report_location_flag: number
  isreportenter: number
  home_url: string
  /** Only apps built by a service provider (代开发) have it; absent otherwise, as in WeCom. */
  customized_publish_status?: number
}

/**
 * What `sim.addAgent` and the `agents` option take: `agent/get`'s fields, all but `agentid` and
 * `name` optional. Without any of `allow_userinfos`, `allow_partys`, `allow_tags` the app is
 * visible to the whole corp (`allow_partys: { partyid: [1] }`).
 */
export interface NewAgent {
  agentid: number
  name: string
  description?: string | undefined
  square_logo_url?: string | undefined
  allow_userinfos?: { user: Array<{ userid: string }> } | undefined
  allow_partys?: { partyid: number[] } | undefined
  allow_tags?: { tagid: number[] } | undefined
  close?: 0 | 1 | undefined
  redirect_domain?: string | undefined
  report_location_flag?: 0 | 1 | undefined
  isreportenter?: 0 | 1 | undefined
  home_url?: string | undefined
  customized_publish_status?: number | undefined
  /**
   * The app's own secret: `gettoken` with it issues tokens of this app only (`agent/list` lists just
   * this app, `ticket/get?type=agent_config` answers this app's ticket). Default: none.
   */
  secret?: string | undefined
}

export type MenuButtonType =
  | 'click'
  | 'view'
  | 'scancode_push'
  | 'scancode_waitmsg'
  | 'pic_sysphoto'
  | 'pic_photo_or_album'
  | 'pic_weixin'
  | 'location_select'
  | 'view_miniprogram'

/** One menu button as menu/create takes it and menu/get answers it. */
export interface MenuButton {
  type?: MenuButtonType
  name: string
  key?: string
  url?: string
  appid?: string
  pagepath?: string
  sub_button?: MenuButton[]
}

export type MessageType =
  | 'text'
  | 'image'
  | 'voice'
  | 'video'
  | 'file'
  | 'textcard'
  | 'news'
  | 'mpnews'
  | 'markdown'
  | 'miniprogram_notice'
  | 'template_card'

/** A message message/send delivered, as `sim.sentMessages()` gives it. */
export interface SentMessage {
  /** What message/send answered (a string, as WeCom sends it). */
  msgid: string
  agentid: number
  msgtype: MessageType
  /** The request body as sent (a copy). */
  body: Record<string, unknown>
  /** The userids it reached: touser, toparty and totag resolved, within the app's visible range. */
  recipients: string[]
  /** Epoch ms (simulated clock). */
  at: number
  /** Interactive template cards only. */
  response_code?: string
  /** Identical requests the duplicate check absorbed afterwards (answered, not delivered). */
  duplicates: number
  recalled: boolean
  /** Epoch ms of the recall. */
  recalledAt?: number
}

/**
 * One logical message (an identical request body from the same app) and how many times it was
 * actually delivered: 1 however often a client retried with `enable_duplicate_check`.
 */
export interface MessageDelivery {
  agentid: number
  msgtype: MessageType
  body: Record<string, unknown>
  /** Deliveries, oldest first. */
  msgids: string[]
  count: number
}

/** What `sim.verifyJsapiSignature` checks: the `wx.config` / `wx.agentConfig` arguments. */
export interface JsapiSignatureCheck {
  /** The page URL the signature was made for; the part from `#` on is ignored. */
  url: string
  nonceStr: string
  timestamp: number | string
  signature: string
  /** `corp` (default): get_jsapi_ticket's ticket; `agent`: ticket/get?type=agent_config's. */
  ticketType?: 'corp' | 'agent' | undefined
  /** With `agent`: whose ticket. Default: the first app. */
  agentid?: number | undefined
}

/** What `sim.addWebhook` takes. */
export interface NewWebhook {
  /** Default: a random UUID, like the keys WeCom hands out. */
  key?: string | undefined
  /** Default `模拟机器人`. */
  name?: string | undefined
}

/** A group robot as `sim.addWebhook` and `sim.webhooks()` give it. */
export interface WebhookRobot {
  key: string
  name: string
  /** Its webhook address on the simulator: `<baseUrl>webhook/send?key=…`. */
  url: string
}

export type WebhookMessageType =
  | 'text'
  | 'markdown'
  | 'markdown_v2'
  | 'image'
  | 'news'
  | 'file'
  | 'voice'
  | 'template_card'

/** A message a robot posted to its group, as `sim.webhookMessages(key)` gives it. */
export interface WebhookMessageRecord {
  msgtype: WebhookMessageType
  /** The request body as sent (a copy). */
  body: Record<string, unknown>
  /** Epoch ms (simulated clock). */
  at: number
}

/** A file webhook/upload_media stored (the bytes are a copy). */
export interface WebhookMedia {
  media_id: string
  type: 'file' | 'voice'
  filename: string
  contentType: string
  bytes: Uint8Array
  /** Epoch seconds. */
  created_at: number
}

/** An app chat as `appchat/get` answers its `chat_info`. */
export interface AppChat {
  chatid: string
  name: string
  owner: string
  userlist: string[]
  chat_type: 0 | 1
}

/** What `sim.addAppChat` takes: appchat/create's body, and the app that creates the chat. */
export interface NewAppChat {
  userlist: string[]
  name?: string | undefined
  owner?: string | undefined
  chatid?: string | undefined
  /** Default: the first app. */
  agentid?: number | undefined
}

export type AppChatMessageType =
  | 'text'
  | 'image'
  | 'voice'
  | 'video'
  | 'file'
  | 'textcard'
  | 'news'
  | 'mpnews'
  | 'markdown'

/** A message appchat/send delivered, as `sim.appChatMessages(chatid)` gives it. */
export interface AppChatMessageRecord {
  chatid: string
  agentid: number
  msgtype: AppChatMessageType
  /** The request body as sent (a copy). */
  body: Record<string, unknown>
  /** The members it reached: the chat's members at that moment. */
  recipients: string[]
  at: number
}

/** Where the simulator posts callbacks (`sim.setCallback`): the app's URL, Token and EncodingAESKey. */
export interface CallbackTargetOptions {
  url: string
  /** 1–32 letters or digits, as the admin console allows. */
  token: string
  /** 43 base64 characters. */
  encodingAesKey: string
}

/** An event the simulator fired (`sim.callbacks()`), in WeCom's own field names. */
export interface CallbackRecord {
  /** The decrypted event: ToUserName, CreateTime, MsgType, Event, and the event's own fields. */
  event: Record<string, string | number>
  /** The same as WeCom's XML, before encryption. */
  xml: string
  /** Epoch ms, simulated clock. */
  at: number
  /** With a callback URL set: what it answered, or why it could not be reached. */
  delivery?: { status: number; body: string } | { error: string }
}

/** 0 new, 1 smart assistant, 2 waiting in the pool, 3 a servicer, 4 ended. */
export type KfServiceState = 0 | 1 | 2 | 3 | 4

/** A customer service account (微信客服账号) as `sim.kfAccounts()` gives it. */
export interface KfAccount {
  open_kfid: string
  name: string
  avatar: string
  manage_privilege: boolean
  servicers: Array<{ userid: string; status: 0 | 1 }>
  departments: number[]
}

/** What `sim.addKfAccount` takes: kf/account/add's body without the avatar check, plus servicers. */
export interface NewKfAccount {
  name: string
  /** Default: a new `wk…` id. */
  open_kfid?: string | undefined
  media_id?: string | undefined
  /** Userids of the directory who receive this account's sessions. */
  servicers?: string[] | undefined
}

/** A WeChat customer of customer service, as kf/customer/batchget answers. */
export interface KfCustomer {
  external_userid: string
  nickname: string
  avatar: string
  gender: number
  unionid: string
}

export interface NewKfCustomer {
  /** Default: a new `wm…` id. */
  external_userid?: string | undefined
  nickname?: string | undefined
  avatar?: string | undefined
  gender?: number | undefined
  unionid?: string | undefined
}

/** A message or event kf/sync_msg returns, as WeCom sends it. */
export interface KfSyncedMessage {
  msgid: string
  open_kfid: string
  external_userid?: string
  send_time: number
  /** 3 the customer, 4 an event, 5 a servicer in WeCom. */
  origin: 3 | 4 | 5
  servicer_userid?: string
  msgtype: string
  [payload: string]: unknown
}

/** What a customer sends: a text, or a sync_msg payload (`{ msgtype: 'image', image: { media_id } }`). */
export type KfCustomerMessage = string | { msgtype: string; [payload: string]: unknown }

/** What `kfCustomerSays` / `kfCustomerEnters` did. */
export interface KfCustomerActivity {
  /** The synced message's msgid. */
  msgid: string
  external_userid: string
  /** The callback's Token (for kf/sync_msg, valid 10 minutes). */
  token: string
  /** The kf_msg_or_event callback fired, with its delivery. */
  callback: CallbackRecord
  /** enter_session: the welcome_code for send_msg_on_event, when asked for. */
  welcome_code?: string
}

/** A message kf/send_msg or kf/send_msg_on_event delivered. */
export interface KfSentMessage {
  msgid: string
  open_kfid: string
  touser: string
  msgtype: string
  /** The request as sent. */
  body: Record<string, unknown>
  at: number
  /** send_msg_on_event: which kind of code it used. */
  code?: 'welcome' | 'reply' | 'end'
}

/** A session between an account and a customer. */
export interface KfSession {
  open_kfid: string
  external_userid: string
  service_state: KfServiceState
  servicer_userid?: string
  /** Epoch ms of the customer's last message: the 48-hour window runs from it. */
  last_customer_message_at: number
  /** API sends left before the customer writes again (5 per customer message). */
  sends_left: number
}

/** A message/update_template_card call WeCom accepted, as `sim.templateCardUpdates()` gives it. */
export interface TemplateCardUpdate {
  response_code: string
  /** The message whose card it updated. */
  msgid: string
  /** The request body as sent (a copy). */
  body: Record<string, unknown>
  at: number
}

/** One entry of message/get_statistics' `statistics`. */
export interface MessageStatistics {
  agentid: number
  app_name: string
  /** Person-messages delivered that day ("发消息成功人次"). */
  count: number
}

/** What `sim.addLinkedCorp` takes: a corp linked to this one (互联企业) and who is in it. */
export interface NewLinkedCorp {
  corpId: string
  /** Its members' userids, reachable as "corpId/userid". */
  users?: string[] | undefined
  /** Its department ids, reachable as "corpId/id" (each reaches all of the corp's members). */
  departments?: Array<number | string> | undefined
}

/** A message linkedcorp/message/send delivered, as `sim.linkedCorpMessages()` gives it. */
export interface LinkedCorpMessageRecord {
  agentid: number
  msgtype: MessageType
  /** The request body as sent (a copy). */
  body: Record<string, unknown>
  /** Who it reached: this corp's userids and "corpId/userid" of linked corps. */
  recipients: string[]
  at: number
}

/** A member following a customer, as `sim.addExternalContact` takes it. */
export interface NewFollow {
  userid: string
  remark?: string | undefined
  description?: string | undefined
  /** Corp tag ids (see `addCorpTagGroup`). */
  tags?: string[] | undefined
  remark_corp_name?: string | undefined
  remark_mobiles?: string[] | undefined
  /** How the customer was added (1 scanned a QR code …). Default 1. */
  add_way?: number | undefined
  /** The contact way's `state` the customer came through. */
  state?: string | undefined
  /** Seconds. Default: now. */
  createtime?: number | undefined
}

/** What `sim.addExternalContact` takes: a customer and the members who follow them. */
export interface NewExternalContact {
  /** Default: a new `wm…` (type 1) or `wo…` (type 2) id. */
  external_userid?: string | undefined
  name: string
  /** 1 a WeChat user (default), 2 a WeCom user. */
  type?: 1 | 2 | undefined
  gender?: 0 | 1 | 2 | undefined
  avatar?: string | undefined
  /** WeChat users: default a new `o…` id. */
  unionid?: string | undefined
  position?: string | undefined
  corp_name?: string | undefined
  corp_full_name?: string | undefined
  /** Members (userids, or with their remark and tags) who follow the customer; customer contact is turned on for them. */
  follow?: Array<string | NewFollow> | undefined
}

/** A customer as `sim.externalContacts()` gives it: externalcontact/get's answer, every follower. */
export interface ExternalContactRecord {
  external_contact: {
    external_userid: string
    name: string
    avatar: string
    type: 1 | 2
    gender: 0 | 1 | 2
    unionid?: string
    position?: string
    corp_name?: string
    corp_full_name?: string
  }
  follow_user: Array<{
    userid: string
    remark: string
    description: string
    createtime: number
    tags: Array<{ group_name: string; tag_name: string; tag_id: string; type: 1 }>
    remark_corp_name: string
    remark_mobiles: string[]
    oper_userid: string
    add_way: number
    state?: string
  }>
}

/** What `sim.addCustomerGroupChat` takes: an owner and members (userids of the directory, external_userids). */
export interface NewCustomerGroupChat {
  owner: string
  name?: string | undefined
  chat_id?: string | undefined
  notice?: string | undefined
  members?: string[] | undefined
}

/** A customer group chat, as externalcontact/groupchat/get answers it. */
export interface CustomerGroupChat {
  chat_id: string
  name: string
  owner: string
  create_time: number
  notice: string
  member_list: Array<{
    userid: string
    type: 1 | 2
    join_time: number
    join_scene: number
    unionid?: string
    name?: string
  }>
  admin_list: Array<{ userid: string }>
}

export interface CorpTagGroupRecord {
  group_id: string
  group_name: string
  create_time: number
  order: number
  tag: Array<{ id: string; name: string; create_time: number; order: number }>
}

/** A mass send (add_msg_template) and where each part of it stands. */
export interface GroupMessageRecord {
  msgid: string
  chat_type: 'single' | 'group'
  creator?: string
  create_type: 0 | 1
  create_time: number
  text?: Record<string, unknown>
  attachments?: Record<string, unknown>[]
  tasks: Array<{ userid: string; status: 0 | 2; send_time?: number }>
  sends: Array<{
    userid: string
    external_userid?: string
    chat_id?: string
    status: 0 | 1 | 2 | 3
    send_time?: number
  }>
}

/** A customer handover (transfer_customer, resigned/transfer_customer). */
export interface TransferRecord {
  handover_userid: string
  takeover_userid: string
  external_userid: string
  resigned: boolean
  /** 1 taken over, 2 waiting (24 hours), 3 refused by the customer. */
  status: 1 | 2 | 3
}

/** What send_welcome_msg sent. */
export interface WelcomeMessageRecord {
  welcome_code: string
  userid: string
  external_userid: string
  body: Record<string, unknown>
  at: number
}
