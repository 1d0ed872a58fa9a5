import { findMember } from '../corp/members.js'
import { fail, ok } from '../wecom/answer.js'
import type { Endpoint } from './types.js'

/**
 * POST user/getuserid {mobile} (document/path/95402). An unknown mobile answers 46004
 * ("根据手机号或邮箱地址查userid时，传入的手机号或邮箱不存在企业通讯录中").
 */
export const userGetUserId: Endpoint = {
  path: 'user/getuserid',
  method: 'POST',
  handle({ state, body }) {
    const { mobile } = body
    if (typeof mobile !== 'string' || mobile === '') return fail(60103)
    for (const member of state.members.values()) {
      if (member.mobile === mobile) return ok({ userid: member.userid })
    }
    return fail(46004)
  },
}

/** POST user/convert_to_openid {userid} (document/path/90202). The openid is fixed per member. */
export const userConvertToOpenId: Endpoint = {
  path: 'user/convert_to_openid',
  method: 'POST',
  handle({ state, body }) {
    if (typeof body.userid !== 'string' || body.userid === '') return fail(40003)
    const member = findMember(state, body.userid)
    return member ? ok({ openid: member.openid }) : fail(60111)
  },
}

/** GET user/authsucc?userid (document/path/90203): second-factor passed, the member is active. */
export const userAuthSucc: Endpoint = {
  path: 'user/authsucc',
  method: 'GET',
  handle({ state, query }) {
    if (!query.userid) return fail(41009)
    const member = findMember(state, query.userid)
    if (!member) return fail(60111)
    if (member.status === 4) member.status = 1
    return ok()
  },
}
