// Runs one call of the public surface to its end, whatever it returns: a value, a promise, or
// an async iterable (users.listIds), bounded in time so that a hang fails instead of stalling.

export type Outcome =
  | { ok: true; value: unknown; ms: number }
  | { ok: false; error: unknown; sync: boolean; ms: number }

export class HangError extends Error {
  override name = 'HangError'
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  )
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Record<symbol, unknown>)[Symbol.asyncIterator] === 'function'
  )
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HangError(`${what} did not settle within ${ms} ms`)), ms)
  })
  return Promise.race([promise, late]).finally(() => clearTimeout(timer))
}

/** Calls `run` and drives what it returns to the end; never throws itself. */
export async function settle(run: () => unknown, ms = 3_000, what = 'the call'): Promise<Outcome> {
  const started = performance.now()
  let value: unknown
  try {
    value = run()
  } catch (error) {
    return { ok: false, error, sync: true, ms: performance.now() - started }
  }
  const drive = async (): Promise<unknown> => {
    if (isThenable(value)) return await value
    if (isAsyncIterable(value)) {
      const items: unknown[] = []
      for await (const item of value) {
        items.push(item)
        if (items.length >= 1_000) break
      }
      return items
    }
    return value
  }
  try {
    const result = await withTimeout(drive(), ms, what)
    return { ok: true, value: result, ms: performance.now() - started }
  } catch (error) {
    return { ok: false, error, sync: false, ms: performance.now() - started }
  }
}

export function errorName(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message.slice(0, 200)}`
  try {
    return `a thrown ${typeof error}: ${String(error).slice(0, 200)}`
  } catch {
    return `a thrown ${typeof error}`
  }
}
