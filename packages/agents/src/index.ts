import { bindAll, defineResource } from '@wecom-kit/core/resource-kit'
import { listAgents } from './endpoints.js'
import { getAgent, setAgent } from './functions.js'

/** `createClient(...).with(agents)` adds `client.agents`. */
export const agents = /* @__PURE__ */ defineResource('agents', (client) =>
  bindAll(client, { get: getAgent, set: setAgent, list: listAgents }),
)

export * from './endpoints.js'
export * from './functions.js'
export { AgentId, SetAgentInput } from './schemas.js'
export type * from './types.js'
