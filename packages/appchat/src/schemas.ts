import { charLength, isJsonData, maxBytes, UserId, wellFormed } from '@wecom-kit/core/resource-kit'
import * as v from 'valibot'

// Rules from the official 应用发送消息到群聊会话 pages: 创建群聊会话 (document/path/90245), 修改群聊会话
// (98913), 获取群聊会话 (98914) and 应用推送消息 (90248).

/** "字符串类型，最长32个字符。只允许字符0-9及字母a-zA-Z". */
export const AppChatId = v.pipe(
  v.string('chatid must be a string'),
  v.regex(/^[0-9a-zA-Z]{1,32}$/, 'chatid must be 1–32 letters and digits (0-9, a-z, A-Z)'),
)

/** "群成员id列表。至少2人，至多2000人". */
export const APPCHAT_MAX_MEMBERS = 2000

const Members = (what: string) =>
  v.pipe(
    v.array(UserId, `${what} must be an array of userids`),
    v.check(
      (ids) => new Set(ids.map((id) => id.toLowerCase())).size === ids.length,
      `${what} lists a userid twice`,
    ),
  )

/** "群聊名，最多50个utf8字符，超过将截断": longer names are cut by WeCom, not refused. */
const ChatName = v.pipe(v.string('name must be a string'), wellFormed('name'))

export const CreateAppChatInput = v.object({
  userlist: v.pipe(
    Members('userlist'),
    v.minLength(2, 'userlist must hold 2–2000 members'),
    v.maxLength(APPCHAT_MAX_MEMBERS, 'userlist must hold 2–2000 members'),
  ),
  name: v.optional(ChatName),
  /** Default: WeCom picks one of userlist. */
  owner: v.optional(UserId),
  /** Default: WeCom makes one up. */
  chatid: v.optional(AppChatId),
})
export type CreateAppChatInput = v.InferInput<typeof CreateAppChatInput>

export const UpdateAppChatFields = v.pipe(
  v.object({
    name: v.optional(ChatName),
    /** Required when del_user_list removes the current owner. */
    owner: v.optional(UserId),
    add_user_list: v.optional(
      v.pipe(Members('add_user_list'), v.maxLength(APPCHAT_MAX_MEMBERS, 'a chat holds at most 2000 members')),
    ),
    del_user_list: v.optional(Members('del_user_list')),
  }),
  v.check(
    (f) =>
      f.name !== undefined || f.owner !== undefined || !!f.add_user_list?.length || !!f.del_user_list?.length,
    'give something to change: name, owner, add_user_list or del_user_list',
  ),
  v.check((f) => {
    const removed = new Set(f.del_user_list?.map((id) => id.toLowerCase()))
    return !f.add_user_list?.some((id) => removed.has(id.toLowerCase()))
  }, 'a userid cannot be both added and removed'),
  v.check((f) => {
    const owner = f.owner?.toLowerCase()
    return owner === undefined || !f.del_user_list?.some((id) => id.toLowerCase() === owner)
  }, 'the new owner cannot be removed in the same call'),
)
export type UpdateAppChatFields = v.InferInput<typeof UpdateAppChatFields>

export const UpdateAppChatInput = v.intersect([v.object({ chatid: AppChatId }), UpdateAppChatFields])

// The message types appchat/send takes ("应用支持推送文本、图片、视频、文件、图文等类型"), as message/send
// shapes them. No agentid and no recipients: the chat is both.

const text = (what: string) =>
  v.pipe(v.string(`${what} must be a string`), v.minLength(1, `${what} must not be empty`), wellFormed(what))
const MediaId = v.pipe(text('media_id'), v.maxLength(512))
const HttpUrl = (what: string, max: number) =>
  v.pipe(v.string(), v.regex(/^https?:\/\/\S+$/i, `${what} must be an absolute http(s) URL`), maxBytes(max))
/** "表示是否是保密消息，0表示否，1表示是，默认0". */
const Safe = v.optional(v.picklist([0, 1], 'safe must be 0 or 1'))
const Articles = <T extends v.GenericSchema>(article: T) =>
  v.pipe(
    v.array(article),
    v.minLength(1, 'articles must hold 1–8 articles'),
    v.maxLength(8, 'articles must hold 1–8 articles'),
  )

/**
 * "content 消息内容，最长不超过2048个字节". The current page defines no @-mentions for app chats: a
 * `mentioned_list` is refused here rather than dropped silently (a group robot's text has them).
 */
const TextPayload = v.strictObject(
  {
    content: v.pipe(text('text.content'), maxBytes(2048, 'text.content must be at most 2048 bytes in UTF-8')),
  },
  'text takes content only: app chats have no mentioned_list (a group robot, @wecom-kit/webhook, has)',
)

export const AppChatMessageInput = v.variant(
  'msgtype',
  [
    v.object({ msgtype: v.literal('text'), text: TextPayload, safe: Safe }),
    v.object({ msgtype: v.literal('image'), image: v.object({ media_id: MediaId }), safe: Safe }),
    v.object({ msgtype: v.literal('voice'), voice: v.object({ media_id: MediaId }), safe: Safe }),
    v.object({
      msgtype: v.literal('video'),
      video: v.object({
        media_id: MediaId,
        title: v.optional(v.pipe(v.string(), maxBytes(128))),
        description: v.optional(v.pipe(v.string(), maxBytes(512))),
      }),
      safe: Safe,
    }),
    v.object({ msgtype: v.literal('file'), file: v.object({ media_id: MediaId }), safe: Safe }),
    v.object({
      msgtype: v.literal('textcard'),
      textcard: v.object({
        title: v.pipe(text('title'), maxBytes(128)),
        description: v.pipe(text('description'), maxBytes(512)),
        url: HttpUrl('url', 2048),
        btntxt: v.optional(
          v.pipe(
            v.string(),
            v.check((t) => charLength(t) <= 4, 'btntxt must be at most 4 characters'),
          ),
        ),
      }),
      safe: Safe,
    }),
    v.object({
      msgtype: v.literal('news'),
      news: v.object({
        articles: Articles(
          v.object({
            title: v.pipe(text('title'), maxBytes(128)),
            description: v.optional(v.pipe(v.string(), maxBytes(512))),
            url: HttpUrl('url', 2048),
            picurl: v.optional(HttpUrl('picurl', 2048)),
          }),
        ),
      }),
      safe: Safe,
    }),
    v.object({
      msgtype: v.literal('mpnews'),
      mpnews: v.object({
        articles: Articles(
          v.object({
            title: v.pipe(text('title'), maxBytes(128)),
            thumb_media_id: MediaId,
            author: v.optional(v.pipe(v.string(), maxBytes(64))),
            content_source_url: v.optional(HttpUrl('content_source_url', 2048)),
            content: v.pipe(text('content'), maxBytes(666 * 1024)),
            digest: v.optional(v.pipe(v.string(), maxBytes(512))),
          }),
        ),
      }),
      safe: Safe,
    }),
    v.object({
      msgtype: v.literal('markdown'),
      markdown: v.strictObject(
        {
          content: v.pipe(
            text('markdown.content'),
            maxBytes(2048, 'markdown.content must be at most 2048 bytes'),
          ),
        },
        'markdown takes content only',
      ),
    }),
  ],
  'msgtype must be one of text, image, voice, video, file, textcard, news, mpnews, markdown (app chats take no template cards)',
)

/** A message for an app chat: `msgtype` and its payload, `safe` where WeCom takes it. */
export type AppChatMessage = v.InferInput<typeof AppChatMessageInput>
export type AppChatMessageType = AppChatMessage['msgtype']

export const SendAppChatInput = v.pipe(
  v.intersect([v.object({ chatid: AppChatId }), AppChatMessageInput]),
  v.check((body) => isJsonData(body), 'the message must hold only JSON data'),
)
