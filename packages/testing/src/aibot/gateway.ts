import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'
import { type BodyContext, eventBody, messageBody } from './callbacks.js'
import { type Bot, createConnections } from './connections.js'
import { newMediaKey } from './crypto.js'
import { createHttpHandler } from './http.js'
import { newReqId } from './ids.js'
import { createMediaHost } from './media.js'
import { checkBot, resolveOptions } from './options.js'
import { AIBOT_ERRCODES, CMD, type Outcome, refuse } from './protocol.js'
import { createReplyRules, type PendingCallback } from './replies.js'
import { createResponseUrls } from './response-urls.js'
import { checkSend } from './sends.js'
import { createStreamStore } from './streams.js'
import type {
  AiBotFrameRecord,
  AiBotGateway,
  AiBotGatewayOptions,
  AiBotReplyRecord,
  AiBotSentRecord,
  AiBotUserMessage,
  JsonObject,
} from './types.js'
import { createUploads } from './uploads.js'
import { createWebhookPoster } from './webhook.js'

/**
 * A local stand-in for WeCom's AI-bot gateway: the long connection on ws://, and on the same port
 * over http:// the media storage and response_url. State, rules and controls meet here; the
 * protocol pieces live in their own modules.
 */
export async function startAiBotGateway(options?: AiBotGatewayOptions): Promise<AiBotGateway> {
  const resolved = resolveOptions(options)
  let offset = 0
  let ackDelayMs = resolved.ackDelayMs
  let closed = false
  const now = () => resolved.clock() + offset

  const bots = new Map<string, Bot>()
  const addBot = (credentials: { botId: string; secret: string }) => {
    checkBot(credentials)
    bots.set(credentials.botId, { ...credentials, refused: false, holder: undefined })
  }
  for (const bot of resolved.bots) addBot(bot)
  const defaultBot = resolved.bots[0]!
  const bot = (botId = defaultBot.botId): Bot => {
    const found = bots.get(botId)
    if (!found) throw new Error(`unknown bot ${botId}: add it with addBot`)
    return found
  }

  // What happened, for the test to read.
  const frames: AiBotFrameRecord[] = []
  const callbacks = new Map<string, PendingCallback>()
  const replies = new Map<string, AiBotReplyRecord[]>()
  const sent: AiBotSentRecord[] = []
  const streams = createStreamStore(resolved.streamDeadlineMs)
  const uploads = createUploads(resolved.uploadTtlMs)

  const waiters = new Set<(error?: Error) => void>()
  const changed = () => {
    for (const waiter of [...waiters]) waiter()
  }

  const rules = createReplyRules({
    callbacks,
    streams,
    hasMedia: (botId, mediaId) => uploads.usable(botId, mediaId, now()),
    replyWindowMs: resolved.replyWindowMs,
    eventReplyWindowMs: resolved.eventReplyWindowMs,
  })

  const handle = (cmd: string, botId: string, reqId: string, body: unknown, at: number): Outcome => {
    switch (cmd) {
      case CMD.respond:
      case CMD.respondWelcome:
      case CMD.respondUpdate: {
        const outcome = rules(cmd, botId, reqId, body, at)
        const list = replies.get(reqId) ?? []
        list.push({
          cmd,
          reqId,
          body: body as JsonObject,
          at,
          errcode: outcome.errcode,
          errmsg: outcome.errmsg,
        })
        replies.set(reqId, list)
        return outcome
      }
      case CMD.send: {
        const outcome = checkSend(body, (mediaId) => uploads.usable(botId, mediaId, at))
        const fields = (body ?? {}) as JsonObject
        sent.push({
          reqId,
          botId,
          chatid: typeof fields.chatid === 'string' ? fields.chatid : undefined,
          msgtype: typeof fields.msgtype === 'string' ? fields.msgtype : undefined,
          body: fields,
          at,
          errcode: outcome.errcode,
          errmsg: outcome.errmsg,
        })
        return outcome
      }
      case CMD.uploadInit:
        return uploads.init(botId, body, at)
      case CMD.uploadChunk:
        return uploads.chunk(botId, body, at)
      case CMD.uploadFinish:
        return uploads.finish(botId, body, at)
      default:
        return refuse(AIBOT_ERRCODES.invalidParameter, `unknown cmd ${JSON.stringify(cmd)}`)
    }
  }

  const connections = createConnections({
    bots,
    now,
    heartbeatNow: resolved.clock,
    ackDelayMs: () => ackDelayMs,
    heartbeatTimeoutMs: resolved.heartbeatTimeoutMs,
    kickCloseDelayMs: resolved.kickCloseDelayMs,
    record: (frame) => frames.push(frame),
    handle,
    changed,
  })

  // One port for both: the HTTP routes are ready once the port (and so the URLs) is known.
  let route: ReturnType<typeof createHttpHandler> | undefined
  const server = createServer((req, res) => {
    if (!route) return void res.destroy()
    route(req, res)
      .then(changed)
      .catch(() => res.destroy())
  })
  const wss = new WebSocketServer({ server })
  wss.on('connection', (socket) => connections.accept(socket))
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  const host = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host
  const httpUrl = `http://${host}:${port}/`
  const media = createMediaHost(httpUrl, now, resolved.mediaUrlTtlMs)
  const responseUrls = createResponseUrls(httpUrl, resolved.responseUrlTtlMs)
  route = createHttpHandler({ media, responseUrls, now })

  const sweep = Number.isFinite(resolved.heartbeatTimeoutMs)
    ? setInterval(connections.sweep, Math.min(1000, resolved.heartbeatTimeoutMs / 4 || 1))
    : undefined
  sweep?.unref()

  /** Long-connection callbacks: media under a fresh key per message, the aeskey in the body. */
  const context = (botId: string, at: number): BodyContext => ({
    botId,
    now: at,
    media(input) {
      const { key, aeskey } = newMediaKey()
      return { url: media.host(input.data, key, input), aeskey }
    },
    responseUrl: (msgid) => responseUrls.issue(msgid, botId, at),
  })

  const push = (
    target: Bot,
    cmd: typeof CMD.messageCallback | typeof CMD.eventCallback,
    body: JsonObject,
    kind: PendingCallback['kind'],
  ) => {
    const reqId = newReqId()
    connections.push(target, cmd, reqId, body)
    callbacks.set(reqId, {
      record: { reqId, botId: target.botId, cmd, body, at: now() },
      kind,
      spent: false,
      cardSent: false,
    })
    changed()
    return reqId
  }

  const holding = (botId: string | undefined): Bot => {
    const target = bot(botId)
    if (!target.holder) throw new Error(`no connection is subscribed for bot ${target.botId}`)
    return target
  }

  const waitFor = <T>(
    check: () => T | undefined | null | false,
    waitOptions?: { timeoutMs?: number },
  ): Promise<T> => {
    const timeoutMs = waitOptions?.timeoutMs ?? 10_000
    return new Promise<T>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer)
        clearInterval(poll)
        waiters.delete(attempt)
      }
      const timer = setTimeout(() => {
        done()
        reject(new Error(`waitFor: still false after ${timeoutMs} ms`))
      }, timeoutMs)
      const attempt = (error?: Error) => {
        if (error) {
          done()
          return reject(error)
        }
        try {
          const value = check()
          if (value) {
            done()
            resolve(value)
          }
        } catch (thrown) {
          done()
          reject(thrown)
        }
      }
      // Checked after every frame, and every few ms for what changes in the client alone.
      const poll = setInterval(attempt, 10)
      waiters.add(attempt)
      attempt()
    })
  }

  return {
    url: `ws://${host}:${port}`,
    httpUrl,
    port,
    botId: defaultBot.botId,
    secret: defaultBot.secret,

    async close() {
      if (closed) return
      closed = true
      if (sweep) clearInterval(sweep)
      connections.closeAll()
      for (const waiter of [...waiters]) waiter(new Error('the gateway was closed'))
      await new Promise<void>((resolve) => wss.close(() => resolve()))
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },

    addBot,
    refuseSecret: (botId) => {
      bot(botId).refused = true
    },
    acceptSecret: (botId) => {
      bot(botId).refused = false
    },
    subscribed: (botId, waitOptions) =>
      waitFor(() => bot(botId).holder !== undefined, waitOptions).then(() => {}),
    isSubscribed: (botId) => bot(botId).holder !== undefined,
    kick: (botId, kickOptions) =>
      connections.kick(bot(botId), kickOptions?.closeAfterMs ?? resolved.kickCloseDelayMs),
    connections: connections.info,
    delayAcks(ms) {
      if (!(ms >= 0)) throw new RangeError('delayAcks: ms must be >= 0')
      ackDelayMs = ms
    },
    now,
    advanceTime(ms) {
      if (!(ms >= 0) || !Number.isFinite(ms))
        throw new RangeError('advanceTime: ms must be a finite number >= 0')
      offset += ms
      changed()
    },

    userSays(input) {
      const message: AiBotUserMessage =
        typeof input === 'string' ? { msgtype: 'text', text: { content: input } } : input
      const target = holding(message.botId)
      return push(target, CMD.messageCallback, messageBody(message, context(target.botId, now())), 'message')
    },
    event(input) {
      const target = holding(input.botId)
      return push(target, CMD.eventCallback, eventBody(input, context(target.botId, now())), input.eventtype)
    },
    webhook: (target) =>
      createWebhookPoster(target, {
        botId: defaultBot.botId,
        now,
        media,
        responseUrls,
        streams,
        streamDeadlineMs: resolved.streamDeadlineMs,
        closed: () => closed,
        changed,
      }),
    hostMedia(data, mediaOptions) {
      const { key, aeskey } = newMediaKey()
      return { url: media.host(data, key, mediaOptions), aeskey }
    },

    frames: (filter = {}) =>
      frames.filter(
        (frame) =>
          (filter.botId === undefined || frame.botId === filter.botId) &&
          (filter.cmd === undefined || frame.cmd === filter.cmd),
      ),
    callback: (reqId) => {
      const record = callbacks.get(reqId)?.record
      return record && { ...record }
    },
    replies: (reqId) => [...(replies.get(reqId) ?? [])],
    stream: (reqId, streamId) => streams.get(reqId, streamId),
    sent: (botId) => sent.filter((record) => botId === undefined || record.botId === botId),
    uploads: (botId) => uploads.all().filter((media) => botId === undefined || media.botId === botId),
    media: (mediaId) => uploads.media(mediaId),
    responseUrlReplies: () => responseUrls.records(),
    waitFor,
  }
}
