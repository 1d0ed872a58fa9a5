// @wecom-kit/webhook: a group robot (群机器人, 消息推送). No corp secret and no token: the robot's
// key is the credential, so it is treated as a secret throughout.

/** The clock a pacer reads (core's, shared with client pacing): tests pass a fake one. */
export type { PacerClock } from '@wecom-kit/core'
export {
  createWebhookBot,
  WEBHOOK_SEND_OPERATION,
  WEBHOOK_UPLOAD_OPERATION,
  type WebhookBot,
  type WebhookBotOptions,
  type WebhookUploadOptions,
  type WebhookUploadResult,
} from './bot.js'
export { isWebhookRateLimitError, WebhookRateLimitError } from './errors.js'
export { webhookImage } from './image.js'
export {
  type AcquireOptions,
  createWebhookPacer,
  sharedWebhookPacer,
  WEBHOOK_SENDS_PER_MINUTE,
  type WebhookPacer,
  type WebhookPacerOptions,
} from './pacer.js'
export {
  IMAGE_MAX_BYTES,
  MARKDOWN_MAX_BYTES,
  TEXT_MAX_BYTES,
  WebhookFileMessage,
  WebhookImageMessage,
  WebhookMarkdownMessage,
  WebhookMarkdownV2Message,
  type WebhookMessage,
  WebhookMessageInput,
  type WebhookMessageType,
  WebhookNewsMessage,
  WebhookTemplateCardMessage,
  WebhookTextMessage,
  WebhookVoiceMessage,
} from './schemas.js'
export { redactWebhookUrl, type WebhookTarget } from './secret.js'
export {
  MIN_UPLOAD_BYTES,
  type UploadSource,
  WEBHOOK_MEDIA_LIMITS,
  type WebhookMediaLimit,
  type WebhookMediaType,
} from './upload.js'
