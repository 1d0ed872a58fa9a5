import type { InjectedFailure } from '../types.js'
import { errorMessage, jsonResponse } from '../wecom/answer.js'

/**
 * The answer for a `failNext` failure. `Response.error()` is a network error: msw makes fetch
 * reject with it, and the HTTP face destroys the socket when it sees one.
 */
export function injectedResponse(failure: InjectedFailure): Response {
  if ('drop' in failure) return Response.error()
  if ('errcode' in failure) {
    return jsonResponse({ errcode: failure.errcode, errmsg: failure.errmsg ?? errorMessage(failure.errcode) })
  }
  const { status, body } = failure
  if (body === undefined) return new Response(null, { status })
  if (typeof body === 'string') {
    return new Response(body, { status, headers: { 'content-type': 'text/plain; charset=UTF-8' } })
  }
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=UTF-8' },
  })
}
