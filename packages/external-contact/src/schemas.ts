import { AgentId, DepartmentId, maxBytes, maxChars, UserId, wellFormed } from '@wecom-kit/core/resource-kit'
import * as v from 'valibot'

// Rules from the official 客户联系 pages (企业内部开发): 客户管理 (document/path/92113, 92114, 92115,
// 92994), 联系我 (92228), 客户群 (92120, 92122), 企业标签 (92117, 92118), 群发 (92135, 93338), 欢迎语
// (92137), 继承 (92124, 92125, 94081, 94082, 94088), 统计 (92132), ID 转换 (92323, 97357).

/** Builds a schema at import, marked free of side effects so that unused ones are tree-shaken. */
/* @__NO_SIDE_EFFECTS__ */
function schema<T>(build: () => T): T {
  return build()
}

/** `[0-9a-zA-Z_-]`: the alphabet of WeCom's opaque ids. */
const OPAQUE = /^[0-9A-Za-z_-]+$/

const opaqueId = (what: string, max: number) =>
  v.pipe(
    v.string(`${what} must be a string`),
    v.minLength(1, `${what} must not be empty`),
    v.maxLength(max, `${what} must be at most ${max} characters`),
    v.regex(OPAQUE, `${what} may only hold letters, digits, _ and -`),
  )

// ---- The ID families ---------------------------------------------------------------------------

/**
 * A customer's id (external_userid): `wm…` for a WeChat user, `wo…` for a WeCom user of another
 * corp, as this corp's apps see them; another corp or a service provider sees other values. Not
 * a member's userid (those are a separate family: `UserId`).
 */
export const ExternalUserId = schema(() => opaqueId('external_userid', 64))
/** A customer's id: see the schema of the same name. */
export type ExternalUserId = string

/**
 * A pending id (pending_id): stands for a WeChat user who is not (yet) a customer, from an
 * unionid; valid 90 days, unique within the shared app (document/path/97357).
 */
export type PendingId = string

/** A WeChat unionid (`o…`): the same person across the WeChat open platform account's apps. */
export const UnionId = schema(() =>
  v.pipe(
    v.string('unionid must be a string'),
    v.regex(/^o[0-9A-Za-z_-]{5,63}$/, 'unionid looks like o… (letters, digits, _ and -)'),
  ),
)
/** A WeChat unionid: see the schema of the same name. */
export type UnionId = string

/** A contact way's config_id. */
export const ConfigId = schema(() => opaqueId('config_id', 64))
/** A customer group chat's chat_id (`wrOgQh…`). */
export const ChatId = schema(() => opaqueId('chat_id', 64))
/** A corp tag's or tag group's id (`etXXX…`). */
export const CorpTagId = schema(() => opaqueId('tag id', 64))
/** A mass send's msgid (`msgGCAAAXtWyujaWJHDDGi0mAAAA`). */
export const GroupMessageId = schema(() => opaqueId('msgid', 64))

// ---- Shared pieces -----------------------------------------------------------------------------

const text = (what: string, max: number, unit: 'bytes' | 'characters' = 'bytes') =>
  v.pipe(
    v.string(`${what} must be a string`),
    unit === 'bytes'
      ? maxBytes(max, `${what} must be at most ${max} bytes`)
      : maxChars(max, `${what} must be at most ${max} characters`),
    wellFormed(what),
  )
const required = (what: string, max: number, unit: 'bytes' | 'characters' = 'bytes') =>
  v.pipe(text(what, max, unit), v.minLength(1, `${what} must not be empty`))
const Seconds = (what: string) =>
  v.pipe(v.number(`${what} must be a number`), v.integer(`${what} must be whole seconds`), v.minValue(0))
const Limit = (max: number) =>
  v.optional(
    v.pipe(
      v.number('limit must be a number'),
      v.integer('limit must be an integer'),
      v.minValue(1, `limit is 1–${max}`),
      v.maxValue(max, `limit is 1–${max}`),
    ),
  )
const list = <T extends v.GenericSchema>(item: T, what: string, max: number, min = 0) =>
  v.pipe(
    v.array(item, `${what} must be an array`),
    v.minLength(min, `give at least ${min} in ${what}`),
    v.maxLength(max, `${what} may list at most ${max}`),
  )

/** What a welcome message, a mass send and a conclusion may attach (≤ 9). */
const Attachment = schema(() =>
  v.variant(
    'msgtype',
    [
      v.object({
        msgtype: v.literal('image'),
        image: v.object({ media_id: v.optional(v.string()), pic_url: v.optional(v.string()) }),
      }),
      v.object({
        msgtype: v.literal('link'),
        link: v.object({
          title: required('link.title', 128),
          picurl: v.optional(v.string()),
          desc: v.optional(text('link.desc', 512)),
          url: v.pipe(
            required('link.url', 2048),
            v.regex(/^https?:\/\//i, 'link.url must be an http(s) URL'),
          ),
        }),
      }),
      v.object({
        msgtype: v.literal('miniprogram'),
        miniprogram: v.object({
          title: required('miniprogram.title', 64),
          pic_media_id: v.pipe(v.string(), v.minLength(1, 'miniprogram.pic_media_id must not be empty')),
          appid: v.pipe(v.string(), v.minLength(1, 'miniprogram.appid must not be empty')),
          page: v.pipe(v.string(), v.minLength(1, 'miniprogram.page must not be empty')),
        }),
      }),
      v.object({
        msgtype: v.literal('video'),
        video: v.object({ media_id: v.pipe(v.string(), v.minLength(1)) }),
      }),
      v.object({
        msgtype: v.literal('file'),
        file: v.object({ media_id: v.pipe(v.string(), v.minLength(1)) }),
      }),
    ],
    'an attachment is image, link, miniprogram, video or file',
  ),
)
const Attachments = schema(() => v.optional(list(Attachment, 'attachments', 9)))
const MessageText = schema(() => v.optional(v.object({ content: required('text.content', 4000) })))

// ---- Customers ---------------------------------------------------------------------------------

/**
 * externalcontact/remark: remark and remark_company "最多20个字符", description "最多150个字符",
 * remark_mobiles a list of numbers.
 */
export const RemarkInput = schema(() =>
  v.object({
    userid: UserId,
    external_userid: ExternalUserId,
    remark: v.optional(text('remark', 20, 'characters')),
    description: v.optional(text('description', 150, 'characters')),
    remark_company: v.optional(text('remark_company', 20, 'characters')),
    remark_mobiles: v.optional(
      list(v.pipe(v.string(), v.maxLength(32, 'a mobile is at most 32 characters')), 'remark_mobiles', 20),
    ),
    remark_pic_mediaid: v.optional(v.string()),
  }),
)
export type RemarkInput = v.InferInput<typeof RemarkInput>

/** batch/get_by_user: "userid_list … 最多支持100个", limit "最大值100". */
export const ListByUsersInput = schema(() =>
  v.object({ userid_list: list(UserId, 'userid_list', 100, 1), limit: Limit(100) }),
)

// ---- Contact ways (联系我) -------------------------------------------------------------------------

const Conclusions = schema(() =>
  v.optional(
    v.object({
      text: MessageText,
      image: v.optional(v.object({ media_id: v.string() })),
      link: v.optional(
        v.object({
          title: required('title', 128),
          picurl: v.optional(v.string()),
          desc: v.optional(v.string()),
          url: v.string(),
        }),
      ),
      miniprogram: v.optional(
        v.object({ title: v.string(), pic_media_id: v.string(), appid: v.string(), page: v.string() }),
      ),
    }),
  ),
)
const TWO_WEEKS = 14 * 24 * 3600

const contactWayFields = {
  style: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1, 'style is a positive number'))),
  remark: v.optional(text('remark', 30, 'characters')),
  skip_verify: v.optional(v.boolean('skip_verify must be a boolean')),
  state: v.optional(text('state', 30, 'characters')),
  user: v.optional(list(UserId, 'user', 100)),
  party: v.optional(list(DepartmentId, 'party', 100)),
  expires_in: v.optional(
    v.pipe(Seconds('expires_in'), v.maxValue(TWO_WEEKS, 'expires_in is at most 14 days')),
  ),
  chat_expires_in: v.optional(
    v.pipe(Seconds('chat_expires_in'), v.maxValue(TWO_WEEKS, 'chat_expires_in is at most 14 days')),
  ),
  unionid: v.optional(UnionId),
  is_exclusive: v.optional(v.boolean('is_exclusive must be a boolean')),
  conclusions: Conclusions,
}

/**
 * externalcontact/add_contact_way: type 1 (one member, "只能有一个") or 2 (members and departments),
 * scene 1 (mini program) or 2 (QR code); a temporary chat (is_temp) is single-member only.
 */
export const AddContactWayInput = schema(() =>
  v.pipe(
    v.object({
      type: v.picklist([1, 2], 'type must be 1 (one member) or 2 (several)'),
      scene: v.picklist([1, 2], 'scene must be 1 (mini program) or 2 (QR code)'),
      is_temp: v.optional(v.boolean('is_temp must be a boolean')),
      ...contactWayFields,
    }),
    v.check((input) => (input.user?.length ?? 0) + (input.party?.length ?? 0) > 0, 'give a user or a party'),
    v.check(
      (input) => input.type !== 1 || ((input.user?.length ?? 0) === 1 && (input.party?.length ?? 0) === 0),
      'type 1 takes exactly one user and no party',
    ),
    v.check((input) => !input.is_temp || input.type === 1, 'a temporary chat (is_temp) takes type 1'),
  ),
)
export type AddContactWayInput = v.InferInput<typeof AddContactWayInput>

/** externalcontact/update_contact_way: config_id, and the fields to replace. */
export const UpdateContactWayInput = schema(() => v.object({ config_id: ConfigId, ...contactWayFields }))
export type UpdateContactWayInput = v.InferInput<typeof UpdateContactWayInput>

/** externalcontact/list_contact_way: times in seconds, limit "最多支持1000条". */
export const ListContactWaysInput = schema(() =>
  v.pipe(
    v.object({
      start_time: v.optional(Seconds('start_time')),
      end_time: v.optional(Seconds('end_time')),
      limit: Limit(1000),
    }),
    v.check(
      (input) =>
        input.start_time === undefined || input.end_time === undefined || input.start_time <= input.end_time,
      'start_time must not be after end_time',
    ),
  ),
)
export type ListContactWaysInput = v.InferInput<typeof ListContactWaysInput>

// ---- Customer group chats ----------------------------------------------------------------------

/**
 * externalcontact/groupchat/list: status_filter 0 all, 1 owner left and not yet taken over,
 * 2 being taken over, 3 taken over; owner_filter.userid_list "最多100个"; limit 1–1000.
 */
export const ListGroupChatsInput = schema(() =>
  v.object({
    status_filter: v.optional(v.picklist([0, 1, 2, 3], 'status_filter must be 0, 1, 2 or 3')),
    owner_filter: v.optional(v.object({ userid_list: list(UserId, 'owner_filter.userid_list', 100) })),
    limit: Limit(1000),
  }),
)
export type ListGroupChatsInput = v.InferInput<typeof ListGroupChatsInput>

// ---- Corp tags ---------------------------------------------------------------------------------

const TagName = (what: string) => required(what, 30, 'characters')
const Order = schema(() =>
  v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(2 ** 32 - 1))),
)

export const ListCorpTagsInput = schema(() =>
  v.optional(
    v.object({
      tag_id: v.optional(list(CorpTagId, 'tag_id', 1000)),
      group_id: v.optional(list(CorpTagId, 'group_id', 1000)),
    }),
    {},
  ),
)

/** externalcontact/add_corp_tag: into a group (group_id) or a new one (group_name); names ≤ 30 characters. */
export const AddCorpTagInput = schema(() =>
  v.pipe(
    v.object({
      group_id: v.optional(CorpTagId),
      group_name: v.optional(TagName('group_name')),
      order: Order,
      tag: list(v.object({ name: TagName('tag.name'), order: Order }), 'tag', 1000, 1),
      agentid: v.optional(AgentId),
    }),
    v.check(
      (input) => input.group_id !== undefined || input.group_name !== undefined,
      'give a group_id or a group_name',
    ),
  ),
)
export type AddCorpTagInput = v.InferInput<typeof AddCorpTagInput>

export const EditCorpTagInput = schema(() =>
  v.pipe(
    v.object({
      id: CorpTagId,
      name: v.optional(TagName('name')),
      order: Order,
      agentid: v.optional(AgentId),
    }),
    v.check((input) => input.name !== undefined || input.order !== undefined, 'give a name or an order'),
  ),
)
export type EditCorpTagInput = v.InferInput<typeof EditCorpTagInput>

export const DeleteCorpTagInput = schema(() =>
  v.pipe(
    v.object({
      tag_id: v.optional(list(CorpTagId, 'tag_id', 1000)),
      group_id: v.optional(list(CorpTagId, 'group_id', 1000)),
      agentid: v.optional(AgentId),
    }),
    v.check(
      (input) => (input.tag_id?.length ?? 0) + (input.group_id?.length ?? 0) > 0,
      'give a tag_id or a group_id',
    ),
  ),
)
export type DeleteCorpTagInput = v.InferInput<typeof DeleteCorpTagInput>

/** externalcontact/mark_tag: "add_tag和remove_tag不可同时为空". */
export const MarkTagInput = schema(() =>
  v.pipe(
    v.object({
      userid: UserId,
      external_userid: ExternalUserId,
      add_tag: v.optional(list(CorpTagId, 'add_tag', 1000)),
      remove_tag: v.optional(list(CorpTagId, 'remove_tag', 1000)),
    }),
    v.check(
      (input) => (input.add_tag?.length ?? 0) + (input.remove_tag?.length ?? 0) > 0,
      'give add_tag or remove_tag',
    ),
  ),
)
export type MarkTagInput = v.InferInput<typeof MarkTagInput>

// ---- Mass sends and welcome messages -----------------------------------------------------------

/**
 * externalcontact/add_msg_template: to customers (single, external_userid "最多支持传入1万个客户")
 * or to group chats (group); text "最多4000个字节"; attachments "最多支持添加9个附件".
 */
export const AddMsgTemplateInput = schema(() =>
  v.pipe(
    v.object({
      chat_type: v.optional(v.picklist(['single', 'group'], "chat_type must be 'single' or 'group'")),
      external_userid: v.optional(list(ExternalUserId, 'external_userid', 10_000)),
      chat_id_list: v.optional(list(ChatId, 'chat_id_list', 2000)),
      tag_filter: v.optional(v.object({ group_list: v.array(v.object({ tag_list: v.array(CorpTagId) })) })),
      sender: v.optional(UserId),
      allow_select: v.optional(v.boolean()),
      text: MessageText,
      attachments: Attachments,
    }),
    v.check(
      (input) => input.text !== undefined || (input.attachments?.length ?? 0) > 0,
      'give a text or attachments',
    ),
    v.check(
      (input) => input.chat_type === 'group' || input.chat_id_list === undefined,
      "chat_id_list goes with chat_type 'group'",
    ),
  ),
)
export type AddMsgTemplateInput = v.InferInput<typeof AddMsgTemplateInput>

/**
 * externalcontact/get_groupmsg_list_v2: chat_type, a time range (seconds), creator / filter_type
 * (0 the corp's, 1 members', 2 all), limit "最大值100".
 */
export const ListGroupMessagesInput = schema(() =>
  v.pipe(
    v.object({
      chat_type: v.picklist(['single', 'group'], "chat_type must be 'single' or 'group'"),
      start_time: Seconds('start_time'),
      end_time: Seconds('end_time'),
      creator: v.optional(UserId),
      filter_type: v.optional(v.picklist([0, 1, 2], 'filter_type must be 0, 1 or 2')),
      limit: Limit(100),
    }),
    v.check((input) => input.start_time <= input.end_time, 'start_time must not be after end_time'),
  ),
)
export type ListGroupMessagesInput = v.InferInput<typeof ListGroupMessagesInput>

export const GroupMessagePageInput = schema(() => v.object({ msgid: GroupMessageId, limit: Limit(1000) }))
export const GroupMessageSendResultInput = schema(() =>
  v.object({ msgid: GroupMessageId, userid: UserId, limit: Limit(1000) }),
)

/** externalcontact/send_welcome_msg: the event's welcome_code (20 s, once), text and/or ≤ 9 attachments. */
export const SendWelcomeMessageInput = schema(() =>
  v.pipe(
    v.object({ welcome_code: opaqueId('welcome_code', 256), text: MessageText, attachments: Attachments }),
    v.check(
      (input) => input.text !== undefined || (input.attachments?.length ?? 0) > 0,
      'give a text or attachments',
    ),
  ),
)
export type SendWelcomeMessageInput = v.InferInput<typeof SendWelcomeMessageInput>

// ---- Transfers ---------------------------------------------------------------------------------

/** transfer_customer: "每次最多分配100个客户"; transfer_success_msg "最多200个字符". */
export const TransferCustomerInput = schema(() =>
  v.pipe(
    v.object({
      handover_userid: UserId,
      takeover_userid: UserId,
      external_userid: list(ExternalUserId, 'external_userid', 100, 1),
      transfer_success_msg: v.optional(text('transfer_success_msg', 200, 'characters')),
    }),
    v.check(
      (input) => input.handover_userid.toLowerCase() !== input.takeover_userid.toLowerCase(),
      'the takeover member must differ from the handover member',
    ),
  ),
)
export type TransferCustomerInput = v.InferInput<typeof TransferCustomerInput>

/** resigned/transfer_customer: the same, without a message (the member left). */
export const TransferResignedCustomerInput = schema(() =>
  v.pipe(
    v.object({
      handover_userid: UserId,
      takeover_userid: UserId,
      external_userid: list(ExternalUserId, 'external_userid', 100, 1),
    }),
    v.check(
      (input) => input.handover_userid.toLowerCase() !== input.takeover_userid.toLowerCase(),
      'the takeover member must differ from the handover member',
    ),
  ),
)
export type TransferResignedCustomerInput = v.InferInput<typeof TransferResignedCustomerInput>

export const TransferPairInput = schema(() => v.object({ handover_userid: UserId, takeover_userid: UserId }))

/** get_unassigned_list: page_size "最大值1000". */
export const ListUnassignedInput = schema(() => v.object({ page_size: Limit(1000) }))

// ---- Statistics and ids ------------------------------------------------------------------------

const DAY = 24 * 3600

/**
 * get_user_behavior_data: userid and/or partyid ("最多100个"), a range of at most 30 days
 * ("起始和结束时间跨度不超过30天").
 */
export const UserBehaviorDataInput = schema(() =>
  v.pipe(
    v.object({
      userid: v.optional(list(UserId, 'userid', 100)),
      partyid: v.optional(list(DepartmentId, 'partyid', 100)),
      start_time: Seconds('start_time'),
      end_time: Seconds('end_time'),
    }),
    v.check(
      (input) => (input.userid?.length ?? 0) + (input.partyid?.length ?? 0) > 0,
      'give a userid or a partyid',
    ),
    v.check((input) => input.start_time <= input.end_time, 'start_time must not be after end_time'),
    v.check((input) => input.end_time - input.start_time <= 30 * DAY, 'the range is at most 30 days'),
  ),
)
export type UserBehaviorDataInput = v.InferInput<typeof UserBehaviorDataInput>

/** idconvert/batch/external_userid_to_pending_id: "最多同时查询100个". */
export const PendingIdInput = schema(() =>
  v.object({ external_userid: list(ExternalUserId, 'external_userid', 100, 1), chat_id: v.optional(ChatId) }),
)
