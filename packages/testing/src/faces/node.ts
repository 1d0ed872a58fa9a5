import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import type { ListenOptions, SimulatorServer } from '../types.js'

type Handle = (request: Request) => Promise<Response>

/**
 * A real HTTP server around `handle`. Node modules are imported here, lazily, so the rest of the
 * package (handle, msw handlers) also runs where `node:http` does not exist.
 */
export async function listen(
  handle: Handle,
  basePath: string,
  options: ListenOptions = {},
): Promise<SimulatorServer> {
  const { createServer } = await import('node:http')
  const { Readable } = await import('node:stream')
  const host = options.host ?? '127.0.0.1'
  let closing = false
  // fetch (undici) may open a spare connection it never sends a request on; Node does not count
  // it as idle, so close() ends such connections itself instead of waiting for the client.
  const sockets = new Set<Socket>()
  const used = new WeakSet<Socket>()
  const closeUnused = () => {
    server.closeIdleConnections()
    for (const socket of sockets) if (!used.has(socket)) socket.destroy()
  }

  const server: Server = createServer((req, res) => {
    used.add(req.socket)
    // Whatever goes wrong past this point concerns one exchange, never the server.
    serve(req, res).catch(() => res.destroy())
  })
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // A keep-alive socket that turns idle after close() began would otherwise hold the process.
    res.once('finish', () => {
      if (closing) setImmediate(closeUnused)
    })
    let response: Response
    const request = toWebRequest(req, res, Readable)
    try {
      response = await handle(request)
    } catch (error) {
      res.statusCode = 500
      res.end(`wecom simulator failed: ${error instanceof Error ? error.message : String(error)}`)
      return
    }
    // failNext({ drop: true }): no status line, no bytes, the connection just goes away.
    if (response.type === 'error') {
      req.socket.destroy()
      return
    }
    // A body nobody read (an injected failure, an upload refused early) is read to its end and
    // dropped, so the client can finish sending and the connection stays usable.
    if (request.body && !request.bodyUsed) request.body.pipeTo(new WritableStream()).catch(() => {})
    res.statusCode = response.status
    for (const [name, value] of response.headers) res.setHeader(name, value)
    if (closing) res.setHeader('connection', 'close')
    if (!response.body) {
      res.end()
    } else {
      // Node's and the DOM's ReadableStream types differ in name only here.
      const body = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>)
      body.on('error', () => res.destroy())
      body.pipe(res)
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo

  return {
    url: `http://${urlHost(host)}:${port}${basePath}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        closing = true
        server.close((error) => (error ? reject(error) : resolve()))
        closeUnused()
      }),
  }
}

function toWebRequest(
  req: IncomingMessage,
  res: ServerResponse,
  readable: typeof import('node:stream').Readable,
): Request {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item)
    else if (value !== undefined) headers.set(name, value)
  }
  // Aborts when the client goes away before the answer is sent.
  const aborted = new AbortController()
  res.once('close', () => {
    if (!res.writableFinished) aborted.abort()
  })
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD'
  const init: RequestInit & { duplex?: 'half' } = {
    method: req.method ?? 'GET',
    headers,
    signal: aborted.signal,
    // Streamed, not buffered; `duplex: 'half'` is what fetch requires for a stream body.
    ...(hasBody
      ? { body: readable.toWeb(req) as unknown as ReadableStream<Uint8Array>, duplex: 'half' }
      : {}),
  }
  return new Request(new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`), init)
}

/** A wildcard address is not something to connect to; an IPv6 literal needs brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1'
  if (host === '::') return '[::1]'
  return host.includes(':') ? `[${host}]` : host
}
