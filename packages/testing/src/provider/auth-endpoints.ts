import { issueToken } from '../corp/tokens.js'
import type { Endpoint, EndpointContext } from '../endpoints/types.js'
import { type Answer, type Failure, fail, isFailure, ok } from '../wecom/answer.js'
import {
  type AuthCode,
  authorizedCorp,
  type CorpAuth,
  type CorpEntry,
  checkProviderToken,
  checkSuiteToken,
  corpState,
  issueWorldToken,
  memberOf,
  newCode,
  PRE_AUTH_CODE_TTL_MS,
  type ProviderWorld,
  takeCode,
} from './world.js'

// Tokens and authorization of a third-party app (第三方应用, document/path/90600–90606, 100776,
// 100795, 90597). Every endpoint is `public` to the engine: it checks its own token, which is a
// suite_access_token or a provider_access_token, never a corp's access_token.

/** The app id of the suite's one app, as set_session_info's `appid` names it ("不填则为所有应用"). */
const SUITE_APP_ID = 1

export type Handle = (world: ProviderWorld, context: EndpointContext) => Answer | Failure | Response

export function suiteEndpoint(path: string, method: 'GET' | 'POST', handle: Handle) {
  return (world: ProviderWorld): Endpoint => ({
    path,
    method,
    public: true,
    handle(context) {
      const refused = checkSuiteToken(world, context.query.suite_access_token, context.now)
      return refused ?? handle(world, context)
    },
  })
}

/** POST service/get_suite_token {suite_id, suite_secret, suite_ticket} (document/path/90600). */
const getSuiteToken = (world: ProviderWorld): Endpoint => ({
  path: 'service/get_suite_token',
  method: 'POST',
  public: true,
  handle({ body, now }) {
    const { suite } = world.options
    const { suite_id, suite_secret, suite_ticket } = body
    if (typeof suite_id !== 'string' || suite_id === '') return fail(41021)
    if (suite_id !== suite.suiteId) return fail(40083)
    if (typeof suite_secret !== 'string' || suite_secret === '') return fail(41024)
    if (suite_secret !== suite.suiteSecret) return fail(40080)
    if (typeof suite_ticket !== 'string' || suite_ticket === '') return fail(41023)
    // "suite_ticket不存在或者已失效": never pushed, or pushed more than 30 minutes ago.
    const until = world.tickets.get(suite_ticket)
    if (until === undefined || until <= now) return fail(40085)
    const issued = issueWorldToken(world.suiteTokens, world.options.tokenTtlSeconds, now)
    return ok({ suite_access_token: issued.token, expires_in: issued.expires_in })
  },
})

/**
 * POST service/get_provider_token {corpid, provider_secret} (document/path/91200). The docs' answer
 * has no errcode on success: `{"provider_access_token": …, "expires_in": 7200}`.
 */
const getProviderToken = (world: ProviderWorld): Endpoint => ({
  path: 'service/get_provider_token',
  method: 'POST',
  public: true,
  handle({ body, now }) {
    const { corpid, provider_secret } = body
    if (typeof corpid !== 'string' || corpid === '') return fail(41002)
    if (corpid !== world.options.providerCorpId) return fail(40013)
    if (typeof provider_secret !== 'string' || provider_secret === '') return fail(41004)
    if (provider_secret !== world.options.providerSecret) return fail(40001)
    const issued = issueWorldToken(world.providerTokens, world.options.tokenTtlSeconds, now)
    return new Response(
      JSON.stringify({ provider_access_token: issued.token, expires_in: issued.expires_in }),
      { headers: { 'content-type': 'application/json; charset=UTF-8' } },
    )
  },
})

/** GET service/get_pre_auth_code?suite_access_token (document/path/90601): 20 minutes. */
const getPreAuthCode = suiteEndpoint('service/get_pre_auth_code', 'GET', (world, { now }) => {
  const code = newCode()
  world.preAuthCodes.set(code, { expiresAt: now + PRE_AUTH_CODE_TTL_MS, authType: 0 })
  return ok({ pre_auth_code: code, expires_in: PRE_AUTH_CODE_TTL_MS / 1000 })
})

/** POST service/set_session_info {pre_auth_code, session_info: {appid, auth_type}} (document/path/90602). */
const setSessionInfo = suiteEndpoint('service/set_session_info', 'POST', (world, { body, now }) => {
  const code = body.pre_auth_code
  const record = typeof code === 'string' ? world.preAuthCodes.get(code) : undefined
  if (!record) return fail(40077)
  if (record.expiresAt <= now) return fail(42007)
  const info = body.session_info
  if (info === undefined) return ok()
  if (typeof info !== 'object' || info === null || Array.isArray(info)) return fail(40058, 'session_info')
  const { appid, auth_type } = info as Record<string, unknown>
  if (appid !== undefined) {
    if (!Array.isArray(appid)) return fail(40058, 'session_info.appid')
    if (appid.some((id) => id !== SUITE_APP_ID)) return fail(40086)
  }
  if (auth_type !== undefined) {
    if (auth_type !== 0 && auth_type !== 1) return fail(40058, 'session_info.auth_type')
    record.authType = auth_type
  }
  return ok()
})

/** The temporary code, spent: 41008 missing, 40078 unknown, spent or past its 10 minutes. */
function exchange(world: ProviderWorld, body: Record<string, unknown>, now: number) {
  const code = body.auth_code
  if (typeof code !== 'string' || code === '') return fail(41008)
  const record = takeCode(world.authCodes, code, now)
  const entry = record && world.corps.get(record.corpId)
  if (!record || !entry?.auth) return fail(40078)
  // A new permanent code for every exchange: a reset's old one is gone already.
  entry.auth.permanentCode = newCode()
  return { record, entry, auth: entry.auth, permanentCode: entry.auth.permanentCode }
}

/**
 * POST service/get_permanent_code {auth_code} (document/path/90603): the permanent code, the corp
 * and its app, and a corp access_token as well.
 */
const getPermanentCode = suiteEndpoint('service/get_permanent_code', 'POST', (world, { body, now }) => {
  const exchanged = exchange(world, body, now)
  if (isFailure(exchanged)) return exchanged
  const { entry, auth, record, permanentCode } = exchanged
  const token = issueToken(corpState(entry), permanentCode, auth.agentid, now)
  return ok({
    access_token: token.access_token,
    expires_in: token.expires_in,
    permanent_code: permanentCode,
    auth_corp_info: corpInfo(entry),
    auth_info: authInfo(world, auth),
    ...authUser(entry, auth),
    ...stateField(record),
  })
})

/** POST service/v2/get_permanent_code {auth_code} (document/path/100776): the faster, slimmer answer. */
const getPermanentCodeV2 = suiteEndpoint('service/v2/get_permanent_code', 'POST', (world, { body, now }) => {
  const exchanged = exchange(world, body, now)
  if (isFailure(exchanged)) return exchanged
  const { entry, auth, record, permanentCode } = exchanged
  return ok({
    permanent_code: permanentCode,
    auth_corp_info: { corpid: entry.corpId, corp_name: entry.corpName },
    ...authUser(entry, auth),
    ...stateField(record),
  })
})

function authInfoEndpoint(path: string) {
  return suiteEndpoint(path, 'POST', (world, { body }) => {
    const found = authorizedCorp(world, body.auth_corpid, body.permanent_code)
    if (isFailure(found)) return found
    return ok({ auth_corp_info: corpInfo(found.entry), auth_info: authInfo(world, found.auth) })
  })
}

/** POST service/get_auth_info {auth_corpid, permanent_code} (document/path/90604). */
const getAuthInfo = authInfoEndpoint('service/get_auth_info')
/** POST service/v2/get_auth_info, the same body and answer (document/path/100795). */
const getAuthInfoV2 = authInfoEndpoint('service/v2/get_auth_info')

/** POST service/get_corp_token {auth_corpid, permanent_code} (document/path/90605). */
const getCorpToken = suiteEndpoint('service/get_corp_token', 'POST', (world, { body, now }) => {
  const found = authorizedCorp(world, body.auth_corpid, body.permanent_code)
  if (isFailure(found)) return found
  const { entry, auth } = found
  const token = issueToken(corpState(entry), auth.permanentCode!, auth.agentid, now)
  return ok({ access_token: token.access_token, expires_in: token.expires_in })
})

/** POST service/get_admin_list {auth_corpid, agentid} (document/path/90606): who may manage the app. */
const getAdminList = suiteEndpoint('service/get_admin_list', 'POST', (world, { body }) => {
  const { auth_corpid, agentid } = body
  if (typeof auth_corpid !== 'string' || auth_corpid === '') return fail(40058, 'auth_corpid')
  const entry = world.corps.get(auth_corpid)
  if (!entry?.auth || entry.auth.permanentCode === undefined) return fail(40013)
  if (Number(agentid) !== entry.auth.agentid) return fail(40056)
  const admin = memberOf(entry, entry.auth.admin)
  return ok({ admin: admin ? [{ userid: admin.userid, open_userid: admin.open_userid, auth_type: 1 }] : [] })
})

/** The provider token is the query's `provider_access_token`, or `access_token` where the docs say so. */
export function providerEndpoint(
  path: string,
  param: 'provider_access_token' | 'access_token',
  handle: Handle,
) {
  return (world: ProviderWorld): Endpoint => ({
    path,
    method: 'POST',
    public: true,
    handle(context) {
      const refused = checkProviderToken(world, context.query[param], context.now)
      return refused ?? handle(world, context)
    },
  })
}

export const AUTH_ENDPOINTS = [
  getSuiteToken,
  getProviderToken,
  getPreAuthCode,
  setSessionInfo,
  getPermanentCode,
  getPermanentCodeV2,
  getAuthInfo,
  getAuthInfoV2,
  getCorpToken,
  getAdminList,
]

function corpInfo(entry: CorpEntry): Record<string, unknown> {
  return {
    corpid: entry.corpId,
    corp_name: entry.corpName,
    corp_type: 'verified',
    corp_square_logo_url: '',
    corp_user_max: 200,
    corp_full_name: entry.corpName,
    verified_end_time: 0,
    subject_type: 1,
    corp_wxqrcode: '',
    corp_scale: '1-50人',
    corp_industry: 'IT服务',
    corp_sub_industry: '计算机软件/硬件/信息服务',
  }
}

function authInfo(world: ProviderWorld, auth: CorpAuth): Record<string, unknown> {
  return {
    agent: [
      {
        agentid: auth.agentid,
        name: world.options.suiteName,
        round_logo_url: '',
        square_logo_url: '',
        appid: SUITE_APP_ID,
        // 1: admin install; the simulator does not model member installs (成员授权, 0).
        auth_mode: 1,
        is_customized_app: false,
        auth_from_thirdapp: false,
        privilege: {
          level: 1,
          allow_party: [1],
          allow_user: [],
          allow_tag: [],
          extra_party: [],
          extra_user: [],
          extra_tag: [],
        },
      },
    ],
  }
}

/** "授权管理员的信息，可能不返回": absent when the admin left the directory. */
function authUser(entry: CorpEntry, auth: CorpAuth): Record<string, unknown> {
  const admin = memberOf(entry, auth.admin)
  if (!admin) return {}
  return {
    auth_user_info: {
      userid: admin.userid,
      open_userid: admin.open_userid,
      name: admin.name,
      avatar: admin.avatar,
    },
  }
}

function stateField(record: AuthCode): Record<string, unknown> {
  return record.state === '' ? {} : { state: record.state }
}
