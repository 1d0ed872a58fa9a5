import { isObject, type JsonObject } from '../corp/values.js'

export interface ParsedRequest {
  method: string
  /** Relative to the base path (`user/get`), or the whole pathname when outside it. */
  path: string
  underBase: boolean
  query: Record<string, string>
  /** The parsed body, whatever JSON it held; undefined without one. */
  json: unknown
  /** What POST endpoints get: the body when it is a JSON object, `{}` when empty. */
  body: JsonObject
  /** A body was sent but is not a JSON object: WeCom answers 40058 ("json不合法"). */
  badBody: boolean
  request: Request
}

/**
 * Reads the request once. WeCom ignores the content type of JSON bodies, so any text body is
 * tried as JSON; multipart bodies, and any body of an endpoint that reads its own (`rawBody`),
 * are left unread.
 */
export async function parseRequest(
  request: Request,
  basePath: string,
  readsOwnBody: (path: string) => boolean,
): Promise<ParsedRequest> {
  const url = new URL(request.url)
  const underBase = url.pathname.startsWith(basePath)
  const path = underBase ? url.pathname.slice(basePath.length) : url.pathname
  const query: Record<string, string> = {}
  for (const [name, value] of url.searchParams) query[name] = value

  let json: unknown
  let badBody = false
  const multipart = request.headers.get('content-type')?.toLowerCase().startsWith('multipart/') ?? false
  if (request.body && !multipart && !(underBase && readsOwnBody(path))) {
    const text = await request.text()
    if (text.trim() !== '') {
      try {
        json = JSON.parse(text)
      } catch {
        badBody = true
      }
      if (!isObject(json)) badBody = true
    }
  }
  return {
    method: request.method,
    path,
    underBase,
    query,
    json,
    body: isObject(json) ? json : {},
    badBody,
    request,
  }
}
