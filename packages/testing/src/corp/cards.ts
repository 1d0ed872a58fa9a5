import type { MessageStatistics, TemplateCardUpdate } from '../types.js'
import { type Answer, type Failure, fail, ok } from '../wecom/answer.js'
import { findAgent } from './agents.js'
import { newResponseCode } from './ids.js'
import { findMember } from './members.js'
import { checkCard, INTERACTIVE_CARDS } from './payloads.js'
import type { CorpState, StoredMessage } from './state.js'
import { isObject, isStringList, type JsonObject } from './values.js'

/**
 * 更新模版卡片消息 (message/update_template_card, document/path/94888): "response_code的有效期是72
 * 小时" and "一个code只能调用一次该接口". A code comes from message/send's answer (interactive cards)
 * or from a card's callback (`sim.issueResponseCode(msgid)` plays the member's click). Either
 * `button.replace_name` (interactive cards only: "仅原卡片为按钮交互型、投票选择型、多项选择型的卡片
 * 可以更新按钮") or a whole `template_card`. 41011/40056 agentid, 40058 a response_code that is
 * unknown, used, older than 72 hours or of another app, a missing button/card or a card WeCom would
 * refuse. Answers `invaliduser`: the userids given that did not receive the message (an array).
 */
const RESPONSE_CODE_TTL_MS = 72 * 3600 * 1000

export function updateTemplateCard(state: CorpState, body: JsonObject, now: number): Answer | Failure {
  const agent = findAgent(state, body.agentid, 'body')
  if ('failure' in agent) return agent
  const code = body.response_code
  if (typeof code !== 'string' || code === '') return fail(40058, 'response_code')
  const record = responseCode(state, code)
  if (!record || record.usedAt !== undefined || record.issuedAt + RESPONSE_CODE_TTL_MS <= now) {
    return fail(40058, 'response_code is unknown, used or older than 72 hours')
  }
  const message = state.messages.find((m) => m.msgid === record.msgid) as StoredMessage
  if (message.agentid !== agent.agentid) return fail(40058, 'response_code of another app')
  for (const field of ['userids', 'partyids', 'tagids'] as const) {
    if (body[field] !== undefined && !Array.isArray(body[field])) return fail(40058, field)
  }
  if (body.userids !== undefined && !isStringList(body.userids)) return fail(40058, 'userids')
  if (isObject(body.button)) {
    const original = isObject(message.body.template_card) ? message.body.template_card.card_type : undefined
    if (!INTERACTIVE_CARDS.includes(original as string)) return fail(40058, 'button: not an interactive card')
    if (typeof body.button.replace_name !== 'string' || body.button.replace_name === '') {
      return fail(40058, 'button.replace_name')
    }
  } else if (isObject(body.template_card)) {
    const refused = checkCard(body.template_card)
    if (refused) return refused
  } else {
    return fail(40058, 'give button or template_card')
  }
  record.usedAt = now
  const invaliduser = ((body.userids as string[] | undefined) ?? []).filter((userid) => {
    const member = findMember(state, userid)
    return !member || !message.recipients.includes(member.userid)
  })
  state.cardUpdates.push({ response_code: code, msgid: message.msgid, body: structuredClone(body), at: now })
  return ok({ invaliduser })
}

/** A code a member's click on the card would bring in its callback: valid 72 h, once. */
export function issueResponseCode(state: CorpState, msgid: string, now: number): string {
  const message = state.messages.find((m) => m.msgid === msgid)
  if (message?.msgtype !== 'template_card') {
    throw new Error('issueResponseCode: no template card message with this msgid')
  }
  const code = newResponseCode()
  state.responseCodes.set(code, { msgid, issuedAt: now, usedAt: undefined })
  return code
}

function responseCode(state: CorpState, code: string) {
  let record = state.responseCodes.get(code)
  if (!record) {
    const message = state.messages.find((m) => m.responseCode === code)
    if (!message) return undefined
    record = { msgid: message.msgid, issuedAt: message.at, usedAt: undefined }
    state.responseCodes.set(code, record)
  }
  return record
}

export function cardUpdateView(update: TemplateCardUpdate): TemplateCardUpdate {
  return { ...update, body: structuredClone(update.body) }
}

/** China time: WeCom's "当天" and "昨天" are calendar days in UTC+8. */
const DAY_MS = 24 * 3600 * 1000
const dayOf = (ms: number) => Math.floor((ms + 8 * 3600 * 1000) / DAY_MS)

/**
 * 查询应用消息发送统计 (message/get_statistics, document/path/92369): `time_type` 0 today (default), 1
 * yesterday; 40058 otherwise. `statistics`: per app, `count` the person-messages delivered
 * ("发消息成功人次"), apps without any left out.
 */
export function messageStatistics(state: CorpState, body: JsonObject, now: number): Answer | Failure {
  const timeType = body.time_type ?? 0
  if (timeType !== 0 && timeType !== 1) return fail(40058, 'time_type')
  const day = dayOf(now) - timeType
  const counts = new Map<number, number>()
  for (const message of state.messages) {
    if (dayOf(message.at) !== day) continue
    counts.set(message.agentid, (counts.get(message.agentid) ?? 0) + message.recipients.length)
  }
  for (const message of state.linkedMessages) {
    if (dayOf(message.at) !== day) continue
    counts.set(message.agentid, (counts.get(message.agentid) ?? 0) + message.recipients.length)
  }
  const statistics: MessageStatistics[] = [...counts].map(([agentid, count]) => ({
    agentid,
    app_name: state.agents.get(agentid)?.name ?? '',
    count,
  }))
  return ok({ statistics })
}
