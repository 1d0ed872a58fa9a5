import { type CallbackListener, fireCallback } from './corp/callbacks.js'
import {
  createKfAccount,
  customerWrote,
  ensureCustomer,
  findKfAccount,
  findSession,
  issueKfCode,
  issueKfToken,
  kfAccountView,
  kfEvent,
  kfSessionView,
} from './corp/kf.js'
import { findMember } from './corp/members.js'
import type { CorpState } from './corp/state.js'
import type {
  KfAccount,
  KfCustomer,
  KfCustomerActivity,
  KfCustomerMessage,
  KfSentMessage,
  KfSession,
  KfSyncedMessage,
  NewKfAccount,
  NewKfCustomer,
} from './types.js'
import { isFailure } from './wecom/answer.js'

/** The simulator's customer service (微信客服) side: accounts, and customers who write to them. */
export interface KfSimulator {
  /** Seeds an account (name 1–16 characters) with servicers from the directory. Throws when refused. */
  addKfAccount(account: NewKfAccount): KfAccount
  /** Copies, in creation order. */
  kfAccounts(): KfAccount[]
  getKfAccount(openKfId: string): KfAccount | undefined
  /**
   * A WeChat customer writes to the account: the message joins kf/sync_msg (origin 3), the session
   * opens or goes on (the 48-hour window and the 5 sends start again), and a `kf_msg_or_event`
   * callback fires with a fresh Token (to the callback URL when one is set). A text, or a sync_msg
   * payload. `customer` picks (or seeds) who writes; default: a new customer.
   */
  kfCustomerSays(
    openKfId: string,
    message: KfCustomerMessage,
    options?: { customer?: NewKfCustomer | undefined },
  ): Promise<KfCustomerActivity>
  /**
   * A customer opens the account's link: an `enter_session` event (with `scene` / `scene_param`)
   * and, unless `welcome: false`, a `welcome_code` valid 20 seconds; the callback fires.
   */
  kfCustomerEnters(
    openKfId: string,
    options?: {
      customer?: NewKfCustomer | undefined
      scene?: string | undefined
      scene_param?: string | undefined
      welcome?: boolean | undefined
    },
  ): Promise<KfCustomerActivity>
  /** Customers seen so far (copies). */
  kfCustomers(): KfCustomer[]
  /** The session of an account and a customer, or undefined when the customer never wrote. */
  kfSession(openKfId: string, externalUserId: string): KfSession | undefined
  /** Every message kf/sync_msg can return, oldest first (copies); one account's with `openKfId`. */
  kfMessages(openKfId?: string): KfSyncedMessage[]
  /** Messages kf/send_msg and kf/send_msg_on_event delivered, oldest first (copies). */
  kfSentMessages(openKfId?: string): KfSentMessage[]
}

interface Deps {
  state(): CorpState
  now(): number
  listeners: ReadonlySet<CallbackListener>
}

export function createKfControls(deps: Deps): KfSimulator {
  const account = (openKfId: string, what: string) => {
    const found = findKfAccount(deps.state(), openKfId)
    if (isFailure(found)) throw new Error(`${what}: no kf account "${openKfId}"`)
    return found
  }
  const notify = async (openKfId: string) => {
    const state = deps.state()
    const token = issueKfToken(state, deps.now())
    const callback = await fireCallback(
      state,
      deps.listeners,
      { Event: 'kf_msg_or_event', Token: token, OpenKfId: openKfId },
      deps.now(),
    )
    return { token, callback }
  }

  return {
    addKfAccount(input) {
      const state = deps.state()
      const unknown = input.servicers?.find((userid) => !findMember(state, userid))
      if (unknown !== undefined) throw new Error(`addKfAccount: no member "${unknown}"`)
      const created = createKfAccount(state, input, { mediaOk: () => true, strict: false })
      if (isFailure(created)) throw new Error(`addKfAccount: refused with errcode ${created.errcode}`)
      for (const userid of input.servicers ?? []) {
        const member = findMember(state, userid)!
        created.servicers.set(member.userid.toLowerCase(), { userid: member.userid, status: 0 })
      }
      return kfAccountView(created)
    },
    kfAccounts: () => [...deps.state().kf.accounts.values()].map(kfAccountView),
    getKfAccount(openKfId) {
      const found = deps.state().kf.accounts.get(openKfId)
      return found && kfAccountView(found)
    },
    async kfCustomerSays(openKfId, message, options = {}) {
      const state = deps.state()
      const target = account(openKfId, 'kfCustomerSays')
      const customer = ensureCustomer(state, options.customer)
      const payload =
        typeof message === 'string'
          ? { msgtype: 'text', text: { content: message } }
          : structuredClone(message)
      if (typeof payload.msgtype !== 'string') throw new TypeError('kfCustomerSays: a message has a msgtype')
      const synced = customerWrote(state, target, customer, payload, deps.now())
      return { msgid: synced.msgid, external_userid: customer.external_userid, ...(await notify(openKfId)) }
    },
    async kfCustomerEnters(openKfId, options = {}) {
      const state = deps.state()
      const target = account(openKfId, 'kfCustomerEnters')
      const customer = ensureCustomer(state, options.customer)
      const welcome =
        options.welcome === false
          ? undefined
          : issueKfCode(state, target, customer.external_userid, 'welcome', deps.now())
      const event = kfEvent(
        state,
        target,
        customer,
        {
          event_type: 'enter_session',
          scene: options.scene ?? '',
          scene_param: options.scene_param ?? '',
          ...(welcome ? { welcome_code: welcome } : {}),
        },
        deps.now(),
      )
      return {
        msgid: event.msgid,
        external_userid: customer.external_userid,
        ...(welcome ? { welcome_code: welcome } : {}),
        ...(await notify(openKfId)),
      }
    },
    kfCustomers: () => [...deps.state().kf.customers.values()].map((customer) => ({ ...customer })),
    kfSession(openKfId, externalUserId) {
      const session = findSession(deps.state(), openKfId, externalUserId)
      return session && kfSessionView(session)
    },
    kfMessages: (openKfId) =>
      structuredClone(
        deps
          .state()
          .kf.messages.filter((message) => openKfId === undefined || message.open_kfid === openKfId),
      ),
    kfSentMessages: (openKfId) =>
      structuredClone(
        deps.state().kf.sent.filter((sent) => openKfId === undefined || sent.open_kfid === openKfId),
      ),
  }
}
