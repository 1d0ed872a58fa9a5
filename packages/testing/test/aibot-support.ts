import { randomUUID } from 'node:crypto'
import WebSocket from 'ws'

/**
 * A bare long-connection client for the gateway's own tests: sends frames exactly as written and
 * waits for frames by content, never by time, so a slow machine only makes a test slower.
 */
export interface RawClient {
  socket: WebSocket
  received: Record<string, any>[]
  send(cmd: string, body?: unknown, reqId?: string): string
  /** The first frame (received from index `from` on, or still to come) that matches. */
  next(match: (frame: Record<string, any>) => boolean, from?: number): Promise<Record<string, any>>
  /** The ack of the frame sent with this req_id, received from index `from` on. */
  ack(reqId: string, from?: number): Promise<Record<string, any>>
  /** Subscribes and resolves with the ack. */
  subscribe(botId: string, secret: string): Promise<Record<string, any>>
  closed: Promise<{ code: number; reason: string }>
  close(): void
}

export async function connect(url: string): Promise<RawClient> {
  const socket = new WebSocket(url)
  const received: Record<string, any>[] = []
  const listeners = new Set<() => void>()
  socket.on('message', (data) => {
    received.push(JSON.parse(data.toString()))
    for (const listener of [...listeners]) listener()
  })
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  )
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve())
    socket.once('error', reject)
  })

  const client: RawClient = {
    socket,
    received,
    send(cmd, body, reqId = `${cmd}_${randomUUID()}`) {
      socket.send(
        JSON.stringify(
          body === undefined
            ? { cmd, headers: { req_id: reqId } }
            : { cmd, headers: { req_id: reqId }, body },
        ),
      )
      return reqId
    },
    next(match, from = 0) {
      return new Promise((resolve) => {
        const check = () => {
          const frame = received.slice(from).find(match)
          if (!frame) return
          listeners.delete(check)
          resolve(frame)
        }
        listeners.add(check)
        check()
      })
    },
    ack: (reqId, from) =>
      client.next((frame) => frame.cmd === undefined && frame.headers?.req_id === reqId, from),
    subscribe: (botId, secret) => answered(client, 'aibot_subscribe', { bot_id: botId, secret }),
    closed,
    close: () => socket.terminate(),
  }
  return client
}

/**
 * Sends a frame and resolves with its answer, `{ headers: { req_id }, errcode, errmsg }`: the
 * first ack with its req_id received after sending, since replies to a callback share one req_id.
 */
export function answered(client: RawClient, cmd: string, body?: unknown, reqId?: string) {
  const from = client.received.length
  return client.ack(client.send(cmd, body, reqId), from)
}
