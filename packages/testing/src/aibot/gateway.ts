import type { AddressInfo } from 'node:net'
import { type BodyContext, eventBody, messageBody } from './callbacks.js'
import { createCommands } from './commands.js'
import { type Bot, createConnections } from './connections.js'
import { newMediaKey } from './crypto.js'
import { createHttpHandler } from './http.js'
import { newReqId } from './ids.js'
import { createMediaHost } from './media.js'
import { checkBot, resolveOptions } from './options.js'
import { CMD } from './protocol.js'
import type { PendingCallback } from './replies.js'
import { createResponseUrls } from './response-urls.js'
import { createStreamStore } from './streams.js'
import type {
  AiBotFrameRecord,
  AiBotGateway,
  AiBotGatewayOptions,
  AiBotUserMessage,
  JsonObject,
} from './types.js'
import { createUploads } from './uploads.js'
import { createWaiters } from './waiters.js'
import { createWebhookPoster } from './webhook.js'

/**
 * A local stand-in for WeCom's AI-bot gateway: the long connection on ws://, and on the same port
 * over http:// the media storage and response_url. State, rules and controls meet here; the
 * protocol pieces live in their own modules.
 */
export async function startAiBotGateway(options?: AiBotGatewayOptions): Promise<AiBotGateway> {
  const resolved = resolveOptions(options)
  // Loaded here, not at the top: a CommonJS build would otherwise load them with the package.
  const { createServer } = await import('node:http')
  const { WebSocketServer } = await import('ws')
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
  const streams = createStreamStore(resolved.streamDeadlineMs)
  const uploads = createUploads(resolved.uploadTtlMs)
  const commands = createCommands({ callbacks, streams, uploads, ...resolved })
  const waiters = createWaiters()
  const { waitFor, changed } = waiters

  const connections = createConnections({
    bots,
    now,
    heartbeatNow: resolved.clock,
    ackDelayMs: () => ackDelayMs,
    heartbeatTimeoutMs: resolved.heartbeatTimeoutMs,
    kickCloseDelayMs: resolved.kickCloseDelayMs,
    record: (frame) => frames.push(frame),
    handle: commands.handle,
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
  // A failed handshake concerns one client, never the gateway.
  wss.on('error', () => {})
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
      waiters.fail(new Error('the gateway was closed'))
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
    replies: commands.replies,
    stream: (reqId, streamId) => streams.get(reqId, streamId),
    sent: commands.sent,
    uploads: (botId) => uploads.all().filter((media) => botId === undefined || media.botId === botId),
    media: (mediaId) => uploads.media(mediaId),
    responseUrlReplies: () => responseUrls.records(),
    waitFor,
  }
}
