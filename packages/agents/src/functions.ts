import { type RequestOptions, type WeComClient, type WeComResult } from '@wecom-kit/core'
import { parseInput, requestOptions, resolveAgentId } from '@wecom-kit/core/resource-kit'
import { SetAgentInput } from './schemas.js'
import type { Agent, ListAgentsResult } from './types.js'

/** GET agent/get: the app's settings and who can see it. Default: the client's agentId. */
export async function getAgent(
  client: WeComClient,
  agentId?: number,
  options?: RequestOptions,
): Promise<Agent> {
  const agentid = resolveAgentId(client, agentId)
  return client.request('agent/get', { ...requestOptions(options), query: { agentid } })
}

/** POST agent/set: change the app's name, description, home page, reporting flags. */
export async function setAgent(
  client: WeComClient,
  fields: SetAgentInput,
  options?: RequestOptions,
): Promise<WeComResult> {
  const checked = parseInput(SetAgentInput, fields, 'fields')
  const agentid = resolveAgentId(client, checked.agentid)
  return client.request('agent/set', {
    ...requestOptions(options),
    json: { ...checked, agentid },
    idempotent: true,
  })
}

/** GET agent/list: the apps this secret can see. */
export async function listAgents(client: WeComClient, options?: RequestOptions): Promise<ListAgentsResult> {
  return client.request('agent/list', requestOptions(options))
}
