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
export { isKfSendRefusedError, KF_SEND_RULE_ERRCODES, KfSendRefusedError, type KfSendRefusal } from './errors.js'
export {
  type BatchGetCustomersOptions,
  batchGetKfCustomers,
  type KfEventMessage,
  kfCursorKey,
  type SyncMessagesOptions,
  sendKfEventMessage,
  sendKfMessage,
  syncKfMessages,
} from './functions.js'
export {
  AddAccountInput,
  AddContactWayInput,
  KfExternalUserId,
  KfSendInput,
  OpenKfId,
  ServicersInput,
  SessionInput,
  TransServiceStateInput,
  UpdateAccountInput,
} from './schemas.js'
export type * from './types.js'
