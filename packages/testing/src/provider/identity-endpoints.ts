import { newUserTicket } from '../corp/ids.js'
import { checkToken } from '../corp/tokens.js'
import type { Endpoint } from '../endpoints/types.js'
import { fail, isFailure, ok } from '../wecom/answer.js'
import { providerEndpoint, suiteEndpoint } from './auth-endpoints.js'
import { corpState, memberOf, type ProviderWorld, takeCode, USER_TICKET_TTL_SECONDS } from './world.js'

// Who is who across corps: sign-in of members to the app, the provider's login QR code, and the
// ids a provider sees (open_corpid, open_userid).

/**
 * GET service/auth/getuserinfo3rd?suite_access_token&code (document/path/91121): the member behind
 * an OAuth code of the suite's app. The simulator's codes are for members, scope snsapi_privateinfo.
 */
const getUserInfo3rd = suiteEndpoint('service/auth/getuserinfo3rd', 'GET', (world, { query, now }) => {
  const code = query.code
  if (!code) return fail(41008)
  const record = takeCode(world.oauthCodes, code, now)
  const entry = record && world.corps.get(record.corpId)
  const member = entry && record && memberOf(entry, record.userid)
  if (!record || !entry || !member) return fail(40029)
  const ticket = newUserTicket()
  world.userTickets.set(ticket, {
    corpId: entry.corpId,
    userid: member.userid,
    expiresAt: now + USER_TICKET_TTL_SECONDS * 1000,
  })
  return ok({
    corpid: entry.corpId,
    userid: member.userid,
    user_ticket: ticket,
    expires_in: USER_TICKET_TTL_SECONDS,
    open_userid: member.open_userid,
  })
})

/** POST service/auth/getuserdetail3rd {user_ticket} (document/path/91122): the member's private fields. */
const getUserDetail3rd = suiteEndpoint('service/auth/getuserdetail3rd', 'POST', (world, { body, now }) => {
  const ticket = body.user_ticket
  if (typeof ticket !== 'string' || ticket === '') return fail(40058, 'user_ticket')
  const record = world.userTickets.get(ticket)
  const entry = record && record.expiresAt > now ? world.corps.get(record.corpId) : undefined
  const member = entry && record && memberOf(entry, record.userid)
  if (!entry || !member) return fail(40029)
  return ok({
    corpid: entry.corpId,
    userid: member.userid,
    gender: member.gender,
    avatar: member.avatar,
    qr_code: member.qr_code,
    mobile: member.mobile,
    email: member.email,
    biz_mail: member.biz_mail,
    address: member.address,
  })
})

/**
 * POST service/get_login_info?access_token=PROVIDER_ACCESS_TOKEN {auth_code} (document/path/91125):
 * who scanned the provider's login QR code. Note the query parameter: `access_token`, holding the
 * provider token. usertype 2 (内部系统管理员) for the admin who installed the suite, 5 for members.
 */
const getLoginInfo = providerEndpoint('service/get_login_info', 'access_token', (world, { body, now }) => {
  const code = body.auth_code
  if (typeof code !== 'string' || code === '') return fail(41008)
  const record = takeCode(world.loginCodes, code, now)
  const entry = record && world.corps.get(record.corpId)
  const member = entry && record && memberOf(entry, record.userid)
  if (!record || !entry || !member) return fail(40029)
  const isAdmin = entry.auth !== undefined && entry.auth.admin.toLowerCase() === member.userid.toLowerCase()
  return ok({
    usertype: isAdmin ? 2 : 5,
    user_info: {
      userid: member.userid,
      open_userid: member.open_userid,
      name: member.name,
      avatar: member.avatar,
    },
    corp_info: { corpid: entry.corpId },
    ...(isAdmin && entry.auth
      ? {
          agent: [{ agentid: entry.auth.agentid, auth_type: 1 }],
          auth_info: { department: [{ id: 1, writable: true }] },
        }
      : {}),
  })
})

/**
 * POST service/corpid_to_opencorpid?provider_access_token {corpid} (document/path/95604). 48001
 * when the corp has no authorization relation with the provider ("企业与服务商之间是否有授权关系").
 */
const corpIdToOpenCorpId = providerEndpoint(
  'service/corpid_to_opencorpid',
  'provider_access_token',
  (world, { body }) => {
    const { corpid } = body
    if (typeof corpid !== 'string' || corpid === '') return fail(41002)
    const entry = world.corps.get(corpid)
    if (!entry?.auth) return fail(48001)
    return ok({ open_corpid: entry.openCorpId })
  },
)

/** "userid_list … 最多不超过1000个". */
const MAX_USERIDS = 1000

/**
 * POST batch/userid_to_openuserid?access_token {userid_list} (document/path/95884): a corp token of
 * the world (any corp's), each userid turned into the open_userid the provider sees; unknown ones
 * come back in invalid_userid_list.
 */
const useridToOpenUserid = (world: ProviderWorld): Endpoint => ({
  path: 'batch/userid_to_openuserid',
  method: 'POST',
  public: true,
  handle({ query, body, now }) {
    const token = query.access_token
    const entry = [...world.corps.values()].find((corp) => token && corpState(corp).tokens.has(token))
    const checked = entry ? checkToken(corpState(entry), token, now) : token ? fail(40014) : fail(41001)
    if (isFailure(checked)) return checked
    const list = body.userid_list
    if (!Array.isArray(list) || list.length === 0 || list.some((id) => typeof id !== 'string'))
      return fail(40058, 'userid_list')
    if (list.length > MAX_USERIDS) return fail(40058, `userid_list: at most ${MAX_USERIDS}`)
    const found: Array<{ userid: string; open_userid: string }> = []
    const invalid: string[] = []
    for (const userid of list as string[]) {
      const member = entry && memberOf(entry, userid)
      if (member) found.push({ userid, open_userid: member.open_userid })
      else invalid.push(userid)
    }
    return ok({ open_userid_list: found, invalid_userid_list: invalid })
  },
})

export const IDENTITY_ENDPOINTS = [
  getUserInfo3rd,
  getUserDetail3rd,
  getLoginInfo,
  corpIdToOpenCorpId,
  useridToOpenUserid,
]
