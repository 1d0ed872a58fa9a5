import { bindAll, defineResource } from '@wecom-kit/core/resource-kit'
import { getAgentConfig, getJsConfig, signAgentConfig, signConfig } from './configs.js'
import { getAgentTicket, getJsapiTicket } from './tickets.js'

/** `createClient(...).with(jssdk)` adds `client.jssdk`. */
export const jssdk = /* @__PURE__ */ defineResource('jssdk', (client) =>
  bindAll(client, {
    getTicket: getJsapiTicket,
    getAgentTicket,
    getConfig: getJsConfig,
    getAgentConfig,
    signConfig,
    signAgentConfig,
  }),
)

export * from './configs.js'
export { sha1Hex } from './sha1.js'
export { createNonce, type JsapiSignInput, signJsapi } from './sign.js'
export * from './tickets.js'
