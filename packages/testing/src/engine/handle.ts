import type { FailureQueue } from '../controls/failures.js'
import { type Latency, sleep } from '../controls/latency.js'
import type { RateLimits } from '../controls/rate-limits.js'
import type { Recorder } from '../controls/recorder.js'
import type { CorpState, TokenRecord } from '../corp/state.js'
import { checkToken } from '../corp/tokens.js'
import type { Endpoint } from '../endpoints/index.js'
import { serveImage } from '../endpoints/media.js'
import {
  type Answer,
  type Failure,
  fail,
  failureAnswer,
  isFailure,
  jsonResponse,
  toAnswer,
} from '../wecom/answer.js'
import { injectedResponse } from './inject.js'
import { type ParsedRequest, parseRequest } from './parse.js'

interface Engine {
  readonly basePath: string
  readonly routes: ReadonlyMap<string, Endpoint>
  /** The corp as it is now: `reset()` swaps it. */
  state(): CorpState
  readonly failures: FailureQueue
  readonly latency: Latency
  readonly recorder: Recorder
  /** `setRateLimit`: 45009 past a path's window, 45033 past its concurrency. */
  readonly rateLimits?: RateLimits | undefined
  /** Epoch ms on the simulated clock. */
  now(): number
}

/**
 * The one implementation behind both faces: record, wait, maybe fail as told, else answer as
 * WeCom would. Order matters: an injected failure still counts as a call and still waits.
 */
export function createHandle(engine: Engine): (request: Request) => Promise<Response> {
  return async (request) => {
    const parsed = await parseRequest(
      request,
      engine.basePath,
      (path) => engine.routes.get(path)?.rawBody === true,
    )
    engine.recorder.record({
      method: parsed.method,
      path: parsed.path,
      query: parsed.query,
      json: parsed.json,
      at: engine.now(),
    })
    // Counted on arrival, as WeCom counts; a refused call still takes its round trip.
    const admission = engine.rateLimits?.enter(parsed.path, engine.now())
    await sleep(engine.latency.delayFor(parsed.path))
    if (admission && isFailure(admission)) return jsonResponse(failureAnswer(admission))
    try {
      const injected = engine.failures.take(parsed.path)
      if (injected && !injected.processed) return injectedResponse(injected)
      try {
        const response = await answer(engine, parsed)
        if (!injected) return response
        // Handled, but the answer is lost: leave its body unread, send the failure instead.
        await response.body?.cancel()
        return injectedResponse(injected)
      } catch (error) {
        // A simulator bug: a 500 (not errcode -1, which clients would retry) that says so.
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error)
        return new Response(`wecom simulator failed on ${parsed.path}: ${message}`, { status: 500 })
      }
    } finally {
      admission?.()
    }
  }
}

async function answer(engine: Engine, parsed: ParsedRequest): Promise<Response> {
  const endpoint = parsed.underBase ? engine.routes.get(parsed.path) : undefined
  if (!endpoint) {
    const image = parsed.method === 'GET' ? serveImage(engine.state(), parsed.path) : undefined
    return image ?? notFound(parsed.path)
  }

  const state = engine.state()
  const now = engine.now()
  const refuse = (failure: Failure) =>
    jsonResponse({ ...endpoint.failureFields, ...failureAnswer(failure) } as Answer)
  let token: TokenRecord | undefined
  if (!endpoint.public) {
    const checked = checkToken(state, parsed.query.access_token, now)
    if (isFailure(checked)) return refuse(checked)
    token = checked
  }
  if (endpoint.method === 'POST' && parsed.badBody && !endpoint.rawBody) {
    return refuse(fail(40058, 'body'))
  }

  const outcome = await endpoint.handle({
    state,
    query: parsed.query,
    body: parsed.body,
    request: parsed.request,
    now,
    token,
  })
  if (outcome instanceof Response) return outcome
  return isFailure(outcome) ? refuse(outcome) : jsonResponse(toAnswer(outcome))
}

/**
 * Not a WeCom API, or not simulated yet. WeCom's own answer for an unknown path is not documented;
 * an HTTP 404 makes clients fail loudly instead of treating it as an API error to handle.
 */
function notFound(path: string): Response {
  const body: Answer = {
    errcode: 404,
    errmsg: `the WeCom simulator has no API at "${path}" (not a WeCom API, or not simulated yet)`,
  }
  return jsonResponse(body, 404)
}
