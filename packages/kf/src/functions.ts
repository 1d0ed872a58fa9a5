import { type RequestOptions, type WeComClient, WeComHttpError } from '@wecom-kit/core'
import {
  defineOperation,
  parseInput,
  requestOptions,
  unlessAborted,
  validationError,
} from '@wecom-kit/core/resource-kit'
import {
  type CursorStore,
  decodePosition,
  encodePosition,
  memoryCursorStore,
  type SyncPosition,
} from './cursor-store.js'
import { toKfSendError } from './errors.js'
import {
  KfBatchGetCustomersInput,
  type KfEventMessageInput,
  KfSendInput,
  KfSendOnEventInput,
  KfSyncOptionsInput,
  OpenKfId,
} from './schemas.js'
import type { KfBatchGetCustomersResult, KfMessage, KfSendResult, KfSyncPage } from './types.js'

// Hand-written: the message sync keeps a cursor across pages and restarts; the sends turn the
// sending rule's errcodes into their own error; batchGetCustomers takes its ids positionally.

export interface KfSyncMessagesOptions extends RequestOptions {
  /** The customer service account to read. */
  open_kfid: string
  /**
   * The `Token` of the `kf_msg_or_event` callback (valid 10 minutes). Without it WeCom applies a
   * strict frequency limit to kf/sync_msg.
   */
  token?: string | undefined
  /** Where the cursor lives. Default: in memory, one store per client (lost on restart). */
  cursorStore?: CursorStore | undefined
  /** Messages per page, 1–1000 (WeCom's default and maximum: 1000). */
  limit?: number | undefined
  /** 0 AMR (default), 1 SILK. */
  voice_format?: 0 | 1 | undefined
}

/** The default store of each client (clients made by `.with()` share their options object). */
const defaultStores = new WeakMap<object, CursorStore>()
/** Syncs of one account in this process run one after the other. */
const running = new WeakMap<CursorStore, Map<string, Promise<void>>>()

/** How long a sync's lock outlives a holder that died: the store renews it while the holder lives. */
const LOCK_LEASE_MS = 30_000
const LOCK_POLL_MS = 50

/** The store key of an account's cursor: corp and account, no secret. */
export function kfCursorKey(corpId: string, openKfId: string): string {
  if (typeof corpId !== 'string' || corpId === '')
    throw validationError('kfCursorKey', 'corpId', 'must be a non-empty string')
  return `wecom:kf_cursor:${corpId}:${parseInput(OpenKfId, openKfId, 'kfCursorKey')}`
}

/**
 * POST kf/sync_msg as an async iterable of the account's messages and events, in WeCom's order,
 * each as WeCom returns it, fetching pages lazily and resuming where the last sync left off.
 *
 * The place is kept in `cursorStore` per account: a message counts as handled once the loop asks
 * for the next one, and the store learns it then. A sync that stops (a `break`, an error thrown in
 * the loop, a crash or a kill) hands back the message it was on: the next sync starts with that
 * one, and never repeats one before it nor skips one after it. Syncs of one account in one process
 * take turns; with a store that has `lock` (Redis), so do the processes of a fleet.
 *
 * Input is checked when called, before anything is sent.
 */
export const syncKfMessages = /* @__PURE__ */ defineOperation(
  { method: 'POST', path: 'kf/sync_msg', doc: 94670, idempotent: true },
  (client: WeComClient, options: KfSyncMessagesOptions): AsyncIterable<KfMessage> => {
    const { cursorStore, signal, timeout, ...rest } = (options ?? {}) as KfSyncMessagesOptions
    const { open_kfid, token, limit, voice_format } = parseInput(KfSyncOptionsInput, rest, 'options')
    if (signal !== undefined && !(signal instanceof AbortSignal)) {
      throw validationError('options', 'signal', 'must be an AbortSignal')
    }
    if (cursorStore !== undefined && !isCursorStore(cursorStore)) {
      throw validationError('options', 'cursorStore', 'a cursor store has get and set functions')
    }
    const store = cursorStore ?? defaultStore(client)
    const key = kfCursorKey(client.options.corpId, open_kfid)
    const request = requestOptions({ signal, timeout })

    async function* messages(): AsyncGenerator<KfMessage> {
      const release = await takeTurn(store, key, signal)
      try {
        let position: SyncPosition = decodePosition(await store.get(key))
        for (;;) {
          const page: KfSyncPage = await client.request('kf/sync_msg', {
            ...request,
            json: {
              open_kfid,
              ...(position.cursor ? { cursor: position.cursor } : {}),
              ...(token ? { token } : {}),
              ...(limit ? { limit } : {}),
              ...(voice_format === undefined ? {} : { voice_format }),
            },
            idempotent: true,
          })
          let list = Array.isArray(page.msg_list) ? page.msg_list : []
          if (position.after !== undefined) {
            // The page was left half way: what came before `after` (and `after`) is handled.
            const at = list.findIndex((message) => message.msgid === position.after)
            if (at >= 0) list = list.slice(at + 1)
          }
          const pageCursor = position.cursor
          const next =
            typeof page.next_cursor === 'string' && page.next_cursor !== '' ? page.next_cursor : pageCursor
          for (let i = 0; i < list.length; i++) {
            const message = list[i] as KfMessage
            yield message
            // The loop asked for the next one: this message is handled.
            position =
              i === list.length - 1
                ? { cursor: next, after: undefined }
                : { cursor: pageCursor, after: message.msgid }
            await store.set(key, encodePosition(position))
          }
          if (list.length === 0 && next !== pageCursor) {
            position = { cursor: next, after: undefined }
            await store.set(key, encodePosition(position))
          }
          if (page.has_more !== 1) return
          if (next === pageCursor) {
            throw new WeComHttpError(
              200,
              'kf/sync_msg',
              'has_more without a new next_cursor; stopping rather than looping',
            )
          }
        }
      } finally {
        await release()
      }
    }
    return { [Symbol.asyncIterator]: messages }
  },
)

function isCursorStore(value: unknown): value is CursorStore {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as CursorStore).get === 'function' &&
    typeof (value as CursorStore).set === 'function'
  )
}

function defaultStore(client: WeComClient): CursorStore {
  let store = defaultStores.get(client.options)
  if (!store) {
    store = memoryCursorStore()
    defaultStores.set(client.options, store)
  }
  return store
}

/** Waits for this process's earlier sync of the key, then for the fleet's lock when the store has one. */
async function takeTurn(
  store: CursorStore,
  key: string,
  signal: AbortSignal | undefined,
): Promise<() => Promise<void>> {
  let queue = running.get(store)
  if (!queue) {
    queue = new Map()
    running.set(store, queue)
  }
  const before = queue.get(key) ?? Promise.resolve()
  let done!: () => void
  const mine = new Promise<void>((resolve) => {
    done = resolve
  })
  const tail = before.then(() => mine)
  queue.set(key, tail)
  const leave = () => {
    done()
    if (queue.get(key) === tail) queue.delete(key)
  }
  try {
    await unlessAborted(before, signal, 'kf/sync_msg')
    const unlock = store.lock ? await fleetLock(store, key, signal) : undefined
    return async () => {
      try {
        await unlock?.()
      } finally {
        leave()
      }
    }
  } catch (error) {
    leave()
    throw error
  }
}

async function fleetLock(
  store: CursorStore,
  key: string,
  signal: AbortSignal | undefined,
): Promise<() => Promise<void>> {
  for (;;) {
    const release = await store.lock!(`${key}:lock`, LOCK_LEASE_MS)
    if (release) return release
    await unlessAborted(new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS)), signal, 'kf/sync_msg')
  }
}

/**
 * POST kf/send_msg: `{ touser, open_kfid, msgid?, msgtype, <payload> }`. Refusals under the
 * 48-hour / 5-message rule or the session state (95001, 95002, 95018) throw `KfSendRefusedError`.
 * Not replayed after it may have reached WeCom; a `msgid` of your own (unique within the account:
 * WeCom refuses a second use) makes your own retry safe.
 */
export const sendKfMessage = /* @__PURE__ */ defineOperation(
  { method: 'POST', path: 'kf/send_msg', doc: 94677, idempotent: false },
  async (client: WeComClient, message: KfSendInput, options?: RequestOptions): Promise<KfSendResult> => {
    const json = parseInput(KfSendInput, message, 'message')
    try {
      return await client.request<KfSendResult>('kf/send_msg', {
        ...requestOptions(options),
        json,
        idempotent: false,
      })
    } catch (error) {
      throw toKfSendError(error)
    }
  },
)

/** What `sendOnEvent` sends: text or a menu, with an optional msgid of your own. */
export type KfEventMessage = KfEventMessageInput

/**
 * POST kf/send_msg_on_event: a welcome, queue, or closing message with the single-use `code` of
 * an event (enter_session's welcome_code, transServiceState's msg_code). Not replayed: a code
 * works once.
 */
export const sendKfEventMessage = /* @__PURE__ */ defineOperation(
  { method: 'POST', path: 'kf/send_msg_on_event', doc: 95122, idempotent: false },
  async (
    client: WeComClient,
    code: string,
    message: KfEventMessage,
    options?: RequestOptions,
  ): Promise<KfSendResult> => {
    const body =
      typeof message === 'object' && message !== null ? { ...message, code } : { code, msgtype: undefined }
    const json = parseInput(KfSendOnEventInput, body, 'message')
    try {
      return await client.request<KfSendResult>('kf/send_msg_on_event', {
        ...requestOptions(options),
        json,
        idempotent: false,
      })
    } catch (error) {
      throw toKfSendError(error)
    }
  },
)

export interface KfBatchGetCustomersOptions extends RequestOptions {
  /** Also return how each customer last entered a session (scene, scene_param). */
  needEnterSessionContext?: boolean | undefined
}

/**
 * POST kf/customer/batchget: nickname, avatar, gender and unionid of 1–100 customers. Unknown
 * ids come back in `invalid_external_userid`.
 */
export const batchGetKfCustomers = /* @__PURE__ */ defineOperation(
  { method: 'POST', path: 'kf/customer/batchget', doc: 95159, idempotent: true },
  async (
    client: WeComClient,
    externalUserIds: readonly string[],
    options?: KfBatchGetCustomersOptions,
  ): Promise<KfBatchGetCustomersResult> => {
    const { needEnterSessionContext, ...request } = options ?? {}
    if (needEnterSessionContext !== undefined && typeof needEnterSessionContext !== 'boolean') {
      throw validationError('options', 'needEnterSessionContext', 'must be a boolean')
    }
    const json = parseInput(
      KfBatchGetCustomersInput,
      {
        external_userid_list: externalUserIds,
        ...(needEnterSessionContext ? { need_enter_session_context: 1 } : {}),
      },
      'externalUserIds',
    )
    return client.request<KfBatchGetCustomersResult>('kf/customer/batchget', {
      ...requestOptions(request),
      json,
      idempotent: true,
    })
  },
)
