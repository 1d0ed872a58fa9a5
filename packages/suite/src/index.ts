// @wecom-kit/suite: a service provider's suites and the corps that authorized them.

export { type AuthCorp, authCorpCredentials, suiteCredentials } from './credentials.js'
export * from './endpoints.js'
export { isSuiteTicketError, SuiteTicketError, type SuiteTicketProblem } from './errors.js'
// Provider-level calls (provider token, login, ID translation, licences): see ./provider/.
export * from './provider/index.js'
export {
  AdminListInput,
  AuthCode,
  AuthCorpId,
  AuthCorpInput,
  InstallUrlInput,
  OAuthCodeInput,
  PermanentCode,
  PermanentCodeInput,
  SetSessionInfoInput,
  SuiteTicket,
  UserTicketInput,
} from './schemas.js'
export {
  createSuiteClient,
  getSuiteInstallUrl,
  type SuiteClient,
  type SuiteClientOptions,
  type SuiteCorpOptions,
  type SuiteInstallUrlResult,
} from './suite.js'
export { createTicketKeeper, SUITE_TICKET_LIFETIME_MS, suiteTicketKey, type TicketKeeper } from './ticket.js'
export type * from './types.js'
