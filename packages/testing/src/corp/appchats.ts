import type { AppChat, AppChatMessageRecord, AppChatMessageType } from '../types.js'
import { type Answer, type Failure, fail, isFailure, ok } from '../wecom/answer.js'
import { defaultAgent, visibleRange } from './agents.js'
import { findMember } from './members.js'
import { checkPayload } from './payloads.js'
import type { CorpState, StoredAgent, StoredAppChat, TokenRecord } from './state.js'
import { charLength, type JsonObject } from './values.js'

/**
 * App chats (应用发送消息到群聊会话): appchat/create (document/path/90245), appchat/update (98913),
 * appchat/get (98914) and appchat/send (90248). The rules the pages state:
 * - "只允许企业自建应用调用，且应用的可见范围必须是根部门": another app answers 48002;
 * - "chatid所代表的群必须是该应用所创建": another app's chat is unknown to it (86001);
 * - userlist "至少2人，至多2000人" (86006), members of the directory (86007 otherwise);
 * - chatid "最长32个字符。只允许字符0-9及字母a-zA-Z" (86001), not taken (86215), random when absent;
 * - name "最多50个utf8字符，超过将截断"; owner "如果不指定，系统会随机从userlist中选一人作为群主" (the
 *   simulator takes the first), an owner outside the chat answers 86005; "del_user_list包含群主时本字段必填"
 *   (86005 without a new owner); "群成员人数不可超过2000人" after an update (86006);
 * - appchat/send takes text, image, voice, video, file, textcard, news, mpnews and markdown (40008
 *   otherwise), each payload checked as message/send checks it, with `safe` 0 or 1.
 * errcodes: 86001 "chatid invalid" (WeCom's own answer for an unknown chatid too), 86005 invalid
 * owner, 86006 "invalid chat member list size", 86007 invalid member, 86215 chatid exists.
 */

export const APPCHAT_MESSAGE_TYPES: readonly AppChatMessageType[] = [
  'text',
  'image',
  'voice',
  'video',
  'file',
  'textcard',
  'news',
  'mpnews',
  'markdown',
]

const MIN_MEMBERS = 2
const MAX_MEMBERS = 2000
const MAX_NAME_CHARS = 50
const CHATID = /^[0-9a-zA-Z]{1,32}$/

/** The app a token speaks for, allowed to use app chats only when visible to the root department. */
export function chatApp(state: CorpState, token: TokenRecord | undefined): StoredAgent | Failure {
  const agent = token?.agentid === undefined ? defaultAgent(state) : state.agents.get(token.agentid)
  if (!agent) return fail(48002, 'no app')
  const range = visibleRange(state, agent)
  return range.parties.includes(1)
    ? agent
    : fail(48002, "the app's visible range must be the root department")
}

/** POST appchat/create {name?, owner?, userlist, chatid?}. */
export function createAppChat(
  state: CorpState,
  agent: StoredAgent,
  body: JsonObject,
): StoredAppChat | Failure {
  const users = readMembers(state, body.userlist)
  if (isFailure(users)) return users
  if (users.length < MIN_MEMBERS || users.length > MAX_MEMBERS) return fail(86006)
  let chatid: string
  if (body.chatid === undefined || body.chatid === '') {
    do chatid = randomChatId()
    while (state.appChats.has(chatid))
  } else {
    if (typeof body.chatid !== 'string' || !CHATID.test(body.chatid)) return fail(86001)
    if (state.appChats.has(body.chatid)) return fail(86215)
    chatid = body.chatid
  }
  if (body.name !== undefined && typeof body.name !== 'string') return fail(40058, 'name')
  let owner = users[0] as string
  if (body.owner !== undefined && body.owner !== '') {
    const found = typeof body.owner === 'string' ? memberIn(users, body.owner) : undefined
    if (!found) return fail(86005)
    owner = found
  }
  const chat: StoredAppChat = {
    chatid,
    name: truncateName(body.name),
    owner,
    users,
    chat_type: 0,
    agentid: agent.agentid,
    messages: [],
  }
  state.appChats.set(chatid, chat)
  return chat
}

/** The chat an API names, if this app made it: 86001 otherwise (absent, malformed or unknown). */
export function findAppChat(state: CorpState, agent: StoredAgent, chatid: unknown): StoredAppChat | Failure {
  const chat = typeof chatid === 'string' ? state.appChats.get(chatid) : undefined
  return chat && chat.agentid === agent.agentid ? chat : fail(86001)
}

/** POST appchat/update {chatid, name?, owner?, add_user_list?, del_user_list?}: checked whole, then applied. */
export function updateAppChat(state: CorpState, agent: StoredAgent, body: JsonObject): undefined | Failure {
  const chat = findAppChat(state, agent, body.chatid)
  if (isFailure(chat)) return chat
  const added = body.add_user_list === undefined ? [] : readMembers(state, body.add_user_list)
  if (isFailure(added)) return added
  const removed = body.del_user_list === undefined ? [] : readMembers(state, body.del_user_list)
  if (isFailure(removed)) return removed
  if (body.name !== undefined && typeof body.name !== 'string') return fail(40058, 'name')

  const removing = new Set(removed.map((userid) => userid.toLowerCase()))
  const next = chat.users.filter((userid) => !removing.has(userid.toLowerCase()))
  for (const userid of added) if (!memberIn(next, userid)) next.push(userid)
  if (next.length > MAX_MEMBERS || next.length === 0) return fail(86006)

  let owner = chat.owner
  if (body.owner !== undefined && body.owner !== '') {
    const found = typeof body.owner === 'string' ? memberIn(next, body.owner) : undefined
    if (!found) return fail(86005)
    owner = found
  } else if (!memberIn(next, owner)) {
    // "del_user_list包含群主时本字段必填".
    return fail(86005, 'owner is required when del_user_list removes the owner')
  }
  chat.users = next
  chat.owner = owner
  if (typeof body.name === 'string' && body.name !== '') chat.name = truncateName(body.name)
  return undefined
}

/** POST appchat/send {chatid, msgtype, <payload>, safe?}. */
export function sendAppChatMessage(
  state: CorpState,
  agent: StoredAgent,
  body: JsonObject,
  now: number,
): Answer | Failure {
  const chat = findAppChat(state, agent, body.chatid)
  if (isFailure(chat)) return chat
  const msgtype = body.msgtype
  if (typeof msgtype !== 'string' || !APPCHAT_MESSAGE_TYPES.includes(msgtype as AppChatMessageType)) {
    return fail(40008)
  }
  if (body.safe !== undefined && body.safe !== 0 && body.safe !== 1) return fail(40058, 'safe')
  const refused = checkPayload(state, msgtype as AppChatMessageType, body, now)
  if (refused) return refused
  chat.messages.push({
    chatid: chat.chatid,
    agentid: agent.agentid,
    msgtype: msgtype as AppChatMessageType,
    body: structuredClone(body),
    recipients: [...chat.users],
    at: now,
  })
  return ok()
}

export function appChatView(chat: StoredAppChat): AppChat {
  return {
    chatid: chat.chatid,
    name: chat.name,
    owner: chat.owner,
    userlist: [...chat.users],
    chat_type: chat.chat_type,
  }
}

export function appChatMessageView(message: AppChatMessageRecord): AppChatMessageRecord {
  return { ...message, body: structuredClone(message.body), recipients: [...message.recipients] }
}

/** An array of userids of the directory, spelled as the directory spells them, each once. */
function readMembers(state: CorpState, value: unknown): string[] | Failure {
  if (!Array.isArray(value)) return fail(40058, 'userlist must be an array')
  const out: string[] = []
  for (const item of value) {
    if (typeof item !== 'string') return fail(40058, 'userids must be strings')
    const member = findMember(state, item)
    if (!member) return fail(86007, item)
    if (!memberIn(out, member.userid)) out.push(member.userid)
  }
  return out
}

function memberIn(users: readonly string[], userid: string): string | undefined {
  const wanted = userid.toLowerCase()
  return users.find((user) => user.toLowerCase() === wanted)
}

function truncateName(name: unknown): string {
  if (typeof name !== 'string') return ''
  return charLength(name) > MAX_NAME_CHARS ? Array.from(name).slice(0, MAX_NAME_CHARS).join('') : name
}

function randomChatId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'
  return Array.from(crypto.getRandomValues(new Uint8Array(24)), (b) => alphabet[b % alphabet.length]).join('')
}
