import type { AiBotGateway, AiBotGatewayOptions } from './types.js'

export { DEFAULT_AIBOT, DEFAULT_AIBOT_WEBHOOK } from './options.js'
export { AIBOT_ERRCODES } from './protocol.js'
export type * from './types.js'

/**
 * Starts a local WeCom AI-bot gateway: the long connection (`url`, ws://) and, on the same port,
 * message media and response_url (`httpUrl`), plus a webhook poster. Needs Node: `ws` and
 * `node:http` are loaded here, when called, so the rest of the package still runs without them.
 */
export async function createAiBotGateway(options?: AiBotGatewayOptions): Promise<AiBotGateway> {
  const { startAiBotGateway } = await import('./gateway.js')
  return startAiBotGateway(options)
}
