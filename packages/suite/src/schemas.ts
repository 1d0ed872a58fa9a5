import { maxBytes, utf8Length, wellFormed } from '@wecom-kit/core/resource-kit'
import * as v from 'valibot'

// Rules from the official pages of 第三方应用开发 → 应用授权 (document/path/90600–90606, 100776,
// 100795) and 网页授权登录 (91121, 91122). No message quotes the value: a permanent code or a
// ticket is a credential.

/** Builds a schema at import, marked free of side effects so that unused ones are tree-shaken. */
/* @__NO_SIDE_EFFECTS__ */
function schema<T>(build: () => T): T {
  return build()
}

/** A non-empty, well-formed string of at most `max` UTF-8 bytes. */
const text = (what: string, max: number) =>
  v.pipe(
    v.string(`${what} must be a string`),
    v.minLength(1, `${what} must not be empty`),
    maxBytes(max, `${what} must be at most ${max} bytes`),
    wellFormed(what),
  )

/** A corpid: `ww…` (or an older `wx…`), the authorized corp's id as the suite sees it. */
export const AuthCorpId = schema(() => text('auth_corpid', 64))

/** A permanent code, the corp's lasting grant to the suite ("永久授权码", up to 512 bytes). */
export const PermanentCode = schema(() => text('permanent_code', 512))

/**
 * A temporary authorization code from the install redirect or the create_auth callback: 64–512
 * bytes ("长度为64至512个字节"), used once. A shorter one is some other code (a login or OAuth
 * code), which WeCom refuses with 40058.
 */
export const AuthCode = schema(() =>
  v.pipe(
    text('auth_code', 512),
    v.check(
      (code: string) => utf8Length(code) >= 64,
      'auth_code must be at least 64 bytes (an install auth code)',
    ),
  ),
)

/** The suite_ticket pushed to the command callback URL every 10 minutes. */
export const SuiteTicket = schema(() => text('suite_ticket', 512))

/** What `saveTicket` takes, named as in the callback's XML (SuiteTicket) and get_suite_token's body. */
export const SaveTicketInput = schema(() => v.object({ suite_ticket: SuiteTicket }))

/** service/get_permanent_code (v1 and v2): `{ auth_code }`. */
export const PermanentCodeInput = schema(() => v.object({ auth_code: AuthCode }))
export type PermanentCodeInput = v.InferInput<typeof PermanentCodeInput>

/** service/get_auth_info (v1 and v2), service/get_corp_token: `{ auth_corpid, permanent_code }`. */
export const AuthCorpInput = schema(() =>
  v.object({ auth_corpid: AuthCorpId, permanent_code: PermanentCode }),
)
export type AuthCorpInput = v.InferInput<typeof AuthCorpInput>

/** service/set_session_info: the pre-auth code and what it may authorize. */
export const SetSessionInfoInput = schema(() =>
  v.object({
    pre_auth_code: text('pre_auth_code', 512),
    session_info: v.object({
      /**
       * Apps of the suite the admin may authorize (only older multi-app suites take it); absent
       * or empty: all of them.
       */
      appid: v.optional(
        v.array(
          v.pipe(v.number('appid must be a number'), v.integer('appid must be an integer'), v.minValue(0)),
          'appid must be an array of numbers',
        ),
      ),
      /** 0: a real authorization (default); 1: a test authorization, only for the suite's test corps. */
      auth_type: v.optional(v.picklist([0, 1], 'auth_type must be 0 (real) or 1 (test)')),
    }),
  }),
)
export type SetSessionInfoInput = v.InferInput<typeof SetSessionInfoInput>

/** service/get_admin_list: the corp and the agentid it gave the suite's app. */
export const AdminListInput = schema(() =>
  v.object({
    auth_corpid: AuthCorpId,
    agentid: v.pipe(
      v.number('agentid must be a number'),
      v.integer('agentid must be an integer'),
      v.minValue(0, 'agentid must not be negative'),
      v.maxValue(2 ** 31 - 1, 'agentid is too large'),
    ),
  }),
)
export type AdminListInput = v.InferInput<typeof AdminListInput>

/** service/auth/getuserinfo3rd: the `code` of the OAuth redirect (valid 5 minutes, used once). */
export const OAuthCodeInput = schema(() => v.object({ code: text('code', 512) }))

/** service/auth/getuserdetail3rd: the `user_ticket` from getuserinfo3rd (snsapi_privateinfo). */
export const UserTicketInput = schema(() => v.object({ user_ticket: text('user_ticket', 512) }))

/** What `getInstallUrl` takes: where WeCom sends the admin back, with `auth_code` and `state`. */
export const InstallUrlInput = schema(() =>
  v.object({
    redirect_uri: v.pipe(
      text('redirect_uri', 2048),
      v.regex(/^https?:\/\//i, 'redirect_uri must start with http:// or https://'),
    ),
    /** Back on the redirect as `state`: `[a-zA-Z0-9]`, at most 128 bytes (errcode 84025 otherwise). */
    state: v.optional(
      v.pipe(
        v.string('state must be a string'),
        v.maxLength(128, 'state must be at most 128 characters'),
        v.regex(/^[A-Za-z0-9]*$/, 'state may only hold letters and digits'),
      ),
    ),
    /** Set with set_session_info before the URL is handed out (a test authorization, say). */
    session_info: v.optional(
      v.object({
        appid: v.optional(
          v.array(v.pipe(v.number(), v.integer(), v.minValue(0)), 'appid must be an array of numbers'),
        ),
        auth_type: v.optional(v.picklist([0, 1], 'auth_type must be 0 (real) or 1 (test)')),
      }),
    ),
  }),
)
export type InstallUrlInput = v.InferInput<typeof InstallUrlInput>
