import { type RequestOptions, type WeComClient, type WeComResult } from '@wecom-kit/core'
import { parseInput, requestOptions, resolveAgentId } from '@wecom-kit/core/resource-kit'
import { type Menu, MenuInput } from './schemas.js'

/**
 * POST menu/create: replaces the app's menu. The menu is checked first, and a mistake names
 * the button (`button.1.sub_button.2.url: …`). Default agent: the client's.
 */
export async function createMenu(
  client: WeComClient,
  menu: Menu,
  agentId?: number,
  options?: RequestOptions,
): Promise<WeComResult> {
  const json = parseInput(MenuInput, menu, 'menu')
  const agentid = resolveAgentId(client, agentId)
  // Setting the same menu twice leaves the same menu: safe to replay.
  return client.request('menu/create', {
    ...requestOptions(options),
    query: { agentid },
    json,
    idempotent: true,
  })
}

/** GET menu/get: the app's menu (46003 when it has none). */
export async function getMenu(
  client: WeComClient,
  agentId?: number,
  options?: RequestOptions,
): Promise<WeComResult & Menu> {
  const agentid = resolveAgentId(client, agentId)
  return client.request('menu/get', { ...requestOptions(options), query: { agentid } })
}

/** GET menu/delete: removes the app's menu. */
export async function deleteMenu(
  client: WeComClient,
  agentId?: number,
  options?: RequestOptions,
): Promise<WeComResult> {
  const agentid = resolveAgentId(client, agentId)
  return client.request('menu/delete', { ...requestOptions(options), query: { agentid } })
}
