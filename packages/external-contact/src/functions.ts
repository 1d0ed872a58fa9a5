import { type RequestOptions, type WeComClient, WeComHttpError } from '@wecom-kit/core'
import {
  cursorList,
  defineOperation,
  optionalObject,
  parseInput,
  requestOptions,
} from '@wecom-kit/core/resource-kit'
import {
  ExternalUserId,
  GroupMessagePageInput,
  GroupMessageSendResultInput,
  ListByUsersInput,
  ListContactWaysInput,
  ListGroupChatsInput,
  ListGroupMessagesInput,
  ListUnassignedInput,
  TransferPairInput,
} from './schemas.js'
import type {
  CustomerByUser,
  FollowUser,
  GetCustomerResult,
  GroupChatSummary,
  GroupMessage,
  GroupMessageSend,
  GroupMessageTask,
  TransferStatus,
  UnassignedCustomer,
} from './types.js'

// Hand-written: `get` follows the follow_user pages; every cursor list is an async iterable of
// its entries, exactly as WeCom returns them, fetching pages as the loop asks.

/**
 * GET externalcontact/get: a customer and every member following them. WeCom pages follow_user
 * (next_cursor) for customers with many followers; this follows the pages and resolves to the
 * whole list.
 */
export const getCustomer = /* @__PURE__ */ defineOperation(
  { method: 'GET', path: 'externalcontact/get', doc: 92114, idempotent: true },
  async (
    client: WeComClient,
    externalUserId: string,
    options?: RequestOptions,
  ): Promise<GetCustomerResult> => {
    const id = parseInput(ExternalUserId, externalUserId, 'externalUserId')
    let cursor: string | undefined
    let first: GetCustomerResult | undefined
    const followers: FollowUser[] = []
    for (;;) {
      const page = await client.request<GetCustomerResult & { next_cursor?: string }>('externalcontact/get', {
        ...requestOptions(options),
        query: cursor ? { external_userid: id, cursor } : { external_userid: id },
        idempotent: true,
      })
      first ??= page
      followers.push(...(page.follow_user ?? []))
      const next = typeof page.next_cursor === 'string' ? page.next_cursor : ''
      if (next === '') break
      if (next === cursor) {
        throw new WeComHttpError(
          200,
          'externalcontact/get',
          'next_cursor did not advance; stopping rather than looping',
        )
      }
      cursor = next
    }
    const { next_cursor: _next, ...rest } = first as GetCustomerResult & { next_cursor?: string }
    return { ...rest, follow_user: followers }
  },
)

export interface ListByUsersOptions extends RequestOptions {
  /** Entries per page, 1–100 (WeCom's default 50). */
  limit?: number | undefined
}

/**
 * POST externalcontact/batch/get_by_user as an async iterable: one entry per (customer, follow
 * user) pair of these members (≤ 100 userids), as WeCom returns them: a customer two of them
 * follow comes twice.
 */
export const listCustomersByUsers = /* @__PURE__ */ defineOperation(
  { method: 'POST', path: 'externalcontact/batch/get_by_user', doc: 92994, idempotent: true },
  (
    client: WeComClient,
    userIds: readonly string[],
    options?: ListByUsersOptions,
  ): AsyncIterable<CustomerByUser> => {
    const { limit, ...request } = optionalObject(options, 'options')
    const body = parseInput(ListByUsersInput, { userid_list: userIds, limit: limit ?? 100 }, 'userIds')
    return cursorList(client, {
      path: 'externalcontact/batch/get_by_user',
      body,
      items: 'external_contact_list',
      request,
    })
  },
)

export interface ListContactWaysFilter extends RequestOptions {
  /** Created from (seconds; WeCom's default: 90 days ago). */
  start_time?: number | undefined
  /** Created until (seconds; default: now). */
  end_time?: number | undefined
  /** Entries per page, 1–1000 (default 100). */
  limit?: number | undefined
}

/** POST externalcontact/list_contact_way as an async iterable of `{ config_id }`. */
export const listContactWays = /* @__PURE__ */ defineOperation(
  { method: 'POST', path: 'externalcontact/list_contact_way', doc: 92228, idempotent: true },
  (client: WeComClient, filter?: ListContactWaysFilter): AsyncIterable<{ config_id: string }> => {
    const { signal, timeout, ...rest } = optionalObject(filter, 'filter')
    const body = parseInput(ListContactWaysInput, rest, 'filter')
    return cursorList(client, {
      path: 'externalcontact/list_contact_way',
      body,
      items: 'contact_way',
      request: { signal, timeout },
    })
  },
)

export interface ListGroupChatsFilter extends RequestOptions {
  /** 0 all (default), 1 owner left and not taken over, 2 being taken over, 3 taken over. */
  status_filter?: 0 | 1 | 2 | 3 | undefined
  /** Only chats these members own (≤ 100). */
  owner_filter?: { userid_list: string[] } | undefined
  /** Entries per page, 1–1000 (default 1000). */
  limit?: number | undefined
}

/** POST externalcontact/groupchat/list as an async iterable of `{ chat_id, status }`. */
export const listGroupChats = /* @__PURE__ */ defineOperation(
  { method: 'POST', path: 'externalcontact/groupchat/list', doc: 92120, idempotent: true },
  (client: WeComClient, filter?: ListGroupChatsFilter): AsyncIterable<GroupChatSummary> => {
    const { signal, timeout, ...rest } = optionalObject(filter, 'filter')
    const body = parseInput(ListGroupChatsInput, { ...rest, limit: rest.limit ?? 1000 }, 'filter')
    return cursorList(client, {
      path: 'externalcontact/groupchat/list',
      body,
      items: 'group_chat_list',
      request: { signal, timeout },
    })
  },
)

export interface ListGroupMessagesFilter extends RequestOptions {
  chat_type: 'single' | 'group'
  /** Seconds. */
  start_time: number
  end_time: number
  creator?: string | undefined
  /** 0 the corp's, 1 members', 2 all (default). */
  filter_type?: 0 | 1 | 2 | undefined
  /** Entries per page, 1–100 (default 50). */
  limit?: number | undefined
}

/** POST externalcontact/get_groupmsg_list_v2 as an async iterable of mass sends. */
export const listGroupMessages = /* @__PURE__ */ defineOperation(
  { method: 'POST', path: 'externalcontact/get_groupmsg_list_v2', doc: 93338, idempotent: true },
  (client: WeComClient, filter: ListGroupMessagesFilter): AsyncIterable<GroupMessage> => {
    const { signal, timeout, ...rest } = optionalObject(filter, 'filter')
    const body = parseInput(ListGroupMessagesInput, rest, 'filter')
    return cursorList(client, {
      path: 'externalcontact/get_groupmsg_list_v2',
      body,
      items: 'group_msg_list',
      request: { signal, timeout },
    })
  },
)

export interface GroupMessagePageOptions extends RequestOptions {
  /** Entries per page, 1–1000 (default 500). */
  limit?: number | undefined
}

/** POST externalcontact/get_groupmsg_task as an async iterable: each member's part of a mass send. */
export const getGroupMessageTask = /* @__PURE__ */ defineOperation(
  { method: 'POST', path: 'externalcontact/get_groupmsg_task', doc: 93338, idempotent: true },
  (
    client: WeComClient,
    msgid: string,
    options?: GroupMessagePageOptions,
  ): AsyncIterable<GroupMessageTask> => {
    const { limit, ...request } = optionalObject(options, 'options')
    const body = parseInput(
      GroupMessagePageInput,
      { msgid, ...(limit === undefined ? {} : { limit }) },
      'msgid',
    )
    return cursorList(client, {
      path: 'externalcontact/get_groupmsg_task',
      body,
      items: 'task_list',
      request,
    })
  },
)

/** POST externalcontact/get_groupmsg_send_result as an async iterable: what one member's send reached. */
export const getGroupMessageSendResult = /* @__PURE__ */ defineOperation(
  { method: 'POST', path: 'externalcontact/get_groupmsg_send_result', doc: 93338, idempotent: true },
  (
    client: WeComClient,
    msgid: string,
    userId: string,
    options?: GroupMessagePageOptions,
  ): AsyncIterable<GroupMessageSend> => {
    const { limit, ...request } = optionalObject(options, 'options')
    const body = parseInput(
      GroupMessageSendResultInput,
      { msgid, userid: userId, ...(limit === undefined ? {} : { limit }) },
      'input',
    )
    return cursorList(client, {
      path: 'externalcontact/get_groupmsg_send_result',
      body,
      items: 'send_list',
      request,
    })
  },
)

function transferResults(path: string, doc: number) {
  return /* @__PURE__ */ defineOperation(
    { method: 'POST', path, doc, idempotent: true },
    (
      client: WeComClient,
      handoverUserId: string,
      takeoverUserId: string,
      options?: RequestOptions,
    ): AsyncIterable<TransferStatus> => {
      const body = parseInput(
        TransferPairInput,
        { handover_userid: handoverUserId, takeover_userid: takeoverUserId },
        'input',
      )
      return cursorList(client, { path, body, items: 'customer', request: options })
    },
  )
}

/** POST externalcontact/transfer_result as an async iterable: where each handed-over customer stands. */
export const getTransferResult = /* @__PURE__ */ transferResults('externalcontact/transfer_result', 94088)

/** POST externalcontact/resigned/transfer_result: the same for a member who left. */
export const getResignedTransferResult = /* @__PURE__ */ transferResults(
  'externalcontact/resigned/transfer_result',
  94082,
)

export interface ListUnassignedOptions extends RequestOptions {
  /** Entries per page, 1–1000 (default 1000). */
  pageSize?: number | undefined
}

/** POST externalcontact/get_unassigned_list as an async iterable: customers of members who left, not yet handed over. */
export const listUnassignedCustomers = /* @__PURE__ */ defineOperation(
  { method: 'POST', path: 'externalcontact/get_unassigned_list', doc: 92124, idempotent: true },
  (client: WeComClient, options?: ListUnassignedOptions): AsyncIterable<UnassignedCustomer> => {
    const { pageSize, ...request } = optionalObject(options, 'options')
    const body = parseInput(ListUnassignedInput, { page_size: pageSize ?? 1000 }, 'options')
    return cursorList(client, {
      path: 'externalcontact/get_unassigned_list',
      body,
      items: 'info',
      request,
      isLast: (page) => page.is_last === true,
    })
  },
)
