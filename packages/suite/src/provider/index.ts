// The provider half of @wecom-kit/suite: the provider token and its client, ID translation and
// licences (接口调用许可).
export { createProviderClient, type ProviderClient, type ProviderClientOptions } from './client.js'
export { PROVIDER_REFUSED_ERRCODES, providerCredentials } from './credentials.js'
export {
  corpIdToOpenCorpId,
  finishExternalUserIdMigration,
  getProviderLoginInfo,
  getRegisterCode,
  getRegisterInfo,
} from './endpoints.js'
export {
  convertTmpExternalUserIds,
  externalTagIdsToOpen,
  externalUserIdsToPendingIds,
  fromServiceExternalUserId,
  getNewExternalUserIds,
  getNewGroupChatExternalUserIds,
  idConvert,
  openKfIdsToNew,
  openUserIdToUserId,
  toServiceExternalUserId,
  unionIdToExternalUserId,
  userIdToOpenUserId,
} from './id-convert.js'
export {
  activeLicenseAccount,
  batchActiveLicenseAccount,
  batchGetLicenseActiveInfoByCode,
  batchShareLicenseActiveCode,
  batchTransferLicense,
  cancelLicenseOrder,
  createLicenseNewOrder,
  createLicenseRenewOrderJob,
  getAppLicenseInfo,
  getLicenseActiveInfoByCode,
  getLicenseActiveInfoByUser,
  getLicenseAutoActiveStatus,
  getLicenseOrder,
  type LicenseActivatedAccountsQuery,
  type LicenseListOrdersFilter,
  type LicenseOrderAccountsQuery,
  license,
  listLicenseActivatedAccounts,
  listLicenseOrderAccounts,
  listLicenseOrders,
  setLicenseAutoActiveStatus,
  submitLicenseOrderJob,
} from './license.js'
export * from './schemas.js'
export type * from './types.js'
