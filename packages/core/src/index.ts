export { resolveAgentId } from './agent.js'
export {
  type ClientOptions,
  type ClientRequestOptions,
  createClient,
  DEFAULT_BASE_URL,
  type RequestOptions,
  type ResolvedClientOptions,
  type WeComClient,
} from './client.js'
export {
  isWeComApiError,
  isWeComCallbackError,
  isWeComError,
  isWeComHttpError,
  isWeComNetworkError,
  isWeComPartialFailureError,
  isWeComValidationError,
  type ValidationIssue,
  WeComApiError,
  WeComCallbackError,
  type WeComCallbackErrorReason,
  WeComError,
  type WeComErrorKind,
  WeComHttpError,
  WeComNetworkError,
  WeComPartialFailureError,
  WeComValidationError,
} from './errors.js'
export { hintFor } from './hints.js'
export { AgentId, DepartmentId, TagId, UserId } from './ids.js'
export { parseWeComJson } from './json.js'
export { joinList, splitList } from './lists.js'
export { redactUrl } from './redact.js'
export {
  bindAll,
  defineResource,
  type Namespace,
  type Resource,
  type WeComResult,
  type WithResources,
} from './resource.js'
export { isRetryable, type RetryOptions, TRANSIENT_ERRCODES } from './retry.js'
export { readAtMost } from './stream.js'
export {
  type CachedToken,
  createTokenProvider,
  type FreshToken,
  memoryTokenStore,
  type StoreOperation,
  type TokenProvider,
  type TokenProviderOptions,
  type TokenStore,
  tokenKey,
} from './token.js'
export type {
  Hooks,
  HttpMethod,
  Query,
  QueryValue,
  RequestBody,
  RequestInfo,
  ResponseInfo,
  RetryInfo,
  StoreErrorInfo,
} from './transport.js'
export {
  type AnySchema,
  charLength,
  isJsonData,
  isWellFormed,
  maxBytes,
  maxChars,
  parseInput,
  requestOptions,
  utf8Length,
  wellFormed,
} from './validate.js'
