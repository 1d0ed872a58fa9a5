import {
  parseInput,
  type RequestOptions,
  resolveAgentId,
  type WeComClient,
  WeComNetworkError,
} from '@wecom-kit/core'
import * as v from 'valibot'
import { createNonce, signJsapi } from './sign.js'

interface TicketAnswer {
  ticket: string
  expires_in: number
}

/**
 * GET get_jsapi_ticket: the corp's JS-SDK ticket, kept in the client's token store under its
 * own key and shared like the access token (one fetch for concurrent callers and, with a
 * locking store, for a fleet: WeCom allows 400 a hour per corp).
 */
export async function getJsapiTicket(client: WeComClient, options?: RequestOptions): Promise<string> {
  checkSignal(options)
  return client
    .cached('jsapi_ticket', async () => {
      // No per-call options here: this fetch is shared by every later refresh, and one
      // caller's signal must not cancel another's.
      const answer = await client.request<TicketAnswer>('get_jsapi_ticket')
      return { value: answer.ticket, expiresIn: answer.expires_in }
    })
    .get()
}

/**
 * GET ticket/get?type=agent_config: the app's ticket for wx.agentConfig, cached per agent
 * (WeCom allows 100 a hour per app). Default agent: the client's.
 */
export async function getAgentTicket(
  client: WeComClient,
  agentId?: number,
  options?: RequestOptions,
): Promise<string> {
  const agentid = resolveAgentId(client, agentId)
  checkSignal(options)
  return client
    .cached(`agent_config:${agentid}`, async () => {
      const answer = await client.request<TicketAnswer>('ticket/get', { query: { type: 'agent_config' } })
      return { value: answer.ticket, expiresIn: answer.expires_in }
    })
    .get()
}

/** The shared ticket fetch takes no per-call options; an already aborted call still stops. */
function checkSignal(options: RequestOptions | undefined): void {
  if (options?.signal?.aborted) {
    throw new WeComNetworkError('the JS-SDK ticket request was aborted by the caller', {
      path: 'get_jsapi_ticket',
      aborted: true,
    })
  }
}

const PageUrl = v.pipe(
  v.string('url must be a string'),
  v.url('url must be the absolute URL of the page'),
  v.regex(/^https?:\/\//i, 'url must be http(s)'),
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

export interface ConfigRequest {
  /** The page's full URL; anything after `#` is ignored, as the JS-SDK does. */
  url: string
  jsApiList: string[]
  debug?: boolean | undefined
}

/** What `wx.config` takes. */
export interface JsConfig {
  debug: boolean
  appId: string
  timestamp: number
  nonceStr: string
  signature: string
  jsApiList: string[]
}

/** What `wx.agentConfig` takes. */
export interface AgentConfig {
  corpid: string
  agentid: number
  timestamp: number
  nonceStr: string
  signature: string
  jsApiList: string[]
}

const now = () => Math.floor(Date.now() / 1000)

/** The `wx.config` object for a page: signed with the corp's jsapi ticket. */
export async function getJsConfig(
  client: WeComClient,
  request: ConfigRequest,
  options?: RequestOptions,
): Promise<JsConfig> {
  const { url, jsApiList, debug } = parseInput(ConfigInput, request, 'config')
  const ticket = await getJsapiTicket(client, options)
  const timestamp = now()
  const nonceStr = createNonce()
  return {
    debug: debug ?? false,
    appId: client.options.corpId,
    timestamp,
    nonceStr,
    signature: signJsapi({ ticket, nonceStr, timestamp, url }),
    jsApiList,
  }
}

export interface AgentConfigRequest {
  url: string
  jsApiList: string[]
  /** Default: the client's agentId. */
  agentId?: number | undefined
}

/** The `wx.agentConfig` object for a page: signed with the app's agent_config ticket. */
export async function getAgentConfig(
  client: WeComClient,
  request: AgentConfigRequest,
  options?: RequestOptions,
): Promise<AgentConfig> {
  const { url, jsApiList, agentId } = parseInput(AgentConfigInput, request, 'agent config')
  const agentid = resolveAgentId(client, agentId)
  const ticket = await getAgentTicket(client, agentid, options)
  const timestamp = now()
  const nonceStr = createNonce()
  return {
    corpid: client.options.corpId,
    agentid,
    timestamp,
    nonceStr,
    signature: signJsapi({ ticket, nonceStr, timestamp, url }),
    jsApiList,
  }
}
