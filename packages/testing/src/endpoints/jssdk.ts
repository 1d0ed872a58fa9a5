import { defaultAgent } from '../corp/agents.js'
import { issueAgentTicket, issueCorpTicket } from '../corp/tickets.js'
import { fail, ok } from '../wecom/answer.js'
import type { Endpoint } from './types.js'

/** GET get_jsapi_ticket (document/path/90506): the corp's ticket for `wx.config`, 7200 s. */
export const getJsapiTicket: Endpoint = {
  path: 'get_jsapi_ticket',
  method: 'GET',
  handle({ state, now }) {
    return ok(issueCorpTicket(state, now))
  },
}

/**
 * GET ticket/get?type=agent_config (document/path/90506): the ticket of the token's app for
 * `wx.agentConfig`. 91040 "获取ticket的类型无效" for another type; 48002 "API接口无权限调用" for
 * a token that belongs to no app (a simulator without apps).
 */
export const ticketGet: Endpoint = {
  path: 'ticket/get',
  method: 'GET',
  handle({ state, query, token, now }) {
    if (query.type !== 'agent_config') return fail(91040)
    const agent = token?.agentid === undefined ? defaultAgent(state) : state.agents.get(token.agentid)
    if (!agent) return fail(48002)
    return ok(issueAgentTicket(state, agent.agentid, now))
  },
}
