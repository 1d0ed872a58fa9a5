export { DEFAULT_SUITE_AES_KEY } from './options.js'
export { createProviderSimulator } from './simulator.js'
export type {
  Authorization,
  AuthorizeOptions,
  ContactChange,
  ProviderSimulator,
  ProviderSimulatorOptions,
  SuiteCallbackCheck,
  SuiteCredentials,
  SuiteNoticeRecord,
  TokenFetchCounts,
} from './types.js'
