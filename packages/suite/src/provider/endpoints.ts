import type { WeComResult } from '@wecom-kit/core'
import { defineEndpoint } from '@wecom-kit/core/resource-kit'
import * as v from 'valibot'
import { withSuiteHints } from '../errors.js'
import { ProviderAuthCode, ProviderCorpId, RegisterCode, RegisterCodeInput } from './schemas.js'
import type { OpenCorpIdResult, ProviderLoginInfo, RegisterCodeResult, RegisterInfoResult } from './types.js'

// Provider-level calls sent with the provider_access_token: call them on a provider client
// (`createProviderClient`), or on any client whose credentials are `providerCredentials`.
// `idempotent`: may the call be sent again after it possibly reached WeCom?

/**
 * POST service/get_login_info `{ auth_code }`: who logged in through the provider's web login
 * (扫码/网页授权登录). The one provider call whose token goes in `access_token`, not
 * `provider_access_token` (document/path/91125). Not replayed: the code is single use.
 */
export const getProviderLoginInfo = /* @__PURE__ */ withSuiteHints(
  /* @__PURE__ */ defineEndpoint({
    method: 'POST',
    path: 'service/get_login_info',
    doc: 91125,
    // A replay after the code was consumed can only fail (40078), and hides the real outcome.
    idempotent: false,
    tokenParam: 'access_token',
    input: /* @__PURE__ */ v.object({ auth_code: ProviderAuthCode }),
    args: (authCode: string) => ({ auth_code: authCode }),
    returns: {} as ProviderLoginInfo,
  }),
)

/** POST service/corpid_to_opencorpid `{ corpid }` → `{ open_corpid }`: the corp's id as this provider sees it. */
export const corpIdToOpenCorpId = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'service/corpid_to_opencorpid',
  doc: 97061,
  idempotent: true,
  input: /* @__PURE__ */ v.object({ corpid: ProviderCorpId }),
  args: (corpId: string) => ({ corpid: corpId }),
  returns: {} as OpenCorpIdResult,
})

/**
 * POST service/get_register_code → `{ register_code, expires_in }` for a register link of a
 * promotion package (推广二维码). Replayed: each call mints a fresh code, and a spare one is
 * never used and lapses in minutes.
 */
export const getRegisterCode = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'service/get_register_code',
  doc: 90581,
  idempotent: true,
  input: RegisterCodeInput,
  returns: {} as RegisterCodeResult,
})

/** POST service/get_register_info `{ register_code }`: the corp a register code created (for 24 hours). */
export const getRegisterInfo = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'service/get_register_info',
  doc: 90582,
  idempotent: true,
  input: /* @__PURE__ */ v.object({ register_code: RegisterCode }),
  args: (registerCode: string) => ({ register_code: registerCode }),
  returns: {} as RegisterInfoResult,
})

/**
 * POST service/externalcontact/finish_external_userid_migration `{ corpid }`: tells WeCom the
 * provider has moved this corp's customers to provider-subject external_userids. Setting the
 * flag twice lands the same.
 */
export const finishExternalUserIdMigration = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'service/externalcontact/finish_external_userid_migration',
  doc: 95327,
  idempotent: true,
  input: /* @__PURE__ */ v.object({ corpid: ProviderCorpId }),
  args: (corpId: string) => ({ corpid: corpId }),
  returns: {} as WeComResult,
})
