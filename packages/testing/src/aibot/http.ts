import { Buffer } from 'node:buffer'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { MediaHost } from './media.js'
import { RESPONSE_PATH, type ResponseUrls } from './response-urls.js'

/** Bodies POSTed to a response_url: a markdown of 20 KB and a card fit many times over. */
const MAX_BODY_BYTES = 1024 * 1024

/**
 * The gateway's HTTP side, on the WebSocket's port: message media (as WeCom's storage serves it,
 * encrypted) and response_url.
 */
export function createHttpHandler(deps: { media: MediaHost; responseUrls: ResponseUrls; now: () => number }) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://gateway')
    const path = url.pathname.slice(1)

    if (req.method === 'GET' && path.startsWith('media/')) {
      const file = deps.media.find(path.slice('media/'.length))
      if (file === 'unknown' || file === 'expired') {
        // The storage answers a stale link with 403, like a signed URL past its time.
        res.writeHead(file === 'expired' ? 403 : 404, { 'content-type': 'text/plain' })
        res.end(file === 'expired' ? 'Request has expired' : 'NoSuchKey')
        return
      }
      const headers: Record<string, string | number> = {
        'content-type': file.contentType,
        'content-length': file.encrypted.length,
      }
      if (file.filename !== undefined) {
        headers['content-disposition'] = `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`
      }
      res.writeHead(200, headers)
      res.end(file.encrypted)
      return
    }

    if (req.method === 'POST' && path === RESPONSE_PATH) {
      const outcome = deps.responseUrls.post(
        url.searchParams.get('response_code'),
        await readJson(req),
        deps.now(),
      )
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ errcode: outcome.errcode, errmsg: outcome.errmsg }))
      return
    }

    res.writeHead(404, { 'content-type': 'text/plain' })
    res.end('not found')
  }
}

/** The body as JSON, or undefined when it is not JSON or too large. */
async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY_BYTES) return undefined
    chunks.push(chunk as Buffer)
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'))
  } catch {
    return undefined
  }
}
