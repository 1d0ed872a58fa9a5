import { defineEndpoint, UserId } from '@wecom-kit/core/resource-kit'
import * as v from 'valibot'
import {
  AddContactWayInput,
  AddCorpTagInput,
  AddMsgTemplateInput,
  ChatId,
  ConfigId,
  DeleteCorpTagInput,
  EditCorpTagInput,
  ExternalUserId,
  ListCorpTagsInput,
  MarkTagInput,
  PendingIdInput,
  RemarkInput,
  SendWelcomeMessageInput,
  TransferCustomerInput,
  TransferResignedCustomerInput,
  UpdateContactWayInput,
  UserBehaviorDataInput,
} from './schemas.js'
import type {
  AddContactWayResult,
  AddCorpTagResult,
  AddMsgTemplateResult,
  ConvertExternalUserIdResult,
  GetContactWayResult,
  GetGroupChatResult,
  ListCorpTagsResult,
  ListCustomersResult,
  ListFollowUsersResult,
  PendingIdResult,
  TransferCustomerResult,
  UserBehaviorDataResult,
  WeComResult,
} from './types.js'

// The customer contact operation table: one entry per plain endpoint (check the input, call one
// path). `idempotent`: may the call be sent again after it possibly reached WeCom?

/** GET externalcontact/get_follow_user_list: members with customer contact turned on. */
export const listFollowUsers = /* @__PURE__ */ defineEndpoint({
  method: 'GET',
  path: 'externalcontact/get_follow_user_list',
  doc: 92571,
  idempotent: true,
  returns: {} as ListFollowUsersResult,
})

/** GET externalcontact/list?userid: the external_userids of a member's customers. */
export const listCustomers = /* @__PURE__ */ defineEndpoint({
  method: 'GET',
  path: 'externalcontact/list',
  doc: 92113,
  idempotent: true,
  input: /* @__PURE__ */ v.object({ userid: UserId }),
  args: (userId: string) => ({ userid: userId }),
  returns: {} as ListCustomersResult,
})

/** POST externalcontact/remark: a member's remark, description, company, mobiles of a customer. */
export const remarkCustomer = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'externalcontact/remark',
  doc: 92115,
  idempotent: true,
  input: RemarkInput,
  returns: {} as WeComResult,
})

/** POST externalcontact/add_contact_way → `{ config_id, qr_code? }`. Not replayed: a replay makes a second one. */
export const addContactWay = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'externalcontact/add_contact_way',
  doc: 92228,
  idempotent: false,
  input: AddContactWayInput,
  returns: {} as AddContactWayResult,
})

/** POST externalcontact/get_contact_way `{ config_id }`. */
export const getContactWay = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'externalcontact/get_contact_way',
  doc: 92228,
  idempotent: true,
  input: /* @__PURE__ */ v.object({ config_id: ConfigId }),
  args: (configId: string) => ({ config_id: configId }),
  returns: {} as GetContactWayResult,
})

/** POST externalcontact/update_contact_way: the fields given replace the contact way's. */
export const updateContactWay = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'externalcontact/update_contact_way',
  doc: 92228,
  idempotent: true,
  input: UpdateContactWayInput,
  returns: {} as WeComResult,
})

/** POST externalcontact/del_contact_way `{ config_id }`. Not replayed: a replay after it landed fails. */
export const deleteContactWay = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'externalcontact/del_contact_way',
  doc: 92228,
  idempotent: false,
  input: /* @__PURE__ */ v.object({ config_id: ConfigId }),
  args: (configId: string) => ({ config_id: configId }),
  returns: {} as WeComResult,
})

/** POST externalcontact/close_temp_chat `{ userid, external_userid }`: ends a temporary chat. */
export const closeTempChat = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'externalcontact/close_temp_chat',
  doc: 92228,
  idempotent: false,
  input: /* @__PURE__ */ v.object({ userid: UserId, external_userid: ExternalUserId }),
  args: (userId: string, externalUserId: string) => ({ userid: userId, external_userid: externalUserId }),
  returns: {} as WeComResult,
})

/** POST externalcontact/groupchat/get `{ chat_id, need_name }`: a customer group chat and its members. */
export const getGroupChat = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'externalcontact/groupchat/get',
  doc: 92122,
  idempotent: true,
  input: /* @__PURE__ */ v.object({ chat_id: ChatId, need_name: /* @__PURE__ */ v.picklist([0, 1]) }),
  args: (chatId: string, options?: { needName?: boolean }) => ({
    chat_id: chatId,
    need_name: (options?.needName === true ? 1 : 0) as 0 | 1,
  }),
  returns: {} as GetGroupChatResult,
})

/** POST externalcontact/get_corp_tag_list `{ tag_id?, group_id? }`: the corp's customer tags by group. */
export const listCorpTags = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'externalcontact/get_corp_tag_list',
  doc: 92117,
  idempotent: true,
  input: ListCorpTagsInput,
  args: (filter?: { tag_id?: string[]; group_id?: string[] }) => filter ?? {},
  returns: {} as ListCorpTagsResult,
})

/** POST externalcontact/add_corp_tag → `{ tag_group }`. Not replayed: a replay adds the tags again (or fails). */
export const addCorpTag = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'externalcontact/add_corp_tag',
  doc: 92117,
  idempotent: false,
  input: AddCorpTagInput,
  returns: {} as AddCorpTagResult,
})

/** POST externalcontact/edit_corp_tag `{ id, name?, order? }`: a tag or a group. */
export const editCorpTag = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'externalcontact/edit_corp_tag',
  doc: 92117,
  idempotent: true,
  input: EditCorpTagInput,
  returns: {} as WeComResult,
})

/** POST externalcontact/del_corp_tag `{ tag_id?, group_id? }`. Not replayed: after it landed the ids are unknown. */
export const deleteCorpTag = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'externalcontact/del_corp_tag',
  doc: 92117,
  idempotent: false,
  input: DeleteCorpTagInput,
  returns: {} as WeComResult,
})

/** POST externalcontact/mark_tag `{ userid, external_userid, add_tag?, remove_tag? }`: lands the same twice. */
export const markTag = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'externalcontact/mark_tag',
  doc: 92118,
  idempotent: true,
  input: MarkTagInput,
  returns: {} as WeComResult,
})

/** POST externalcontact/add_msg_template → `{ msgid, fail_list? }`: a mass send. Not replayed: a replay is a second send. */
export const addMsgTemplate = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'externalcontact/add_msg_template',
  doc: 92135,
  idempotent: false,
  input: AddMsgTemplateInput,
  returns: {} as AddMsgTemplateResult,
})

/** POST externalcontact/send_welcome_msg: with the event's welcome_code (once, within 20 s). */
export const sendWelcomeMessage = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'externalcontact/send_welcome_msg',
  doc: 92137,
  idempotent: false,
  input: SendWelcomeMessageInput,
  returns: {} as WeComResult,
})

/** POST externalcontact/transfer_customer: hands ≤ 100 customers of a member to another (在职继承). */
export const transferCustomer = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'externalcontact/transfer_customer',
  doc: 92125,
  idempotent: false,
  input: TransferCustomerInput,
  returns: {} as TransferCustomerResult,
})

/** POST externalcontact/resigned/transfer_customer: the same for a member who left (离职继承). */
export const transferResignedCustomer = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'externalcontact/resigned/transfer_customer',
  doc: 94081,
  idempotent: false,
  input: TransferResignedCustomerInput,
  returns: {} as TransferCustomerResult,
})

/** POST externalcontact/get_user_behavior_data: members' customer-contact statistics, day by day (≤ 30 days). */
export const getUserBehaviorData = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'externalcontact/get_user_behavior_data',
  doc: 92132,
  idempotent: true,
  input: UserBehaviorDataInput,
  returns: {} as UserBehaviorDataResult,
})

/** POST externalcontact/convert_to_openid `{ external_userid }` → `{ openid }` (WeChat Pay). */
export const convertExternalUserIdToOpenId = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'externalcontact/convert_to_openid',
  doc: 92323,
  idempotent: true,
  input: /* @__PURE__ */ v.object({ external_userid: ExternalUserId }),
  args: (externalUserId: string) => ({ external_userid: externalUserId }),
  returns: {} as ConvertExternalUserIdResult,
})

/**
 * POST idconvert/batch/external_userid_to_pending_id `{ external_userid, chat_id? }` (≤ 100):
 * the pending ids that tie customers to the unionids you queried before.
 */
export const externalUserIdToPendingId = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'idconvert/batch/external_userid_to_pending_id',
  doc: 97357,
  idempotent: true,
  input: PendingIdInput,
  args: (externalUserIds: readonly string[], options?: { chatId?: string }) => ({
    external_userid: externalUserIds as string[],
    ...(options?.chatId === undefined ? {} : { chat_id: options.chatId }),
  }),
  returns: {} as PendingIdResult,
})
