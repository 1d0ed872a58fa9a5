// @wecom-kit/core/resource-kit: what a resource package is built from. Apps import
// `@wecom-kit/core`; packages that add namespaces (ours, or yours) import this too.

export { type LinkedSignal, linkSignal, unlessAborted } from './abort.js'
export { resolveAgentId } from './agent.js'
export {
  type CredentialContext,
  type Credentials,
  corpSecretCredentials,
  freshToken,
  INVALID_TOKEN_ERRCODES,
} from './credentials.js'
export { type CursorPaging, cursorList } from './cursor-list.js'
export {
  defineEndpoint,
  defineOperation,
  type Endpoint,
  type EndpointArgs,
  type EndpointSpec,
  type Operation,
} from './endpoint.js'
export { abortedError, type SentState, validationError } from './errors.js'
export { AgentId, DepartmentId, TagId, UserId } from './ids.js'
export { parseWeComJson } from './json.js'
export { joinList, splitList } from './lists.js'
export { BLOCK_MS, type RateCorp, type RateLane, sharedRateLimiter } from './pacing.js'
export { scrubError } from './redact.js'
export { bindAll, defineResource, type Namespace, type Resource, type WithResources } from './resource.js'
export { isRetryable, TRANSIENT_ERRCODES } from './retry.js'
export { readAtMost } from './stream.js'
export { createTokenProvider, type TokenProvider, type TokenProviderOptions, tokenKey } from './token.js'
export {
  type AnySchema,
  charLength,
  isJsonData,
  isWellFormed,
  maxBytes,
  maxChars,
  optionalObject,
  parseInput,
  requestOptions,
  utf8Length,
  wellFormed,
} from './validate.js'
