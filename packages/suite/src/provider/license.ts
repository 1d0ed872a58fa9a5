import type { RequestOptions, WeComClient, WeComResult } from '@wecom-kit/core'
import {
  bindAll,
  cursorList,
  defineEndpoint,
  defineOperation,
  defineResource,
  optionalObject,
  parseInput,
} from '@wecom-kit/core/resource-kit'
import {
  LicenseActivatedAccountsInput,
  LicenseActiveAccountInput,
  LicenseActiveCodeInput,
  LicenseActiveCodesInput,
  LicenseAppInfoInput,
  LicenseAutoActiveInput,
  LicenseBatchActiveAccountInput,
  LicenseCancelOrderInput,
  LicenseCorpInput,
  LicenseListOrdersInput,
  LicenseMemberInput,
  LicenseNewOrderInput,
  LicenseOrderAccountsInput,
  LicenseOrderInput,
  LicenseRenewOrderJobInput,
  LicenseShareInput,
  LicenseSubmitOrderJobInput,
  LicenseTransferInput,
} from './schemas.js'
import type {
  LicenseActivatedAccount,
  LicenseActiveInfoListResult,
  LicenseActiveInfoResult,
  LicenseAppInfoResult,
  LicenseAutoActiveStatusResult,
  LicenseBatchActiveResult,
  LicenseMemberActiveInfoResult,
  LicenseOrderAccount,
  LicenseOrderIdResult,
  LicenseOrderResult,
  LicenseOrderSummary,
  LicenseRenewJobResult,
  LicenseShareResult,
  LicenseTransferResult,
} from './types.js'

// 接口调用许可: every call is sent with the provider_access_token (`?provider_access_token=`),
// so it runs on a provider client. Bodies use WeCom's field names. Orders, activations and
// transfers are never replayed blindly: a replay after a timeout could buy, bind or move twice.

// —— Orders ————————————————————————————————————————————————————————————————————————

/** POST license/create_new_order → `{ order_id }`: an unpaid order for new accounts. Not replayed: a replay is a second order. */
export const createLicenseNewOrder = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'license/create_new_order',
  doc: 95644,
  idempotent: false,
  input: LicenseNewOrderInput,
  returns: {} as LicenseOrderIdResult,
})

/**
 * POST license/create_renew_order_job → `{ jobid, invalid_account_list }`: members whose
 * accounts to renew, added to `jobid` when given. Not replayed: a replay may start a second job.
 */
export const createLicenseRenewOrderJob = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'license/create_renew_order_job',
  doc: 95646,
  idempotent: false,
  input: LicenseRenewOrderJobInput,
  returns: {} as LicenseRenewJobResult,
})

/** POST license/submit_order_job → `{ order_id }`: turns a renewal job into an order. Not replayed. */
export const submitLicenseOrderJob = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'license/submit_order_job',
  doc: 95646,
  idempotent: false,
  input: LicenseSubmitOrderJobInput,
  returns: {} as LicenseOrderIdResult,
})

/** POST license/get_order `{ order_id }` → `{ order }`: status, counts and duration (no codes: see listLicenseOrderAccounts). */
export const getLicenseOrder = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'license/get_order',
  doc: 95648,
  idempotent: true,
  input: LicenseOrderInput,
  returns: {} as LicenseOrderResult,
})

/** POST license/cancel_order `{ corpid, order_id }`: only an unpaid, live order. Not replayed: after it landed a replay fails. */
export const cancelLicenseOrder = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'license/cancel_order',
  doc: 96106,
  idempotent: false,
  input: LicenseCancelOrderInput,
  returns: {} as WeComResult,
})

/** What a list takes besides its body: the request options. */
type ListOptions = RequestOptions

export interface LicenseListOrdersFilter extends ListOptions {
  /** Only this corp's orders (a test corp lists its test orders). */
  corpid?: string | undefined
  /** Order time, seconds; with `end_time`, at most 31 days apart. */
  start_time?: number | undefined
  end_time?: number | undefined
  /** Entries per page, 1–1000 (WeCom's default 500). */
  limit?: number | undefined
}

/** The licence lists' last page says `has_more: 0` (the cursor may still be set). */
const noMore = (page: Record<string, unknown>) => page.has_more === 0 || page.has_more === false

/** POST license/list_order as an async iterable of `{ order_id, order_type }`. */
export const listLicenseOrders = /* @__PURE__ */ defineOperation(
  { method: 'POST', path: 'license/list_order', doc: 95647, idempotent: true },
  (client: WeComClient, filter?: LicenseListOrdersFilter): AsyncIterable<LicenseOrderSummary> => {
    const { signal, timeout, ...rest } = optionalObject(filter, 'filter')
    const body = parseInput(LicenseListOrdersInput, rest, 'filter')
    return cursorList(client, {
      path: 'license/list_order',
      body,
      items: 'order_list',
      request: { signal, timeout },
      isLast: noMore,
    })
  },
)

export interface LicenseOrderAccountsQuery extends ListOptions {
  order_id: string
  /** Entries per page, 1–1000 (WeCom's default 500). */
  limit?: number | undefined
}

/**
 * POST license/list_order_account as an async iterable: the activation codes of a paid order
 * for new accounts (none before payment), or the members of a renewal order.
 */
export const listLicenseOrderAccounts = /* @__PURE__ */ defineOperation(
  { method: 'POST', path: 'license/list_order_account', doc: 95649, idempotent: true },
  (client: WeComClient, query: LicenseOrderAccountsQuery): AsyncIterable<LicenseOrderAccount> => {
    const { signal, timeout, ...rest } = optionalObject(query, 'query')
    const body = parseInput(LicenseOrderAccountsInput, rest, 'query')
    return cursorList(client, {
      path: 'license/list_order_account',
      body,
      items: 'account_list',
      request: { signal, timeout },
      isLast: noMore,
    })
  },
)

// —— Accounts ——————————————————————————————————————————————————————————————————————

/**
 * POST license/active_account `{ active_code, corpid, userid }`: binds a code to a member. Not
 * replayed: binding is not something to send twice on a guess.
 */
export const activeLicenseAccount = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'license/active_account',
  doc: 95553,
  idempotent: false,
  input: LicenseActiveAccountInput,
  returns: {} as WeComResult,
})

/** POST license/batch_active_account `{ corpid, active_list }` (≤ 1000) → `{ active_result }`, an errcode per entry. Not replayed. */
export const batchActiveLicenseAccount = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'license/batch_active_account',
  doc: 95553,
  idempotent: false,
  input: LicenseBatchActiveAccountInput,
  returns: {} as LicenseBatchActiveResult,
})

/** POST license/get_active_info_by_code `{ corpid, active_code }` → `{ active_info }`. */
export const getLicenseActiveInfoByCode = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'license/get_active_info_by_code',
  doc: 95552,
  idempotent: true,
  input: LicenseActiveCodeInput,
  returns: {} as LicenseActiveInfoResult,
})

/** POST license/batch_get_active_info_by_code `{ corpid, active_code_list }` (≤ 1000). */
export const batchGetLicenseActiveInfoByCode = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'license/batch_get_active_info_by_code',
  doc: 95552,
  idempotent: true,
  input: LicenseActiveCodesInput,
  returns: {} as LicenseActiveInfoListResult,
})

export interface LicenseActivatedAccountsQuery extends ListOptions {
  corpid: string
  /** Entries per page, 1–1000 (WeCom's default 500). */
  limit?: number | undefined
}

/** POST license/list_actived_account as an async iterable of a corp's activated accounts (expired ones too). */
export const listLicenseActivatedAccounts = /* @__PURE__ */ defineOperation(
  { method: 'POST', path: 'license/list_actived_account', doc: 95544, idempotent: true },
  (client: WeComClient, query: LicenseActivatedAccountsQuery): AsyncIterable<LicenseActivatedAccount> => {
    const { signal, timeout, ...rest } = optionalObject(query, 'query')
    const body = parseInput(LicenseActivatedAccountsInput, rest, 'query')
    return cursorList(client, {
      path: 'license/list_actived_account',
      body,
      items: 'account_list',
      request: { signal, timeout },
      isLast: noMore,
    })
  },
)

/** POST license/get_active_info_by_user `{ corpid, userid }` → `{ active_status, active_info_list }`. */
export const getLicenseActiveInfoByUser = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'license/get_active_info_by_user',
  doc: 95555,
  idempotent: true,
  input: LicenseMemberInput,
  returns: {} as LicenseMemberActiveInfoResult,
})

/**
 * POST license/batch_transfer_license `{ corpid, transfer_list }` (≤ 1000) → `{ transfer_result }`:
 * hands a member's accounts to another. Not replayed: a member still employed can be handed
 * over only once in 30 days.
 */
export const batchTransferLicense = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'license/batch_transfer_license',
  doc: 95673,
  idempotent: false,
  input: LicenseTransferInput,
  returns: {} as LicenseTransferResult,
})

/** POST license/batch_share_active_code: gives codes to a downstream corp (≤ 1000). Not replayed. */
export const batchShareLicenseActiveCode = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'license/batch_share_active_code',
  doc: 96059,
  idempotent: false,
  input: LicenseShareInput,
  returns: {} as LicenseShareResult,
})

// —— App and corp settings ——————————————————————————————————————————————————————————

/** POST license/get_app_license_info `{ corpid, suite_id }` → `{ license_status, trail_info }`. */
export const getAppLicenseInfo = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'license/get_app_license_info',
  doc: 95844,
  idempotent: true,
  input: LicenseAppInfoInput,
  returns: {} as LicenseAppInfoResult,
})

/** POST license/set_auto_active_status `{ corpid, auto_active_status }`: the same setting lands the same twice. */
export const setLicenseAutoActiveStatus = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'license/set_auto_active_status',
  doc: 95873,
  idempotent: true,
  input: LicenseAutoActiveInput,
  returns: {} as WeComResult,
})

/** POST license/get_auto_active_status `{ corpid }` → `{ auto_active_status }`. */
export const getLicenseAutoActiveStatus = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'license/get_auto_active_status',
  doc: 95874,
  idempotent: true,
  input: LicenseCorpInput,
  returns: {} as LicenseAutoActiveStatusResult,
})

/**
 * `client.with(license)` adds `client.license` (接口调用许可) to a client on the provider token;
 * `createProviderClient` has it already.
 */
export const license = /* @__PURE__ */ defineResource('license', (client) =>
  bindAll(client, {
    createNewOrder: createLicenseNewOrder,
    createRenewOrderJob: createLicenseRenewOrderJob,
    submitOrderJob: submitLicenseOrderJob,
    listOrders: listLicenseOrders,
    getOrder: getLicenseOrder,
    listOrderAccounts: listLicenseOrderAccounts,
    cancelOrder: cancelLicenseOrder,
    activeAccount: activeLicenseAccount,
    batchActiveAccount: batchActiveLicenseAccount,
    getActiveInfoByCode: getLicenseActiveInfoByCode,
    batchGetActiveInfoByCode: batchGetLicenseActiveInfoByCode,
    listActivatedAccounts: listLicenseActivatedAccounts,
    getActiveInfoByUser: getLicenseActiveInfoByUser,
    batchTransfer: batchTransferLicense,
    batchShareActiveCode: batchShareLicenseActiveCode,
    getAppLicenseInfo,
    setAutoActiveStatus: setLicenseAutoActiveStatus,
    getAutoActiveStatus: getLicenseAutoActiveStatus,
  }),
)
