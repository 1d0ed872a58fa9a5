import type {
  CorpTagGroupRecord,
  CustomerGroupChat,
  ExternalContactRecord,
  GroupMessageRecord,
  NewCustomerGroupChat,
  NewExternalContact,
  NewFollow,
} from '../types.js'
import { type Failure, fail } from '../wecom/answer.js'
import { findMember } from './members.js'
import type { CorpState } from './state.js'
import { byteLength, charLength, isObject, type JsonObject } from './values.js'

/**
 * Customer contact (客户联系), the rules its pages state (企业内部开发):
 * - members with customer contact turned on (get_follow_user_list, 92571); list?userid of another
 *   member answers 84074 ("没有外部联系人权限"), an unknown one 60111;
 * - customers (92113, 92114, 92994): external_userid `wm…` (WeChat, type 1) or `wo…` (WeCom, type 2);
 *   get answers 40096 for an unknown one and pages follow_user (next_cursor) — the simulator pages
 *   after `followPageSize` followers so that clients must follow; batch/get_by_user takes ≤ 100
 *   userids (40058 beyond), limit ≤ 100, and yields one entry per (customer, follow user) pair;
 * - remark (92115) and mark_tag (92118) need the relation (84061 "不存在外部联系人的关系"); mark_tag
 *   needs live corp tags (40068);
 * - contact ways (92228): 41037/41038 type/scene missing, 41039/41040 invalid, 41041 type 1 with
 *   more than one user, 41044 unknown config_id; users must have customer contact (84074);
 * - customer group chats (92120, 92122): list with limit 1–1000 (40058), owner_filter ≤ 100;
 *   get of an unknown chat answers 40058 ("invalid chatid");
 * - corp tags (92117): names ≤ 30 characters (40058), a taken name in a group 40071, unknown ids
 *   40068; deleting every tag of a group deletes the group;
 * - mass sends (92135, 93338): single or group; customers not followed by the sender (or by anyone)
 *   go to fail_list; none left answers 41048; attachments ≤ 9 (41064); unknown msgid 41047;
 * - welcome messages (92137): a welcome_code once, within 20 seconds (41050);
 * - transfers (92125, 94081, 94088, 94082): ≤ 100 customers; the handover member must follow each
 *   (84061 per customer) and, for resigned transfers, must have left (40097); a customer already
 *   waiting answers 40100 for it; a transfer waits 24 hours (status 2) and then lands (status 1)
 *   unless the customer refuses it (status 3, a transfer_fail event).
 */

export interface StoredFollow {
  userid: string
  remark: string
  description: string
  createtime: number
  tags: Set<string>
  remark_corp_name: string
  remark_mobiles: string[]
  oper_userid: string
  add_way: number
  state: string | undefined
}

export interface StoredCustomer {
  external_userid: string
  name: string
  avatar: string
  type: 1 | 2
  gender: 0 | 1 | 2
  unionid: string | undefined
  position: string | undefined
  corp_name: string | undefined
  corp_full_name: string | undefined
  /** Followers by lower-cased userid, in the order they were added. */
  follows: Map<string, StoredFollow>
}

export interface StoredContactWay {
  config_id: string
  fields: JsonObject
  qr_code: string | undefined
}

export interface StoredGroupChat {
  chat_id: string
  name: string
  owner: string
  create_time: number
  notice: string
  members: {
    userid: string
    type: 1 | 2
    join_time: number
    join_scene: number
    unionid?: string
    name: string
  }[]
  status: 0 | 1 | 2 | 3
}

export interface StoredTag {
  id: string
  name: string
  create_time: number
  order: number
}

export interface StoredTagGroup {
  group_id: string
  group_name: string
  create_time: number
  order: number
  tags: Map<string, StoredTag>
}

export interface StoredGroupMessage {
  msgid: string
  chat_type: 'single' | 'group'
  creator: string | undefined
  create_type: 0 | 1
  create_time: number
  text: JsonObject | undefined
  attachments: JsonObject[] | undefined
  /** Per sender: 0 not sent yet, 2 sent. */
  tasks: Map<string, { userid: string; status: 0 | 2; send_time?: number }>
  sends: {
    userid: string
    external_userid?: string
    chat_id?: string
    status: 0 | 1 | 2 | 3
    send_time?: number
  }[]
}

export interface StoredTransfer {
  handover_userid: string
  takeover_userid: string
  external_userid: string
  resigned: boolean
  /** 1 taken over, 2 waiting, 3 refused. */
  status: 1 | 2 | 3
  requestedAt: number
  takeover_time: number | undefined
}

export interface CustomerState {
  /** Members with customer contact, lower-cased. */
  readonly followUsers: Set<string>
  readonly customers: Map<string, StoredCustomer>
  readonly contactWays: Map<string, StoredContactWay>
  readonly groupChats: Map<string, StoredGroupChat>
  readonly tagGroups: Map<string, StoredTagGroup>
  readonly groupMessages: Map<string, StoredGroupMessage>
  readonly transfers: StoredTransfer[]
  readonly welcomeCodes: Map<
    string,
    { userid: string; external_userid: string; expiresAt: number; used: boolean }
  >
  readonly welcomes: {
    welcome_code: string
    userid: string
    external_userid: string
    body: JsonObject
    at: number
  }[]
  /** Members who left, with the time (seconds): their customers are unassigned until handed over. */
  readonly resigned: Map<string, number>
  /** Opaque cursors → where the next page of a list starts. */
  readonly cursors: Map<string, { list: string; offset: number }>
  readonly openids: Map<string, string>
  readonly pendingIds: Map<string, string>
  /** externalcontact/get pages follow_user after this many (WeCom: 500). */
  followPageSize: number
}

export function createCustomerState(): CustomerState {
  return {
    followUsers: new Set(),
    customers: new Map(),
    contactWays: new Map(),
    groupChats: new Map(),
    tagGroups: new Map(),
    groupMessages: new Map(),
    transfers: [],
    welcomeCodes: new Map(),
    welcomes: [],
    resigned: new Map(),
    cursors: new Map(),
    openids: new Map(),
    pendingIds: new Map(),
    followPageSize: 500,
  }
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
function random(length: number): string {
  let out = ''
  for (const byte of crypto.getRandomValues(new Uint8Array(length))) out += ALNUM[byte % ALNUM.length]
  return out
}
const OPAQUE = /^[0-9A-Za-z_-]{1,64}$/
const TRANSFER_WAIT_MS = 24 * 3_600_000
const WELCOME_TTL_MS = 20_000

const seconds = (now: number) => Math.floor(now / 1000)

// ---- Lookups -----------------------------------------------------------------------------------

/** A member of the directory who has customer contact: 60111 unknown, 84074 without it. */
export function followUser(state: CorpState, userid: unknown): string | Failure {
  const member = typeof userid === 'string' ? findMember(state, userid) : undefined
  if (!member) return fail(60111)
  if (!state.customers.followUsers.has(member.userid.toLowerCase())) return fail(84074)
  return member.userid
}

export function findCustomer(state: CorpState, id: unknown): StoredCustomer | Failure {
  if (typeof id !== 'string' || !OPAQUE.test(id)) return fail(40096)
  return state.customers.customers.get(id) ?? fail(40096)
}

/** The relation of a member and a customer: 84061 when there is none. */
export function findFollow(
  state: CorpState,
  userid: unknown,
  externalUserId: unknown,
): [StoredCustomer, StoredFollow] | Failure {
  const customer = findCustomer(state, externalUserId)
  if ('failure' in customer) return customer
  const follow = typeof userid === 'string' ? customer.follows.get(userid.toLowerCase()) : undefined
  return follow ? [customer, follow] : fail(84061)
}

// ---- Seeding -----------------------------------------------------------------------------------

export function enableCustomerContact(state: CorpState, userid: string): string {
  const member = findMember(state, userid)
  if (!member) throw new Error(`no member "${userid}"`)
  state.customers.followUsers.add(member.userid.toLowerCase())
  return member.userid
}

export function createCustomer(state: CorpState, input: NewExternalContact, now: number): StoredCustomer {
  const type = input.type ?? 1
  const id = input.external_userid ?? `${type === 1 ? 'wm' : 'wo'}${random(30)}`
  if (!OPAQUE.test(id)) throw new Error(`not an external_userid: ${id}`)
  if (state.customers.customers.has(id)) throw new Error(`customer "${id}" exists`)
  const customer: StoredCustomer = {
    external_userid: id,
    name: input.name,
    avatar: input.avatar ?? `http://wx.qlogo.cn/mmhead/${random(40)}/0`,
    type,
    gender: input.gender ?? 0,
    unionid: type === 1 ? (input.unionid ?? `o${random(27)}`) : undefined,
    position: input.position,
    corp_name: input.corp_name,
    corp_full_name: input.corp_full_name,
    follows: new Map(),
  }
  state.customers.customers.set(id, customer)
  for (const follow of input.follow ?? [])
    addFollow(state, customer, typeof follow === 'string' ? { userid: follow } : follow, now)
  return customer
}

export function addFollow(
  state: CorpState,
  customer: StoredCustomer,
  input: NewFollow,
  now: number,
): StoredFollow {
  const userid = enableCustomerContact(state, input.userid)
  for (const tag of input.tags ?? []) if (!findTag(state, tag)) throw new Error(`no corp tag "${tag}"`)
  const follow: StoredFollow = {
    userid,
    remark: input.remark ?? '',
    description: input.description ?? '',
    createtime: input.createtime ?? seconds(now),
    tags: new Set(input.tags ?? []),
    remark_corp_name: input.remark_corp_name ?? '',
    remark_mobiles: input.remark_mobiles ?? [],
    oper_userid: userid,
    add_way: input.add_way ?? 1,
    state: input.state,
  }
  customer.follows.set(userid.toLowerCase(), follow)
  return follow
}

export function issueWelcomeCode(
  state: CorpState,
  userid: string,
  externalUserId: string,
  now: number,
): string {
  const code = random(43)
  state.customers.welcomeCodes.set(code, {
    userid,
    external_userid: externalUserId,
    expiresAt: now + WELCOME_TTL_MS,
    used: false,
  })
  return code
}

export function createGroupChat(state: CorpState, input: NewCustomerGroupChat, now: number): StoredGroupChat {
  const owner = enableCustomerContact(state, input.owner)
  const chatId = input.chat_id ?? `wr${random(30)}`
  if (!OPAQUE.test(chatId) || state.customers.groupChats.has(chatId))
    throw new Error(`bad or taken chat_id "${chatId}"`)
  const members: StoredGroupChat['members'] = [
    {
      userid: owner,
      type: 1,
      join_time: seconds(now),
      join_scene: 1,
      name: findMember(state, owner)?.name ?? owner,
    },
  ]
  for (const id of input.members ?? []) {
    const member = findMember(state, id)
    if (member) {
      if (!members.some((m) => m.userid === member.userid)) {
        members.push({
          userid: member.userid,
          type: 1,
          join_time: seconds(now),
          join_scene: 1,
          name: member.name,
        })
      }
      continue
    }
    const customer = state.customers.customers.get(id)
    if (!customer) throw new Error(`no member or customer "${id}"`)
    members.push({
      userid: customer.external_userid,
      type: 2,
      join_time: seconds(now),
      join_scene: 1,
      name: customer.name,
      ...(customer.unionid ? { unionid: customer.unionid } : {}),
    })
  }
  const chat: StoredGroupChat = {
    chat_id: chatId,
    name: input.name ?? '',
    owner,
    create_time: seconds(now),
    notice: input.notice ?? '',
    members,
    status: 0,
  }
  state.customers.groupChats.set(chatId, chat)
  return chat
}

// ---- Views -------------------------------------------------------------------------------------

export function externalContactView(customer: StoredCustomer): ExternalContactRecord['external_contact'] {
  return {
    external_userid: customer.external_userid,
    name: customer.name,
    avatar: customer.avatar,
    type: customer.type,
    gender: customer.gender,
    ...(customer.unionid ? { unionid: customer.unionid } : {}),
    ...(customer.position ? { position: customer.position } : {}),
    ...(customer.corp_name ? { corp_name: customer.corp_name } : {}),
    ...(customer.corp_full_name ? { corp_full_name: customer.corp_full_name } : {}),
  }
}

function tagsOf(state: CorpState, follow: StoredFollow): JsonObject[] {
  const tags: JsonObject[] = []
  for (const id of follow.tags) {
    const found = findTag(state, id)
    if (found)
      tags.push({ group_name: found.group.group_name, tag_name: found.tag.name, tag_id: id, type: 1 })
  }
  return tags
}

export function followView(state: CorpState, follow: StoredFollow): JsonObject {
  return {
    userid: follow.userid,
    remark: follow.remark,
    description: follow.description,
    createtime: follow.createtime,
    tags: tagsOf(state, follow),
    remark_corp_name: follow.remark_corp_name,
    remark_mobiles: [...follow.remark_mobiles],
    oper_userid: follow.oper_userid,
    add_way: follow.add_way,
    ...(follow.state === undefined ? {} : { state: follow.state }),
  }
}

/** What `sim.externalContacts()` gives: the customer and their followers, as externalcontact/get. */
export function customerRecord(state: CorpState, customer: StoredCustomer): ExternalContactRecord {
  return {
    external_contact: externalContactView(customer),
    follow_user: [...customer.follows.values()].map((follow) =>
      followView(state, follow),
    ) as ExternalContactRecord['follow_user'],
  }
}

export function groupChatView(chat: StoredGroupChat, needName = true): CustomerGroupChat {
  return {
    chat_id: chat.chat_id,
    name: chat.name,
    owner: chat.owner,
    create_time: chat.create_time,
    notice: chat.notice,
    member_list: chat.members.map(({ name, ...member }) => (needName ? { ...member, name } : { ...member })),
    admin_list: [],
  }
}

export function tagGroupView(group: StoredTagGroup): CorpTagGroupRecord {
  return {
    group_id: group.group_id,
    group_name: group.group_name,
    create_time: group.create_time,
    order: group.order,
    tag: [...group.tags.values()].map((tag) => ({ ...tag })),
  }
}

export function groupMessageView(message: StoredGroupMessage): GroupMessageRecord {
  return {
    msgid: message.msgid,
    chat_type: message.chat_type,
    ...(message.creator ? { creator: message.creator } : {}),
    create_type: message.create_type,
    create_time: message.create_time,
    ...(message.text ? { text: structuredClone(message.text) } : {}),
    ...(message.attachments ? { attachments: structuredClone(message.attachments) } : {}),
    tasks: [...message.tasks.values()].map((task) => ({ ...task })),
    sends: message.sends.map((send) => ({ ...send })),
  }
}

// ---- Pages -------------------------------------------------------------------------------------

/** The entries of one page of a cursor list, and the cursor of the next ('' when done). */
export function page<T>(
  state: CorpState,
  list: string,
  all: readonly T[],
  cursor: unknown,
  limit: number,
): { entries: T[]; next_cursor: string } | Failure {
  let offset = 0
  if (cursor !== undefined && cursor !== '') {
    const found = typeof cursor === 'string' ? state.customers.cursors.get(cursor) : undefined
    if (!found || found.list !== list) return fail(40058, 'invalid cursor')
    offset = found.offset
  }
  const entries = all.slice(offset, offset + limit)
  let next_cursor = ''
  if (offset + limit < all.length) {
    next_cursor = random(32)
    state.customers.cursors.set(next_cursor, { list, offset: offset + limit })
  }
  return { entries, next_cursor }
}

export function readLimit(value: unknown, fallback: number, max: number): number | Failure {
  if (value === undefined) return fallback
  if (!Number.isInteger(value) || (value as number) < 1) return fail(40058, 'limit')
  return Math.min(value as number, max)
}

// ---- Corp tags ---------------------------------------------------------------------------------

export function findTag(state: CorpState, id: string): { group: StoredTagGroup; tag: StoredTag } | undefined {
  for (const group of state.customers.tagGroups.values()) {
    const tag = group.tags.get(id)
    if (tag) return { group, tag }
  }
  return undefined
}

const tagNameOk = (name: unknown): name is string =>
  typeof name === 'string' && name.length > 0 && charLength(name) <= 30

export function addCorpTags(state: CorpState, body: JsonObject, now: number): StoredTagGroup | Failure {
  const tags = body.tag
  if (!Array.isArray(tags) || tags.length === 0) return fail(40058, 'tag')
  for (const tag of tags) if (!isObject(tag) || !tagNameOk(tag.name)) return fail(40058, 'tag.name')
  let group: StoredTagGroup | undefined
  if (body.group_id !== undefined) {
    group = typeof body.group_id === 'string' ? state.customers.tagGroups.get(body.group_id) : undefined
    if (!group) return fail(40068)
  } else {
    if (!tagNameOk(body.group_name)) return fail(40058, 'group_name')
    group = [...state.customers.tagGroups.values()].find((g) => g.group_name === body.group_name)
    if (!group) {
      group = {
        group_id: `et${random(30)}`,
        group_name: body.group_name,
        create_time: seconds(now),
        order: Number.isInteger(body.order) ? (body.order as number) : 0,
        tags: new Map(),
      }
      state.customers.tagGroups.set(group.group_id, group)
    }
  }
  const names = new Set([...group.tags.values()].map((tag) => tag.name))
  for (const tag of tags as JsonObject[]) {
    if (names.has(tag.name as string)) return fail(40071)
    names.add(tag.name as string)
  }
  const added: StoredTag[] = []
  for (const tag of tags as JsonObject[]) {
    const stored = {
      id: `et${random(30)}`,
      name: tag.name as string,
      create_time: seconds(now),
      order: Number.isInteger(tag.order) ? (tag.order as number) : 0,
    }
    group.tags.set(stored.id, stored)
    added.push(stored)
  }
  return { ...group, tags: new Map(added.map((tag) => [tag.id, tag])) }
}

export function seedTagGroup(
  state: CorpState,
  groupName: string,
  names: readonly string[],
  now: number,
): StoredTagGroup {
  const group = addCorpTags(state, { group_name: groupName, tag: names.map((name) => ({ name })) }, now)
  if ('failure' in group) throw new Error(`addCorpTagGroup: refused with errcode ${group.errcode}`)
  return state.customers.tagGroups.get(group.group_id)!
}

export function editCorpTag(state: CorpState, body: JsonObject): undefined | Failure {
  if (typeof body.id !== 'string') return fail(40068)
  if (body.name !== undefined && !tagNameOk(body.name)) return fail(40058, 'name')
  const group = state.customers.tagGroups.get(body.id)
  if (group) {
    if (typeof body.name === 'string') group.group_name = body.name
    if (Number.isInteger(body.order)) group.order = body.order as number
    return undefined
  }
  const found = findTag(state, body.id)
  if (!found) return fail(40068)
  if (typeof body.name === 'string') {
    if ([...found.group.tags.values()].some((tag) => tag.name === body.name && tag.id !== body.id))
      return fail(40071)
    found.tag.name = body.name
  }
  if (Number.isInteger(body.order)) found.tag.order = body.order as number
  return undefined
}

export function deleteCorpTags(state: CorpState, body: JsonObject): string[] | Failure {
  const tagIds = body.tag_id ?? []
  const groupIds = body.group_id ?? []
  if (!Array.isArray(tagIds) || !Array.isArray(groupIds) || tagIds.length + groupIds.length === 0)
    return fail(40058)
  for (const id of tagIds) if (typeof id !== 'string' || !findTag(state, id)) return fail(40068)
  for (const id of groupIds)
    if (typeof id !== 'string' || !state.customers.tagGroups.has(id)) return fail(40068)
  const removed: string[] = []
  for (const id of groupIds as string[]) {
    const group = state.customers.tagGroups.get(id)!
    removed.push(...group.tags.keys())
    state.customers.tagGroups.delete(id)
  }
  for (const id of tagIds as string[]) {
    const found = findTag(state, id)
    if (!found) continue
    found.group.tags.delete(id)
    removed.push(id)
    // "若删除的标签组下所有的标签均被删除，则标签组会被自动删除".
    if (found.group.tags.size === 0) state.customers.tagGroups.delete(found.group.group_id)
  }
  for (const customer of state.customers.customers.values()) {
    for (const follow of customer.follows.values()) for (const id of removed) follow.tags.delete(id)
  }
  return removed
}

// ---- Contact ways ------------------------------------------------------------------------------

const CONTACT_WAY_FIELDS = [
  'type',
  'scene',
  'style',
  'remark',
  'skip_verify',
  'state',
  'user',
  'party',
  'is_temp',
  'expires_in',
  'chat_expires_in',
  'unionid',
  'is_exclusive',
  'conclusions',
]

function checkContactWayPeople(state: CorpState, body: JsonObject, type: unknown): undefined | Failure {
  const users = body.user ?? []
  const parties = body.party ?? []
  if (!Array.isArray(users) || !Array.isArray(parties)) return fail(40058, 'user/party must be arrays')
  for (const userid of users) {
    const ok = followUser(state, userid)
    if (typeof ok !== 'string') return ok
  }
  for (const id of parties)
    if (!Number.isInteger(id) || !state.departments.has(id as number)) return fail(60123)
  if (type === 1 && (users.length !== 1 || parties.length > 0)) return fail(41041)
  if (users.length > 100) return fail(41041)
  if (body.remark !== undefined && (typeof body.remark !== 'string' || charLength(body.remark) > 30))
    return fail(40058, 'remark')
  if (body.state !== undefined && (typeof body.state !== 'string' || charLength(body.state) > 30))
    return fail(40058, 'state')
  return undefined
}

export function addContactWay(state: CorpState, body: JsonObject): StoredContactWay | Failure {
  if (body.type === undefined) return fail(41037)
  if (body.scene === undefined) return fail(41038)
  if (body.type !== 1 && body.type !== 2) return fail(41039)
  if (body.scene !== 1 && body.scene !== 2) return fail(41040)
  if (
    (body.user === undefined || (Array.isArray(body.user) && body.user.length === 0)) &&
    (body.party === undefined || (Array.isArray(body.party) && body.party.length === 0))
  ) {
    return fail(40058, 'user or party')
  }
  const refused = checkContactWayPeople(state, body, body.type)
  if (refused) return refused
  const way: StoredContactWay = {
    config_id: random(32).toLowerCase(),
    fields: Object.fromEntries(
      CONTACT_WAY_FIELDS.filter((f) => body[f] !== undefined).map((f) => [f, structuredClone(body[f])]),
    ),
    qr_code: body.scene === 2 ? `https://wework.qpic.cn/wwpic/${random(24)}/0` : undefined,
  }
  state.customers.contactWays.set(way.config_id, way)
  return way
}

export function findContactWay(state: CorpState, configId: unknown): StoredContactWay | Failure {
  if (configId === undefined || configId === '') return fail(41043)
  const way = typeof configId === 'string' ? state.customers.contactWays.get(configId) : undefined
  return way ?? fail(41044)
}

export function updateContactWay(state: CorpState, body: JsonObject): undefined | Failure {
  const way = findContactWay(state, body.config_id)
  if ('failure' in way) return way
  const next = {
    ...way.fields,
    ...Object.fromEntries(
      CONTACT_WAY_FIELDS.filter((f) => f !== 'type' && f !== 'scene' && body[f] !== undefined).map((f) => [
        f,
        structuredClone(body[f]),
      ]),
    ),
  }
  const refused = checkContactWayPeople(state, next, next.type)
  if (refused) return refused
  way.fields = next
  return undefined
}

export function contactWayView(way: StoredContactWay): JsonObject {
  return {
    config_id: way.config_id,
    ...structuredClone(way.fields),
    ...(way.qr_code ? { qr_code: way.qr_code } : {}),
  }
}

// ---- Mass sends --------------------------------------------------------------------------------

export function addMsgTemplate(
  state: CorpState,
  body: JsonObject,
  now: number,
): { msgid: string; fail_list: string[] } | Failure {
  const chatType = body.chat_type ?? 'single'
  if (chatType !== 'single' && chatType !== 'group') return fail(40058, 'chat_type')
  const attachments = body.attachments ?? []
  if (!Array.isArray(attachments)) return fail(40058, 'attachments')
  if (attachments.length > 9) return fail(41064)
  for (const item of attachments) {
    if (
      !isObject(item) ||
      !['image', 'link', 'miniprogram', 'video', 'file'].includes(item.msgtype as string)
    )
      return fail(41065)
  }
  const text = body.text
  if (
    text !== undefined &&
    (!isObject(text) || typeof text.content !== 'string' || byteLength(text.content) > 4000)
  ) {
    return fail(40058, 'text.content')
  }
  if (text === undefined && attachments.length === 0) return fail(40058, 'text or attachments')
  let sender: string | undefined
  if (body.sender !== undefined) {
    const found = followUser(state, body.sender)
    if (typeof found !== 'string') return found
    sender = found
  }
  const message: StoredGroupMessage = {
    msgid: `msg${random(26)}`,
    chat_type: chatType,
    creator: sender,
    create_type: sender ? 1 : 0,
    create_time: seconds(now),
    text: isObject(text) ? structuredClone(text) : undefined,
    attachments: attachments.length ? (structuredClone(attachments) as JsonObject[]) : undefined,
    tasks: new Map(),
    sends: [],
  }
  const failList: string[] = []
  if (chatType === 'single') {
    const ids = body.external_userid
    const targets: [StoredCustomer, StoredFollow][] = []
    if (ids !== undefined) {
      if (!Array.isArray(ids) || ids.length > 10_000) return fail(40058, 'external_userid')
      for (const id of ids) {
        const customer = typeof id === 'string' ? state.customers.customers.get(id) : undefined
        const follow =
          customer &&
          (sender ? customer.follows.get(sender.toLowerCase()) : customer.follows.values().next().value)
        if (customer && follow) targets.push([customer, follow])
        else failList.push(String(id))
      }
    } else if (sender) {
      for (const customer of state.customers.customers.values()) {
        const follow = customer.follows.get(sender.toLowerCase())
        if (follow) targets.push([customer, follow])
      }
    } else {
      for (const customer of state.customers.customers.values()) {
        const follow = customer.follows.values().next().value
        if (follow) targets.push([customer, follow])
      }
    }
    for (const [customer, follow] of targets) {
      message.tasks.set(follow.userid.toLowerCase(), { userid: follow.userid, status: 0 })
      message.sends.push({ userid: follow.userid, external_userid: customer.external_userid, status: 0 })
    }
  } else {
    const chatIds = body.chat_id_list
    const chats = Array.isArray(chatIds)
      ? chatIds.flatMap((id) => {
          const chat = typeof id === 'string' ? state.customers.groupChats.get(id) : undefined
          if (!chat || (sender && chat.owner !== sender)) failList.push(String(id))
          return chat && (!sender || chat.owner === sender) ? [chat] : []
        })
      : [...state.customers.groupChats.values()].filter((chat) => !sender || chat.owner === sender)
    for (const chat of chats) {
      message.tasks.set(chat.owner.toLowerCase(), { userid: chat.owner, status: 0 })
      message.sends.push({ userid: chat.owner, chat_id: chat.chat_id, status: 0 })
    }
  }
  if (message.sends.length === 0) return fail(41048)
  state.customers.groupMessages.set(message.msgid, message)
  return { msgid: message.msgid, fail_list: failList }
}

/** A member sends their part of a mass send (what the member does in WeCom's client). */
export function completeGroupMessage(state: CorpState, msgid: string, userid: string, now: number): void {
  const message = state.customers.groupMessages.get(msgid)
  if (!message) throw new Error(`no mass send "${msgid}"`)
  const task = message.tasks.get(userid.toLowerCase())
  if (!task) throw new Error(`"${userid}" has nothing to send in "${msgid}"`)
  task.status = 2
  task.send_time = seconds(now)
  for (const send of message.sends) {
    if (send.userid.toLowerCase() !== userid.toLowerCase()) continue
    send.status = 1
    send.send_time = seconds(now)
  }
}

// ---- Transfers ---------------------------------------------------------------------------------

/** Transfers past their 24 hours land: the customer follows the takeover member from then on. */
export function settleTransfers(state: CorpState, now: number): void {
  for (const transfer of state.customers.transfers) {
    if (transfer.status !== 2 || now - transfer.requestedAt < TRANSFER_WAIT_MS) continue
    transfer.status = 1
    transfer.takeover_time = seconds(transfer.requestedAt + TRANSFER_WAIT_MS)
    const customer = state.customers.customers.get(transfer.external_userid)
    const follow = customer?.follows.get(transfer.handover_userid.toLowerCase())
    if (!customer || !follow) continue
    customer.follows.delete(transfer.handover_userid.toLowerCase())
    state.customers.followUsers.add(transfer.takeover_userid.toLowerCase())
    customer.follows.set(transfer.takeover_userid.toLowerCase(), {
      ...follow,
      userid: transfer.takeover_userid,
      oper_userid: transfer.takeover_userid,
      add_way: 202,
      tags: new Set(follow.tags),
      createtime: transfer.takeover_time,
    })
  }
}

export function transferCustomers(
  state: CorpState,
  body: JsonObject,
  resigned: boolean,
  now: number,
): { external_userid: string; errcode: number }[] | Failure {
  const handover =
    typeof body.handover_userid === 'string' ? findMember(state, body.handover_userid) : undefined
  const takeover = followUser(state, body.takeover_userid)
  if (!handover) return fail(60111)
  if (typeof takeover !== 'string') return takeover
  if (resigned && !state.customers.resigned.has(handover.userid.toLowerCase())) return fail(40097)
  const ids = body.external_userid
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > 100) return fail(40058, 'external_userid')
  return ids.map((id) => {
    const relation = findFollow(state, handover.userid, id)
    if ('failure' in relation) return { external_userid: String(id), errcode: relation.errcode }
    const waiting = state.customers.transfers.some((t) => t.external_userid === id && t.status === 2)
    if (waiting) return { external_userid: id as string, errcode: 40100 }
    state.customers.transfers.push({
      handover_userid: handover.userid,
      takeover_userid: takeover,
      external_userid: id as string,
      resigned,
      status: 2,
      requestedAt: now,
      takeover_time: undefined,
    })
    return { external_userid: id as string, errcode: 0 }
  })
}
