import { type CallbackListener, fireCallback } from './corp/callbacks.js'
import {
  addFollow,
  completeGroupMessage,
  contactWayView,
  createCustomer,
  createGroupChat,
  customerRecord,
  enableCustomerContact,
  groupChatView,
  groupMessageView,
  issueWelcomeCode,
  seedTagGroup,
  settleTransfers,
  tagGroupView,
} from './corp/customers.js'
import { findMember } from './corp/members.js'
import type { CorpState } from './corp/state.js'
import type {
  CallbackRecord,
  CorpTagGroupRecord,
  CustomerGroupChat,
  ExternalContactRecord,
  GroupMessageRecord,
  NewCustomerGroupChat,
  NewExternalContact,
  TransferRecord,
  WelcomeMessageRecord,
} from './types.js'

/** The simulator's customer contact (客户联系) side: customers, their members, chats, tags, sends. */
export interface ExternalContactSimulator {
  /** Turns customer contact on for members of the directory (get_follow_user_list lists them). */
  enableCustomerContact(...userids: string[]): void
  /** Seeds a customer and the members who follow them, without events. Throws for unknown members or tags. */
  addExternalContact(customer: NewExternalContact): ExternalContactRecord
  /**
   * A customer adds a member (or is added): the relation is made and a `change_external_contact`
   * event fires (`add_external_contact`, with `State` and a `WelcomeCode` valid 20 seconds unless
   * `welcome: false`). `customer` is a new customer's fields, or an existing external_userid.
   */
  externalContactAdds(
    userid: string,
    customer: NewExternalContact | string,
    options?: { state?: string | undefined; welcome?: boolean | undefined },
  ): Promise<{ external_userid: string; welcome_code?: string; callback: CallbackRecord }>
  /**
   * The relation ends: `by: 'member'` (default) fires `del_external_contact`, `by: 'customer'`
   * `del_follow_user` (the customer deleted the member).
   */
  externalContactRemoves(
    userid: string,
    externalUserId: string,
    options?: { by?: 'member' | 'customer' | undefined },
  ): Promise<CallbackRecord>
  /** Copies, in creation order, with every follower. */
  externalContacts(): ExternalContactRecord[]
  getExternalContact(externalUserId: string): ExternalContactRecord | undefined
  /** Pages externalcontact/get's follow_user after this many (default 500, as WeCom). */
  setFollowPageSize(size: number): void
  /** A customer group chat is created (members: userids and external_userids); `change_external_chat` `create` fires. */
  addCustomerGroupChat(
    chat: NewCustomerGroupChat,
  ): Promise<{ chat: CustomerGroupChat; callback: CallbackRecord }>
  customerGroupChats(): CustomerGroupChat[]
  /**
   * An admin creates a corp tag group with tags (names ≤ 30 characters): a `change_external_tag`
   * event (`create`, `TagType` `tag_group`) fires. Returns the group with the new ids.
   */
  addCorpTagGroup(groupName: string, tagNames: string[]): CorpTagGroupRecord
  corpTagGroups(): CorpTagGroupRecord[]
  /** Contact ways add_contact_way made, as get_contact_way answers them. */
  contactWays(): Record<string, unknown>[]
  /** Mass sends add_msg_template made, with each member's task and each send. */
  groupMessages(): GroupMessageRecord[]
  /** A member sends their part of a mass send in WeCom's client: task status 2, sends status 1. */
  completeGroupMessage(msgid: string, userid: string): void
  welcomeMessages(): WelcomeMessageRecord[]
  /** A member leaves: their customers show in get_unassigned_list until handed over. */
  resignMember(userid: string): void
  /** Handovers, as transfer_result would report them now (a transfer lands 24 hours after it was asked). */
  transfers(): TransferRecord[]
  /** The customer refuses a waiting handover: status 3 and a `transfer_fail` event (`customer_refused`). */
  refuseTransfer(externalUserId: string): Promise<CallbackRecord>
}

interface Deps {
  state(): CorpState
  now(): number
  listeners: ReadonlySet<CallbackListener>
}

export function createExternalContactControls(deps: Deps): ExternalContactSimulator {
  const fire = (fields: Record<string, string | number | undefined>) =>
    fireCallback(deps.state(), deps.listeners, { FromUserName: 'sys', ...fields }, deps.now())
  const customerOf = (id: string, what: string) => {
    const customer = deps.state().customers.customers.get(id)
    if (!customer) throw new Error(`${what}: no customer "${id}"`)
    return customer
  }

  return {
    enableCustomerContact(...userids) {
      for (const userid of userids) enableCustomerContact(deps.state(), userid)
    },
    addExternalContact(customer) {
      const state = deps.state()
      return customerRecord(state, createCustomer(state, customer, deps.now()))
    },
    async externalContactAdds(userid, input, options = {}) {
      const state = deps.state()
      const member = findMember(state, userid)
      if (!member) throw new Error(`externalContactAdds: no member "${userid}"`)
      const customer =
        typeof input === 'string'
          ? customerOf(input, 'externalContactAdds')
          : createCustomer(state, input, deps.now())
      addFollow(state, customer, { userid: member.userid, state: options.state }, deps.now())
      const code =
        options.welcome === false
          ? undefined
          : issueWelcomeCode(state, member.userid, customer.external_userid, deps.now())
      const callback = await fire({
        Event: 'change_external_contact',
        ChangeType: 'add_external_contact',
        UserID: member.userid,
        ExternalUserID: customer.external_userid,
        State: options.state,
        WelcomeCode: code,
      })
      return { external_userid: customer.external_userid, ...(code ? { welcome_code: code } : {}), callback }
    },
    async externalContactRemoves(userid, externalUserId, options = {}) {
      const customer = customerOf(externalUserId, 'externalContactRemoves')
      const follow = customer.follows.get(userid.toLowerCase())
      if (!follow) throw new Error(`externalContactRemoves: "${userid}" does not follow "${externalUserId}"`)
      customer.follows.delete(userid.toLowerCase())
      const byCustomer = options.by === 'customer'
      return fire({
        Event: 'change_external_contact',
        ChangeType: byCustomer ? 'del_follow_user' : 'del_external_contact',
        UserID: follow.userid,
        ExternalUserID: externalUserId,
        ...(byCustomer ? {} : { Source: 'DELETE_BY_USER' }),
      })
    },
    externalContacts: () =>
      [...deps.state().customers.customers.values()].map((c) => customerRecord(deps.state(), c)),
    getExternalContact(id) {
      const customer = deps.state().customers.customers.get(id)
      return customer && customerRecord(deps.state(), customer)
    },
    setFollowPageSize(size) {
      if (!Number.isInteger(size) || size < 1) throw new RangeError('setFollowPageSize: a positive integer')
      deps.state().customers.followPageSize = size
    },
    async addCustomerGroupChat(input) {
      const chat = createGroupChat(deps.state(), input, deps.now())
      const callback = await fire({
        Event: 'change_external_chat',
        ChatId: chat.chat_id,
        ChangeType: 'create',
      })
      return { chat: groupChatView(chat), callback }
    },
    customerGroupChats: () =>
      [...deps.state().customers.groupChats.values()].map((chat) => groupChatView(chat)),
    addCorpTagGroup(groupName, tagNames) {
      const group = seedTagGroup(deps.state(), groupName, tagNames, deps.now())
      // Recorded at once; delivered in the background (fireCallback never rejects).
      void fire({
        Event: 'change_external_tag',
        Id: group.group_id,
        TagType: 'tag_group',
        ChangeType: 'create',
      })
      return tagGroupView(group)
    },
    corpTagGroups: () => [...deps.state().customers.tagGroups.values()].map(tagGroupView),
    contactWays: () => [...deps.state().customers.contactWays.values()].map(contactWayView),
    groupMessages: () => [...deps.state().customers.groupMessages.values()].map(groupMessageView),
    completeGroupMessage: (msgid, userid) => completeGroupMessage(deps.state(), msgid, userid, deps.now()),
    welcomeMessages: () => structuredClone(deps.state().customers.welcomes),
    resignMember(userid) {
      const member = findMember(deps.state(), userid)
      if (!member) throw new Error(`resignMember: no member "${userid}"`)
      deps.state().customers.resigned.set(member.userid.toLowerCase(), Math.floor(deps.now() / 1000))
    },
    transfers() {
      settleTransfers(deps.state(), deps.now())
      return deps
        .state()
        .customers.transfers.map(
          ({ handover_userid, takeover_userid, external_userid, resigned, status }) => ({
            handover_userid,
            takeover_userid,
            external_userid,
            resigned,
            status,
          }),
        )
    },
    async refuseTransfer(externalUserId) {
      settleTransfers(deps.state(), deps.now())
      const transfer = deps
        .state()
        .customers.transfers.find((t) => t.external_userid === externalUserId && t.status === 2)
      if (!transfer) throw new Error(`refuseTransfer: no waiting handover of "${externalUserId}"`)
      transfer.status = 3
      return fire({
        Event: 'change_external_contact',
        ChangeType: 'transfer_fail',
        FailReason: 'customer_refused',
        UserID: transfer.takeover_userid,
        ExternalUserID: externalUserId,
      })
    },
  }
}
