import { defineEndpoint } from '@wecom-kit/core/resource-kit'
import { withSuiteHints } from './errors.js'
import {
  AdminListInput,
  AuthCorpInput,
  OAuthCodeInput,
  PermanentCodeInput,
  SetSessionInfoInput,
  UserTicketInput,
} from './schemas.js'
import type {
  SuiteAdminListResult,
  SuiteAuthInfoResult,
  SuitePermanentCodeResult,
  SuitePermanentCodeV1Result,
  SuitePreAuthCodeResult,
  UserDetail3rdResult,
  UserInfo3rdResult,
  WeComResult,
} from './types.js'

// The suite's operation table. Each function takes the suite's own client (`suite.client`, whose
// calls carry the suite_access_token), like the methods of `createSuiteClient`.
// `idempotent`: may the call be sent again after it possibly reached WeCom? Each error carries the
// provider's hint for its errcode (40078 used auth code, 40084 reset permanent code, 48004
// cancelled authorization, …) where core has none.

/** GET service/get_pre_auth_code → `{ pre_auth_code, expires_in }`: a new code each time, harmless to repeat. */
export const getSuitePreAuthCode = /* @__PURE__ */ withSuiteHints(
  /* @__PURE__ */ defineEndpoint({
    method: 'GET',
    path: 'service/get_pre_auth_code',
    doc: 90601,
    idempotent: true,
    returns: {} as SuitePreAuthCodeResult,
  }),
)

/** POST service/set_session_info `{ pre_auth_code, session_info: { appid?, auth_type? } }`. */
export const setSuiteSessionInfo = /* @__PURE__ */ withSuiteHints(
  /* @__PURE__ */ defineEndpoint({
    method: 'POST',
    path: 'service/set_session_info',
    doc: 90602,
    idempotent: true,
    input: SetSessionInfoInput,
    returns: {} as WeComResult,
  }),
)

/**
 * POST service/v2/get_permanent_code `{ auth_code }` (the current page, 100776): the permanent
 * code, the corp and the installing admin. Not replayed: the auth code works once, so a replay
 * after the first one landed fails with 40078 and the code would be lost.
 */
export const getSuitePermanentCode = /* @__PURE__ */ withSuiteHints(
  /* @__PURE__ */ defineEndpoint({
    method: 'POST',
    path: 'service/v2/get_permanent_code',
    doc: 100776,
    idempotent: false,
    input: PermanentCodeInput,
    args: (authCode: string) => ({ auth_code: authCode }),
    returns: {} as SuitePermanentCodeResult,
  }),
)

/**
 * POST service/get_permanent_code `{ auth_code }` (the older page, 90603): also answers the
 * agents and a first corp access_token. Not replayed, as v2.
 */
export const getSuitePermanentCodeV1 = /* @__PURE__ */ withSuiteHints(
  /* @__PURE__ */ defineEndpoint({
    method: 'POST',
    path: 'service/get_permanent_code',
    doc: 90603,
    idempotent: false,
    input: PermanentCodeInput,
    args: (authCode: string) => ({ auth_code: authCode }),
    returns: {} as SuitePermanentCodeV1Result,
  }),
)

/** POST service/v2/get_auth_info `{ auth_corpid, permanent_code }` (100795): the corp and its agents. */
export const getSuiteAuthInfo = /* @__PURE__ */ withSuiteHints(
  /* @__PURE__ */ defineEndpoint({
    method: 'POST',
    path: 'service/v2/get_auth_info',
    doc: 100795,
    idempotent: true,
    input: AuthCorpInput,
    returns: {} as SuiteAuthInfoResult,
  }),
)

/** POST service/get_auth_info `{ auth_corpid, permanent_code }` (the older page, 90604). */
export const getSuiteAuthInfoV1 = /* @__PURE__ */ withSuiteHints(
  /* @__PURE__ */ defineEndpoint({
    method: 'POST',
    path: 'service/get_auth_info',
    doc: 90604,
    idempotent: true,
    input: AuthCorpInput,
    returns: {} as SuiteAuthInfoResult,
  }),
)

/** POST service/get_admin_list `{ auth_corpid, agentid }` → `{ admin: [{ userid, open_userid, auth_type }] }`. */
export const getSuiteAdminList = /* @__PURE__ */ withSuiteHints(
  /* @__PURE__ */ defineEndpoint({
    method: 'POST',
    path: 'service/get_admin_list',
    doc: 90606,
    idempotent: true,
    input: AdminListInput,
    returns: {} as SuiteAdminListResult,
  }),
)

/**
 * GET service/auth/getuserinfo3rd `?code=` (91121): who opened the app's OAuth link. Not replayed:
 * the code works once.
 */
export const getUserInfo3rd = /* @__PURE__ */ withSuiteHints(
  /* @__PURE__ */ defineEndpoint({
    method: 'GET',
    path: 'service/auth/getuserinfo3rd',
    doc: 91121,
    idempotent: false,
    input: OAuthCodeInput,
    args: (code: string) => ({ code }),
    returns: {} as UserInfo3rdResult,
  }),
)

/** POST service/auth/getuserdetail3rd `{ user_ticket }` (91122): the member's private fields. */
export const getUserDetail3rd = /* @__PURE__ */ withSuiteHints(
  /* @__PURE__ */ defineEndpoint({
    method: 'POST',
    path: 'service/auth/getuserdetail3rd',
    doc: 91122,
    idempotent: true,
    input: UserTicketInput,
    args: (userTicket: string) => ({ user_ticket: userTicket }),
    returns: {} as UserDetail3rdResult,
  }),
)
