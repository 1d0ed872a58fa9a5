import {
  AgentId,
  charLength,
  DepartmentId,
  isJsonData,
  maxBytes,
  maxChars,
  TagId,
  UserId,
} from '@wecom-kit/core/resource-kit'
import * as v from 'valibot'

// Rules from the official 发送应用消息 page (document/path/90236), 撤回应用消息 (94867), 更新模版卡片消息
// (94888), 查询应用消息发送统计 (92369) and 互联企业发送应用消息 (90250).

// A template card's many optional parts pass through unchecked, so they must be plain JSON data.
const JSON_DATA_MESSAGE =
  'template_card must hold only JSON data (strings, finite numbers, booleans, null, arrays and plain objects)'

const text = (what: string) =>
  v.pipe(v.string(`${what} must be a string`), v.minLength(1, `${what} must not be empty`))
const MediaId = text('media_id')
const HttpUrl = (what: string, max: number) =>
  v.pipe(v.string(), v.regex(/^https?:\/\/\S+$/i, `${what} must be an absolute http(s) URL`), maxBytes(max))

/** `a|b|c`, or an array of ids; `@all` for everyone. */
const IdList = (what: string, max: number, item: v.GenericSchema<unknown, string | number>) =>
  v.union(
    [
      v.pipe(v.string(), v.maxLength(100_000)),
      v.pipe(v.array(item), v.maxLength(max, `${what} may list at most ${max}`)),
    ],
    `${what} must be a |-joined string or an array`,
  )

const common = {
  touser: v.optional(IdList('touser', 1000, v.pipe(v.string(), v.minLength(1), v.maxLength(64)))),
  toparty: v.optional(
    IdList('toparty', 100, v.union([v.pipe(v.number(), v.integer(), v.minValue(1)), v.string()])),
  ),
  totag: v.optional(
    IdList('totag', 100, v.union([v.pipe(v.number(), v.integer(), v.minValue(1)), v.string()])),
  ),
  /** Default: the client's agentId. */
  agentid: v.optional(AgentId),
  /** 0 shareable, 1 not shareable with a watermark, 2 in-company only (mpnews). */
  safe: v.optional(v.picklist([0, 1, 2], 'safe must be 0, 1 or 2')),
  enable_id_trans: v.optional(v.picklist([0, 1], 'enable_id_trans must be 0 or 1')),
  enable_duplicate_check: v.optional(v.picklist([0, 1], 'enable_duplicate_check must be 0 or 1')),
  duplicate_check_interval: v.optional(
    v.pipe(
      v.number(),
      v.integer(),
      v.minValue(1),
      v.maxValue(14_400, 'duplicate_check_interval is at most 4 hours'),
    ),
  ),
}

const NewsArticle = v.object({
  title: v.pipe(text('title'), maxBytes(128)),
  description: v.optional(v.pipe(v.string(), maxBytes(512))),
  url: v.optional(HttpUrl('url', 2048)),
  picurl: v.optional(HttpUrl('picurl', 2048)),
  appid: v.optional(v.string()),
  pagepath: v.optional(v.string()),
})

const MpNewsArticle = v.object({
  title: v.pipe(text('title'), maxBytes(128)),
  thumb_media_id: MediaId,
  author: v.optional(v.pipe(v.string(), maxBytes(64))),
  content_source_url: v.optional(HttpUrl('content_source_url', 2048)),
  content: v.pipe(text('content'), maxBytes(666 * 1024)),
  digest: v.optional(v.pipe(v.string(), maxBytes(512))),
})

const Articles = <T extends v.GenericSchema>(article: T) =>
  v.pipe(
    v.array(article),
    v.minLength(1, 'articles must hold 1–8 articles'),
    v.maxLength(8, 'articles must hold 1–8 articles'),
  )

const CARD_TYPES = [
  'text_notice',
  'news_notice',
  'button_interaction',
  'vote_interaction',
  'multiple_interaction',
] as const

/** Interactive cards answer a response_code, used to update the card later. */
export const INTERACTIVE_CARDS: ReadonlySet<string> = new Set([
  'button_interaction',
  'vote_interaction',
  'multiple_interaction',
])

/** A template card: its type and what every card needs checked, the rest passed through as JSON. */
export const TemplateCard = v.pipe(
  v.looseObject({
    card_type: v.picklist(CARD_TYPES, `card_type must be one of ${CARD_TYPES.join(', ')}`),
    main_title: v.optional(
      v.looseObject({
        title: v.optional(v.pipe(v.string(), maxChars(36))),
        desc: v.optional(v.pipe(v.string(), maxChars(44))),
      }),
    ),
    task_id: v.optional(
      v.pipe(
        v.string(),
        maxBytes(128),
        v.regex(/^[A-Za-z0-9_\-@]*$/, 'task_id may only hold letters, digits and _-@'),
      ),
    ),
  }),
  v.check((card) => isJsonData(card), JSON_DATA_MESSAGE),
)

/**
 * Each msgtype's `msgtype` and payload entries, as message/send takes them: shared by message/send
 * and linkedcorp/message/send, which take the same payloads with other recipient fields.
 */
const payloads = {
  text: {
    msgtype: v.literal('text'),
    text: v.object({ content: v.pipe(text('text.content'), maxBytes(2048)) }),
  },
  image: { msgtype: v.literal('image'), image: v.object({ media_id: MediaId }) },
  voice: { msgtype: v.literal('voice'), voice: v.object({ media_id: MediaId }) },
  video: {
    msgtype: v.literal('video'),
    video: v.object({
      media_id: MediaId,
      title: v.optional(v.pipe(v.string(), maxBytes(128))),
      description: v.optional(v.pipe(v.string(), maxBytes(512))),
    }),
  },
  file: { msgtype: v.literal('file'), file: v.object({ media_id: MediaId }) },
  textcard: {
    msgtype: v.literal('textcard'),
    textcard: v.object({
      title: v.pipe(text('title'), maxBytes(128)),
      description: v.pipe(text('description'), maxBytes(512)),
      url: HttpUrl('url', 2048),
      btntxt: v.optional(v.pipe(v.string(), maxChars(4))),
    }),
  },
  news: { msgtype: v.literal('news'), news: v.object({ articles: Articles(NewsArticle) }) },
  mpnews: { msgtype: v.literal('mpnews'), mpnews: v.object({ articles: Articles(MpNewsArticle) }) },
  markdown: {
    msgtype: v.literal('markdown'),
    markdown: v.object({ content: v.pipe(text('markdown.content'), maxBytes(2048)) }),
  },
  miniprogram_notice: {
    msgtype: v.literal('miniprogram_notice'),
    miniprogram_notice: v.object({
      appid: text('appid'),
      page: v.optional(v.string()),
      title: v.pipe(
        text('title'),
        v.check((t) => charLength(t) >= 4 && charLength(t) <= 12, 'title must be 4–12 characters'),
      ),
      description: v.optional(v.pipe(v.string(), maxChars(12))),
      emphasis_first_item: v.optional(v.boolean()),
      content_item: v.optional(
        v.pipe(
          v.array(
            v.object({
              key: v.pipe(text('key'), maxChars(10)),
              value: v.pipe(text('value'), maxChars(30)),
            }),
          ),
          v.maxLength(10, 'content_item may hold at most 10 items'),
        ),
      ),
    }),
  },
  template_card: {
    msgtype: v.literal('template_card'),
    // Cards have many optional parts; the type and what every card needs are checked here,
    // the rest passes through for WeCom to judge.
    template_card: TemplateCard,
  },
}

/** One schema per msgtype, chosen by `msgtype`. */
export const MessageInput = v.variant(
  'msgtype',
  [
    v.object({ ...common, ...payloads.text }),
    v.object({ ...common, ...payloads.image }),
    v.object({ ...common, ...payloads.voice }),
    v.object({ ...common, ...payloads.video }),
    v.object({ ...common, ...payloads.file }),
    v.object({ ...common, ...payloads.textcard }),
    v.object({ ...common, ...payloads.news }),
    v.object({ ...common, ...payloads.mpnews }),
    v.object({ ...common, ...payloads.markdown }),
    v.object({ ...common, ...payloads.miniprogram_notice }),
    v.object({ ...common, ...payloads.template_card }),
  ],
  'msgtype must be one of text, image, voice, video, file, textcard, news, mpnews, markdown, miniprogram_notice, template_card',
)

/** A message as WeCom takes it: `msgtype`, its payload, recipients and flags. */
export type Message = v.InferInput<typeof MessageInput>
export type MessageType = Message['msgtype']

export const MsgId = v.pipe(
  v.string('msgid must be a string'),
  v.minLength(1, 'msgid must not be empty'),
  v.maxLength(256),
)

/** message/get_statistics' `time_type`: "查询哪天的数据，0：当天；1：昨天。默认为0". */
export const StatisticsTimeType = v.picklist([0, 1], 'timeType must be 0 (today) or 1 (yesterday)')

/**
 * message/update_template_card's body: whose card (`userids`, `partyids`, `tagids` or `atall: 1`),
 * the `response_code`, and either `button.replace_name` (button, vote and multiple-choice cards:
 * the button turns unclickable with this text) or a whole new `template_card`.
 */
export const UpdateTemplateCardInput = v.pipe(
  v.object({
    userids: v.optional(
      v.pipe(v.array(UserId, 'userids must be an array'), v.maxLength(1000, 'userids may list at most 1000')),
    ),
    partyids: v.optional(
      v.pipe(
        v.array(DepartmentId, 'partyids must be an array'),
        v.maxLength(100, 'partyids may list at most 100'),
      ),
    ),
    tagids: v.optional(
      v.pipe(v.array(TagId, 'tagids must be an array'), v.maxLength(100, 'tagids may list at most 100')),
    ),
    /** 1: every member the card went to. */
    atall: v.optional(v.picklist([0, 1], 'atall must be 0 or 1')),
    /** Default: the client's agentId. */
    agentid: v.optional(AgentId),
    /** From message/send's answer or the card's callback: valid 72 hours, for one update. */
    response_code: v.pipe(
      v.string('response_code must be a string'),
      v.minLength(1, 'response_code must not be empty'),
      v.maxLength(512, 'response_code must be at most 512 characters'),
    ),
    enable_id_trans: v.optional(v.picklist([0, 1], 'enable_id_trans must be 0 or 1')),
    button: v.optional(v.object({ replace_name: v.pipe(text('button.replace_name'), maxChars(64)) })),
    template_card: v.optional(TemplateCard),
  }),
  v.check(
    (body) => (body.button === undefined) !== (body.template_card === undefined),
    'give button (to turn the buttons unclickable) or template_card (to replace the card): one of them',
  ),
  v.check(
    (body) => !!body.userids?.length || !!body.partyids?.length || !!body.tagids?.length || body.atall === 1,
    'give whose card to update: userids, partyids, tagids or atall: 1',
  ),
)
export type UpdateTemplateCardInput = v.InferInput<typeof UpdateTemplateCardInput>

/** A linked corp's member as "CorpId/userid" ("每个元素的格式为：corpid/userid"), or a userid of this corp. */
const LinkedUserId = v.pipe(
  v.string('touser items must be strings'),
  v.regex(
    /^(?:[A-Za-z0-9_-]{1,64}\/)?[A-Za-z0-9][A-Za-z0-9_\-@.]{0,63}$/,
    'touser items must be "CorpId/userid" (a linked corp\'s member) or a userid',
  ),
)
/** A linked corp's department as "LinkedId/DepartmentId", or a department id of this corp. */
const LinkedPartyId = v.union(
  [DepartmentId, v.pipe(v.string(), v.regex(/^(?:[A-Za-z0-9_-]{1,64}\/)?\d{1,10}$/))],
  'toparty items must be "LinkedId/DepartmentId" or a department id',
)

const linkedCommon = {
  /** Arrays, not |-joined strings: "CorpId/userid" each, at most 1000. */
  touser: v.optional(
    v.pipe(
      v.array(LinkedUserId, 'touser must be an array of "CorpId/userid" (not a |-joined string)'),
      v.maxLength(1000, 'touser may list at most 1000'),
    ),
  ),
  toparty: v.optional(
    v.pipe(
      v.array(LinkedPartyId, 'toparty must be an array'),
      v.maxLength(100, 'toparty may list at most 100'),
    ),
  ),
  totag: v.optional(
    v.pipe(v.array(TagId, 'totag must be an array'), v.maxLength(100, 'totag may list at most 100')),
  ),
  /** 1: everyone in the app's visible range, linked corps included. */
  toall: v.optional(v.picklist([0, 1], 'toall must be 0 or 1')),
  /** Default: the client's agentId. */
  agentid: v.optional(AgentId),
  safe: v.optional(v.picklist([0, 1], 'safe must be 0 or 1')),
}

/** linkedcorp/message/send's body: message/send's payloads (template cards aside), array recipients. */
export const LinkedCorpMessageInput = v.pipe(
  v.variant(
    'msgtype',
    [
      v.object({ ...linkedCommon, ...payloads.text }),
      v.object({ ...linkedCommon, ...payloads.image }),
      v.object({ ...linkedCommon, ...payloads.voice }),
      v.object({ ...linkedCommon, ...payloads.video }),
      v.object({ ...linkedCommon, ...payloads.file }),
      v.object({ ...linkedCommon, ...payloads.textcard }),
      v.object({ ...linkedCommon, ...payloads.news }),
      v.object({ ...linkedCommon, ...payloads.mpnews }),
      v.object({ ...linkedCommon, ...payloads.markdown }),
      v.object({ ...linkedCommon, ...payloads.miniprogram_notice }),
    ],
    'msgtype must be one of text, image, voice, video, file, textcard, news, mpnews, markdown, miniprogram_notice',
  ),
  v.check(
    (m) => !!m.touser?.length || !!m.toparty?.length || !!m.totag?.length || m.toall === 1,
    'give at least one recipient: touser, toparty, totag, or toall: 1',
  ),
)
/** A message for linked corps (互联企业). */
export type LinkedCorpMessage = v.InferInput<typeof LinkedCorpMessageInput>
