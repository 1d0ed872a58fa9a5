// WeCom's numbers for AI bots, in one place. Sources: the long-connection page
// (developer.work.weixin.qq.com/document/path/101463), the webhook pages (100719 receiving,
// 101031 passive replies, 101138 response_url) and Tencent's @wecom/aibot-node-sdk.

/** The default long-connection endpoint. */
export const DEFAULT_URL = 'wss://openws.work.weixin.qq.com'

/** A stream's content, and a markdown message's, in UTF-8 bytes. */
export const MAX_CONTENT_BYTES = 20_480

/**
 * WeCom takes stream updates for 6 minutes after the user's message (webhook: it stops asking
 * for refreshes; long connection: updates are refused with errcode 846608).
 */
export const STREAM_WINDOW_MS = 6 * 60_000

/** A welcome (enter_chat) or card update (template_card_event) must answer within 5 seconds. */
export const EVENT_REPLY_WINDOW_MS = 5_000

/** Media uploads over the long connection: at most 100 chunks of at most 512 KiB (before base64). */
export const UPLOAD_CHUNK_BYTES = 512 * 1024
export const UPLOAD_MAX_CHUNKS = 100

/** A response_url takes one reply, within an hour of the callback. */
export const RESPONSE_URL_WINDOW_MS = 60 * 60_000

/** Stream msg_item (images shown when a stream finishes): at most 10. */
export const MAX_STREAM_ITEMS = 10
