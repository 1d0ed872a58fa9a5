// @wecom-kit/core: what an app uses. Resource authors import `@wecom-kit/core/resource-kit`.
export { createClient, type WeComClient } from './client.js'
export { type CredentialContext, type Credentials, corpSecretCredentials } from './credentials.js'
export {
  isWeComApiError,
  isWeComCallbackError,
  isWeComError,
  isWeComHttpError,
  isWeComNetworkError,
  isWeComPartialFailureError,
  isWeComValidationError,
  type SentState,
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
export type {
  Hooks,
  HttpMethod,
  RequestInfo,
  ResponseInfo,
  RetryInfo,
  StoreErrorInfo,
  StoreOperation,
} from './hooks.js'
export {
  type ClientOptions,
  type ClientRequestOptions,
  DEFAULT_BASE_URL,
  type RequestOptions,
  type ResolvedClientOptions,
} from './options.js'
export {
  DEFAULT_RATE_LIMIT,
  type PacerClock,
  type RateCorp,
  type RateLane,
  type RateLimiter,
  type RateLimiterOptions,
  type RateLimitOptions,
  type RateLimits,
  type RateStore,
  type RateStoreReport,
  type RateWindow,
} from './pacing.js'
export { createRateLimiter } from './pacing-store.js'
export { redactUrl } from './redact.js'
export type { Namespace, Resource, WeComResult, WithResources } from './resource.js'
export type { RetryOptions } from './retry.js'
export {
  type CachedToken,
  type FreshToken,
  memoryTokenStore,
  type TokenProvider,
  type TokenStore,
} from './token.js'
export type { Query, QueryValue, RequestBody } from './transport.js'
