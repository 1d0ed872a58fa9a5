import { defineEndpoint } from '@wecom-kit/core/resource-kit'
import type { ListAgentsResult } from './types.js'

// The agents operation table: one entry per plain endpoint (check the input, call one path).
// `idempotent`: may the call be sent again after it possibly reached WeCom?

/** GET agent/list: the apps this secret can see. */
export const listAgents = /* @__PURE__ */ defineEndpoint({
  method: 'GET',
  path: 'agent/list',
  doc: 90227,
  idempotent: true,
  returns: {} as ListAgentsResult,
})
