import { agentGet, agentList, agentSet } from './agent.js'
import { appchatCreate, appchatGet, appchatSend, appchatUpdate } from './appchat.js'
import { batchGetResult, batchInvite, batchReplaceParty, batchReplaceUser, batchSyncUser } from './batch.js'
import {
  departmentCreate,
  departmentDelete,
  departmentGet,
  departmentList,
  departmentSimpleList,
  departmentUpdate,
} from './department.js'
import { EXTERNAL_CONTACT_ENDPOINTS } from './externalcontact.js'
import { gettoken } from './gettoken.js'
import { getApiDomainIp, getCallbackIp } from './ip.js'
import { getJsapiTicket, ticketGet } from './jssdk.js'
import { KF_ENDPOINTS } from './kf.js'
import { mediaGet, mediaUpload, mediaUploadImg } from './media.js'
import { menuCreate, menuDelete, menuGet } from './menu.js'
import {
  linkedCorpMessageSend,
  messageGetStatistics,
  messageRecall,
  messageSend,
  messageUpdateTemplateCard,
} from './message.js'
import { authGetUserInfo, userGetUserInfo } from './oauth.js'
import { tagAddUsers, tagCreate, tagDelete, tagDeleteUsers, tagGet, tagList, tagUpdate } from './tag.js'
import type { Endpoint } from './types.js'
import { userAuthSucc, userConvertToOpenId, userGetUserId } from './user-identity.js'
import { userGet, userList, userListId, userSimpleList } from './user-read.js'
import { userBatchDelete, userCreate, userDelete, userUpdate } from './user-write.js'
import { webhookSend, webhookUploadMedia } from './webhook.js'

export type { Endpoint, EndpointContext } from './types.js'

/** Every simulated WeCom API. A new endpoint group is one file plus one line here. */
const ENDPOINTS: readonly Endpoint[] = [
  gettoken,
  userCreate,
  userUpdate,
  userDelete,
  userBatchDelete,
  userGet,
  userSimpleList,
  userList,
  userListId,
  userGetUserId,
  userConvertToOpenId,
  userAuthSucc,
  authGetUserInfo,
  userGetUserInfo,
  departmentCreate,
  departmentUpdate,
  departmentDelete,
  departmentSimpleList,
  departmentList,
  departmentGet,
  tagCreate,
  tagUpdate,
  tagDelete,
  tagGet,
  tagList,
  tagAddUsers,
  tagDeleteUsers,
  batchInvite,
  batchSyncUser,
  batchReplaceUser,
  batchReplaceParty,
  batchGetResult,
  mediaUpload,
  mediaUploadImg,
  mediaGet,
  agentGet,
  agentSet,
  agentList,
  menuCreate,
  menuGet,
  menuDelete,
  messageSend,
  messageRecall,
  messageUpdateTemplateCard,
  messageGetStatistics,
  linkedCorpMessageSend,
  getJsapiTicket,
  ticketGet,
  getCallbackIp,
  getApiDomainIp,
  webhookSend,
  webhookUploadMedia,
  appchatCreate,
  appchatUpdate,
  appchatGet,
  appchatSend,
  ...KF_ENDPOINTS,
  ...EXTERNAL_CONTACT_ENDPOINTS,
]

export function routeTable(endpoints: readonly Endpoint[] = ENDPOINTS): ReadonlyMap<string, Endpoint> {
  return new Map(endpoints.map((endpoint) => [endpoint.path, endpoint]))
}
