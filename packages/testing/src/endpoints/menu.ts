import { findAgent } from '../corp/agents.js'
import { checkMenu } from '../corp/menus.js'
import { fail, isFailure, ok } from '../wecom/answer.js'
import type { Endpoint } from './types.js'

/**
 * POST menu/create?agentid {button} (document/path/90231): replaces the app's menu. 41011 no agentid,
 * 40056 no such app; the button rules and their errcodes are in corp/menus.ts.
 */
export const menuCreate: Endpoint = {
  path: 'menu/create',
  method: 'POST',
  handle({ state, query, body }) {
    const agent = findAgent(state, query.agentid, 'query')
    if (isFailure(agent)) return agent
    const menu = checkMenu(body.button)
    if (isFailure(menu)) return menu
    state.menus.set(agent.agentid, menu)
    return ok()
  },
}

/** GET menu/get?agentid (document/path/90232) → {button} as created; 46003 "菜单未设置". */
export const menuGet: Endpoint = {
  path: 'menu/get',
  method: 'GET',
  handle({ state, query }) {
    const agent = findAgent(state, query.agentid, 'query')
    if (isFailure(agent)) return agent
    const menu = state.menus.get(agent.agentid)
    return menu ? ok({ button: structuredClone(menu) }) : fail(46003)
  },
}

/** GET menu/delete?agentid (document/path/90233); deleting a menu that is not there answers ok too. */
export const menuDelete: Endpoint = {
  path: 'menu/delete',
  method: 'GET',
  handle({ state, query }) {
    const agent = findAgent(state, query.agentid, 'query')
    if (isFailure(agent)) return agent
    state.menus.delete(agent.agentid)
    return ok()
  },
}
