export {
  type AiBot,
  type AiBotErrorContext,
  type AiBotOptions,
  type AiBotState,
  createAiBot,
  type ErrorHandler,
  type EventHandler,
  type MessageHandler,
} from './bot.js'
export { AIBOT_ERRCODES, WeComAiBotError } from './errors.js'
export { type AiBotHandler, type AiBotHandlerOptions, createAiBotHandler } from './handler.js'
export {
  DEFAULT_URL,
  MAX_CONTENT_BYTES,
  STREAM_WINDOW_MS,
  UPLOAD_CHUNK_BYTES,
  UPLOAD_MAX_CHUNKS,
} from './limits.js'
export { type DownloadedMedia, type DownloadMediaOptions, decryptStream, downloadMedia } from './media.js'
export type * from './messages.js'
export { isKnownAiBotEvent, isKnownAiBotMessage } from './messages.js'
export type { NodeListener } from './node.js'
export type * from './replies.js'
export type { AiBotReply, UpdateTemplateCardOptions } from './reply.js'
export type { ReplyStream, StreamEndOptions, StreamOptions } from './stream.js'
export type { MediaInput, UploadedMedia, UploadOptions } from './upload.js'
export type { WebSocketConstructor, WebSocketLike } from './websocket.js'
