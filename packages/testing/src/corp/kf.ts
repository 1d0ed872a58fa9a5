import type {
  KfAccount,
  KfCustomer,
  KfSentMessage,
  KfServiceState,
  KfSession,
  KfSyncedMessage,
  NewKfAccount,
  NewKfCustomer,
} from '../types.js'
import { type Failure, fail } from '../wecom/answer.js'
import { findMember } from './members.js'
import type { CorpState } from './state.js'
import { byteLength, charLength, isObject, type JsonObject } from './values.js'

/**
 * WeChat customer service (微信客服), the rules its pages state:
 * - accounts (document/path/94661–94665): name "不多于16个字符", media_id of the avatar; open_kfid
 *   `wk…`; an unknown account answers 95004 ("open_kfid不存在"), a malformed one 95000;
 * - servicers (94645–94647): userid_list and department_id_list "0 ~ 100", at least one; each entry
 *   answers its own errcode in result_list (60111 unknown member, 60123 unknown department,
 *   95014 "用户不是接待人员" on delete);
 * - sessions (94669): 0 new, 1 smart assistant, 2 waiting in the pool, 3 a servicer, 4 ended; a
 *   customer writing to an ended (or no) session opens a new one in state 0; moves 0→1/2/3/4,
 *   1→2/3/4, 2→3/4, 3→3/4, others 95016; state 3 needs a servicer of the account (95014) who is
 *   receiving (95019); first moves to 2 or 3 answer a msg_code (48 h), a move to 4 an ending code
 *   (20 s);
 * - sync_msg (94670): messages of the last 3 days from the start, then from `cursor`; `token` of a
 *   callback, valid 10 minutes (95007 otherwise); limit "默认值和最大值都为1000"; origin 3 customer,
 *   4 event, 5 servicer; messages sent through the API are not returned;
 * - send_msg (94677): only in state 0 or 1 (95018), within 48 hours of the customer's last message
 *   (95002), at most 5 since it (95001); a msgid of the caller's "需确保客服账号内唯一" (a repeat is
 *   refused: the docs give no errcode, the simulator answers 40058);
 * - send_msg_on_event (95122): a code once (an unknown, used or expired code answers 95007), text
 *   or msgmenu;
 * - customer/batchget (95159): 1–100 ids, unknown ones in invalid_external_userid.
 */

export interface StoredKfAccount {
  open_kfid: string
  name: string
  media_id: string
  avatar: string
  /** Userids as the directory spells them, with their receiving status (0 receiving, 1 stopped). */
  servicers: Map<string, { userid: string; status: 0 | 1 }>
  departments: Set<number>
  /** msgids used on this account (send_msg's "客服账号内唯一"). */
  msgids: Set<string>
}

export interface StoredKfSession {
  open_kfid: string
  external_userid: string
  state: KfServiceState
  servicer_userid: string | undefined
  /** When the customer last wrote (epoch ms); the 48-hour window runs from it. */
  lastCustomerAt: number
  /** API sends since the customer last wrote (at most 5). */
  sentSinceCustomer: number
  /** Whether a move already answered a msg_code for state 2 / 3 in this session. */
  coded: Set<number>
}

export interface StoredKfCode {
  code: string
  open_kfid: string
  external_userid: string
  /** What the code answers: a welcome, a pool or servicer reply, an ending. */
  kind: 'welcome' | 'reply' | 'end'
  expiresAt: number
  used: boolean
}

export interface KfState {
  readonly accounts: Map<string, StoredKfAccount>
  readonly customers: Map<string, KfCustomer>
  readonly sessions: Map<string, StoredKfSession>
  /** Everything sync_msg can return, every account, oldest first. */
  readonly messages: KfSyncedMessage[]
  /** sync_msg cursors → index of the next message in `messages`. */
  readonly cursors: Map<string, number>
  /** …and the cursor handed out for an index, so that a position always reads the same. */
  readonly cursorAt: Map<number, string>
  /** Callback tokens → when they stop working. */
  readonly tokens: Map<string, number>
  readonly sent: KfSentMessage[]
  readonly codes: Map<string, StoredKfCode>
}

export function createKfState(): KfState {
  return {
    accounts: new Map(),
    customers: new Map(),
    sessions: new Map(),
    messages: [],
    cursors: new Map(),
    cursorAt: new Map(),
    tokens: new Map(),
    sent: [],
    codes: new Map(),
  }
}

const HOUR = 3_600_000
export const WINDOW_MS = 48 * HOUR
export const MAX_SENDS = 5
const TOKEN_TTL_MS = 10 * 60_000
const RETENTION_MS = 3 * 24 * HOUR
const REPLY_CODE_TTL_MS = 48 * HOUR
const SHORT_CODE_TTL_MS = 20_000
const SAFE_ID = /^[0-9A-Za-z_-]{1,64}$/

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
function random(length: number, alphabet = ALPHANUMERIC): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length))
  let out = ''
  for (const byte of bytes) out += alphabet[byte % alphabet.length]
  return out
}
/** `wkAJ2GCAAA…`, as the docs' examples. */
const newOpenKfId = () => `wk${random(30)}`
/** WeChat customers' external_userid: `wm` and 30 more. */
export const newKfExternalUserId = (): string => `wm${random(30)}`
const newUnionId = () => `o${random(27, `${ALPHANUMERIC}-_`)}`
export const newKfMsgId = (): string => random(32)
/** Callback tokens look like the docs' `ENCApHxnGDNAVNY4AaSJKj4Tb5mwsEMzxhFmHVGcra996NR`. */
const newToken = () => `ENC${random(44)}`
const newCode = () => random(43, `${ALPHANUMERIC}-_`)

function sessionKey(openKfId: string, externalUserId: string): string {
  return `${openKfId}\u0000${externalUserId}`
}

/** The account an API names: 95000 malformed, 95004 unknown. */
export function findKfAccount(state: CorpState, openKfId: unknown): StoredKfAccount | Failure {
  if (typeof openKfId !== 'string' || !SAFE_ID.test(openKfId)) return fail(95000)
  return state.kf.accounts.get(openKfId) ?? fail(95004)
}

function checkName(name: unknown): string | Failure {
  if (typeof name !== 'string' || name.length === 0 || charLength(name) > 16) return fail(95006)
  return name
}

export function createKfAccount(
  state: CorpState,
  input: NewKfAccount | JsonObject,
  options: { mediaOk: (mediaId: unknown) => boolean; strict: boolean },
): StoredKfAccount | Failure {
  const name = checkName(input.name)
  if (typeof name !== 'string') return name
  if (options.strict && !options.mediaOk(input.media_id)) return fail(40007)
  let openKfId = typeof input.open_kfid === 'string' ? input.open_kfid : undefined
  if (openKfId !== undefined) {
    if (!SAFE_ID.test(openKfId)) return fail(95000)
    if (state.kf.accounts.has(openKfId)) return fail(40058, 'open_kfid taken')
  } else {
    do openKfId = newOpenKfId()
    while (state.kf.accounts.has(openKfId))
  }
  const account: StoredKfAccount = {
    open_kfid: openKfId,
    name,
    media_id: typeof input.media_id === 'string' ? input.media_id : '',
    avatar: `https://wework.qpic.cn/wwhead/${random(40)}/0`,
    servicers: new Map(),
    departments: new Set(),
    msgids: new Set(),
  }
  state.kf.accounts.set(openKfId, account)
  return account
}

export function updateKfAccount(
  state: CorpState,
  body: JsonObject,
  mediaOk: (mediaId: unknown) => boolean,
): undefined | Failure {
  const account = findKfAccount(state, body.open_kfid)
  if ('failure' in account) return account
  if (body.name !== undefined) {
    const name = checkName(body.name)
    if (typeof name !== 'string') return name
  }
  if (body.media_id !== undefined && !mediaOk(body.media_id)) return fail(40007)
  if (typeof body.name === 'string') account.name = body.name
  if (typeof body.media_id === 'string') {
    account.media_id = body.media_id
    account.avatar = `https://wework.qpic.cn/wwhead/${random(40)}/0`
  }
  return undefined
}

export function kfAccountView(account: StoredKfAccount): KfAccount {
  return {
    open_kfid: account.open_kfid,
    name: account.name,
    avatar: account.avatar,
    manage_privilege: true,
    servicers: [...account.servicers.values()].map((servicer) => ({ ...servicer })),
    departments: [...account.departments],
  }
}

/** servicer/add and servicer/del: result_list with an errcode per entry. */
export function changeServicers(
  state: CorpState,
  body: JsonObject,
  change: 'add' | 'delete',
): Record<string, unknown>[] | Failure {
  const account = findKfAccount(state, body.open_kfid)
  if ('failure' in account) return account
  const users = body.userid_list ?? []
  const parties = body.department_id_list ?? []
  if (!Array.isArray(users) || !Array.isArray(parties)) return fail(40058, 'lists must be arrays')
  if (users.length + parties.length === 0) return fail(40058, 'userid_list or department_id_list')
  if (users.length > 100 || parties.length > 100) return fail(40058, 'at most 100 each')
  const results: Record<string, unknown>[] = []
  for (const userid of users) {
    const member = typeof userid === 'string' ? findMember(state, userid) : undefined
    if (!member) {
      results.push({ userid, errcode: 60111, errmsg: 'userid not found' })
      continue
    }
    const key = member.userid.toLowerCase()
    if (change === 'add') {
      if (!account.servicers.has(key)) account.servicers.set(key, { userid: member.userid, status: 0 })
      results.push({ userid, errcode: 0, errmsg: 'success' })
    } else if (account.servicers.delete(key)) {
      results.push({ userid, errcode: 0, errmsg: 'success' })
    } else {
      results.push({ userid, errcode: 95014, errmsg: 'user is not servicer' })
    }
  }
  for (const id of parties) {
    if (!Number.isInteger(id) || !state.departments.has(id as number)) {
      results.push({ department_id: id, errcode: 60123, errmsg: 'invalid party id' })
      continue
    }
    if (change === 'add') account.departments.add(id as number)
    else account.departments.delete(id as number)
    results.push({ department_id: id, errcode: 0, errmsg: 'success' })
  }
  return results
}

export function servicerList(account: StoredKfAccount): Record<string, unknown>[] {
  return [
    ...[...account.servicers.values()].map(({ userid, status }) =>
      status === 0 ? { userid, status } : { userid, status, stop_type: 0 },
    ),
    ...[...account.departments].map((department_id) => ({ department_id })),
  ]
}

/** A customer, made on first use: seeded fields or WeChat-like defaults. */
export function ensureCustomer(state: CorpState, customer: NewKfCustomer = {}): KfCustomer {
  const id = customer.external_userid ?? newKfExternalUserId()
  const known = state.kf.customers.get(id)
  if (known) return known
  if (!SAFE_ID.test(id)) throw new TypeError(`not an external_userid: ${id}`)
  const created: KfCustomer = {
    external_userid: id,
    nickname: customer.nickname ?? '微信用户',
    avatar: customer.avatar ?? `http://wx.qlogo.cn/mmhead/${random(40)}/0`,
    gender: customer.gender ?? 0,
    unionid: customer.unionid ?? newUnionId(),
  }
  state.kf.customers.set(id, created)
  return created
}

export function findSession(
  state: CorpState,
  openKfId: string,
  externalUserId: string,
): StoredKfSession | undefined {
  return state.kf.sessions.get(sessionKey(openKfId, externalUserId))
}

/** The customer wrote: the session opens (or goes on), the 48-hour window and the 5 sends restart. */
export function customerWrote(
  state: CorpState,
  account: StoredKfAccount,
  customer: KfCustomer,
  message: JsonObject,
  now: number,
): KfSyncedMessage {
  let session = findSession(state, account.open_kfid, customer.external_userid)
  if (!session || session.state === 4) {
    session = {
      open_kfid: account.open_kfid,
      external_userid: customer.external_userid,
      state: 0,
      servicer_userid: undefined,
      lastCustomerAt: now,
      sentSinceCustomer: 0,
      coded: new Set(),
    }
    state.kf.sessions.set(sessionKey(account.open_kfid, customer.external_userid), session)
  }
  session.lastCustomerAt = now
  session.sentSinceCustomer = 0
  return appendMessage(state, {
    ...message,
    open_kfid: account.open_kfid,
    external_userid: customer.external_userid,
    origin: 3,
    send_time: Math.floor(now / 1000),
  })
}

/** An event message (origin 4) of sync_msg; enter_session with a welcome_code when asked. */
export function kfEvent(
  state: CorpState,
  account: StoredKfAccount,
  customer: KfCustomer,
  event: JsonObject,
  now: number,
): KfSyncedMessage {
  return appendMessage(state, {
    open_kfid: account.open_kfid,
    external_userid: customer.external_userid,
    send_time: Math.floor(now / 1000),
    origin: 4,
    msgtype: 'event',
    event: { open_kfid: account.open_kfid, external_userid: customer.external_userid, ...event },
  })
}

export function issueKfCode(
  state: CorpState,
  account: StoredKfAccount,
  externalUserId: string,
  kind: StoredKfCode['kind'],
  now: number,
): string {
  const code = newCode()
  state.kf.codes.set(code, {
    code,
    open_kfid: account.open_kfid,
    external_userid: externalUserId,
    kind,
    expiresAt: now + (kind === 'reply' ? REPLY_CODE_TTL_MS : SHORT_CODE_TTL_MS),
    used: false,
  })
  return code
}

function appendMessage(state: CorpState, fields: JsonObject): KfSyncedMessage {
  const message = { msgid: newKfMsgId(), ...fields } as unknown as KfSyncedMessage
  state.kf.messages.push(message)
  return message
}

/** A callback token for the account's news, valid 10 minutes. */
export function issueKfToken(state: CorpState, now: number): string {
  const token = newToken()
  state.kf.tokens.set(token, now + TOKEN_TTL_MS)
  return token
}

function cursorFor(state: CorpState, index: number): string {
  let cursor = state.kf.cursorAt.get(index)
  if (!cursor) {
    cursor = random(24)
    state.kf.cursorAt.set(index, cursor)
    state.kf.cursors.set(cursor, index)
  }
  return cursor
}

/** POST kf/sync_msg {cursor?, token?, limit?, voice_format?, open_kfid?}. */
export function syncMessages(
  state: CorpState,
  body: JsonObject,
  now: number,
): Record<string, unknown> | Failure {
  if (body.token !== undefined) {
    const expiresAt = typeof body.token === 'string' ? state.kf.tokens.get(body.token) : undefined
    if (expiresAt === undefined || expiresAt <= now) return fail(95007)
  }
  let account: StoredKfAccount | undefined
  if (body.open_kfid !== undefined) {
    const found = findKfAccount(state, body.open_kfid)
    if ('failure' in found) return found
    account = found
  }
  if (body.voice_format !== undefined && body.voice_format !== 0 && body.voice_format !== 1) {
    return fail(40058, 'voice_format')
  }
  let limit = 1000
  if (body.limit !== undefined) {
    if (!Number.isInteger(body.limit) || (body.limit as number) < 1) return fail(40058, 'limit')
    limit = Math.min(body.limit as number, 1000)
  }
  let start: number
  if (body.cursor === undefined || body.cursor === '') {
    // "若不填，从3天内最早的消息开始返回".
    const oldest = Math.floor((now - RETENTION_MS) / 1000)
    start = state.kf.messages.findIndex((message) => message.send_time >= oldest)
    if (start < 0) start = state.kf.messages.length
  } else {
    const index = typeof body.cursor === 'string' ? state.kf.cursors.get(body.cursor) : undefined
    if (index === undefined) return fail(40058, 'invalid cursor')
    start = index
  }
  const list: KfSyncedMessage[] = []
  let index = start
  for (; index < state.kf.messages.length && list.length < limit; index++) {
    const message = state.kf.messages[index] as KfSyncedMessage
    if (!account || message.open_kfid === account.open_kfid) list.push(message)
  }
  const more = state.kf.messages
    .slice(index)
    .some((message) => !account || message.open_kfid === account.open_kfid)
  return {
    next_cursor: cursorFor(state, index),
    has_more: more ? 1 : 0,
    msg_list: structuredClone(list),
  }
}

const PAYLOAD_TYPES = [
  'text',
  'image',
  'voice',
  'video',
  'file',
  'link',
  'miniprogram',
  'msgmenu',
  'location',
  'ca_link',
]

/** The payload rules send_msg and send_msg_on_event share. */
function checkKfPayload(
  body: JsonObject,
  allowed: readonly string[],
  mediaOk: (mediaId: unknown) => boolean,
): undefined | Failure {
  const msgtype = body.msgtype
  if (typeof msgtype !== 'string' || !allowed.includes(msgtype)) return fail(40008)
  const payload = body[msgtype]
  if (!isObject(payload)) return fail(40058, `${msgtype} is missing`)
  if (msgtype === 'text') {
    if (typeof payload.content !== 'string' || payload.content === '') return fail(44004)
    if (byteLength(payload.content) > 2048) return fail(45002)
  }
  if (['image', 'voice', 'video', 'file'].includes(msgtype) && !mediaOk(payload.media_id)) return fail(40007)
  if ((msgtype === 'link' || msgtype === 'miniprogram') && !mediaOk(payload.thumb_media_id))
    return fail(40007)
  if (msgtype === 'msgmenu') {
    const list = payload.list ?? []
    if (!Array.isArray(list)) return fail(40058, 'msgmenu.list')
    if (list.length > 10) return fail(95008)
    for (const item of list) {
      if (!isObject(item) || !['click', 'view', 'miniprogram', 'text'].includes(item.type as string)) {
        return fail(95009)
      }
    }
  }
  if (
    body.msgid !== undefined &&
    (typeof body.msgid !== 'string' || !/^[0-9A-Za-z_-]{1,32}$/.test(body.msgid))
  ) {
    return fail(40058, 'msgid')
  }
  return undefined
}

/** POST kf/send_msg. */
export function sendKfMessage(
  state: CorpState,
  body: JsonObject,
  now: number,
  mediaOk: (mediaId: unknown) => boolean,
): Record<string, unknown> | Failure {
  const account = findKfAccount(state, body.open_kfid)
  if ('failure' in account) return account
  const touser = body.touser
  if (typeof touser !== 'string' || !state.kf.customers.has(touser)) return fail(40096)
  const refused = checkKfPayload(body, PAYLOAD_TYPES, mediaOk)
  if (refused) return refused
  const session = findSession(state, account.open_kfid, touser)
  if (!session || (session.state !== 0 && session.state !== 1)) return fail(95018)
  if (now - session.lastCustomerAt > WINDOW_MS) return fail(95002)
  if (session.sentSinceCustomer >= MAX_SENDS) return fail(95001)
  const msgid = typeof body.msgid === 'string' ? body.msgid : newKfMsgId()
  if (account.msgids.has(msgid)) return fail(40058, 'msgid used before in this account')
  account.msgids.add(msgid)
  session.sentSinceCustomer++
  state.kf.sent.push({
    msgid,
    open_kfid: account.open_kfid,
    touser,
    msgtype: body.msgtype as string,
    body: structuredClone(body),
    at: now,
  })
  return { msgid }
}

/** POST kf/send_msg_on_event. */
export function sendKfEventMessage(
  state: CorpState,
  body: JsonObject,
  now: number,
  mediaOk: (mediaId: unknown) => boolean,
): Record<string, unknown> | Failure {
  const code = typeof body.code === 'string' ? state.kf.codes.get(body.code) : undefined
  if (!code || code.used || code.expiresAt <= now) return fail(95007)
  const refused = checkKfPayload(body, ['text', 'msgmenu'], mediaOk)
  if (refused) return refused
  const account = state.kf.accounts.get(code.open_kfid)
  if (!account) return fail(95004)
  const msgid = typeof body.msgid === 'string' ? body.msgid : newKfMsgId()
  if (account.msgids.has(msgid)) return fail(40058, 'msgid used before in this account')
  account.msgids.add(msgid)
  code.used = true
  state.kf.sent.push({
    msgid,
    open_kfid: code.open_kfid,
    touser: code.external_userid,
    msgtype: body.msgtype as string,
    body: structuredClone(body),
    at: now,
    code: code.kind,
  })
  return { msgid }
}

const MOVES: Readonly<Record<KfServiceState, readonly KfServiceState[]>> = {
  0: [1, 2, 3, 4],
  1: [2, 3, 4],
  2: [3, 4],
  3: [3, 4],
  4: [],
}

/** POST kf/service_state/get. */
export function getServiceState(state: CorpState, body: JsonObject): Record<string, unknown> | Failure {
  const account = findKfAccount(state, body.open_kfid)
  if ('failure' in account) return account
  if (typeof body.external_userid !== 'string' || !state.kf.customers.has(body.external_userid))
    return fail(40096)
  const session = findSession(state, account.open_kfid, body.external_userid)
  if (!session) return { service_state: 4 }
  return session.state === 3
    ? { service_state: 3, servicer_userid: session.servicer_userid }
    : { service_state: session.state }
}

/** POST kf/service_state/trans. */
export function transServiceState(
  state: CorpState,
  body: JsonObject,
  now: number,
): Record<string, unknown> | Failure {
  const account = findKfAccount(state, body.open_kfid)
  if ('failure' in account) return account
  const externalUserId = body.external_userid
  if (typeof externalUserId !== 'string' || !state.kf.customers.has(externalUserId)) return fail(40096)
  const target = body.service_state
  if (!Number.isInteger(target) || (target as number) < 0 || (target as number) > 4) {
    return fail(40058, 'service_state')
  }
  const session = findSession(state, account.open_kfid, externalUserId)
  if (!session || !MOVES[session.state].includes(target as KfServiceState)) return fail(95016)
  let servicer: string | undefined
  if (target === 3) {
    const wanted = typeof body.servicer_userid === 'string' ? body.servicer_userid.toLowerCase() : undefined
    const found = wanted === undefined ? undefined : account.servicers.get(wanted)
    if (!found) return fail(95014)
    if (found.status !== 0) return fail(95019)
    servicer = found.userid
  }
  const answer: Record<string, unknown> = {}
  if ((target === 2 || target === 3) && !session.coded.has(target)) {
    session.coded.add(target)
    answer.msg_code = issueKfCode(state, account, externalUserId, 'reply', now)
  } else if (target === 4) {
    answer.msg_code = issueKfCode(state, account, externalUserId, 'end', now)
  }
  session.state = target as KfServiceState
  session.servicer_userid = servicer
  return answer
}

/** POST kf/customer/batchget. */
export function batchGetCustomers(state: CorpState, body: JsonObject): Record<string, unknown> | Failure {
  const ids = body.external_userid_list
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > 100) return fail(40058, 'external_userid_list')
  const customers: KfCustomer[] = []
  const invalid: unknown[] = []
  for (const id of ids) {
    const customer = typeof id === 'string' ? state.kf.customers.get(id) : undefined
    if (customer) customers.push({ ...customer })
    else invalid.push(id)
  }
  return { customer_list: customers, invalid_external_userid: invalid }
}

export function kfSessionView(session: StoredKfSession): KfSession {
  return {
    open_kfid: session.open_kfid,
    external_userid: session.external_userid,
    service_state: session.state,
    ...(session.servicer_userid === undefined ? {} : { servicer_userid: session.servicer_userid }),
    last_customer_message_at: session.lastCustomerAt,
    sends_left: Math.max(0, MAX_SENDS - session.sentSinceCustomer),
  }
}
