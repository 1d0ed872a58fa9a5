import type { JsapiSignatureCheck } from '../types.js'
import { sha1Hex } from '../wecom/sha1.js'
import { defaultAgent } from './agents.js'
import { newAgentTicket, newCorpTicket } from './ids.js'
import type { CorpState, TicketRecord } from './state.js'

/** "jsapi_ticket的有效期为7200秒". */
const TICKET_TTL_SECONDS = 7200

/**
 * A live ticket is handed out again (with the seconds it has left) rather than a fresh one, the way
 * gettoken does: "开发者必须在自己的服务全局缓存jsapi_ticket". A new one once it expired.
 */
function issueTicket(
  current: TicketRecord | undefined,
  fresh: () => string,
  now: number,
): { record: TicketRecord; expires_in: number } {
  if (current && current.expiresAt > now) {
    return { record: current, expires_in: Math.ceil((current.expiresAt - now) / 1000) }
  }
  const record = { ticket: fresh(), expiresAt: now + TICKET_TTL_SECONDS * 1000 }
  return { record, expires_in: TICKET_TTL_SECONDS }
}

export function issueCorpTicket(state: CorpState, now: number) {
  const issued = issueTicket(state.corpTicket, newCorpTicket, now)
  state.corpTicket = issued.record
  return { ticket: issued.record.ticket, expires_in: issued.expires_in }
}

export function issueAgentTicket(state: CorpState, agentid: number, now: number) {
  const issued = issueTicket(state.agentTickets.get(agentid), newAgentTicket, now)
  state.agentTickets.set(agentid, issued.record)
  return { ticket: issued.record.ticket, expires_in: issued.expires_in }
}

export function expireTickets(state: CorpState, now: number): void {
  const records = [state.corpTicket, ...state.agentTickets.values()]
  for (const record of records) if (record) record.expiresAt = Math.min(record.expiresAt, now)
}

/**
 * The JS-SDK signature: SHA-1 (lowercase hex) of `jsapi_ticket=…&noncestr=…&timestamp=…&url=…`,
 * raw values in that order, the URL without its `#` part (document/path/90506).
 */
export function jsapiSignature(ticket: string, nonceStr: string, timestamp: string | number, url: string) {
  const page = url.split('#')[0]
  return sha1Hex(`jsapi_ticket=${ticket}&noncestr=${nonceStr}&timestamp=${timestamp}&url=${page}`)
}

/** Whether a signature was made with the live ticket of that kind, for that page, nonce and time. */
export function verifyJsapiSignature(state: CorpState, check: JsapiSignatureCheck, now: number): boolean {
  const record =
    check.ticketType === 'agent'
      ? state.agentTickets.get(check.agentid ?? defaultAgent(state)?.agentid ?? Number.NaN)
      : state.corpTicket
  if (!record || record.expiresAt <= now) return false
  const expected = jsapiSignature(record.ticket, check.nonceStr, check.timestamp, check.url)
  return typeof check.signature === 'string' && check.signature.toLowerCase() === expected
}
