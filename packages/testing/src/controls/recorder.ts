import type { RecordedRequest } from '../types.js'

/** Every request as it arrived, for assertions. Reads hand out copies. */
export interface Recorder {
  record(request: RecordedRequest): void
  list(): RecordedRequest[]
  count(path: string): number
  clear(): void
}

export function createRecorder(): Recorder {
  const requests: RecordedRequest[] = []
  return {
    record(request) {
      requests.push(request)
    },
    list() {
      return requests.map((request) => ({
        ...request,
        query: { ...request.query },
        json: request.json === undefined ? undefined : structuredClone(request.json),
      }))
    },
    count(path) {
      return requests.filter((request) => request.path === path).length
    },
    clear() {
      requests.length = 0
    },
  }
}
