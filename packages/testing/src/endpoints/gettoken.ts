import { issueToken, secretOwner } from '../corp/tokens.js'
import { fail, ok } from '../wecom/answer.js'
import type { Endpoint } from './types.js'

/** GET gettoken?corpid&corpsecret (document/path/91039). */
export const gettoken: Endpoint = {
  path: 'gettoken',
  method: 'GET',
  public: true,
  handle({ state, query, now }) {
    const { corpid, corpsecret } = query
    if (!corpid) return fail(41002)
    if (corpid !== state.options.corpId) return fail(40013)
    if (!corpsecret) return fail(41004)
    // 40001 "不合法的secret参数": a secret that does not belong to this corp.
    const owner = secretOwner(state, corpsecret)
    if (!owner) return fail(40001)
    return ok({ ...issueToken(state, corpsecret, owner.agentid, now) })
  },
}
