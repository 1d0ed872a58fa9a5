import { AgentId, charLength, isJsonData, maxBytes, maxChars } from '@wecom-kit/core/resource-kit'
import * as v from 'valibot'

// Rules from the official 发送应用消息 page (document/path/90236) and 撤回应用消息 (94867).

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

/** One schema per msgtype, chosen by `msgtype`. */
export const MessageInput = v.variant(
  'msgtype',
  [
    v.object({
      ...common,
      msgtype: v.literal('text'),
      text: v.object({ content: v.pipe(text('text.content'), maxBytes(2048)) }),
    }),
    v.object({ ...common, msgtype: v.literal('image'), image: v.object({ media_id: MediaId }) }),
    v.object({ ...common, msgtype: v.literal('voice'), voice: v.object({ media_id: MediaId }) }),
    v.object({
      ...common,
      msgtype: v.literal('video'),
      video: v.object({
        media_id: MediaId,
        title: v.optional(v.pipe(v.string(), maxBytes(128))),
        description: v.optional(v.pipe(v.string(), maxBytes(512))),
      }),
    }),
    v.object({ ...common, msgtype: v.literal('file'), file: v.object({ media_id: MediaId }) }),
    v.object({
      ...common,
      msgtype: v.literal('textcard'),
      textcard: v.object({
        title: v.pipe(text('title'), maxBytes(128)),
        description: v.pipe(text('description'), maxBytes(512)),
        url: HttpUrl('url', 2048),
        btntxt: v.optional(v.pipe(v.string(), maxChars(4))),
      }),
    }),
    v.object({ ...common, msgtype: v.literal('news'), news: v.object({ articles: Articles(NewsArticle) }) }),
    v.object({
      ...common,
      msgtype: v.literal('mpnews'),
      mpnews: v.object({ articles: Articles(MpNewsArticle) }),
    }),
    v.object({
      ...common,
      msgtype: v.literal('markdown'),
      markdown: v.object({ content: v.pipe(text('markdown.content'), maxBytes(2048)) }),
    }),
    v.object({
      ...common,
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
    }),
    v.object({
      ...common,
      msgtype: v.literal('template_card'),
      // Cards have many optional parts; the type and what every card needs are checked here,
      // the rest passes through for WeCom to judge.
      template_card: v.pipe(
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
      ),
    }),
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
