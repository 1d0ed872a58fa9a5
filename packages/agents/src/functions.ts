import type { RequestOptions, WeComClient, WeComResult } from '@wecom-kit/core'
import { defineOperation, parseInput, requestOptions, resolveAgentId } from '@wecom-kit/core/resource-kit'
import { SetAgentInput } from './schemas.js'
import type { Agent } from './types.js'

// Hand-written: `agentid` defaults to the client's. The plain endpoints are in endpoints.ts.

/** GET agent/get: the app's settings and who can see it. Default: the client's agentId. */
export const getAgent = /* @__PURE__ */ defineOperation(
  { method: 'GET', path: 'agent/get', doc: 90227, idempotent: true },
  async (client: WeComClient, agentId?: number, options?: RequestOptions): Promise<Agent> => {
    const agentid = resolveAgentId(client, agentId)
    return client.request('agent/get', { ...requestOptions(options), query: { agentid } })
  },
)

/** POST agent/set: change the app's name, description, home page, reporting flags. */
export const setAgent = /* @__PURE__ */ defineOperation(
  // Setting the same fields twice lands the same: safe to replay.
  { method: 'POST', path: 'agent/set', doc: 90228, idempotent: true },
  async (client: WeComClient, fields: SetAgentInput, options?: RequestOptions): Promise<WeComResult> => {
    const checked = parseInput(SetAgentInput, fields, 'fields')
    const agentid = resolveAgentId(client, checked.agentid)
    return client.request('agent/set', {
      ...requestOptions(options),
      json: { ...checked, agentid },
      idempotent: true,
    })
  },
)
