import { isObject } from '../corp/values.js'
import { checkMarkdown, checkTemplateCard } from './content.js'
import { newCode } from './ids.js'
import { AIBOT_ERRCODES, type Outcome, refuse } from './protocol.js'
import type { AiBotResponseUrlRecord } from './types.js'

/**
 * response_url (document/path/101138): messages and card events carry one; a bot POSTs a markdown
 * or template card message to it later, once, within its lifetime (1 hour).
 */
export interface ResponseUrls {
  issue(msgid: string, botId: string, now: number): string
  /** One POST; `body` is the parsed JSON, or undefined when it was not JSON. */
  post(code: string | null, body: unknown, now: number): Outcome
  records(): AiBotResponseUrlRecord[]
}

export const RESPONSE_PATH = 'cgi-bin/aibot/response'

interface Issued {
  msgid: string
  botId: string
  expiresAt: number
  used: boolean
}

export function createResponseUrls(baseUrl: string, ttlMs: number): ResponseUrls {
  const issued = new Map<string, Issued>()
  const records: AiBotResponseUrlRecord[] = []

  const check = (entry: Issued | undefined, body: unknown, now: number): Outcome => {
    if (!entry) return refuse(AIBOT_ERRCODES.invalidParameter, 'response_code is unknown')
    if (entry.used) return refuse(AIBOT_ERRCODES.invalidParameter, 'response_code was already used')
    if (now >= entry.expiresAt) return refuse(AIBOT_ERRCODES.invalidParameter, 'response_code has expired')
    if (!isObject(body)) return refuse(AIBOT_ERRCODES.invalidParameter, 'the body must be a JSON object')
    if (body.msgtype === 'markdown') return checkMarkdown(body)
    if (body.msgtype === 'template_card') return checkTemplateCard(body.template_card)
    return refuse(AIBOT_ERRCODES.invalidMessageType, 'a response_url takes markdown or template_card')
  }

  return {
    issue(msgid, botId, now) {
      const code = newCode()
      issued.set(code, { msgid, botId, expiresAt: now + ttlMs, used: false })
      return `${baseUrl}${RESPONSE_PATH}?response_code=${code}`
    },
    post(code, body, now) {
      const entry = code === null ? undefined : issued.get(code)
      const outcome = check(entry, body, now)
      if (entry) {
        if (outcome.errcode === 0) entry.used = true
        const { errcode, errmsg } = outcome
        records.push({ msgid: entry.msgid, botId: entry.botId, body, at: now, errcode, errmsg })
      }
      return outcome
    },
    records: () => records.map((record) => ({ ...record })),
  }
}
