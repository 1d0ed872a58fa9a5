import type { CorpState } from '../corp/state.js'
import type { JsonObject } from '../corp/values.js'
import type { Answer, Failure } from '../wecom/answer.js'

export interface EndpointContext {
  readonly state: CorpState
  readonly query: Readonly<Record<string, string | undefined>>
  /** The JSON body; `{}` when there was none. Only POST endpoints look at it. */
  readonly body: JsonObject
  /** The original request, for bodies that are not JSON (multipart uploads). */
  readonly request: Request
  /** Epoch ms at arrival, one clock for the whole request. */
  readonly now: number
}

/** One WeCom API: its path under the base URL and how it answers. */
export interface Endpoint {
  readonly path: string
  readonly method: 'GET' | 'POST'
  /** Only `gettoken` is called without an access_token. */
  readonly public?: true
  handle(context: EndpointContext): Answer | Failure | Promise<Answer | Failure>
}
