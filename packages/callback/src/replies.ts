import { isWellFormed, validationError } from '@wecom-kit/core/resource-kit'
import { cdata } from './xml.js'

// Passive replies (被动回复, document/path/90241): the plaintext XML an app may answer a
// callback with, before encryptReply encrypts and signs it. Each builder takes the message
// being answered and swaps its ends: the reply goes to its FromUserName, from its ToUserName.

/** The message being answered (any parsed callback message fits). */
export interface ReplyTo {
  /** The corp's CorpID: becomes the reply's FromUserName. */
  ToUserName: string
  /** The member's UserID: becomes the reply's ToUserName. */
  FromUserName: string
}

export interface ReplyOptions {
  /** Seconds since the epoch; now by default. */
  createTime?: number
}

export interface VideoReply {
  MediaId: string
  Title?: string
  Description?: string
}

export interface NewsArticle {
  Title: string
  Description?: string
  /** Where a tap on the article leads. */
  Url?: string
  /** A JPG or PNG; the first article's picture is shown large. */
  PicUrl?: string
}

/** A news reply holds at most 8 articles (as message/send's news does). */
export const MAX_NEWS_ARTICLES = 8

/** A text reply; WeCom truncates content past 2048 bytes. */
export function textReply(to: ReplyTo, content: string, options?: ReplyOptions): string {
  return reply(to, 'text', field('Content', required(content, 'content')), options)
}

/** An image reply with a media_id from media/upload. */
export function imageReply(to: ReplyTo, mediaId: string, options?: ReplyOptions): string {
  return reply(to, 'image', `<Image>${field('MediaId', required(mediaId, 'mediaId'))}</Image>`, options)
}

/** A voice reply with a media_id from media/upload. */
export function voiceReply(to: ReplyTo, mediaId: string, options?: ReplyOptions): string {
  return reply(to, 'voice', `<Voice>${field('MediaId', required(mediaId, 'mediaId'))}</Voice>`, options)
}

/** A video reply with a media_id from media/upload. */
export function videoReply(to: ReplyTo, video: VideoReply, options?: ReplyOptions): string {
  const body =
    field('MediaId', required(video?.MediaId, 'video.MediaId')) +
    optional('Title', video.Title, 'video.Title') +
    optional('Description', video.Description, 'video.Description')
  return reply(to, 'video', `<Video>${body}</Video>`, options)
}

/** A news (图文) reply of 1 to 8 articles. */
export function newsReply(to: ReplyTo, articles: readonly NewsArticle[], options?: ReplyOptions): string {
  if (!Array.isArray(articles) || articles.length < 1 || articles.length > MAX_NEWS_ARTICLES) {
    throw validationError('reply', 'articles', `a news reply holds 1 to ${MAX_NEWS_ARTICLES} articles`)
  }
  // A loop, not articles.map: map would consult the array's own `constructor` (species).
  let items = ''
  for (let i = 0; i < articles.length; i++) {
    const article = articles[i]
    items +=
      `<item>${field('Title', required(article?.Title, `articles.${i}.Title`))}` +
      optional('Description', article!.Description, `articles.${i}.Description`) +
      optional('PicUrl', article!.PicUrl, `articles.${i}.PicUrl`) +
      `${optional('Url', article!.Url, `articles.${i}.Url`)}</item>`
  }
  return reply(
    to,
    'news',
    `<ArticleCount>${articles.length}</ArticleCount><Articles>${items}</Articles>`,
    options,
  )
}

function reply(to: ReplyTo, msgType: string, body: string, options?: ReplyOptions): string {
  const createTime = options?.createTime ?? Math.floor(Date.now() / 1000)
  if (!Number.isSafeInteger(createTime) || createTime < 0) {
    throw validationError('reply', 'createTime', 'must be whole seconds')
  }
  return (
    `<xml>${field('ToUserName', required(to?.FromUserName, 'FromUserName of the message answered'))}` +
    `${field('FromUserName', required(to.ToUserName, 'ToUserName of the message answered'))}` +
    `<CreateTime>${createTime}</CreateTime>${field('MsgType', msgType)}${body}</xml>`
  )
}

function field(name: string, value: string): string {
  return `<${name}>${cdata(value)}</${name}>`
}

function optional(name: string, value: string | undefined, path: string): string {
  return value === undefined ? '' : field(name, required(value, path))
}

function required(value: unknown, path: string): string {
  if (typeof value !== 'string') {
    throw validationError('reply', path, 'must be a string')
  }
  // Caught here, where the path says which field: encrypting would turn it into U+FFFD.
  if (!isWellFormed(value)) {
    throw validationError('reply', path, 'must be well-formed text: it holds a lone surrogate')
  }
  return value
}
