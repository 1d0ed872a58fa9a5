import { type RequestOptions, type WeComClient, WeComValidationError } from '@wecom-kit/core'
import {
  defineOperation,
  joinList,
  parseInput,
  requestOptions,
  resolveAgentId,
  splitList,
  validationError,
} from '@wecom-kit/core/resource-kit'
import {
  type LinkedCorpMessage,
  LinkedCorpMessageInput,
  type Message,
  MessageInput,
  UpdateTemplateCardInput,
} from './schemas.js'
import type { LinkedCorpSendResult, SendResult, UpdateTemplateCardResult } from './types.js'

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
    if (typeof answer.response_code === 'string') responseCodes(client).issued(answer.response_code)
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

// response_code: "有效期是72小时", "一个code只能调用一次该接口" (更新模版卡片消息, document/path/94888).
// The client remembers the codes its sends received and the ones it used, so that a second use or
// an expired code is refused before a request WeCom would refuse anyway. Codes from card callbacks
// are not seen being issued: only their second use is caught.
const RESPONSE_CODE_TTL_MS = 72 * 3600 * 1000

interface CodeRecord {
  issuedAt?: number
  usedAt?: number
}

/** Per client (and its `.with()` copies, which share `options`). */
const registries = new WeakMap<object, Map<string, CodeRecord>>()

function responseCodes(client: WeComClient) {
  let codes = registries.get(client.options)
  if (!codes) {
    codes = new Map()
    registries.set(client.options, codes)
  }
  const known = codes
  const prune = (now: number) => {
    if (known.size < 256) return
    for (const [code, record] of known) {
      if ((record.issuedAt ?? record.usedAt ?? 0) + RESPONSE_CODE_TTL_MS <= now) known.delete(code)
    }
  }
  return {
    issued(code: string) {
      const now = Date.now()
      prune(now)
      known.set(code, { issuedAt: now })
    },
    check(code: string) {
      const record = known.get(code)
      if (record?.usedAt !== undefined) {
        throw validationError(
          'card update',
          'response_code',
          'this response_code was used already: each one updates a card once (a click on the card brings a new one in its callback)',
        )
      }
      if (record?.issuedAt !== undefined && record.issuedAt + RESPONSE_CODE_TTL_MS <= Date.now()) {
        throw validationError(
          'card update',
          'response_code',
          'this response_code is older than 72 hours: WeCom no longer takes it',
        )
      }
    },
    used(code: string) {
      const now = Date.now()
      prune(now)
      known.set(code, { ...known.get(code), usedAt: now })
    },
  }
}

/**
 * POST message/update_template_card: turn an interactive card's buttons unclickable
 * (`button: { replace_name }`) or replace the card (`template_card`) for `userids`, `partyids`,
 * `tagids` or everyone (`atall: 1`). `agentid` defaults to the client's.
 *
 * A response_code lives 72 hours and updates a card once: this client refuses, before sending, a
 * code it already used and one its own `send` received more than 72 hours ago. Not replayed after
 * it may have reached WeCom: the code would be spent.
 */
export const updateTemplateCard = /* @__PURE__ */ defineOperation(
  { method: 'POST', path: 'message/update_template_card', doc: 94888, idempotent: false },
  async (
    client: WeComClient,
    body: UpdateTemplateCardInput,
    options?: RequestOptions,
  ): Promise<UpdateTemplateCardResult> => {
    const checked = parseInput(UpdateTemplateCardInput, body, 'card update')
    const agentid = resolveAgentId(client, checked.agentid)
    const codes = responseCodes(client)
    codes.check(checked.response_code)
    const answer = await client.request<UpdateTemplateCardResult>('message/update_template_card', {
      ...requestOptions(options),
      json: { ...checked, agentid },
      idempotent: false,
    })
    codes.used(checked.response_code)
    return answer
  },
)

/**
 * POST linkedcorp/message/send: an app message to members of linked corps (互联企业). Recipients are
 * arrays: `touser` of "CorpId/userid" (a bare userid for this corp's members), `toparty` of
 * "LinkedId/DepartmentId", `totag`, or `toall: 1`. `agentid` defaults to the client's. Not
 * replayed after it may have reached people: it has no duplicate check.
 */
export const sendToLinkedCorp = /* @__PURE__ */ defineOperation(
  { method: 'POST', path: 'linkedcorp/message/send', doc: 90250, idempotent: false },
  async (
    client: WeComClient,
    message: LinkedCorpMessage,
    options?: RequestOptions,
  ): Promise<LinkedCorpSendResult> => {
    const checked = parseInput(LinkedCorpMessageInput, message, 'message')
    return client.request<LinkedCorpSendResult>('linkedcorp/message/send', {
      ...requestOptions(options),
      json: { ...checked, agentid: resolveAgentId(client, checked.agentid) },
      idempotent: false,
    })
  },
)
