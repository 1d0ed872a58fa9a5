import { bindAll, defineResource } from '@wecom-kit/core/resource-kit'
import {
  addKfAccount,
  addKfContactWay,
  addKfServicers,
  deleteKfAccount,
  deleteKfServicers,
  getKfServiceState,
  listKfAccounts,
  listKfServicers,
  transKfServiceState,
  updateKfAccount,
} from './endpoints.js'
import { batchGetKfCustomers, sendKfEventMessage, sendKfMessage, syncKfMessages } from './functions.js'

/** `createClient(...).with(kf)` adds `client.kf`: WeChat customer service (微信客服). */
export const kf = /* @__PURE__ */ defineResource('kf', (client) =>
  bindAll(client, {
    addAccount: addKfAccount,
    updateAccount: updateKfAccount,
    deleteAccount: deleteKfAccount,
    listAccounts: listKfAccounts,
    addContactWay: addKfContactWay,
    addServicers: addKfServicers,
    deleteServicers: deleteKfServicers,
    listServicers: listKfServicers,
    syncMessages: syncKfMessages,
    send: sendKfMessage,
    sendOnEvent: sendKfEventMessage,
    getServiceState: getKfServiceState,
    transServiceState: transKfServiceState,
    batchGetCustomers: batchGetKfCustomers,
  }),
)

export { type CursorStore, memoryCursorStore } from './cursor-store.js'
export * from './endpoints.js'
export {
  isKfSendRefusedError,
  KF_SEND_RULE_ERRCODES,
  type KfSendRefusal,
  KfSendRefusedError,
} from './errors.js'
export {
  batchGetKfCustomers,
  type KfBatchGetCustomersOptions,
  type KfEventMessage,
  type KfSyncMessagesOptions,
  kfCursorKey,
  sendKfEventMessage,
  sendKfMessage,
  syncKfMessages,
} from './functions.js'
export {
  KfAddAccountInput,
  KfAddContactWayInput,
  KfEventMessageInput,
  KfExternalUserId,
  KfSendInput,
  KfServicersInput,
  KfSessionInput,
  KfTransServiceStateInput,
  KfUpdateAccountInput,
  OpenKfId,
} from './schemas.js'
export type * from './types.js'
