import type { LinkedCorpMessageRecord, MessageType, NewLinkedCorp } from '../types.js'
import { type Answer, type Failure, fail, failWithFields, ok } from '../wecom/answer.js'
import { findAgent, isVisibleMember, visibleRange } from './agents.js'
import { isWithin } from './departments.js'
import { findMember } from './members.js'
import { checkPayload, MESSAGE_TYPES } from './payloads.js'
import type { CorpState } from './state.js'
import type { JsonObject } from './values.js'

/**
 * 互联企业发送应用消息 (linkedcorp/message/send, document/path/90250). Recipients are arrays:
 * `touser` of "CorpId/userid" (a member of a linked corp) or a bare userid (this corp's member),
 * `toparty` of "LinkedId/DepartmentId" or a department id, `totag` of this corp's tag ids, or
 * `toall: 1` (everyone in the app's range); touser ≤ 1000, toparty and totag ≤ 100. Every msgtype of
 * message/send but template_card (40008). 40058 a list that is not an array of strings, 82001 no
 * recipient, 40032/82002/82003 too many; the ones that reach nobody are answered back in
 * `invaliduser` / `invalidparty` / `invalidtag` (arrays); none reached: 81013.
 */
const LIMITS = { touser: 1000, toparty: 100, totag: 100 }
const LINKED_TYPES: readonly MessageType[] = MESSAGE_TYPES.filter((type) => type !== 'template_card')

export function addLinkedCorp(state: CorpState, corp: NewLinkedCorp): void {
  if (typeof corp.corpId !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(corp.corpId)) {
    throw new Error('addLinkedCorp: corpId must be 1–64 letters, digits, _ or -')
  }
  state.linkedCorps.set(corp.corpId, {
    users: new Set(corp.users ?? []),
    departments: new Set((corp.departments ?? []).map(String)),
  })
}

export function sendLinkedCorpMessage(state: CorpState, body: JsonObject, now: number): Answer | Failure {
  const agent = findAgent(state, body.agentid, 'body')
  if ('failure' in agent) return agent
  if (agent.close === 1) return fail(50003)
  const msgtype = body.msgtype
  if (typeof msgtype !== 'string' || !LINKED_TYPES.includes(msgtype as MessageType)) return fail(40008)
  const lists: Record<'touser' | 'toparty' | 'totag', string[]> = { touser: [], toparty: [], totag: [] }
  for (const field of ['touser', 'toparty', 'totag'] as const) {
    const value = body[field]
    if (value === undefined) continue
    if (
      !Array.isArray(value) ||
      !value.every((item) => typeof item === 'string' || typeof item === 'number')
    ) {
      return fail(40058, `${field} must be an array`)
    }
    lists[field] = value.map(String)
  }
  const toall = body.toall === 1
  if (body.toall !== undefined && body.toall !== 0 && body.toall !== 1) return fail(40058, 'toall')
  if (!toall && lists.touser.length + lists.toparty.length + lists.totag.length === 0) return fail(82001)
  if (lists.touser.length > LIMITS.touser) return fail(40032)
  if (lists.toparty.length > LIMITS.toparty) return fail(82002)
  if (lists.totag.length > LIMITS.totag) return fail(82003)
  const refused = checkPayload(state, msgtype as Exclude<MessageType, 'template_card'>, body, now)
  if (refused) return refused

  const range = visibleRange(state, agent)
  const reached = new Set<string>()
  if (toall) {
    for (const member of state.members.values())
      if (isVisibleMember(state, range, member)) reached.add(member.userid)
    for (const [corpId, corp] of state.linkedCorps)
      for (const userid of corp.users) reached.add(`${corpId}/${userid}`)
  }
  const invaliduser: string[] = []
  for (const entry of lists.touser) {
    const [corpId, userid] = splitLinked(entry)
    if (corpId !== undefined) {
      if (state.linkedCorps.get(corpId)?.users.has(userid)) reached.add(`${corpId}/${userid}`)
      else invaliduser.push(entry)
    } else {
      const member = findMember(state, userid)
      if (member && isVisibleMember(state, range, member)) reached.add(member.userid)
      else invaliduser.push(entry)
    }
  }
  const invalidparty: string[] = []
  for (const entry of lists.toparty) {
    const [corpId, id] = splitLinked(entry)
    const known =
      corpId !== undefined
        ? state.linkedCorps.get(corpId)?.departments.has(id)
        : state.departments.has(Number(id))
    if (!known) {
      invalidparty.push(entry)
    } else if (corpId !== undefined) {
      // The simulator keeps no departments of a linked corp: one reaches all of its members.
      for (const userid of state.linkedCorps.get(corpId)?.users ?? []) reached.add(`${corpId}/${userid}`)
    } else {
      for (const member of state.members.values()) {
        if (
          member.department.some((d) => isWithin(state, d, Number(id))) &&
          isVisibleMember(state, range, member)
        ) {
          reached.add(member.userid)
        }
      }
    }
  }
  const invalidtag: string[] = []
  for (const id of lists.totag) {
    const tag = state.tags.get(Number(id))
    if (!tag) {
      invalidtag.push(id)
      continue
    }
    for (const key of tag.users) {
      const member = state.members.get(key)
      if (member) reached.add(member.userid)
    }
  }

  const answer = { invaliduser, invalidparty, invalidtag }
  // Nobody valid was named (a department or tag without members still counts as valid).
  const named = lists.touser.length - invaliduser.length + lists.toparty.length - invalidparty.length
  if (!toall && named + lists.totag.length - invalidtag.length === 0) return failWithFields(81013, answer)
  state.linkedMessages.push({
    agentid: agent.agentid,
    msgtype: msgtype as MessageType,
    body: structuredClone(body),
    recipients: [...reached],
    at: now,
  })
  return ok(answer)
}

export function linkedMessageView(message: LinkedCorpMessageRecord): LinkedCorpMessageRecord {
  return { ...message, body: structuredClone(message.body), recipients: [...message.recipients] }
}

/** "CorpId/userid" → [corpId, userid]; a bare id → [undefined, id]. */
function splitLinked(entry: string): [string | undefined, string] {
  const slash = entry.indexOf('/')
  return slash < 0 ? [undefined, entry] : [entry.slice(0, slash), entry.slice(slash + 1)]
}
