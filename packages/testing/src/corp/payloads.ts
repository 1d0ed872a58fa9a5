import type { MediaType, MessageType } from '../types.js'
import { type Failure, fail } from '../wecom/answer.js'
import { findMedia } from './media.js'
import type { CorpState } from './state.js'
import { byteLength, isObject, type JsonObject } from './values.js'

/**
 * Each msgtype's payload as message/send (document/path/90236) requires it. Fields the docs say are
 * truncated when too long ("超过将截断", "超过会自动截断": text content, titles, descriptions, digests,
 * btntxt) are accepted whatever their length, as WeCom accepts them. Errcodes from the global
 * errcode page (document/path/90313):
 * - 44004 "文本消息content参数为空": text and markdown without content (mpnews without content too);
 * - 45002 "消息内容大小超过限制": markdown over 2048 bytes, mpnews content over 666 K bytes;
 * - 41006 "缺少media_id参数", 40007 "不合法的media_id参数" (unknown, expired, or "媒体文件类型应符合接口要求");
 * - 41016 "缺少title参数；发送图文消息，标题是必填参数", 41033 "缺少 description 参数；发送文本卡片消息接口，
 *   description 是必填字段", 41010 "缺少url参数";
 * - 45008 "图文消息的文章数量不符合系统限制" (news and mpnews: 1 to 8 articles);
 * - 45032 "图文消息author参数长度超过限制；最长64个字节";
 * - 40058 "不合法的参数" for the rest (miniprogram_notice and template_card fields).
 */
export const MESSAGE_TYPES: readonly MessageType[] = [
  'text',
  'image',
  'voice',
  'video',
  'file',
  'textcard',
  'news',
  'mpnews',
  'markdown',
  'miniprogram_notice',
  'template_card',
]

/** Template cards whose answer carries a `response_code` (按钮交互型、投票选择型、多项选择型). */
export const INTERACTIVE_CARDS: readonly string[] = [
  'button_interaction',
  'vote_interaction',
  'multiple_interaction',
]

const MARKDOWN_MAX_BYTES = 2048
const MPNEWS_CONTENT_MAX_BYTES = 666 * 1024
const MPNEWS_AUTHOR_MAX_BYTES = 64
const MAX_ARTICLES = 8
const MINIPROGRAM_MAX_ITEMS = 10
const CARD_TYPES = ['text_notice', 'news_notice', ...INTERACTIVE_CARDS]
/** task_id: "只能由数字、字母和“_-@”组成，最长128字节". */
const TASK_ID = /^[A-Za-z0-9_\-@]{1,128}$/

export function checkPayload(
  state: CorpState,
  msgtype: MessageType,
  body: JsonObject,
  now: number,
): undefined | Failure {
  const payload = body[msgtype]
  const fields: JsonObject = isObject(payload) ? payload : {}
  switch (msgtype) {
    case 'text':
      return hasText(fields.content) ? undefined : fail(44004)
    case 'markdown':
      if (!hasText(fields.content)) return fail(44004)
      return byteLength(fields.content as string) > MARKDOWN_MAX_BYTES ? fail(45002) : undefined
    case 'image':
    case 'voice':
    case 'video':
    case 'file':
      return checkMedia(state, fields.media_id, msgtype, now)
    case 'textcard':
      if (!hasText(fields.title)) return fail(41016)
      if (!hasText(fields.description)) return fail(41033)
      return hasText(fields.url) ? undefined : fail(41010)
    case 'news':
      return checkArticles(fields.articles, (article) => {
        if (!hasText(article.title)) return fail(41016)
        // "小程序或者url必须填写一个"; "appid和pagepath必须同时填写".
        const miniprogram = hasText(article.appid) && hasText(article.pagepath)
        return hasText(article.url) || miniprogram ? undefined : fail(41010)
      })
    case 'mpnews':
      return checkArticles(fields.articles, (article) => {
        if (!hasText(article.title)) return fail(41016)
        const thumb = checkMedia(state, article.thumb_media_id, 'image', now)
        if (thumb) return thumb
        if (!hasText(article.content)) return fail(44004)
        if (byteLength(article.content as string) > MPNEWS_CONTENT_MAX_BYTES) return fail(45002)
        if (typeof article.author === 'string' && byteLength(article.author) > MPNEWS_AUTHOR_MAX_BYTES) {
          return fail(45032)
        }
        return undefined
      })
    case 'miniprogram_notice':
      if (!hasText(fields.appid)) return fail(40058, 'appid')
      if (!hasText(fields.title)) return fail(41016)
      if (fields.content_item !== undefined) {
        const items = fields.content_item
        if (!Array.isArray(items) || items.length > MINIPROGRAM_MAX_ITEMS) return fail(40058, 'content_item')
        if (!items.every((item) => isObject(item) && hasText(item.key))) return fail(40058, 'content_item')
      }
      return undefined
    case 'template_card':
      return checkCard(isObject(payload) ? payload : undefined)
  }
}

function hasText(value: unknown): boolean {
  return typeof value === 'string' && value !== ''
}

function checkMedia(state: CorpState, mediaId: unknown, type: MediaType, now: number): undefined | Failure {
  if (!hasText(mediaId)) return fail(41006)
  return findMedia(state, mediaId, now)?.type === type ? undefined : fail(40007)
}

function checkArticles(value: unknown, check: (article: JsonObject) => undefined | Failure) {
  if (!Array.isArray(value) || value.length < 1 || value.length > MAX_ARTICLES) return fail(45008)
  for (const article of value) {
    const failure = check(isObject(article) ? article : {})
    if (failure) return failure
  }
  return undefined
}

/**
 * template_card: the fields each card_type requires ("必填"): text_notice a main_title.title or a
 * sub_title_text and a card_action; news_notice a main_title, a card_action and a card_image or an
 * image_text_area; interactive cards a task_id and a main_title, then button_list (1–6),
 * checkbox (1–20 options) and submit_button, or select_list (1–3 selectors of 1–10 options) and
 * submit_button.
 */
export function checkCard(card: JsonObject | undefined): undefined | Failure {
  if (!card || typeof card.card_type !== 'string' || !CARD_TYPES.includes(card.card_type)) {
    return fail(40058, 'card_type')
  }
  const title = isObject(card.main_title) ? card.main_title : undefined
  const hasTitle = hasText(title?.title)
  switch (card.card_type) {
    case 'text_notice':
      if (!hasTitle && !hasText(card.sub_title_text)) return fail(40058, 'main_title or sub_title_text')
      return checkCardAction(card.card_action)
    case 'news_notice':
      if (!hasTitle) return fail(40058, 'main_title')
      if (!isObject(card.card_image) && !isObject(card.image_text_area)) {
        return fail(40058, 'card_image or image_text_area')
      }
      return checkCardAction(card.card_action)
  }
  if (typeof card.task_id !== 'string' || !TASK_ID.test(card.task_id)) return fail(40058, 'task_id')
  if (!hasTitle) return fail(40058, 'main_title')
  switch (card.card_type) {
    case 'button_interaction': {
      const buttons = card.button_list
      if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > 6)
        return fail(40058, 'button_list')
      // "button_list.type是0时必填" key; "type是1时必填" url.
      const valid = buttons.every(
        (button) =>
          isObject(button) &&
          hasText(button.text) &&
          (button.type === 1 ? hasText(button.url) : hasText(button.key)),
      )
      return valid ? undefined : fail(40058, 'button_list')
    }
    case 'vote_interaction': {
      const checkbox = isObject(card.checkbox) ? card.checkbox : undefined
      const options = checkbox?.option_list
      if (!checkbox || !hasText(checkbox.question_key) || !isOptionList(options, 20)) {
        return fail(40058, 'checkbox')
      }
      return checkSubmit(card.submit_button)
    }
    default: {
      const selects = card.select_list
      const valid =
        Array.isArray(selects) &&
        selects.length >= 1 &&
        selects.length <= 3 &&
        selects.every(
          (select) =>
            isObject(select) && hasText(select.question_key) && isOptionList(select.option_list, 10),
        )
      return valid ? checkSubmit(card.submit_button) : fail(40058, 'select_list')
    }
  }
}

function isOptionList(value: unknown, max: number): boolean {
  return (
    Array.isArray(value) &&
    value.length >= 1 &&
    value.length <= max &&
    value.every((option) => isObject(option) && hasText(option.id) && hasText(option.text))
  )
}

function checkSubmit(value: unknown): undefined | Failure {
  return isObject(value) && hasText(value.key) ? undefined : fail(40058, 'submit_button')
}

/** card_action: "1 代表跳转url，2 代表打开小程序"; url or appid required accordingly. */
function checkCardAction(value: unknown): undefined | Failure {
  if (!isObject(value)) return fail(40058, 'card_action')
  if (value.type === 1 && hasText(value.url)) return undefined
  if (value.type === 2 && hasText(value.appid)) return undefined
  return fail(40058, 'card_action')
}
