import type { WeComClient } from './client.js'
import { validationError } from './errors.js'
import { AgentId } from './ids.js'
import { parseInput } from './validate.js'

/** The app a call acts on: the agentId given, else the client's; a clear error without either. */
export function resolveAgentId(client: WeComClient, agentId: number | undefined): number {
  const id = agentId ?? client.options.agentId
  if (id === undefined) {
    throw validationError('agentId', 'agentId', 'give an agentId, or set agentId when creating the client')
  }
  return parseInput(AgentId, id, 'agentId')
}
