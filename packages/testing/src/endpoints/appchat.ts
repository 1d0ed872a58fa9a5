import {
  appChatView,
  chatApp,
  createAppChat,
  findAppChat,
  sendAppChatMessage,
  updateAppChat,
} from '../corp/appchats.js'
import { isFailure, ok } from '../wecom/answer.js'
import type { Endpoint } from './types.js'

/** POST appchat/create (document/path/90245) → {chatid}: see corp/appchats.ts for the rules. */
export const appchatCreate: Endpoint = {
  path: 'appchat/create',
  method: 'POST',
  handle({ state, body, token }) {
    const agent = chatApp(state, token)
    if (isFailure(agent)) return agent
    const chat = createAppChat(state, agent, body)
    return isFailure(chat) ? chat : ok({ chatid: chat.chatid })
  },
}

/** POST appchat/update (document/path/98913). */
export const appchatUpdate: Endpoint = {
  path: 'appchat/update',
  method: 'POST',
  handle({ state, body, token }) {
    const agent = chatApp(state, token)
    if (isFailure(agent)) return agent
    return updateAppChat(state, agent, body) ?? ok()
  },
}

/** GET appchat/get?chatid (document/path/98914) → {chat_info: {chatid, name, owner, userlist, chat_type}}. */
export const appchatGet: Endpoint = {
  path: 'appchat/get',
  method: 'GET',
  handle({ state, query, token }) {
    const agent = chatApp(state, token)
    if (isFailure(agent)) return agent
    const chat = findAppChat(state, agent, query.chatid)
    return isFailure(chat) ? chat : ok({ chat_info: appChatView(chat) })
  },
}

/** POST appchat/send (document/path/90248). */
export const appchatSend: Endpoint = {
  path: 'appchat/send',
  method: 'POST',
  handle({ state, body, token, now }) {
    const agent = chatApp(state, token)
    if (isFailure(agent)) return agent
    return sendAppChatMessage(state, agent, body, now)
  },
}
