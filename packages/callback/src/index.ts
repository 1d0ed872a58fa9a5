export {
  type CallbackCrypto,
  type CallbackCryptoOptions,
  type CallbackQuery,
  createCallbackCrypto,
  type EncryptOptions,
  type EncryptReplyOptions,
  type UrlVerificationQuery,
} from './crypto.js'
export { type DedupStore, type MemoryDedupStoreOptions, memoryDedupStore } from './dedup.js'
export {
  type CallbackContext,
  type CallbackErrorContext,
  type CallbackHandler,
  type CallbackHandlerOptions,
  type CallbackReply,
  createCallbackHandler,
  type HandlerOptionsBase,
  type NodeCallbackListener,
  type SuiteCallbackHandlerOptions,
} from './handler.js'
export type * from './messages.js'
export { isKnownCallbackMessage, parseCallbackXml } from './messages.js'
export {
  imageReply,
  MAX_NEWS_ARTICLES,
  type NewsArticle,
  newsReply,
  type ReplyOptions,
  type ReplyTo,
  textReply,
  type VideoReply,
  videoReply,
  voiceReply,
} from './replies.js'
export type {
  CancelAuthNotice,
  ChangeAuthNotice,
  CreateAuthNotice,
  KnownSuiteCallbackMessage,
  ResetPermanentCodeNotice,
  SuiteCallbackMessage,
  SuiteContactNotice,
  SuiteCreatePartyNotice,
  SuiteCreateUserNotice,
  SuiteDeletePartyNotice,
  SuiteDeleteUserNotice,
  SuiteExtAttrItem,
  SuiteNoticeBase,
  SuiteTicketNotice,
  SuiteUpdatePartyNotice,
  SuiteUpdateTagNotice,
  SuiteUpdateUserNotice,
  UnknownSuiteCallbackMessage,
} from './suite.js'
export { isKnownSuiteCallbackMessage, parseSuiteCallbackXml } from './suite.js'
export type { XmlObject, XmlValue } from './xml.js'
