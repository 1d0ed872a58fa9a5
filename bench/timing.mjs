// Timing loops the benchmarks share: mean time per call, sequential or with N callers.

export async function sequential(call, n) {
  const start = performance.now()
  for (let i = 0; i < n; i++) await call()
  return (performance.now() - start) / n
}

/** `workers` callers pulling from one counter until `n` calls are done. */
export function concurrent(workers) {
  return async (call, n) => {
    let next = 0
    const worker = async () => {
      while (next++ < n) await call()
    }
    const start = performance.now()
    await Promise.all(Array.from({ length: workers }, worker))
    return (performance.now() - start) / n
  }
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
