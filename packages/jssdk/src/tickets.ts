import { type RequestOptions, type WeComClient, WeComNetworkError } from '@wecom-kit/core'
import {
  abortedError,
  defineOperation,
  linkSignal,
  parseInput,
  resolveAgentId,
} from '@wecom-kit/core/resource-kit'
import * as v from 'valibot'

interface TicketAnswer {
  ticket: string
  expires_in: number
}

/**
 * GET get_jsapi_ticket: the corp's JS-SDK ticket, kept in the client's token store under its
 * own key and shared like the access token (one fetch for concurrent callers and, with a
 * locking store, for a fleet: WeCom allows 400 a hour per corp).
 */
export const getJsapiTicket = /* @__PURE__ */ defineOperation(
  { method: 'GET', path: 'get_jsapi_ticket', doc: 90506, idempotent: true },
  async function getJsapiTicket(client: WeComClient, options?: RequestOptions): Promise<string> {
    const wait = parseInput(WaitOptions, options, 'request options')
    const ticket = client.cached('jsapi_ticket', async () => {
      const answer = await client.request<TicketAnswer>('get_jsapi_ticket')
      return { value: answer.ticket, expiresIn: answer.expires_in }
    })
    return waitFor(() => ticket.get(), 'get_jsapi_ticket', wait)
  },
)

/**
 * GET ticket/get?type=agent_config: the app's ticket for wx.agentConfig, cached per agent
 * (WeCom allows 100 a hour per app). Default agent: the client's.
 */
export const getAgentTicket = /* @__PURE__ */ defineOperation(
  { method: 'GET', path: 'ticket/get', doc: 90506, idempotent: true },
  async function getAgentTicket(
    client: WeComClient,
    agentId?: number,
    options?: RequestOptions,
  ): Promise<string> {
    const agentid = resolveAgentId(client, agentId)
    const wait = parseInput(WaitOptions, options, 'request options')
    const ticket = client.cached(`agent_config:${agentid}`, async () => {
      const answer = await client.request<TicketAnswer>('ticket/get', { query: { type: 'agent_config' } })
      return { value: answer.ticket, expiresIn: answer.expires_in }
    })
    return waitFor(() => ticket.get(), 'ticket/get', wait)
  },
)

// Checked here because these options never reach client.request, which would check them.
const WaitOptions = v.optional(
  v.object({
    signal: v.optional(
      v.custom<AbortSignal>(
        (s) => typeof s === 'object' && s !== null && 'aborted' in s,
        'signal must be an AbortSignal',
      ),
    ),
    timeout: v.optional(
      v.pipe(
        v.number('timeout must be a number'),
        v.integer('timeout must be an integer'),
        v.minValue(1, 'timeout must be at least 1 ms'),
        v.maxValue(2_147_483_647, 'timeout must be at most 2147483647 ms'),
      ),
    ),
  }),
)

/**
 * A ticket, waited for no longer than the call's `timeout` and not past its `signal`. The fetch
 * itself is shared by concurrent callers and later refreshes, so it runs with the client's
 * options: one caller giving up must not fail the others, who go on waiting for it.
 */
function waitFor(
  get: () => Promise<string>,
  path: string,
  { signal, timeout }: RequestOptions = {},
): Promise<string> {
  if (signal?.aborted) return Promise.reject(abortedError(path, 'no'))
  if (!signal && timeout === undefined) return get()
  return new Promise((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined
    // One listener on the caller's signal however many calls share it (no listener warning).
    const link = signal && linkSignal(signal)
    const done = () => {
      clearTimeout(timer)
      link?.signal.removeEventListener('abort', onAbort)
      link?.unlink()
    }
    const onAbort = () => {
      done()
      reject(abortedError(path, 'maybe'))
    }
    link?.signal.addEventListener('abort', onAbort, { once: true })
    if (timeout !== undefined) {
      timer = setTimeout(() => {
        done()
        const message = `WeCom ${path} timed out after ${timeout} ms`
        reject(new WeComNetworkError(message, { path, sent: 'maybe', timeout: true }))
      }, timeout)
    }
    get().then(
      (ticket) => {
        done()
        resolve(ticket)
      },
      (error: unknown) => {
        done()
        reject(error)
      },
    )
  })
}
