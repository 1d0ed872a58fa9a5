import type { MessageDelivery, MessageType, SentMessage } from '../types.js'
import { type Answer, type Failure, fail, failWithFields, isFailure, ok } from '../wecom/answer.js'
import { defaultAgent, findAgent, isVisibleMember, isVisibleParty, visibleRange } from './agents.js'
import { isWithin } from './departments.js'
import { newMsgId, newResponseCode } from './ids.js'
import { findMember } from './members.js'
import { checkPayload, INTERACTIVE_CARDS, MESSAGE_TYPES } from './payloads.js'
import type { CorpState, StoredAgent, StoredMember, StoredMessage, TokenRecord } from './state.js'
import { isObject, type JsonObject } from './values.js'

/** "touser … 最多支持1000个", "toparty … 最多支持100个", "totag … 最多支持100个". */
const LIMITS = { user: 1000, party: 100, tag: 100 }
/** duplicate_check_interval: "默认1800s，最大不超过4小时". */
const DEFAULT_DUPLICATE_INTERVAL_S = 1800
const MAX_DUPLICATE_INTERVAL_S = 4 * 3600
/** message/recall: "可以撤回24小时内通过发送应用消息接口推送的消息". */
const RECALL_WINDOW_MS = 24 * 3600 * 1000

/**
 * POST message/send (document/path/90236), checked in this order:
 * 1. the app: 41011 no agentid (miniprogram_notice has none: the token's app sends it), 40056 not an
 *    app of the corp, 50003 a disabled app ("应用已禁用");
 * 2. 40008 a msgtype that is not one of the eleven;
 * 3. recipients: 40058 touser/toparty/totag not a `|`-joined string, 82001 none of them
 *    ("指定的成员/部门/标签全部为空"), 40032 over 1000 users, 82002 over 100 departments, 82003 over
 *    100 tags;
 * 4. the payload (see payloads.ts), 40074 news with `safe: 1` ("news消息不支持保密消息类型");
 * 5. the duplicate check: an identical request body ("同样内容(请求json)") from the same app with
 *    `enable_duplicate_check: 1` inside `duplicate_check_interval` of the delivered one is not
 *    delivered again; it gets that message's answer (same msgid) with errcode 0;
 * 6. recipients resolved within the app's visible range: unknown or invisible ones are listed back
 *    (`invaliduser` lower-cased, "统一转为小写"); when none is left, 81013 with those lists.
 *
 * `invaliduser` / `invalidparty` / `invalidtag` are `|`-joined strings, present when the request
 * named that kind of recipient (`""` when all of them were valid), as WeCom answers
 * (`{"errcode":0,"errmsg":"ok","invaliduser":"","msgid":"…"}` for a touser-only message).
 */
export function sendMessage(
  state: CorpState,
  body: JsonObject,
  token: TokenRecord | undefined,
  now: number,
): Answer | Failure {
  const agent = sendingAgent(state, body, token)
  if (isFailure(agent)) return agent
  if (agent.close === 1) return fail(50003)
  const msgtype = body.msgtype
  if (typeof msgtype !== 'string' || !MESSAGE_TYPES.includes(msgtype as MessageType)) return fail(40008)

  const recipients = readRecipients(body)
  if (isFailure(recipients)) return recipients
  const { users, parties, tags } = recipients
  if (users.length === 0 && parties.length === 0 && tags.length === 0) return fail(82001)
  if (users.length > LIMITS.user) return fail(40032)
  if (parties.length > LIMITS.party) return fail(82002)
  if (tags.length > LIMITS.tag) return fail(82003)

  const payload = checkPayload(state, msgtype as MessageType, body, now)
  if (payload) return payload
  if (msgtype === 'news' && body.safe === 1) return fail(40074)

  const key = canonicalJson(body)
  const repeat = body.enable_duplicate_check === 1 && findRepeat(state, agent.agentid, key, now)
  if (repeat) {
    repeat.duplicates++
    return ok(structuredClone(repeat.answer))
  }

  const resolved = resolveRecipients(state, agent, recipients)
  const answer: Record<string, unknown> = { ...resolved.invalid }
  if (!resolved.valid) return failWithFields(81013, answer)

  const interactive =
    msgtype === 'template_card' &&
    isObject(body.template_card) &&
    INTERACTIVE_CARDS.includes(body.template_card.card_type as string)
  const message: StoredMessage = {
    msgid: newMsgId(),
    agentid: agent.agentid,
    msgtype: msgtype as MessageType,
    body: structuredClone(body),
    key,
    recipients: resolved.recipients,
    answer,
    at: now,
    dedupUntil: body.enable_duplicate_check === 1 ? now + duplicateInterval(body) * 1000 : 0,
    responseCode: interactive ? newResponseCode() : undefined,
    duplicates: 0,
    recalledAt: undefined,
  }
  answer.msgid = message.msgid
  if (message.responseCode) answer.response_code = message.responseCode
  state.messages.push(message)
  return ok(structuredClone(answer))
}

/**
 * POST message/recall {msgid} (document/path/94867): "可以撤回24小时内 … 推送的消息". The docs give
 * no errcode for a msgid that is absent, unknown or older than 24 hours: 40058 ("不合法的参数").
 * Recalling a message twice answers ok again.
 */
export function recallMessage(state: CorpState, body: JsonObject, now: number): undefined | Failure {
  const { msgid } = body
  if (typeof msgid !== 'string' || msgid === '') return fail(40058, 'msgid')
  const message = state.messages.find((candidate) => candidate.msgid === msgid)
  if (!message || message.at + RECALL_WINDOW_MS <= now) return fail(40058, 'msgid')
  message.recalledAt ??= now
  return undefined
}

export function sentMessageView(message: StoredMessage): SentMessage {
  return {
    msgid: message.msgid,
    agentid: message.agentid,
    msgtype: message.msgtype,
    body: structuredClone(message.body),
    recipients: [...message.recipients],
    at: message.at,
    ...(message.responseCode ? { response_code: message.responseCode } : {}),
    duplicates: message.duplicates,
    recalled: message.recalledAt !== undefined,
    ...(message.recalledAt === undefined ? {} : { recalledAt: message.recalledAt }),
  }
}

/** Delivered messages grouped by app and request body, in order of first delivery. */
export function deliveries(state: CorpState): MessageDelivery[] {
  const groups = new Map<string, MessageDelivery>()
  for (const message of state.messages) {
    const id = `${message.agentid} ${message.key}`
    const group = groups.get(id)
    if (group) {
      group.msgids.push(message.msgid)
      group.count++
    } else {
      groups.set(id, {
        agentid: message.agentid,
        msgtype: message.msgtype,
        body: structuredClone(message.body),
        msgids: [message.msgid],
        count: 1,
      })
    }
  }
  return [...groups.values()]
}

function sendingAgent(state: CorpState, body: JsonObject, token: TokenRecord | undefined) {
  // miniprogram_notice has no agentid: "需要是关联的小程序应用获取的token才能调用".
  if (body.agentid === undefined && body.msgtype === 'miniprogram_notice') {
    const agent = token?.agentid === undefined ? defaultAgent(state) : state.agents.get(token.agentid)
    return agent ?? fail(41011)
  }
  return findAgent(state, body.agentid, 'body')
}

interface Recipients {
  users: string[]
  parties: string[]
  tags: string[]
  /** touser is `@all`: "向该企业应用的全部成员发送"; toparty and totag are then ignored. */
  all: boolean
}

function readRecipients(body: JsonObject): Recipients | Failure {
  const lists: Record<'touser' | 'toparty' | 'totag', string[]> = { touser: [], toparty: [], totag: [] }
  for (const field of ['touser', 'toparty', 'totag'] as const) {
    const value = body[field]
    if (value === undefined) continue
    // Arrays are a client mistake: WeCom takes "UserID1|UserID2", spaces around ids allowed.
    if (typeof value !== 'string') return fail(40058, field)
    lists[field] = value
      .split('|')
      .map((part) => part.trim())
      .filter((part) => part !== '')
  }
  const all = lists.touser.length === 1 && lists.touser[0] === '@all'
  return { users: lists.touser, parties: lists.toparty, tags: lists.totag, all }
}

interface Resolved {
  valid: boolean
  recipients: string[]
  invalid: Record<string, string>
}

function resolveRecipients(state: CorpState, agent: StoredAgent, recipients: Recipients): Resolved {
  const range = visibleRange(state, agent)
  const reached = new Map<string, StoredMember>()
  const reach = (member: StoredMember) => {
    if (isVisibleMember(state, range, member)) reached.set(member.userid.toLowerCase(), member)
  }
  const membersUnder = (partyId: number) => {
    for (const member of state.members.values()) {
      if (member.department.some((id) => isWithin(state, id, partyId))) reach(member)
    }
  }

  if (recipients.all) {
    for (const member of state.members.values()) reach(member)
    return {
      valid: true,
      recipients: [...reached.values()].map((member) => member.userid),
      invalid: { invaliduser: '' },
    }
  }

  let valid = false
  const invalidUsers: string[] = []
  for (const userid of recipients.users) {
    const member = findMember(state, userid)
    if (member && isVisibleMember(state, range, member)) {
      valid = true
      reach(member)
    } else {
      invalidUsers.push(userid.toLowerCase())
    }
  }
  const invalidParties: string[] = []
  for (const part of recipients.parties) {
    const id = /^\d+$/.test(part) ? Number(part) : undefined
    if (id !== undefined && state.departments.has(id) && isVisibleParty(state, range, id)) {
      valid = true
      membersUnder(id)
    } else {
      invalidParties.push(part)
    }
  }
  const invalidTags: string[] = []
  for (const part of recipients.tags) {
    const tag = /^\d+$/.test(part) ? state.tags.get(Number(part)) : undefined
    if (tag) {
      valid = true
      for (const key of tag.users) {
        const member = state.members.get(key)
        if (member) reach(member)
      }
      for (const id of tag.parties) membersUnder(id)
    } else {
      invalidTags.push(part)
    }
  }

  const invalid: Record<string, string> = {}
  if (recipients.users.length > 0) invalid.invaliduser = invalidUsers.join('|')
  if (recipients.parties.length > 0) invalid.invalidparty = invalidParties.join('|')
  if (recipients.tags.length > 0) invalid.invalidtag = invalidTags.join('|')
  return { valid, recipients: [...reached.values()].map((member) => member.userid), invalid }
}

function findRepeat(state: CorpState, agentid: number, key: string, now: number): StoredMessage | undefined {
  for (let i = state.messages.length - 1; i >= 0; i--) {
    const message = state.messages[i]!
    if (message.agentid === agentid && message.key === key && message.dedupUntil > now) return message
  }
  return undefined
}

/** "默认1800s，最大不超过4小时": a missing or unusable value is the default, a larger one is capped. */
function duplicateInterval(body: JsonObject): number {
  const value = body.duplicate_check_interval
  if (typeof value !== 'number' || !(value > 0)) return DEFAULT_DUPLICATE_INTERVAL_S
  return Math.min(value, MAX_DUPLICATE_INTERVAL_S)
}

/** JSON with object keys sorted: the same content compares equal whatever order a client wrote it in. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (isObject(value)) {
    const entries = Object.keys(value)
      .sort()
      .filter((name) => value[name] !== undefined)
      .map((name) => `${JSON.stringify(name)}:${canonicalJson(value[name])}`)
    return `{${entries.join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}
