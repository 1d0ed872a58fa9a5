import type { CorpState, TokenRecord } from '../corp/state.js'
import type { JsonObject } from '../corp/values.js'
import type { Answer, Failure } from '../wecom/answer.js'

export interface EndpointContext {
  readonly state: CorpState
  readonly query: Readonly<Record<string, string | undefined>>
  /** The JSON body; `{}` when there was none. Only POST endpoints look at it. */
  readonly body: JsonObject
  /** The original request; its body is still unread for `rawBody` endpoints (multipart uploads). */
  readonly request: Request
  /** Epoch ms at arrival (simulated clock), one time for the whole request. */
  readonly now: number
  /** The access token's record; undefined for `public` endpoints. */
  readonly token: TokenRecord | undefined
}

/** One WeCom API: its path under the base URL and how it answers. */
export interface Endpoint {
  readonly path: string
  readonly method: 'GET' | 'POST'
  /** Only `gettoken` is called without an access_token. */
  readonly public?: true
  /** The engine leaves the body to the endpoint (multipart uploads) instead of reading it as JSON. */
  readonly rawBody?: true
  /**
   * Fields WeCom puts in this API's error answers too, token errors included (getcallbackip answers
   * `"ip_list": []` with its errcode).
   */
  readonly failureFields?: Record<string, unknown>
  /** A JSON answer, a refusal, or a whole Response for binary answers (media/get). */
  handle(context: EndpointContext): Outcome | Promise<Outcome>
}

type Outcome = Answer | Failure | Response
