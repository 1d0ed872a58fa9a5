import { isJsonData, maxBytes, wellFormed } from '@wecom-kit/core/resource-kit'
import * as v from 'valibot'
import { base64Size, fromBase64, imageFormat, md5Hex } from './bytes.js'

// Rules from the official 消息推送配置说明 page (群机器人配置说明, document/path/91770 and 99110,
// last updated 2025-08-07): eight msgtypes; text ≤ 2048 bytes with mentions, markdown and
// markdown_v2 ≤ 4096 bytes, image as base64 + md5 of at most 2 MB (JPG/PNG), news of 1–8
// articles, file and voice by media_id, template_card of the text_notice and news_notice kinds.

/** text.content: "最长不超过2048个字节，必须是utf8编码". */
export const TEXT_MAX_BYTES = 2048
/** markdown.content and markdown_v2.content: "最长不超过4096个字节". */
export const MARKDOWN_MAX_BYTES = 4096
/** "图片（base64编码前）最大不能超过2M，支持JPG,PNG格式". */
export const IMAGE_MAX_BYTES = 2 * 1024 * 1024

const text = (what: string) =>
  v.pipe(v.string(`${what} must be a string`), v.minLength(1, `${what} must not be empty`), wellFormed(what))
const content = (what: string, max: number) =>
  v.pipe(text(what), maxBytes(max, `${what} must be at most ${max} bytes in UTF-8`))
const MediaId = v.pipe(text('media_id'), v.maxLength(512, 'media_id must be at most 512 characters'))

/** userids to @, or `@all`: "userid的列表，提醒群中的指定成员(@某个成员)，@all表示提醒所有人". */
const MentionedList = v.array(
  v.pipe(
    v.string('mentioned_list items must be strings'),
    v.regex(/^(?:@all|[A-Za-z0-9][A-Za-z0-9_\-@.]{0,63})$/, 'mentioned_list items must be userids or "@all"'),
  ),
  'mentioned_list must be an array of userids',
)
/** Mobile numbers to @, or `@all`. */
const MentionedMobileList = v.array(
  v.pipe(
    v.string('mentioned_mobile_list items must be strings'),
    v.regex(
      /^(?:@all|\+?[0-9][0-9-]{2,19})$/,
      'mentioned_mobile_list items must be mobile numbers or "@all"',
    ),
  ),
  'mentioned_mobile_list must be an array of mobile numbers',
)

export const WebhookTextMessage = v.strictObject(
  {
    msgtype: v.literal('text'),
    text: v.strictObject(
      {
        content: content('text.content', TEXT_MAX_BYTES),
        mentioned_list: v.optional(MentionedList),
        mentioned_mobile_list: v.optional(MentionedMobileList),
      },
      'text takes content, mentioned_list and mentioned_mobile_list only',
    ),
  },
  'a text message is { msgtype, text }',
)

export const WebhookMarkdownMessage = v.strictObject(
  {
    msgtype: v.literal('markdown'),
    markdown: v.strictObject(
      { content: content('markdown.content', MARKDOWN_MAX_BYTES) },
      'markdown takes content only (mention people with <@userid> inside it)',
    ),
  },
  'a markdown message is { msgtype, markdown }',
)

/** markdown_v2: tables, lists, images and code blocks; no font colours and no @-mentions. */
export const WebhookMarkdownV2Message = v.strictObject(
  {
    msgtype: v.literal('markdown_v2'),
    markdown_v2: v.strictObject(
      { content: content('markdown_v2.content', MARKDOWN_MAX_BYTES) },
      'markdown_v2 takes content only (it supports no mentions: use text or markdown for those)',
    ),
  },
  'a markdown_v2 message is { msgtype, markdown_v2 }',
)

/** base64 of the image and the md5 of its bytes, checked against each other before sending. */
export const WebhookImageMessage = v.strictObject(
  {
    msgtype: v.literal('image'),
    image: v.pipe(
      v.strictObject(
        {
          base64: v.pipe(
            v.string('image.base64 must be a string'),
            v.minLength(1, 'image.base64 must not be empty'),
            // Checked on the length first: decoding a huge string only to refuse it is waste.
            v.check(
              (b64) => base64Size(b64) <= IMAGE_MAX_BYTES,
              'the image must be at most 2 MB before base64',
            ),
            v.check((b64) => fromBase64(b64) !== undefined, 'image.base64 must be standard padded base64'),
          ),
          md5: v.pipe(
            v.string('image.md5 must be a string'),
            v.regex(/^[0-9a-fA-F]{32}$/, 'image.md5 must be 32 hex digits'),
          ),
        },
        'image takes base64 and md5 only',
      ),
      v.rawCheck(({ dataset, addIssue }) => {
        // Checks of the fields that failed leave the dataset typed: decode only what passed them.
        if (!dataset.typed || dataset.issues || base64Size(dataset.value.base64) > IMAGE_MAX_BYTES) return
        const bytes = fromBase64(dataset.value.base64)
        if (!bytes) return
        if (!imageFormat(bytes)) {
          addIssue({ message: 'the image must be a JPG or PNG', path: pathTo(dataset.value, 'base64') })
        } else if (md5Hex(bytes) !== dataset.value.md5.toLowerCase()) {
          addIssue({
            message: 'image.md5 is not the md5 of the image bytes (before base64)',
            path: pathTo(dataset.value, 'md5'),
          })
        }
      }),
    ),
  },
  'an image message is { msgtype, image }',
)

/** "一个图文消息支持1到8条图文"; title ≤ 128 and description ≤ 512 bytes are cut by WeCom, not refused. */
export const WebhookNewsMessage = v.strictObject(
  {
    msgtype: v.literal('news'),
    news: v.strictObject(
      {
        articles: v.pipe(
          v.array(
            v.strictObject({
              title: text('title'),
              description: v.optional(
                v.pipe(v.string('description must be a string'), wellFormed('description')),
              ),
              url: v.pipe(text('url'), v.maxLength(2048, 'url must be at most 2048 characters')),
              picurl: v.optional(
                v.pipe(
                  v.string('picurl must be a string'),
                  v.regex(/^https?:\/\/\S+$/i, 'picurl must be an absolute http(s) URL'),
                ),
              ),
            }),
            'news.articles must be an array',
          ),
          v.minLength(1, 'news.articles must hold 1–8 articles'),
          v.maxLength(8, 'news.articles must hold 1–8 articles'),
        ),
      },
      'news takes articles only',
    ),
  },
  'a news message is { msgtype, news }',
)

export const WebhookFileMessage = v.strictObject(
  { msgtype: v.literal('file'), file: v.strictObject({ media_id: MediaId }, 'file takes media_id only') },
  'a file message is { msgtype, file }',
)

export const WebhookVoiceMessage = v.strictObject(
  { msgtype: v.literal('voice'), voice: v.strictObject({ media_id: MediaId }, 'voice takes media_id only') },
  'a voice message is { msgtype, voice }',
)

// A card's many optional parts pass through; what WeCom's table marks as required is checked.
const ClickTarget = (what: string, types: readonly number[]) =>
  v.pipe(
    v.looseObject({
      type: v.optional(v.picklist(types, `${what}.type must be one of ${types.join(', ')}`)),
      url: v.optional(v.string(`${what}.url must be a string`)),
      appid: v.optional(v.string(`${what}.appid must be a string`)),
    }),
    v.check(
      (t) => t.type !== 1 || (typeof t.url === 'string' && t.url !== ''),
      `${what}.url is required when type is 1`,
    ),
    v.check(
      (t) => t.type !== 2 || (typeof t.appid === 'string' && t.appid !== ''),
      `${what}.appid is required when type is 2`,
    ),
  )

const cardFields = {
  source: v.optional(
    v.looseObject({
      desc_color: v.optional(v.picklist([0, 1, 2, 3], 'source.desc_color must be 0, 1, 2 or 3')),
    }),
  ),
  main_title: v.looseObject({
    title: v.optional(v.string('main_title.title must be a string')),
    desc: v.optional(v.string('main_title.desc must be a string')),
  }),
  quote_area: v.optional(ClickTarget('quote_area', [0, 1, 2])),
  horizontal_content_list: v.optional(
    v.pipe(
      v.array(
        v.pipe(
          v.looseObject({
            keyname: text('horizontal_content_list.keyname'),
            type: v.optional(v.picklist([0, 1, 2, 3], 'horizontal_content_list.type must be 1, 2 or 3')),
            url: v.optional(v.string()),
            media_id: v.optional(v.string()),
            userid: v.optional(v.string()),
          }),
          v.check((h) => h.type !== 1 || !!h.url, 'horizontal_content_list.url is required when type is 1'),
          v.check(
            (h) => h.type !== 2 || !!h.media_id,
            'horizontal_content_list.media_id is required when type is 2',
          ),
          v.check(
            (h) => h.type !== 3 || !!h.userid,
            'horizontal_content_list.userid is required when type is 3',
          ),
        ),
      ),
      v.maxLength(6, 'horizontal_content_list may hold at most 6 items'),
    ),
  ),
  jump_list: v.optional(
    v.pipe(
      v.array(
        v.pipe(
          v.looseObject({
            title: text('jump_list.title'),
            type: v.optional(v.picklist([0, 1, 2], 'jump_list.type must be 0, 1 or 2')),
            url: v.optional(v.string()),
            appid: v.optional(v.string()),
          }),
          v.check((j) => j.type !== 1 || !!j.url, 'jump_list.url is required when type is 1'),
          v.check((j) => j.type !== 2 || !!j.appid, 'jump_list.appid is required when type is 2'),
        ),
      ),
      v.maxLength(3, 'jump_list may hold at most 3 items'),
    ),
  ),
  card_action: ClickTarget('card_action', [1, 2]),
}

const TextNoticeCard = v.pipe(
  v.looseObject({
    card_type: v.literal('text_notice'),
    ...cardFields,
    sub_title_text: v.optional(v.string('sub_title_text must be a string')),
  }),
  v.check(
    (card) => !!card.main_title.title || !!card.sub_title_text,
    'a text_notice card needs main_title.title or sub_title_text',
  ),
)

const NewsNoticeCard = v.pipe(
  v.looseObject({
    card_type: v.literal('news_notice'),
    ...cardFields,
    main_title: v.looseObject({ title: text('main_title.title'), desc: v.optional(v.string()) }),
    card_image: v.optional(v.looseObject({ url: text('card_image.url') })),
    image_text_area: v.optional(v.looseObject({ image_url: text('image_text_area.image_url') })),
    vertical_content_list: v.optional(
      v.pipe(
        v.array(v.looseObject({ title: text('vertical_content_list.title') })),
        v.maxLength(4, 'vertical_content_list may hold at most 4 items'),
      ),
    ),
  }),
  v.check(
    (card) => card.card_image !== undefined || card.image_text_area !== undefined,
    'a news_notice card needs card_image or image_text_area',
  ),
)

export const WebhookTemplateCardMessage = v.strictObject(
  {
    msgtype: v.literal('template_card'),
    template_card: v.pipe(
      v.variant(
        'card_type',
        [TextNoticeCard, NewsNoticeCard],
        'a robot sends text_notice and news_notice cards only',
      ),
      v.check(
        (card) => isJsonData(card),
        'template_card must hold only JSON data (strings, finite numbers, booleans, null, arrays and plain objects)',
      ),
    ),
  },
  'a template_card message is { msgtype, template_card }',
)

/** Every message a group robot sends, chosen by `msgtype`. */
export const WebhookMessageInput = v.variant(
  'msgtype',
  [
    WebhookTextMessage,
    WebhookMarkdownMessage,
    WebhookMarkdownV2Message,
    WebhookImageMessage,
    WebhookNewsMessage,
    WebhookFileMessage,
    WebhookVoiceMessage,
    WebhookTemplateCardMessage,
  ],
  'msgtype must be one of text, markdown, markdown_v2, image, news, file, voice, template_card',
)

/** A message as `webhook/send` takes it: `msgtype` and its payload, WeCom's own field names. */
export type WebhookMessage = v.InferInput<typeof WebhookMessageInput>
export type WebhookMessageType = WebhookMessage['msgtype']
export type WebhookTextMessage = v.InferInput<typeof WebhookTextMessage>
export type WebhookMarkdownMessage = v.InferInput<typeof WebhookMarkdownMessage>
export type WebhookMarkdownV2Message = v.InferInput<typeof WebhookMarkdownV2Message>
export type WebhookImageMessage = v.InferInput<typeof WebhookImageMessage>
export type WebhookNewsMessage = v.InferInput<typeof WebhookNewsMessage>
export type WebhookFileMessage = v.InferInput<typeof WebhookFileMessage>
export type WebhookVoiceMessage = v.InferInput<typeof WebhookVoiceMessage>
export type WebhookTemplateCardMessage = v.InferInput<typeof WebhookTemplateCardMessage>

/** valibot's rawCheck path item for one key of the checked object. */
function pathTo(value: Record<string, unknown>, key: string): [v.ObjectPathItem] {
  return [{ type: 'object', origin: 'value', input: value, key, value: value[key] }]
}
