import type { RequestOptions, WeComClient } from '@wecom-kit/core'
import { defineOperation, parseInput, resolveAgentId, wellFormed } from '@wecom-kit/core/resource-kit'
import * as v from 'valibot'
import { createNonce, signJsapi } from './sign.js'
import { getAgentTicket, getJsapiTicket } from './tickets.js'

// A lone surrogate would be signed as U+FFFD while the page's own URL differs: a signature
// that fails in the browser only.
const PageUrl = v.pipe(
  v.string('url must be a string'),
  v.url('url must be the absolute URL of the page'),
  v.regex(/^https?:\/\//i, 'url must be http(s)'),
  wellFormed('url'),
)
const JsApiList = v.pipe(
  v.array(v.pipe(v.string(), v.minLength(1, 'an API name must not be empty'))),
  v.minLength(1, 'jsApiList must name at least one API'),
)

const ConfigInput = v.object({
  url: PageUrl,
  jsApiList: JsApiList,
  debug: v.optional(v.boolean('debug must be a boolean')),
})
const AgentConfigInput = v.object({ url: PageUrl, jsApiList: JsApiList, agentId: v.optional(v.number()) })

/** What `ww.register`'s `getConfigSignature` and `getAgentConfigSignature` return. */
export interface ConfigSignature {
  timestamp: number
  nonceStr: string
  signature: string
}

export interface SignAgentConfigOptions extends RequestOptions {
  /** Default: the client's agentId. */
  agentId?: number | undefined
}

/**
 * The signature `ww.register` (`@wecom/jssdk`) asks for in `getConfigSignature(url)`: the
 * page URL signed with the corp's jsapi ticket.
 */
export const signConfig = /* @__PURE__ */ defineOperation(
  { method: 'GET', path: 'get_jsapi_ticket', doc: 90506, idempotent: true },
  async function signConfig(
    client: WeComClient,
    url: string,
    options?: RequestOptions,
  ): Promise<ConfigSignature> {
    const page = parseInput(PageUrl, url, 'url')
    return sign(await getJsapiTicket(client, options), page)
  },
)

/**
 * The signature `ww.register` asks for in `getAgentConfigSignature(url)`: the page URL signed
 * with the app's agent_config ticket.
 */
export const signAgentConfig = /* @__PURE__ */ defineOperation(
  { method: 'GET', path: 'ticket/get', doc: 90506, idempotent: true },
  async function signAgentConfig(
    client: WeComClient,
    url: string,
    options?: SignAgentConfigOptions,
  ): Promise<ConfigSignature> {
    const page = parseInput(PageUrl, url, 'url')
    const { agentId, ...request } = options ?? {}
    return sign(await getAgentTicket(client, agentId, request), page)
  },
)

export interface ConfigRequest {
  /** The page's full URL; anything after `#` is ignored, as the JS-SDK does. */
  url: string
  jsApiList: string[]
  debug?: boolean | undefined
}

/** What `wx.config` takes. */
export interface JsConfig extends ConfigSignature {
  debug: boolean
  appId: string
  jsApiList: string[]
}

/** What `wx.agentConfig` takes. */
export interface AgentConfig extends ConfigSignature {
  corpid: string
  agentid: number
  jsApiList: string[]
}

/** The `wx.config` object for a page: signed with the corp's jsapi ticket. */
export const getJsConfig = /* @__PURE__ */ defineOperation(
  { method: 'GET', path: 'get_jsapi_ticket', doc: 90506, idempotent: true },
  async function getJsConfig(
    client: WeComClient,
    request: ConfigRequest,
    options?: RequestOptions,
  ): Promise<JsConfig> {
    const { url, jsApiList, debug } = parseInput(ConfigInput, request, 'config')
    const signed = sign(await getJsapiTicket(client, options), url)
    return { debug: debug ?? false, appId: client.options.corpId, ...signed, jsApiList }
  },
)

export interface AgentConfigRequest {
  url: string
  jsApiList: string[]
  /** Default: the client's agentId. */
  agentId?: number | undefined
}

/** The `wx.agentConfig` object for a page: signed with the app's agent_config ticket. */
export const getAgentConfig = /* @__PURE__ */ defineOperation(
  { method: 'GET', path: 'ticket/get', doc: 90506, idempotent: true },
  async function getAgentConfig(
    client: WeComClient,
    request: AgentConfigRequest,
    options?: RequestOptions,
  ): Promise<AgentConfig> {
    const { url, jsApiList, agentId } = parseInput(AgentConfigInput, request, 'agent config')
    const agentid = resolveAgentId(client, agentId)
    const signed = sign(await getAgentTicket(client, agentid, options), url)
    return { corpid: client.options.corpId, agentid, ...signed, jsApiList }
  },
)

/** A fresh nonce and the current time, signed with `ticket` for `url`. */
function sign(ticket: string, url: string): ConfigSignature {
  const timestamp = Math.floor(Date.now() / 1000)
  const nonceStr = createNonce()
  return { timestamp, nonceStr, signature: signJsapi({ ticket, nonceStr, timestamp, url }) }
}
