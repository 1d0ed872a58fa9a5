import {
  batchGetCustomers,
  changeServicers,
  createKfAccount,
  findKfAccount,
  getServiceState,
  kfAccountView,
  sendKfEventMessage,
  sendKfMessage,
  servicerList,
  syncMessages,
  transServiceState,
  updateKfAccount,
} from '../corp/kf.js'
import { findMedia } from '../corp/media.js'
import type { CorpState } from '../corp/state.js'
import { fail, isFailure, ok } from '../wecom/answer.js'
import type { Endpoint } from './types.js'

// WeChat customer service (微信客服): see corp/kf.ts for the rules.

/** Media a message or an avatar may use: any live media_id (WeCom checks the type by content). */
const mediaOk = (state: CorpState, now: number) => (mediaId: unknown) =>
  findMedia(state, mediaId, now) !== undefined

/** POST kf/account/add {name, media_id} (document/path/94662) → {open_kfid}. */
export const kfAccountAdd: Endpoint = {
  path: 'kf/account/add',
  method: 'POST',
  handle({ state, body, now }) {
    const account = createKfAccount(state, body, { mediaOk: mediaOk(state, now), strict: true })
    return isFailure(account) ? account : ok({ open_kfid: account.open_kfid })
  },
}

/** POST kf/account/del {open_kfid} (94663). */
export const kfAccountDel: Endpoint = {
  path: 'kf/account/del',
  method: 'POST',
  handle({ state, body }) {
    const account = findKfAccount(state, body.open_kfid)
    if (isFailure(account)) return account
    state.kf.accounts.delete(account.open_kfid)
    return ok()
  },
}

/** POST kf/account/update {open_kfid, name?, media_id?} (94664). */
export const kfAccountUpdate: Endpoint = {
  path: 'kf/account/update',
  method: 'POST',
  handle({ state, body, now }) {
    return updateKfAccount(state, body, mediaOk(state, now)) ?? ok()
  },
}

/** POST kf/account/list {offset?, limit?} (94661) → {account_list}. */
export const kfAccountList: Endpoint = {
  path: 'kf/account/list',
  method: 'POST',
  handle({ state, body }) {
    const offset = body.offset ?? 0
    const limit = body.limit ?? 100
    if (!Number.isInteger(offset) || (offset as number) < 0) return fail(40058, 'offset')
    if (!Number.isInteger(limit) || (limit as number) < 1 || (limit as number) > 100)
      return fail(40058, 'limit')
    const accounts = [...state.kf.accounts.values()].slice(
      offset as number,
      (offset as number) + (limit as number),
    )
    return ok({
      account_list: accounts.map((account) => {
        const { open_kfid, name, avatar, manage_privilege } = kfAccountView(account)
        return { open_kfid, name, avatar, manage_privilege }
      }),
    })
  },
}

/** POST kf/add_contact_way {open_kfid, scene?} (94665) → {url}. */
export const kfAddContactWay: Endpoint = {
  path: 'kf/add_contact_way',
  method: 'POST',
  handle({ state, body }) {
    const account = findKfAccount(state, body.open_kfid)
    if (isFailure(account)) return account
    const scene = body.scene
    if (scene !== undefined && (typeof scene !== 'string' || !/^[0-9A-Za-z_-]{0,32}$/.test(scene))) {
      return fail(40058, 'scene')
    }
    const base = `https://work.weixin.qq.com/kfid/kfc${account.open_kfid.slice(2, 18).toLowerCase()}`
    return ok({ url: scene ? `${base}?enc_scene=ENC${btoa(scene).replace(/=+$/, '')}` : base })
  },
}

/** POST kf/servicer/add {open_kfid, userid_list?, department_id_list?} (94646) → {result_list}. */
export const kfServicerAdd: Endpoint = {
  path: 'kf/servicer/add',
  method: 'POST',
  handle({ state, body }) {
    const results = changeServicers(state, body, 'add')
    return isFailure(results) ? results : ok({ result_list: results })
  },
}

/** POST kf/servicer/del (94647) → {result_list}. */
export const kfServicerDel: Endpoint = {
  path: 'kf/servicer/del',
  method: 'POST',
  handle({ state, body }) {
    const results = changeServicers(state, body, 'delete')
    return isFailure(results) ? results : ok({ result_list: results })
  },
}

/** GET kf/servicer/list?open_kfid (94645) → {servicer_list}. */
export const kfServicerList: Endpoint = {
  path: 'kf/servicer/list',
  method: 'GET',
  handle({ state, query }) {
    const account = findKfAccount(state, query.open_kfid)
    return isFailure(account) ? account : ok({ servicer_list: servicerList(account) })
  },
}

/** POST kf/sync_msg (94670) → {next_cursor, has_more, msg_list}. */
export const kfSyncMsg: Endpoint = {
  path: 'kf/sync_msg',
  method: 'POST',
  handle({ state, body, now }) {
    const page = syncMessages(state, body, now)
    return isFailure(page) ? page : ok(page)
  },
}

/** POST kf/send_msg (94677) → {msgid}. */
export const kfSendMsg: Endpoint = {
  path: 'kf/send_msg',
  method: 'POST',
  handle({ state, body, now }) {
    const sent = sendKfMessage(state, body, now, mediaOk(state, now))
    return isFailure(sent) ? sent : ok(sent)
  },
}

/** POST kf/send_msg_on_event (95122) → {msgid}. */
export const kfSendMsgOnEvent: Endpoint = {
  path: 'kf/send_msg_on_event',
  method: 'POST',
  handle({ state, body, now }) {
    const sent = sendKfEventMessage(state, body, now, mediaOk(state, now))
    return isFailure(sent) ? sent : ok(sent)
  },
}

/** POST kf/service_state/get (94669) → {service_state, servicer_userid?}. */
export const kfServiceStateGet: Endpoint = {
  path: 'kf/service_state/get',
  method: 'POST',
  handle({ state, body }) {
    const answer = getServiceState(state, body)
    return isFailure(answer) ? answer : ok(answer)
  },
}

/** POST kf/service_state/trans (94669) → {msg_code?}. */
export const kfServiceStateTrans: Endpoint = {
  path: 'kf/service_state/trans',
  method: 'POST',
  handle({ state, body, now }) {
    const answer = transServiceState(state, body, now)
    return isFailure(answer) ? answer : ok(answer)
  },
}

/** POST kf/customer/batchget (95159) → {customer_list, invalid_external_userid}. */
export const kfCustomerBatchGet: Endpoint = {
  path: 'kf/customer/batchget',
  method: 'POST',
  handle({ state, body }) {
    const answer = batchGetCustomers(state, body)
    return isFailure(answer) ? answer : ok(answer)
  },
}

export const KF_ENDPOINTS: readonly Endpoint[] = [
  kfAccountAdd,
  kfAccountDel,
  kfAccountUpdate,
  kfAccountList,
  kfAddContactWay,
  kfServicerAdd,
  kfServicerDel,
  kfServicerList,
  kfSyncMsg,
  kfSendMsg,
  kfSendMsgOnEvent,
  kfServiceStateGet,
  kfServiceStateTrans,
  kfCustomerBatchGet,
]
