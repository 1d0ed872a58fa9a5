// A real local HTTP server that fails the way servers and proxies in front of WeCom fail:
// WeCom errcodes, an error page that echoes the request (URL, query and headers) into its
// body, a connection dropped without an answer, an answer that never comes. gettoken and the
// other paths fail independently, so that both the token fetch and the call itself are driven.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export type Behaviour =
  /** A WeCom answer: errcode 0 issues a token (gettoken) or a ticket, or a generic success. */
  | { kind: 'errcode'; errcode: number }
  /** An HTML page with this status whose body starts with the request line and its headers. */
  | { kind: 'echo'; status: number; withBody?: boolean; bodyFirst?: boolean }
  /** The socket is destroyed before any byte of an answer. */
  | { kind: 'drop' }
  /** Headers never come: the client's timeout must end the call. */
  | { kind: 'stall' }

export interface Scenario {
  name: string
  gettoken: Behaviour
  api: Behaviour
}

export interface FailingServer {
  baseUrl: string
  scenario: Scenario
  /** Access tokens and tickets issued so far: secrets like the corpSecret. */
  issued: string[]
  requests: number
  close(): Promise<void>
}

export async function failingServer(
  secrets: { corpId: string; corpSecret: string },
  first: Scenario,
): Promise<FailingServer> {
  const sockets = new Set<Socket>()
  let counter = 0
  const state: FailingServer = {
    baseUrl: '',
    scenario: first,
    issued: [],
    requests: 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }

  const answer = async (req: IncomingMessage, res: ServerResponse) => {
    state.requests++
    const url = new URL(req.url ?? '/', 'http://localhost')
    const path = url.pathname.replace(/^\/cgi-bin\//, '')
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks).toString('utf8')
    const behaviour = path === 'gettoken' ? state.scenario.gettoken : state.scenario.api

    switch (behaviour.kind) {
      case 'drop':
        req.socket.destroy()
        return
      case 'stall':
        return // never answered; the client times out and the socket is destroyed at close
      case 'echo': {
        // What some proxies and frameworks do: the request, query and headers, verbatim.
        const headers = Object.entries(req.headers)
          .map(([name, value]) => `${name}: ${value}`)
          .join('\n')
        const requestLine = `${req.method} ${req.url} failed (${behaviour.status})\n`
        const page = behaviour.bodyFirst
          ? `${body}\n${requestLine}${headers}\n<html><body>error</body></html>`
          : `${requestLine}${behaviour.withBody ? `${body}\n` : ''}${headers}\n<html><body>error</body></html>`
        res.writeHead(behaviour.status, { 'content-type': 'text/html', 'x-request-url': req.url ?? '' })
        res.end(page)
        return
      }
      case 'errcode': {
        res.setHeader('content-type', 'application/json')
        if (behaviour.errcode !== 0) {
          res.end(JSON.stringify({ errcode: behaviour.errcode, errmsg: `failed ${behaviour.errcode}` }))
          return
        }
        if (path === 'gettoken') {
          const ok =
            url.searchParams.get('corpid') === secrets.corpId &&
            url.searchParams.get('corpsecret') === secrets.corpSecret
          if (!ok) {
            res.end(JSON.stringify({ errcode: 40001, errmsg: 'invalid credential' }))
            return
          }
          const token = `ACCESStoken${++counter}x${Math.random().toString(36).slice(2)}HYGIENE0123456789`
          state.issued.push(token)
          res.end(JSON.stringify({ errcode: 0, errmsg: 'ok', access_token: token, expires_in: 7200 }))
          return
        }
        if (path === 'get_jsapi_ticket' || path === 'ticket/get') {
          const ticket = `JSAPIticket${++counter}x${Math.random().toString(36).slice(2)}HYGIENE0123456789`
          state.issued.push(ticket)
          res.end(JSON.stringify({ errcode: 0, errmsg: 'ok', ticket, expires_in: 7200 }))
          return
        }
        res.end(
          JSON.stringify({
            errcode: 0,
            errmsg: 'ok',
            status: 3,
            type: 'sync_user',
            total: 0,
            percentage: 100,
          }),
        )
        return
      }
    }
  }

  const server: Server = createServer((req, res) => {
    answer(req, res).catch(() => res.destroy())
  })
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  state.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cgi-bin/`
  return state
}
