import { defineEndpoint } from '@wecom-kit/core/resource-kit'
import * as v from 'valibot'
import {
  AppChatId,
  type AppChatMessage,
  CreateAppChatInput,
  SendAppChatInput,
  type UpdateAppChatFields,
  UpdateAppChatInput,
} from './schemas.js'
import type { CreateAppChatResult, GetAppChatResult, WeComResult } from './types.js'

// The appchat operation table. Only self-built apps whose visible range is the root department may
// call these, and only on chats the same app created. `idempotent`: may the call be sent again
// after it possibly reached WeCom?

/**
 * POST appchat/create: 2–2000 members. Not replayed: a second create makes a second chat (or,
 * with a chatid, fails because the first took it). WeCom allows 1 000 new chats a day per corp.
 */
export const createAppChat = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'appchat/create',
  doc: 90245,
  idempotent: false,
  input: CreateAppChatInput,
  returns: {} as CreateAppChatResult,
})

/**
 * POST appchat/update: rename, hand over, add and remove members. Applying the same change twice
 * lands the same, so it may be replayed. `owner` is required when `del_user_list` removes the owner.
 */
export const updateAppChat = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'appchat/update',
  doc: 98913,
  idempotent: true,
  input: UpdateAppChatInput,
  args: (chatid: string, fields: UpdateAppChatFields) => ({ ...fields, chatid }),
  returns: {} as WeComResult,
})

/** GET appchat/get: the chat's name, owner, members and type. */
export const getAppChat = /* @__PURE__ */ defineEndpoint({
  method: 'GET',
  path: 'appchat/get',
  doc: 98914,
  idempotent: true,
  input: /* @__PURE__ */ v.object({ chatid: AppChatId }),
  args: (chatid: string) => ({ chatid }),
  returns: {} as GetAppChatResult,
})

/**
 * POST appchat/send: text, image, voice, video, file, textcard, news, mpnews or markdown to every
 * member. Not replayed after it may have reached the chat: app chats have no duplicate check.
 */
export const sendAppChatMessage = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'appchat/send',
  doc: 90248,
  idempotent: false,
  input: SendAppChatInput,
  args: (chatid: string, message: AppChatMessage) => ({ ...message, chatid }),
  returns: {} as WeComResult,
})
