import { defineEndpoint } from '@wecom-kit/core/resource-kit'
import * as v from 'valibot'
import {
  KfAddAccountInput,
  KfAddContactWayInput,
  KfListAccountsInput,
  KfServicersInput,
  KfSessionInput,
  KfTransServiceStateInput,
  KfUpdateAccountInput,
  OpenKfId,
} from './schemas.js'
import type {
  KfAddAccountResult,
  KfAddContactWayResult,
  KfListAccountsResult,
  KfListServicersResult,
  KfServicersResult,
  KfServiceStateResult,
  KfTransServiceStateResult,
  WeComResult,
} from './types.js'

// The kf operation table: one entry per plain endpoint (check the input, call one path).
// `idempotent`: may the call be sent again after it possibly reached WeCom?

/** POST kf/account/add `{ name, media_id }` → `{ open_kfid }`. Not replayed: a replay makes a second account. */
export const addKfAccount = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'kf/account/add',
  doc: 94662,
  idempotent: false,
  input: KfAddAccountInput,
  returns: {} as KfAddAccountResult,
})

/** POST kf/account/update `{ open_kfid, name?, media_id? }`: the same change lands the same twice. */
export const updateKfAccount = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'kf/account/update',
  doc: 94664,
  idempotent: true,
  input: KfUpdateAccountInput,
  returns: {} as WeComResult,
})

/** POST kf/account/del `{ open_kfid }`. Not replayed: after it landed a replay fails with 95004. */
export const deleteKfAccount = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'kf/account/del',
  doc: 94663,
  idempotent: false,
  input: /* @__PURE__ */ v.object({ open_kfid: OpenKfId }),
  args: (openKfId: string) => ({ open_kfid: openKfId }),
  returns: {} as WeComResult,
})

/** POST kf/account/list `{ offset?, limit? }` (limit 1–100, default 100). */
export const listKfAccounts = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'kf/account/list',
  doc: 94661,
  idempotent: true,
  input: KfListAccountsInput,
  args: (page?: { offset?: number; limit?: number }) => page ?? {},
  returns: {} as KfListAccountsResult,
})

/** POST kf/add_contact_way `{ open_kfid, scene? }` → `{ url }`, the link customers open. */
export const addKfContactWay = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'kf/add_contact_way',
  doc: 94665,
  idempotent: true,
  input: KfAddContactWayInput,
  returns: {} as KfAddContactWayResult,
})

/**
 * POST kf/servicer/add `{ open_kfid, userid_list?, department_id_list? }` (≤ 100 each). Each
 * entry has its own errcode in `result_list`; adding the same servicer twice lands the same.
 */
export const addKfServicers = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'kf/servicer/add',
  doc: 94646,
  idempotent: true,
  input: KfServicersInput,
  returns: {} as KfServicersResult,
})

/** POST kf/servicer/del, the same shape as `addServicers`. */
export const deleteKfServicers = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'kf/servicer/del',
  doc: 94647,
  idempotent: true,
  input: KfServicersInput,
  returns: {} as KfServicersResult,
})

/** GET kf/servicer/list?open_kfid: the account's servicers and whether each is receiving. */
export const listKfServicers = /* @__PURE__ */ defineEndpoint({
  method: 'GET',
  path: 'kf/servicer/list',
  doc: 94645,
  idempotent: true,
  input: /* @__PURE__ */ v.object({ open_kfid: OpenKfId }),
  args: (openKfId: string) => ({ open_kfid: openKfId }),
  returns: {} as KfListServicersResult,
})

/** POST kf/service_state/get `{ open_kfid, external_userid }` → `{ service_state, servicer_userid? }`. */
export const getKfServiceState = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'kf/service_state/get',
  doc: 94669,
  idempotent: true,
  input: KfSessionInput,
  returns: {} as KfServiceStateResult,
})

/**
 * POST kf/service_state/trans `{ open_kfid, external_userid, service_state, servicer_userid? }`
 * → `{ msg_code? }`. Not replayed: a move that landed is not allowed again (95016) and its
 * msg_code would be lost.
 */
export const transKfServiceState = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'kf/service_state/trans',
  doc: 94669,
  idempotent: false,
  input: KfTransServiceStateInput,
  returns: {} as KfTransServiceStateResult,
})
