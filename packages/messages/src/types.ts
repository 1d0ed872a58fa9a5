import type { WeComResult } from '@wecom-kit/core'

/**
 * message/send's answer. WeCom's `|`-joined fields are kept and given again as arrays (empty
 * when everyone received the message). `msgid` is a string, exact whatever its size.
 */
export interface SendResult extends WeComResult {
  msgid: string
  invaliduser?: string
  invalidparty?: string
  invalidtag?: string
  unlicenseduser?: string
  /** Interactive template cards: valid 72 h, single use, to update the card. */
  response_code?: string
  invalidUsers: string[]
  invalidParties: string[]
  invalidTags: string[]
  unlicensedUsers: string[]
}

export type { WeComResult }
