// What every resource package's tests share: a simulator behind msw, and the two assertions
// each endpoint needs (a WeCom error; bad input refused with nothing sent).
import { isWeComApiError, type WeComApiError, WeComValidationError } from '@wecom-kit/core'
import { createWeComSimulator, type WeComSimulator } from '@wecom-kit/testing'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, expect } from 'vitest'

/** Backoffs of a millisecond or two: retries are exercised without slowing the suite. */
export const FAST_RETRY = { retries: 2, minTimeout: 1, maxTimeout: 2 } as const

/** A simulated corp answering through msw for the whole file; unhandled requests fail. */
export function useSimulator(options: { corpId: string; corpSecret: string; corpName?: string }) {
  const sim = createWeComSimulator(options)
  const server = setupServer(...sim.handlers)
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterEach(() => server.resetHandlers())
  afterAll(() => server.close())
  return { sim, server }
}

/** The call's rejection, asserted to be a WeComApiError. */
export async function apiError(promise: Promise<unknown>): Promise<WeComApiError> {
  const error = await promise.then(
    () => expect.unreachable('the call resolved'),
    (e: unknown) => e,
  )
  expect(isWeComApiError(error)).toBe(true)
  return error as WeComApiError
}

/**
 * Asserts the call was refused with a WeComValidationError and that nothing at all was sent
 * (not even gettoken). `path` must be among the issues' paths, `message` match the message.
 */
export async function rejectsBeforeSending(
  sim: WeComSimulator,
  call: () => unknown,
  expected: { path?: string; message?: RegExp } = {},
): Promise<void> {
  const error = await Promise.resolve()
    .then(call)
    .then(
      () => expect.unreachable('the call resolved'),
      (e: unknown) => e,
    )
  expect(error).toBeInstanceOf(WeComValidationError)
  if (expected.path !== undefined) {
    expect((error as WeComValidationError).issues.map((i) => i.path)).toContain(expected.path)
  }
  if (expected.message) expect((error as Error).message).toMatch(expected.message)
  expect(sim.requests).toHaveLength(0)
}
