import { newUserTicket } from '../corp/ids.js'
import { consumeCode } from '../corp/oauth.js'
import type { OAuthCodeRecord } from '../corp/state.js'
import { isFailure, ok } from '../wecom/answer.js'
import type { Endpoint } from './types.js'

/** "user_ticket … 有效期为1800s", returned only for scope snsapi_privateinfo. */
const USER_TICKET_TTL_SECONDS = 1800

/** GET auth/getuserinfo?code (document/path/91023), the current name: lowercase keys. */
export const authGetUserInfo: Endpoint = {
  path: 'auth/getuserinfo',
  method: 'GET',
  handle({ state, query, now }) {
    const code = consumeCode(state, query.code, now)
    if (isFailure(code)) return code
    return ok({ userid: code.userid, ...ticket(code) })
  },
}

/** GET user/getuserinfo?code, the older name of the same call: capitalised `UserId`, `DeviceId`. */
export const userGetUserInfo: Endpoint = {
  path: 'user/getuserinfo',
  method: 'GET',
  handle({ state, query, now }) {
    const code = consumeCode(state, query.code, now)
    if (isFailure(code)) return code
    return ok({ UserId: code.userid, DeviceId: code.deviceId, ...ticket(code) })
  },
}

function ticket(code: OAuthCodeRecord): Record<string, unknown> {
  if (code.scope !== 'snsapi_privateinfo') return {}
  return { user_ticket: newUserTicket(), expires_in: USER_TICKET_TTL_SECONDS }
}
