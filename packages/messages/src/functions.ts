import { type RequestOptions, type WeComClient, WeComValidationError } from '@wecom-kit/core'
import {
  defineOperation,
  joinList,
  parseInput,
  requestOptions,
  resolveAgentId,
  splitList,
} from '@wecom-kit/core/resource-kit'
import { type Message, MessageInput } from './schemas.js'
import type { SendResult } from './types.js'

type Answer = Omit<
  SendResult,
  'msgid' | 'invalidUsers' | 'invalidParties' | 'invalidTags' | 'unlicensedUsers'
> & {
  msgid?: string | number
}

/**
 * POST message/send. Recipients may be arrays or `|`-strings (`touser: '@all'` for everyone);
 * `agentid` defaults to the client's. The message is checked first: one of touser, toparty,
 * totag; byte limits (2 048 for text and markdown …); 1–8 articles.
 *
 * A send is never duplicated by a retry: after a timeout, a reset connection or a 5xx it may
 * already have reached people, so it is replayed only when WeCom de-duplicates it
 * (`enable_duplicate_check: 1`, or the client's `duplicateCheck` option).
 */
export const sendMessage = /* @__PURE__ */ defineOperation(
  { method: 'POST', path: 'message/send', doc: 90236, idempotent: 'with duplicate check' },
  async (client: WeComClient, message: Message, options?: RequestOptions): Promise<SendResult> => {
    const checked = parseInput(MessageInput, message, 'message')
    const body: Record<string, unknown> = { ...checked, agentid: resolveAgentId(client, checked.agentid) }
    const recipients = { touser: checked.touser, toparty: checked.toparty, totag: checked.totag }
    let someone = false
    for (const [field, value] of Object.entries(recipients)) {
      if (value === undefined) continue
      const joined = joinList(value)
      if (joined === '') delete body[field]
      else {
        body[field] = joined
        someone = true
      }
    }
    if (!someone) {
      throw new WeComValidationError(
        [
          {
            path: 'touser',
            message: 'give at least one recipient: touser, toparty or totag (touser "@all" for everyone)',
          },
        ],
        'message',
      )
    }
    if (checked.safe === 2 && checked.msgtype !== 'mpnews') {
      throw new WeComValidationError(
        [{ path: 'safe', message: 'safe 2 (in-company only) is for mpnews' }],
        'message',
      )
    }
    const duplicateCheck = client.options.duplicateCheck
    if (duplicateCheck && body.enable_duplicate_check === undefined) {
      body.enable_duplicate_check = 1
      body.duplicate_check_interval ??= duplicateCheck.interval
    }

    const answer = await client.request<Answer>('message/send', {
      ...requestOptions(options),
      json: body,
      idempotent: body.enable_duplicate_check === 1,
    })
    return {
      ...answer,
      msgid: String(answer.msgid ?? ''),
      invalidUsers: splitList(answer.invaliduser),
      invalidParties: splitList(answer.invalidparty),
      invalidTags: splitList(answer.invalidtag),
      unlicensedUsers: splitList(answer.unlicenseduser),
    }
  },
)
