import { bindAll, defineEndpoint, defineResource } from '@wecom-kit/core/resource-kit'
import * as v from 'valibot'
import {
  ExternalTagIdList,
  ExternalUserIdList,
  FromServiceExternalUserIdInput,
  GroupChatNewExternalUserIdInput,
  OpenKfIdList,
  OpenUserIdToUserIdInput,
  PendingIdInput,
  ServiceExternalUserId,
  TmpExternalUserIdInput,
  UnionIdInput,
  UserIdList,
} from './schemas.js'
import type {
  ExternalTagIdResult,
  ExternalUserIdResult,
  NewExternalUserIdResult,
  OpenKfIdResult,
  OpenUserIdToUserIdResult,
  PendingIdResult,
  TmpExternalUserIdResult,
  UnionIdToExternalUserIdResult,
  UserIdToOpenUserIdResult,
} from './types.js'

// ID conversion (ID转换接口) with a corp's access_token: a third-party app's authorized-corp
// client (`suite.corpClient(...)`), a 代开发 app's, or a corp's own app where the page says so.
// Every one is a lookup: asking twice answers the same, so all may be replayed.

/**
 * POST batch/userid_to_openuserid: a corp's plain userids (≤ 1000) → this provider's
 * open_userids. Third-party and 代开发 apps only.
 */
export const userIdToOpenUserId = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'batch/userid_to_openuserid',
  doc: 97062,
  idempotent: true,
  input: /* @__PURE__ */ v.object({ userid_list: UserIdList }),
  args: (userIds: readonly string[]) => ({ userid_list: userIds as string[] }),
  returns: {} as UserIdToOpenUserIdResult,
})

/**
 * POST batch/openuserid_to_userid `{ open_userid_list, source_agentid? }`: open_userids another
 * app (a third-party app, an AI bot) got → the corp's plain userids. A corp's own app only
 * (95884; without `source_agentid` for an AI bot's, 101521).
 */
export const openUserIdToUserId = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'batch/openuserid_to_userid',
  doc: 95884,
  idempotent: true,
  input: OpenUserIdToUserIdInput,
  returns: {} as OpenUserIdToUserIdResult,
})

/**
 * POST externalcontact/get_new_external_userid: corp-subject external_userids (≤ 1000) →
 * provider-subject ones (`items[].new_external_userid`). Refused once the provider has called
 * finishExternalUserIdMigration for the corp.
 */
export const getNewExternalUserIds = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'externalcontact/get_new_external_userid',
  doc: 97063,
  idempotent: true,
  input: /* @__PURE__ */ v.object({ external_userid_list: ExternalUserIdList }),
  args: (externalUserIds: readonly string[]) => ({ external_userid_list: externalUserIds as string[] }),
  returns: {} as NewExternalUserIdResult,
})

/** POST externalcontact/groupchat/get_new_external_userid `{ chat_id, external_userid_list }`: members of a chat who are no friends. */
export const getNewGroupChatExternalUserIds = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'externalcontact/groupchat/get_new_external_userid',
  doc: 97063,
  idempotent: true,
  input: GroupChatNewExternalUserIdInput,
  returns: {} as NewExternalUserIdResult,
})

/**
 * POST idconvert/unionid_to_external_userid `{ unionid, openid, subject_type? }` →
 * `{ external_userid, pending_id }`: a WeChat user (from the provider's own mini program or
 * official account) as a customer id, or a pending_id until they become one.
 */
export const unionIdToExternalUserId = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'idconvert/unionid_to_external_userid',
  doc: 95900,
  idempotent: true,
  input: UnionIdInput,
  returns: {} as UnionIdToExternalUserIdResult,
})

/** POST idconvert/batch/external_userid_to_pending_id `{ external_userid, chat_id? }` (≤ 100) → `{ result }`. */
export const externalUserIdsToPendingIds = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'idconvert/batch/external_userid_to_pending_id',
  doc: 95900,
  idempotent: true,
  input: PendingIdInput,
  returns: {} as PendingIdResult,
})

/** POST idconvert/external_tagid: a corp's customer tag ids (≤ 1000) → this provider's. */
export const externalTagIdsToOpen = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'idconvert/external_tagid',
  doc: 96169,
  idempotent: true,
  input: /* @__PURE__ */ v.object({ external_tagid_list: ExternalTagIdList }),
  args: (tagIds: readonly string[]) => ({ external_tagid_list: tagIds as string[] }),
  returns: {} as ExternalTagIdResult,
})

/** POST idconvert/open_kfid: a corp's customer-service account ids (≤ 1000) → this provider's. */
export const openKfIdsToNew = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'idconvert/open_kfid',
  doc: 97064,
  idempotent: true,
  input: /* @__PURE__ */ v.object({ open_kfid_list: OpenKfIdList }),
  args: (openKfIds: readonly string[]) => ({ open_kfid_list: openKfIds as string[] }),
  returns: {} as OpenKfIdResult,
})

/** POST idconvert/convert_tmp_external_userid: the temporary ids of meetings and forms (≤ 100). */
export const convertTmpExternalUserIds = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'idconvert/convert_tmp_external_userid',
  doc: 98729,
  idempotent: true,
  input: TmpExternalUserIdInput,
  returns: {} as TmpExternalUserIdResult,
})

/**
 * POST externalcontact/to_service_external_userid: an external_userid a 代开发 app got → the
 * provider's third-party-app one (needless once the 代开发 app has been upgraded).
 */
export const toServiceExternalUserId = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'externalcontact/to_service_external_userid',
  doc: 95195,
  idempotent: true,
  input: /* @__PURE__ */ v.object({ external_userid: ServiceExternalUserId }),
  args: (externalUserId: string) => ({ external_userid: externalUserId }),
  returns: {} as ExternalUserIdResult,
})

/**
 * POST externalcontact/from_service_external_userid `{ external_userid, source_agentid }`: a
 * provider-subject external_userid → the corp's own. A corp's own app only.
 */
export const fromServiceExternalUserId = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'externalcontact/from_service_external_userid',
  doc: 95884,
  idempotent: true,
  input: FromServiceExternalUserIdInput,
  returns: {} as ExternalUserIdResult,
})

/** `createClient(...).with(idConvert)` or `suite.corpClient(...).with(idConvert)` adds `client.idConvert`. */
export const idConvert = /* @__PURE__ */ defineResource('idConvert', (client) =>
  bindAll(client, {
    userIdToOpenUserId,
    openUserIdToUserId,
    newExternalUserIds: getNewExternalUserIds,
    newGroupChatExternalUserIds: getNewGroupChatExternalUserIds,
    unionIdToExternalUserId,
    externalUserIdsToPendingIds,
    externalTagIdsToOpen,
    openKfIdsToNew,
    convertTmpExternalUserIds,
    toServiceExternalUserId,
    fromServiceExternalUserId,
  }),
)
