import { bindAll, defineResource } from '@wecom-kit/core'
import { getAgentConfig, getAgentTicket, getJsapiTicket, getJsConfig } from './functions.js'

/** `createClient(...).with(jssdk)` adds `client.jssdk`. */
export const jssdk = /* @__PURE__ */ defineResource('jssdk', (client) =>
  bindAll(client, {
    getTicket: getJsapiTicket,
    getAgentTicket,
    getConfig: getJsConfig,
    getAgentConfig,
  }),
)

export * from './functions.js'
export { sha1Hex } from './sha1.js'
export { createNonce, type JsapiSignInput, signJsapi } from './sign.js'
