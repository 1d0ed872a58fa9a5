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
