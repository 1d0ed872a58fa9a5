import { Buffer } from 'node:buffer'
import type { IncomingMessage, ServerResponse } from 'node:http'

// The webhook handler for node:http and Express: the request becomes a fetch `Request`, the
// `Response` is written back. A body an Express parser already read (text, raw or JSON) is used
// as is: the signature covers the `encrypt` field, not the bytes of the body.

/** A node:http / Express listener. */
export type NodeListener = (req: IncomingMessage, res: ServerResponse) => void

export function nodeListener(
  handler: (request: Request) => Promise<Response>,
  onError: (error: unknown) => void,
): NodeListener {
  return (req, res) => {
    const host = req.headers.host ?? 'localhost'
    const headers = new Headers()
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined) continue
      for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one)
    }
    const method = req.method ?? 'GET'
    const init: RequestInit & { duplex?: 'half' } = { method, headers }
    if (method !== 'GET' && method !== 'HEAD') {
      const parsed = (req as IncomingMessage & { body?: unknown }).body
      if (typeof parsed === 'string') init.body = parsed
      else if (parsed instanceof Uint8Array) init.body = Buffer.from(parsed).toString('utf8')
      else if (typeof parsed === 'object' && parsed !== null) init.body = JSON.stringify(parsed)
      else {
        init.body = bodyStream(req)
        init.duplex = 'half'
      }
    }
    handler(new Request(new URL(req.url ?? '/', `http://${host}`), init))
      .then(async (response) => {
        const body = Buffer.from(await response.arrayBuffer())
        const out: Record<string, string | number> = Object.fromEntries(response.headers)
        out['content-length'] = body.length
        // A refused oversized or late body was not read to its end: the connection cannot be reused.
        if (response.status === 413 || response.status === 408) out.connection = 'close'
        res.writeHead(response.status, out)
        res.end(method === 'HEAD' ? undefined : body)
      })
      .catch((error: unknown) => {
        onError(error)
        if (!res.headersSent) res.writeHead(500)
        res.end()
      })
  }
}

/** The request body as a web stream; cancelling it stops reading (the rest is never buffered). */
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  let detach = () => {}
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const onData = (chunk: Buffer) => controller.enqueue(new Uint8Array(chunk))
      const onEnd = () => {
        detach()
        controller.close()
      }
      const onError = (error: Error) => {
        detach()
        controller.error(error)
      }
      // A client that goes away mid-body: the read must end, not wait forever.
      const onClose = () =>
        onError(new Error('the client closed the connection before sending the whole body'))
      detach = () => {
        req.off('data', onData)
        req.off('end', onEnd)
        req.off('error', onError)
        req.off('close', onClose)
      }
      req.on('data', onData)
      req.on('end', onEnd)
      req.on('error', onError)
      req.on('close', onClose)
    },
    cancel() {
      detach()
      req.pause()
    },
  })
}
