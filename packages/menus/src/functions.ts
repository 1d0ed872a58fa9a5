import type { RequestOptions, WeComClient, WeComResult } from '@wecom-kit/core'
import { defineOperation, parseInput, requestOptions, resolveAgentId } from '@wecom-kit/core/resource-kit'
import { type Menu, MenuInput } from './schemas.js'

// Hand-written: the agent defaults to the client's, and goes in the query beside a JSON menu.

/**
 * POST menu/create: replaces the app's menu. The menu is checked first, and a mistake names
 * the button (`button.1.sub_button.2.url: …`). Default agent: the client's.
 */
export const createMenu = /* @__PURE__ */ defineOperation(
  // Setting the same menu twice leaves the same menu: safe to replay.
  { method: 'POST', path: 'menu/create', doc: 90231, idempotent: true },
  async (
    client: WeComClient,
    menu: Menu,
    agentId?: number,
    options?: RequestOptions,
  ): Promise<WeComResult> => {
    const json = parseInput(MenuInput, menu, 'menu')
    const agentid = resolveAgentId(client, agentId)
    return client.request('menu/create', {
      ...requestOptions(options),
      query: { agentid },
      json,
      idempotent: true,
    })
  },
)

/** GET menu/get: the app's menu (46003 when it has none). */
export const getMenu = /* @__PURE__ */ defineOperation(
  { method: 'GET', path: 'menu/get', doc: 90232, idempotent: true },
  async (client: WeComClient, agentId?: number, options?: RequestOptions): Promise<WeComResult & Menu> => {
    const agentid = resolveAgentId(client, agentId)
    return client.request('menu/get', { ...requestOptions(options), query: { agentid } })
  },
)

/** GET menu/delete: removes the app's menu. */
export const deleteMenu = /* @__PURE__ */ defineOperation(
  // Deleting twice leaves no menu either way: safe to replay.
  { method: 'GET', path: 'menu/delete', doc: 90233, idempotent: true },
  async (client: WeComClient, agentId?: number, options?: RequestOptions): Promise<WeComResult> => {
    const agentid = resolveAgentId(client, agentId)
    return client.request('menu/delete', { ...requestOptions(options), query: { agentid } })
  },
)
