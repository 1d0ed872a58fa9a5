import { bindAll, defineResource } from '@wecom-kit/core/resource-kit'
import { recallMessage } from './endpoints.js'
import { sendMessage } from './functions.js'

/** `createClient(...).with(messages)` adds `client.messages`. */
export const messages = /* @__PURE__ */ defineResource('messages', (client) =>
  bindAll(client, { send: sendMessage, recall: recallMessage }),
)

export * from './endpoints.js'
export * from './functions.js'
export { INTERACTIVE_CARDS, type Message, MessageInput, type MessageType } from './schemas.js'
export type * from './types.js'
