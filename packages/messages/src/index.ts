import { bindAll, defineResource } from '@wecom-kit/core/resource-kit'
import { getMessageStatistics, recallMessage } from './endpoints.js'
import { sendMessage, sendToLinkedCorp, updateTemplateCard } from './functions.js'

/** `createClient(...).with(messages)` adds `client.messages`. */
export const messages = /* @__PURE__ */ defineResource('messages', (client) =>
  bindAll(client, {
    send: sendMessage,
    recall: recallMessage,
    updateTemplateCard,
    getStatistics: getMessageStatistics,
    sendToLinkedCorp,
  }),
)

export * from './endpoints.js'
export * from './functions.js'
export {
  INTERACTIVE_CARDS,
  type LinkedCorpMessage,
  LinkedCorpMessageInput,
  type Message,
  MessageInput,
  type MessageType,
  StatisticsTimeType,
  TemplateCard,
  UpdateTemplateCardInput,
} from './schemas.js'
export type * from './types.js'
