import { type HttpHandler, http } from 'msw'

/**
 * msw handlers answering every path under the base URL. msw hands over the intercepted request
 * and sends back whatever `handle` answers; `Response.error()` makes the caller's fetch reject.
 */
export function createMswHandlers(
  baseUrl: string,
  handle: (request: Request) => Promise<Response>,
): HttpHandler[] {
  return [http.all(`${baseUrl}*`, ({ request }) => handle(request))]
}
