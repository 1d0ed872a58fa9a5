import { agentView, findAgent, setAgent } from '../corp/agents.js'
import { isFailure, ok } from '../wecom/answer.js'
import type { Endpoint } from './types.js'

/**
 * GET agent/get?agentid (document/path/90227): the app with its visible range. 41011 no agentid,
 * 40056 no such app.
 */
export const agentGet: Endpoint = {
  path: 'agent/get',
  method: 'GET',
  handle({ state, query }) {
    const agent = findAgent(state, query.agentid, 'query')
    return isFailure(agent) ? agent : ok({ ...agentView(state, agent) })
  },
}

/** POST agent/set (document/path/90228): see setAgent for the rules. */
export const agentSet: Endpoint = {
  path: 'agent/set',
  method: 'POST',
  handle({ state, body, now }) {
    const agent = setAgent(state, body, now)
    return isFailure(agent) ? agent : ok()
  },
}

/**
 * GET agent/list (document/path/90227, "获取access_token对应的应用列表"): agentlist[{agentid, name,
 * square_logo_url}]. A token of an app's own secret lists that app; `corpSecret`'s lists them all.
 */
export const agentList: Endpoint = {
  path: 'agent/list',
  method: 'GET',
  handle({ state, token }) {
    const agents = [...state.agents.values()].filter(
      (agent) => token?.agentid === undefined || agent.agentid === token.agentid,
    )
    const agentlist = agents.map(({ agentid, name, square_logo_url }) => ({ agentid, name, square_logo_url }))
    return ok({ agentlist })
  },
}
