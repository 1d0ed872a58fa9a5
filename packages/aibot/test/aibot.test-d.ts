// Type tests: compiled by `pnpm typecheck`, never run.
import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  type AiBotEvent,
  type AiBotMessage,
  type AiBotReply,
  createAiBot,
  createAiBotHandler,
  type DownloadedMedia,
  downloadMedia,
  isKnownAiBotEvent,
  isKnownAiBotMessage,
  type KnownAiBotMessage,
  type ReplyStream,
} from '@wecom-kit/aibot'
import { expectTypeOf } from 'vitest'

declare const message: AiBotMessage
declare const event: AiBotEvent
declare const reply: AiBotReply

// Messages narrow on msgtype once unknown types are set aside; WeCom's field names throughout.
if (isKnownAiBotMessage(message)) {
  expectTypeOf(message).toEqualTypeOf<KnownAiBotMessage>()
  expectTypeOf(message.from.userid).toEqualTypeOf<string>()
  expectTypeOf(message.chattype).toEqualTypeOf<'single' | 'group'>()
  if (message.msgtype === 'text') expectTypeOf(message.text.content).toEqualTypeOf<string>()
  if (message.msgtype === 'image') expectTypeOf(message.image.aeskey).toEqualTypeOf<string | undefined>()
  if (message.msgtype === 'mixed')
    expectTypeOf(message.mixed.msg_item[0]!.msgtype).toEqualTypeOf<'text' | 'image'>()
  // @ts-expect-error not a message type
  if (message.msgtype === 'markdown') void 0
}

// Events: eventtype at the top, the payload under event.<eventtype>.
if (isKnownAiBotEvent(event)) {
  if (event.eventtype === 'template_card_event') {
    expectTypeOf(event.event.template_card_event.event_key).toEqualTypeOf<string>()
  }
  if (event.eventtype === 'feedback_event')
    expectTypeOf(event.event.feedback_event.type).toEqualTypeOf<number>()
}

// Replies.
expectTypeOf(reply.stream()).toEqualTypeOf<ReplyStream>()
expectTypeOf(reply.stream().write).returns.toEqualTypeOf<void>()
expectTypeOf(reply.text('x')).toEqualTypeOf<Promise<void>>()
// @ts-expect-error a welcome is a text or a card
void reply.welcome({ msgtype: 'markdown', markdown: { content: 'x' } })
// @ts-expect-error a card needs its card_type
void reply.templateCard({ main_title: { title: 'x' } })

// The bot and the handler.
const bot = createAiBot({ botId: 'b', secret: 's' })
expectTypeOf(bot.start()).toEqualTypeOf<Promise<'connected' | 'standby'>>()
void bot.send('chat', { msgtype: 'markdown', markdown: { content: 'x' } })
// @ts-expect-error proactive text is markdown (WeCom has no text send)
void bot.send('chat', { msgtype: 'text', text: { content: 'x' } })
expectTypeOf(bot.uploadMedia('file', new Uint8Array(1), { filename: 'a' })).resolves.toHaveProperty(
  'media_id',
)

const handler = createAiBotHandler({ token: 't', encodingAesKey: 'k', onMessage() {} })
expectTypeOf(handler).toBeCallableWith(new Request('http://x/'))
expectTypeOf(handler.node).parameters.toEqualTypeOf<[IncomingMessage, ServerResponse]>()
expectTypeOf(downloadMedia('https://x', 'k')).toEqualTypeOf<Promise<DownloadedMedia>>()
