import {
  addContactWay,
  addCorpTags,
  addMsgTemplate,
  contactWayView,
  deleteCorpTags,
  editCorpTag,
  externalContactView,
  findContactWay,
  findCustomer,
  findFollow,
  findTag,
  followUser,
  followView,
  groupChatView,
  page,
  readLimit,
  settleTransfers,
  tagGroupView,
  transferCustomers,
  updateContactWay,
} from '../corp/customers.js'
import { findMember } from '../corp/members.js'
import type { CorpState } from '../corp/state.js'
import { type Answer, type Failure, fail, isFailure, ok } from '../wecom/answer.js'
import type { Endpoint, EndpointContext } from './types.js'

// Customer contact (客户联系): see corp/customers.ts for the rules.

type Handler = (context: EndpointContext) => Answer | Failure

const values = <T>(map: ReadonlyMap<string, T>): T[] => [...map.values()]

/** An externalcontact/* endpoint; pending transfers settle first, as time has passed for them. */
function endpoint(path: string, method: 'GET' | 'POST', handle: Handler): Endpoint {
  return {
    path,
    method,
    handle(context) {
      settleTransfers(context.state, context.now)
      return handle(context)
    },
  }
}

const answerOf = <T extends Record<string, unknown>>(outcome: T | Failure): Answer | Failure =>
  isFailure(outcome) ? outcome : ok(outcome)

function paged(
  state: CorpState,
  list: string,
  all: readonly unknown[],
  body: Record<string, unknown>,
  field: string,
  fallback: number,
  max: number,
): Answer | Failure {
  const limit = readLimit(body.limit, fallback, max)
  if (isFailure(limit)) return limit
  const result = page(state, list, all, body.cursor, limit)
  if (isFailure(result)) return result
  return ok({ [field]: result.entries, next_cursor: result.next_cursor })
}

export const EXTERNAL_CONTACT_ENDPOINTS: readonly Endpoint[] = [
  endpoint('externalcontact/get_follow_user_list', 'GET', ({ state }) =>
    ok({
      follow_user: [...state.customers.followUsers].map((id) => findMember(state, id)?.userid ?? id),
    }),
  ),

  endpoint('externalcontact/list', 'GET', ({ state, query }) => {
    const userid = followUser(state, query.userid)
    if (isFailure(userid)) return userid
    const ids = values(state.customers.customers)
      .filter((c) => c.follows.has(userid.toLowerCase()))
      .map((c) => c.external_userid)
    return ok({ external_userid: ids })
  }),

  endpoint('externalcontact/get', 'GET', ({ state, query }) => {
    const customer = findCustomer(state, query.external_userid)
    if (isFailure(customer)) return customer
    const follows = [...customer.follows.values()].map((follow) => followView(state, follow))
    const result = page(
      state,
      `get:${customer.external_userid}`,
      follows,
      query.cursor,
      state.customers.followPageSize,
    )
    if (isFailure(result)) return result
    return ok({
      external_contact: externalContactView(customer),
      follow_user: result.entries,
      ...(result.next_cursor ? { next_cursor: result.next_cursor } : {}),
    })
  }),

  endpoint('externalcontact/batch/get_by_user', 'POST', ({ state, body }) => {
    const ids = body.userid_list
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > 100) return fail(40058, 'userid_list')
    const users: string[] = []
    for (const id of ids) {
      const userid = followUser(state, id)
      if (isFailure(userid)) return userid
      users.push(userid.toLowerCase())
    }
    const pairs: unknown[] = []
    for (const customer of values(state.customers.customers)) {
      for (const user of users) {
        const follow = customer.follows.get(user)
        if (!follow) continue
        const { tags: _tags, ...info } = followView(state, follow)
        pairs.push({
          external_contact: externalContactView(customer),
          follow_info: { ...info, tag_id: [...follow.tags] },
        })
      }
    }
    return paged(state, `batch:${users.join(',')}`, pairs, body, 'external_contact_list', 50, 100)
  }),

  endpoint('externalcontact/remark', 'POST', ({ state, body }) => {
    const relation = findFollow(state, body.userid, body.external_userid)
    if (isFailure(relation)) return relation
    const [, follow] = relation
    const chars = (v: unknown, max: number) =>
      v === undefined || (typeof v === 'string' && [...v].length <= max)
    if (!chars(body.remark, 20) || !chars(body.description, 150) || !chars(body.remark_company, 20)) {
      return fail(40058, 'remark, description or remark_company too long')
    }
    if (body.remark_mobiles !== undefined && !Array.isArray(body.remark_mobiles))
      return fail(40058, 'remark_mobiles')
    if (typeof body.remark === 'string') follow.remark = body.remark
    if (typeof body.description === 'string') follow.description = body.description
    if (typeof body.remark_company === 'string') follow.remark_corp_name = body.remark_company
    if (Array.isArray(body.remark_mobiles)) follow.remark_mobiles = body.remark_mobiles.map(String)
    return ok()
  }),

  endpoint('externalcontact/add_contact_way', 'POST', ({ state, body }) => {
    const way = addContactWay(state, body)
    if (isFailure(way)) return way
    return ok({ config_id: way.config_id, ...(way.qr_code ? { qr_code: way.qr_code } : {}) })
  }),

  endpoint('externalcontact/get_contact_way', 'POST', ({ state, body }) => {
    const way = findContactWay(state, body.config_id)
    return isFailure(way) ? way : ok({ contact_way: contactWayView(way) })
  }),

  endpoint('externalcontact/list_contact_way', 'POST', ({ state, body }) => {
    const ways = values(state.customers.contactWays).map((way) => ({ config_id: way.config_id }))
    return paged(state, 'contact_way', ways, body, 'contact_way', 100, 1000)
  }),

  endpoint(
    'externalcontact/update_contact_way',
    'POST',
    ({ state, body }) => updateContactWay(state, body) ?? ok(),
  ),

  endpoint('externalcontact/del_contact_way', 'POST', ({ state, body }) => {
    const way = findContactWay(state, body.config_id)
    if (isFailure(way)) return way
    state.customers.contactWays.delete(way.config_id)
    return ok()
  }),

  endpoint('externalcontact/close_temp_chat', 'POST', ({ state, body }) => {
    const relation = findFollow(state, body.userid, body.external_userid)
    return isFailure(relation) ? relation : ok()
  }),

  endpoint('externalcontact/groupchat/list', 'POST', ({ state, body }) => {
    if (body.limit === undefined) return fail(40058, 'limit')
    const status = body.status_filter ?? 0
    if (![0, 1, 2, 3].includes(status as number)) return fail(40058, 'status_filter')
    let owners: Set<string> | undefined
    if (body.owner_filter !== undefined) {
      const list = (body.owner_filter as { userid_list?: unknown }).userid_list
      if (!Array.isArray(list) || list.length > 100) return fail(40058, 'owner_filter.userid_list')
      owners = new Set(list.map((id) => String(id).toLowerCase()))
    }
    const chats = values(state.customers.groupChats)
      .filter(
        (chat) =>
          (status === 0 || chat.status === status) && (!owners || owners.has(chat.owner.toLowerCase())),
      )
      .map((chat) => ({ chat_id: chat.chat_id, status: chat.status }))
    return paged(state, 'groupchat', chats, body, 'group_chat_list', 1000, 1000)
  }),

  endpoint('externalcontact/groupchat/get', 'POST', ({ state, body }) => {
    const chat = typeof body.chat_id === 'string' ? state.customers.groupChats.get(body.chat_id) : undefined
    if (!chat) return fail(40058, 'invalid chatid')
    return ok({ group_chat: groupChatView(chat, body.need_name === 1) })
  }),

  endpoint('externalcontact/get_corp_tag_list', 'POST', ({ state, body }) => {
    const tagIds = Array.isArray(body.tag_id) ? new Set(body.tag_id as string[]) : undefined
    const groupIds = Array.isArray(body.group_id) ? new Set(body.group_id as string[]) : undefined
    const groups = values(state.customers.tagGroups)
      .map(tagGroupView)
      .filter((group) => !groupIds || groupIds.has(group.group_id))
      .map((group) => (tagIds ? { ...group, tag: group.tag.filter((tag) => tagIds.has(tag.id)) } : group))
      .filter((group) => !tagIds || group.tag.length > 0)
    return ok({ tag_group: groups })
  }),

  endpoint('externalcontact/add_corp_tag', 'POST', ({ state, body, now }) => {
    const group = addCorpTags(state, body, now)
    return isFailure(group) ? group : ok({ tag_group: tagGroupView(group) })
  }),

  endpoint('externalcontact/edit_corp_tag', 'POST', ({ state, body }) => editCorpTag(state, body) ?? ok()),

  endpoint('externalcontact/del_corp_tag', 'POST', ({ state, body }) => {
    const removed = deleteCorpTags(state, body)
    return isFailure(removed) ? removed : ok()
  }),

  endpoint('externalcontact/mark_tag', 'POST', ({ state, body }) => {
    const relation = findFollow(state, body.userid, body.external_userid)
    if (isFailure(relation)) return relation
    const add = body.add_tag ?? []
    const remove = body.remove_tag ?? []
    if (!Array.isArray(add) || !Array.isArray(remove) || add.length + remove.length === 0) return fail(40058)
    for (const id of [...add, ...remove])
      if (typeof id !== 'string' || !findTag(state, id)) return fail(40068)
    const [, follow] = relation
    for (const id of add as string[]) follow.tags.add(id)
    for (const id of remove as string[]) follow.tags.delete(id)
    return ok()
  }),

  endpoint('externalcontact/add_msg_template', 'POST', ({ state, body, now }) =>
    answerOf(addMsgTemplate(state, body, now)),
  ),

  endpoint('externalcontact/get_groupmsg_list_v2', 'POST', ({ state, body }) => {
    if (body.chat_type !== 'single' && body.chat_type !== 'group') return fail(40058, 'chat_type')
    if (!Number.isInteger(body.start_time) || !Number.isInteger(body.end_time))
      return fail(40058, 'start_time, end_time')
    const [start, end] = [body.start_time as number, body.end_time as number]
    const creator = typeof body.creator === 'string' ? body.creator.toLowerCase() : undefined
    const filterType = body.filter_type ?? 2
    const messages = values(state.customers.groupMessages)
      .filter(
        (m) =>
          m.chat_type === body.chat_type &&
          m.create_time >= start &&
          m.create_time <= end &&
          (!creator || m.creator?.toLowerCase() === creator) &&
          (filterType === 2 || m.create_type === filterType),
      )
      .map((m) => ({
        msgid: m.msgid,
        ...(m.creator ? { creator: m.creator } : {}),
        create_type: m.create_type,
        create_time: String(m.create_time),
        ...(m.text ? { text: m.text } : {}),
        ...(m.attachments ? { attachments: m.attachments } : {}),
      }))
    return paged(
      state,
      `groupmsg:${body.chat_type}:${start}:${end}`,
      messages,
      body,
      'group_msg_list',
      50,
      100,
    )
  }),

  endpoint('externalcontact/get_groupmsg_task', 'POST', ({ state, body }) => {
    const message = typeof body.msgid === 'string' ? state.customers.groupMessages.get(body.msgid) : undefined
    if (!message) return fail(41047)
    return paged(state, `task:${message.msgid}`, [...message.tasks.values()], body, 'task_list', 500, 1000)
  }),

  endpoint('externalcontact/get_groupmsg_send_result', 'POST', ({ state, body }) => {
    const message = typeof body.msgid === 'string' ? state.customers.groupMessages.get(body.msgid) : undefined
    if (!message) return fail(41047)
    const userid = typeof body.userid === 'string' ? body.userid.toLowerCase() : ''
    const sends = message.sends.filter((send) => send.userid.toLowerCase() === userid)
    return paged(state, `send:${message.msgid}:${userid}`, sends, body, 'send_list', 500, 1000)
  }),

  endpoint('externalcontact/send_welcome_msg', 'POST', ({ state, body, now }) => {
    const code =
      typeof body.welcome_code === 'string' ? state.customers.welcomeCodes.get(body.welcome_code) : undefined
    if (!code || code.used || code.expiresAt <= now) return fail(41050)
    const attachments = body.attachments ?? []
    if (!Array.isArray(attachments)) return fail(40058, 'attachments')
    if (attachments.length > 9) return fail(41064)
    if (body.text === undefined && attachments.length === 0) return fail(40058, 'text or attachments')
    code.used = true
    state.customers.welcomes.push({
      welcome_code: body.welcome_code as string,
      userid: code.userid,
      external_userid: code.external_userid,
      body: structuredClone(body),
      at: now,
    })
    return ok()
  }),

  endpoint('externalcontact/transfer_customer', 'POST', ({ state, body, now }) => {
    if (
      body.transfer_success_msg !== undefined &&
      (typeof body.transfer_success_msg !== 'string' || [...body.transfer_success_msg].length > 200)
    ) {
      return fail(40058, 'transfer_success_msg')
    }
    const customers = transferCustomers(state, body, false, now)
    return isFailure(customers) ? customers : ok({ customer: customers })
  }),

  endpoint('externalcontact/transfer_result', 'POST', ({ state, body }) =>
    transferResult(state, body, false),
  ),

  endpoint('externalcontact/resigned/transfer_customer', 'POST', ({ state, body, now }) => {
    const customers = transferCustomers(state, body, true, now)
    return isFailure(customers) ? customers : ok({ customer: customers })
  }),

  endpoint('externalcontact/resigned/transfer_result', 'POST', ({ state, body }) =>
    transferResult(state, body, true),
  ),

  endpoint('externalcontact/get_unassigned_list', 'POST', ({ state, body }) => {
    const limit = readLimit(body.page_size, 1000, 1000)
    if (isFailure(limit)) return limit
    const waiting = new Set(
      state.customers.transfers
        .filter((t) => t.status !== 3)
        .map((t) => `${t.handover_userid.toLowerCase()}|${t.external_userid}`),
    )
    const info: unknown[] = []
    for (const [userid, dimission_time] of state.customers.resigned) {
      for (const customer of values(state.customers.customers)) {
        const follow = customer.follows.get(userid)
        if (!follow || waiting.has(`${userid}|${customer.external_userid}`)) continue
        info.push({
          handover_userid: follow.userid,
          external_userid: customer.external_userid,
          dimission_time,
        })
      }
    }
    const result = page(state, 'unassigned', info, body.cursor, limit)
    if (isFailure(result)) return result
    return ok({ info: result.entries, is_last: result.next_cursor === '', next_cursor: result.next_cursor })
  }),

  endpoint('externalcontact/get_user_behavior_data', 'POST', ({ state, body }) => {
    const users = body.userid ?? []
    const parties = body.partyid ?? []
    if (!Array.isArray(users) || !Array.isArray(parties) || users.length + parties.length === 0)
      return fail(40058)
    if (users.length > 100 || parties.length > 100) return fail(40058, 'at most 100')
    for (const id of users) {
      const userid = followUser(state, id)
      if (isFailure(userid)) return userid
    }
    const [start, end] = [body.start_time, body.end_time]
    if (!Number.isInteger(start) || !Number.isInteger(end) || (start as number) > (end as number))
      return fail(40058, 'time range')
    if ((end as number) - (start as number) > 30 * 86_400) return fail(40058, 'at most 30 days')
    const days: unknown[] = []
    for (let day = Math.floor((start as number) / 86_400) * 86_400; day <= (end as number); day += 86_400) {
      days.push({
        stat_time: day,
        chat_cnt: 0,
        message_cnt: 0,
        reply_percentage: 0,
        avg_reply_time: 0,
        negative_feedback_cnt: 0,
        new_apply_cnt: 0,
        new_contact_cnt: 0,
      })
    }
    return ok({ behavior_data: days })
  }),

  endpoint('externalcontact/convert_to_openid', 'POST', ({ state, body }) => {
    const customer = findCustomer(state, body.external_userid)
    if (isFailure(customer)) return customer
    if (customer.type !== 1) return fail(40096, 'not a WeChat customer')
    let openid = state.customers.openids.get(customer.external_userid)
    if (!openid) {
      openid = `o${crypto.randomUUID().replaceAll('-', '').slice(0, 27)}`
      state.customers.openids.set(customer.external_userid, openid)
    }
    return ok({ openid })
  }),

  endpoint('idconvert/batch/external_userid_to_pending_id', 'POST', ({ state, body }) => {
    const ids = body.external_userid
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > 100) return fail(40058, 'external_userid')
    const result: unknown[] = []
    for (const id of ids) {
      const customer = typeof id === 'string' ? state.customers.customers.get(id) : undefined
      if (customer?.type !== 1) continue
      let pending = state.customers.pendingIds.get(customer.external_userid)
      if (!pending) {
        pending = `p${crypto.randomUUID().replaceAll('-', '')}`
        state.customers.pendingIds.set(customer.external_userid, pending)
      }
      result.push({ external_userid: customer.external_userid, pending_id: pending })
    }
    return ok({ result })
  }),
]

function transferResult(
  state: CorpState,
  body: Record<string, unknown>,
  resigned: boolean,
): Answer | Failure {
  const handover = typeof body.handover_userid === 'string' ? body.handover_userid.toLowerCase() : undefined
  const takeover = typeof body.takeover_userid === 'string' ? body.takeover_userid.toLowerCase() : undefined
  if (!handover || !takeover) return fail(40058, 'handover_userid, takeover_userid')
  const latest = new Map<string, (typeof state.customers.transfers)[number]>()
  for (const transfer of state.customers.transfers) {
    if (transfer.resigned !== resigned) continue
    if (
      transfer.handover_userid.toLowerCase() !== handover ||
      transfer.takeover_userid.toLowerCase() !== takeover
    )
      continue
    latest.set(transfer.external_userid, transfer)
  }
  const customers = [...latest.values()].map((t) => ({
    external_userid: t.external_userid,
    status: t.status,
    ...(t.takeover_time === undefined ? {} : { takeover_time: t.takeover_time }),
  }))
  const result = page(state, `transfer:${resigned}:${handover}:${takeover}`, customers, body.cursor, 1000)
  if (isFailure(result)) return result
  return ok({ customer: result.entries, next_cursor: result.next_cursor })
}
