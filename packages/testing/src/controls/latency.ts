/** `setLatency`: a delay before every answer, globally or for one path (which wins). */
export interface Latency {
  set(ms: number, path?: string): void
  delayFor(path: string): number
  clear(): void
}

export function createLatency(): Latency {
  let global = 0
  const perPath = new Map<string, number>()
  return {
    set(ms, path) {
      if (!(ms >= 0) || !Number.isFinite(ms))
        throw new RangeError('setLatency: ms must be a finite number >= 0')
      if (path === undefined) global = ms
      else perPath.set(path, ms)
    },
    delayFor(path) {
      return perPath.get(path) ?? global
    },
    clear() {
      global = 0
      perPath.clear()
    },
  }
}

export function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve()
}
