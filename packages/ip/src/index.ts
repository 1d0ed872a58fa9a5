import { bindAll, defineResource } from '@wecom-kit/core/resource-kit'
import { getApiDomainIps, getCallbackIps } from './endpoints.js'

/** `createClient(...).with(ip)` adds `client.ip`. */
export const ip = /* @__PURE__ */ defineResource('ip', (client) =>
  bindAll(client, { getCallbackIps, getApiDomainIps }),
)

export * from './endpoints.js'
export type * from './types.js'
