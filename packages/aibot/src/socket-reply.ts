import { type Connection, newReqId } from './connection.js'
import { replyWindowClosed } from './errors.js'
import { EVENT_REPLY_WINDOW_MS, STREAM_WINDOW_MS } from './limits.js'
import { createPushStream } from './push-stream.js'
import type { StreamBody } from './replies.js'
import { type AiBotReply, type CallbackKind, checkReplyKind, checkUserids } from './reply.js'
import { checkContent, checkStreamOptions, checkTemplateCard, checkWelcome } from './validate.js'

// `reply` over the long connection: every reply is a frame carrying the callback's req_id,
// sent on the connection that received the callback (WeCom knows the req_id only there).

export interface SocketReplyOptions {
  connection: Connection
  reqId: string
  kind: CallbackKind
  receivedAt: number
  streamInterval: number
  /** Finish streams this long before WeCom's 6 minutes are over, ms. */
  streamMargin: number
}

const RESPOND = 'aibot_respond_msg'
const WELCOME = 'aibot_respond_welcome_msg'
const UPDATE = 'aibot_respond_update_msg'

export function socketReply(options: SocketReplyOptions): AiBotReply {
  const { connection, reqId, kind, receivedAt } = options
  const respond = async (cmd: string, body: unknown): Promise<void> => {
    await connection.request(cmd, body, reqId)
  }
  const finishedStream = (content: string): StreamBody => ({
    msgtype: 'stream',
    stream: { id: newReqId('stream'), finish: true, content },
  })
  const withinEventWindow = (cmd: string, what: string): void => {
    if (Date.now() - receivedAt > EVENT_REPLY_WINDOW_MS) throw replyWindowClosed(cmd, what)
  }

  return {
    stream(streamOptions) {
      checkReplyKind(kind, 'stream', 'message')
      checkStreamOptions(streamOptions)
      return createPushStream({
        ...streamOptions,
        id: newReqId('stream'),
        path: RESPOND,
        // Over the long connection WeCom counts a stream's 6 minutes from its first frame,
        // which goes out now.
        startedAt: Date.now(),
        interval: options.streamInterval,
        window: STREAM_WINDOW_MS,
        margin: options.streamMargin,
        send: (body) => respond(RESPOND, body),
      })
    },
    async text(content) {
      checkReplyKind(kind, 'text', 'message')
      checkContent(content, 'text reply')
      await respond(RESPOND, finishedStream(content))
    },
    async markdown(content) {
      checkReplyKind(kind, 'markdown', 'message')
      checkContent(content, 'markdown reply')
      await respond(RESPOND, { msgtype: 'markdown', markdown: { content } })
    },
    async templateCard(card) {
      checkReplyKind(kind, 'templateCard', 'message')
      checkTemplateCard(card, 'template card reply')
      await respond(RESPOND, { msgtype: 'template_card', template_card: card })
    },
    async welcome(message) {
      checkReplyKind(kind, 'welcome', 'enter_chat')
      checkWelcome(message)
      withinEventWindow(WELCOME, 'a welcome')
      await respond(WELCOME, message)
    },
    async updateTemplateCard(card, updateOptions) {
      checkReplyKind(kind, 'updateTemplateCard', 'template_card_event')
      checkTemplateCard(card, 'card update')
      const userids = checkUserids(updateOptions)
      withinEventWindow(UPDATE, 'a card update')
      await respond(UPDATE, {
        response_type: 'update_template_card',
        ...(userids ? { userids } : {}),
        template_card: card,
      })
    },
  }
}
