import { type HttpHandler, http } from 'msw'
import { IMAGE_ORIGIN } from '../corp/media.js'

/**
 * msw handlers answering every path under the base URL, and the images media/uploadimg handed
 * out. msw hands over the intercepted request and sends back whatever `handle` answers;
 * `Response.error()` makes the caller's fetch reject.
 */
export function createMswHandlers(
  baseUrl: string,
  handle: (request: Request) => Promise<Response>,
): HttpHandler[] {
  return [
    http.all(`${baseUrl}*`, ({ request }) => handle(request)),
    http.get(`${IMAGE_ORIGIN}/pic_wework/*`, ({ request }) => handle(request)),
  ]
}
