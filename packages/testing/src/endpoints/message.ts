import { messageStatistics, updateTemplateCard } from '../corp/cards.js'
import { sendLinkedCorpMessage } from '../corp/linkedcorp.js'
import { recallMessage, sendMessage } from '../corp/messages.js'
import { ok } from '../wecom/answer.js'
import type { Endpoint } from './types.js'

/** POST message/send (document/path/90236): see corp/messages.ts. */
export const messageSend: Endpoint = {
  path: 'message/send',
  method: 'POST',
  handle({ state, body, token, now }) {
    return sendMessage(state, body, token, now)
  },
}

/** POST message/recall {msgid} (document/path/94867). */
export const messageRecall: Endpoint = {
  path: 'message/recall',
  method: 'POST',
  handle({ state, body, now }) {
    return recallMessage(state, body, now) ?? ok()
  },
}

/** POST message/update_template_card (document/path/94888): see corp/cards.ts. */
export const messageUpdateTemplateCard: Endpoint = {
  path: 'message/update_template_card',
  method: 'POST',
  handle({ state, body, now }) {
    return updateTemplateCard(state, body, now)
  },
}

/** POST message/get_statistics {time_type?} (document/path/92369). */
export const messageGetStatistics: Endpoint = {
  path: 'message/get_statistics',
  method: 'POST',
  handle({ state, body, now }) {
    return messageStatistics(state, body, now)
  },
}

/** POST linkedcorp/message/send (document/path/90250): see corp/linkedcorp.ts. */
export const linkedCorpMessageSend: Endpoint = {
  path: 'linkedcorp/message/send',
  method: 'POST',
  handle({ state, body, now }) {
    return sendLinkedCorpMessage(state, body, now)
  },
}
