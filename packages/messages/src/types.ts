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

/** message/update_template_card's answer: userids given that the card never reached (an array). */
export interface UpdateTemplateCardResult extends WeComResult {
  invaliduser?: string[]
}

export interface MessageStatistics {
  agentid: number
  app_name: string
  /** Person-messages delivered ("发消息成功人次": one message to 100 people counts 100). */
  count: number
}

/** message/get_statistics' answer: one entry per app that sent anything that day. */
export interface GetStatisticsResult extends WeComResult {
  statistics: MessageStatistics[]
}

/** linkedcorp/message/send's answer: the recipients that could not be reached, as arrays. */
export interface LinkedCorpSendResult extends WeComResult {
  invaliduser?: string[]
  invalidparty?: string[]
  invalidtag?: string[]
}

export type { WeComResult }
