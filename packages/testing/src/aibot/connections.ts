import type { WebSocket } from 'ws'
import { isObject } from '../corp/values.js'
import { disconnectedBody } from './callbacks.js'
import { newReqId } from './ids.js'
import { AIBOT_ERRCODES, ackFrame, CMD, callbackFrame, type Outcome, ok, refuse } from './protocol.js'
import type { AiBotConnectionInfo, AiBotFrameRecord, JsonObject } from './types.js'

/**
 * The long connection as WeCom runs it (document/path/101463): a socket subscribes for a bot
 * with `aibot_subscribe`, keeps itself alive with `ping`, and every frame it sends is acknowledged
 * with the frame's req_id. One connection holds a bot at a time: a newer subscription gets
 * `disconnected_event` sent to the older one, which is no longer listened to, though its socket
 * may stay open for a long while.
 */
export interface Bot {
  botId: string
  secret: string
  refused: boolean
  holder: Connection | undefined
}

export interface Connection {
  id: number
  socket: WebSocket
  botId: string | undefined
  state: AiBotConnectionInfo['state']
  pings: number
  openedAt: number
  lastPingAt: number | undefined
}

interface Deps {
  bots: ReadonlyMap<string, Bot>
  now(): number
  /**
   * The heartbeat's own time: the clock option without advanceTime, so that jumping minutes ahead
   * to test a deadline does not also drop a bot whose pings were never due in real time.
   */
  heartbeatNow(): number
  ackDelayMs(): number
  heartbeatTimeoutMs: number
  kickCloseDelayMs: number
  record(frame: AiBotFrameRecord): void
  /** Answers every command but subscribe and ping, for a subscribed connection. */
  handle(cmd: string, botId: string, reqId: string, body: unknown, now: number): Outcome
  changed(): void
}

export interface Connections {
  accept(socket: WebSocket): void
  /** Sends a callback frame to the connection holding the bot. */
  push(bot: Bot, cmd: string, reqId: string, body: JsonObject): void
  kick(bot: Bot, closeAfterMs: number): void
  /** Closes connections that stopped sending pings. */
  sweep(): void
  info(): AiBotConnectionInfo[]
  closeAll(): void
}

const OPEN = 1

export function createConnections(deps: Deps): Connections {
  const all: Connection[] = []
  const timers = new Set<ReturnType<typeof setTimeout>>()

  const later = (ms: number, run: () => void) => {
    if (!Number.isFinite(ms)) return
    const timer = setTimeout(() => {
      timers.delete(timer)
      run()
    }, ms)
    timers.add(timer)
  }

  const send = (connection: Connection, frame: JsonObject) => {
    if (connection.socket.readyState === OPEN) connection.socket.send(JSON.stringify(frame))
  }

  /** Acknowledges in order after the configured delay; `then` runs once the ack is out. */
  const ack = (connection: Connection, reqId: string, outcome: Outcome, then?: () => void) => {
    const out = () => {
      send(connection, ackFrame(reqId, outcome))
      then?.()
      deps.changed()
    }
    const delay = deps.ackDelayMs()
    if (delay === 0) out()
    else later(delay, out)
  }

  const release = (connection: Connection) => {
    const bot = connection.botId === undefined ? undefined : deps.bots.get(connection.botId)
    if (bot?.holder === connection) bot.holder = undefined
  }

  const kick = (bot: Bot, closeAfterMs: number) => {
    const holder = bot.holder
    if (!holder) return
    bot.holder = undefined
    holder.state = 'kicked'
    send(holder, callbackFrame(CMD.eventCallback, newReqId(), disconnectedBody(bot.botId, deps.now())))
    later(closeAfterMs, () => holder.socket.close(1000, 'kicked'))
    deps.changed()
  }

  /** The subscription takes effect once its ack is sent: then the bot's callbacks come here. */
  const hold = (connection: Connection, bot: Bot) => {
    if (connection.state !== 'open' && connection.state !== 'subscribed') return
    if (bot.holder && bot.holder !== connection) kick(bot, deps.kickCloseDelayMs)
    const previous = connection.botId === undefined ? undefined : deps.bots.get(connection.botId)
    if (previous && previous !== bot && previous.holder === connection) previous.holder = undefined
    bot.holder = connection
    connection.botId = bot.botId
    connection.state = 'subscribed'
  }

  const subscribe = (connection: Connection, reqId: string, body: unknown) => {
    const bot = isObject(body) && typeof body.bot_id === 'string' ? deps.bots.get(body.bot_id) : undefined
    // A refused subscription leaves the socket open: WeCom answers, it does not hang up.
    if (!bot || bot.refused || !isObject(body) || body.secret !== bot.secret) {
      ack(connection, reqId, refuse(AIBOT_ERRCODES.invalidCredentials, 'check the bot_id and the secret'))
      return
    }
    ack(connection, reqId, ok(), () => hold(connection, bot))
  }

  const receive = (connection: Connection, data: string) => {
    const now = deps.now()
    let frame: unknown
    try {
      frame = JSON.parse(data)
    } catch {
      frame = data
    }
    const cmd = isObject(frame) && typeof frame.cmd === 'string' ? frame.cmd : undefined
    const headers = isObject(frame) && isObject(frame.headers) ? frame.headers : undefined
    const reqId = typeof headers?.req_id === 'string' ? headers.req_id : undefined
    const ignored = connection.state === 'kicked'
    deps.record({ connection: connection.id, botId: connection.botId, cmd, reqId, frame, at: now, ignored })
    // A kicked connection is no longer listened to; a frame without req_id cannot be answered.
    if (ignored || reqId === undefined) return deps.changed()

    const body = (frame as JsonObject).body
    if (cmd === CMD.subscribe) subscribe(connection, reqId, body)
    else if (cmd === CMD.ping) {
      connection.pings += 1
      connection.lastPingAt = deps.heartbeatNow()
      ack(connection, reqId, ok())
    } else if (connection.state !== 'subscribed') {
      ack(connection, reqId, refuse(AIBOT_ERRCODES.invalidCredentials, 'subscribe first (aibot_subscribe)'))
    } else {
      ack(connection, reqId, deps.handle(cmd ?? '', connection.botId!, reqId, body, now))
    }
    deps.changed()
  }

  return {
    accept(socket) {
      const connection: Connection = {
        id: all.length + 1,
        socket,
        botId: undefined,
        state: 'open',
        pings: 0,
        openedAt: deps.heartbeatNow(),
        lastPingAt: undefined,
      }
      all.push(connection)
      socket.on('message', (data) => receive(connection, data.toString()))
      socket.on('error', () => {})
      socket.on('close', () => {
        release(connection)
        connection.state = 'closed'
        deps.changed()
      })
    },
    push(bot, cmd, reqId, body) {
      if (!bot.holder) throw new Error(`no connection holds bot ${bot.botId}`)
      send(bot.holder, callbackFrame(cmd, reqId, body))
    },
    kick,
    sweep() {
      const now = deps.heartbeatNow()
      for (const connection of all) {
        if (connection.state === 'closed') continue
        if (now - (connection.lastPingAt ?? connection.openedAt) > deps.heartbeatTimeoutMs) {
          // WeCom stops listening at once; the close handshake may take the client a while.
          release(connection)
          connection.state = 'closed'
          connection.socket.close(1000, 'heartbeat timeout')
          deps.changed()
        }
      }
    },
    info: () =>
      all.map(({ id, botId, state, pings, openedAt, lastPingAt }) => ({
        id,
        botId,
        state,
        pings,
        openedAt,
        lastPingAt,
      })),
    closeAll() {
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
      for (const connection of all) connection.socket.terminate()
    },
  }
}
