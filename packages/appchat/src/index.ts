import { bindAll, defineResource } from '@wecom-kit/core/resource-kit'
import { createAppChat, getAppChat, sendAppChatMessage, updateAppChat } from './endpoints.js'

/** `createClient(...).with(appchat)` adds `client.appchat`. */
export const appchat = /* @__PURE__ */ defineResource('appchat', (client) =>
  bindAll(client, {
    create: createAppChat,
    update: updateAppChat,
    get: getAppChat,
    send: sendAppChatMessage,
  }),
)

export * from './endpoints.js'
export {
  APPCHAT_MAX_MEMBERS,
  AppChatId,
  type AppChatMessage,
  AppChatMessageInput,
  type AppChatMessageType,
  CreateAppChatInput,
  UpdateAppChatFields,
} from './schemas.js'
export type * from './types.js'
