// Small helpers shared by the tests of the package.

/** The rejection of `promise`, or of calling `call` (the test fails if it resolves). */
export async function rejection(promise: Promise<unknown> | (() => unknown)): Promise<any> {
  return Promise.resolve()
    .then(typeof promise === 'function' ? promise : () => promise)
    .then(
      () => {
        throw new Error('the call resolved')
      },
      (error: unknown) => error,
    )
}

export async function all<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const item of iterable) out.push(item)
  return out
}
