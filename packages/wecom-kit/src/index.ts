// wecom-kit: everything in one import. Each line re-exports one package, so that a bundler
// keeps only what an app uses (every package is side-effect free). The callback part needs
// node:crypto; an app that never receives callbacks does not load it in a bundle.
export * from '@wecom-kit/agents'
export * from '@wecom-kit/appchat'
export * from '@wecom-kit/batch'
export * from '@wecom-kit/callback'
export * from '@wecom-kit/core'
export * from '@wecom-kit/departments'
export * from '@wecom-kit/external-contact'
export * from '@wecom-kit/ip'
export * from '@wecom-kit/jssdk'
export * from '@wecom-kit/kf'
export * from '@wecom-kit/media'
export * from '@wecom-kit/menus'
export * from '@wecom-kit/messages'
export * from '@wecom-kit/tags'
export * from '@wecom-kit/users'
// The group robot is not a client namespace (no corp, no token): its factory and what goes with it.
export {
  createWebhookBot,
  isWebhookRateLimitError,
  redactWebhookUrl,
  type WebhookBot,
  type WebhookBotOptions,
  type WebhookMessage,
  WebhookRateLimitError,
  webhookImage,
} from '@wecom-kit/webhook'
export { allResources, createWeComClient, type WeComFullClient } from './client.js'
