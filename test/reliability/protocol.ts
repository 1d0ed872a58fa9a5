// What the parent and the child process (child.ts) say to each other.

export type ChildConfig =
  | {
      mode: 'faults'
      /** The fault server, `http://127.0.0.1:port`; each scenario under `/<name>/cgi-bin/`. */
      origin: string
      /** A closed port, for the refused scenarios. */
      refusedPort: number
      /** Calls of the token storm: revoked by the parent while all are in flight. */
      storm: number
    }
  | {
      mode: 'load'
      origin: string
      calls: number
      concurrency: number
      /** Heap measured (after gc, nothing in flight) when this many calls have settled. */
      checkpoints: number[]
    }

/** Call kinds of the load, by index: i % 4. */
export const LOAD_KINDS = ['get', 'get', 'send', 'send-dedup'] as const
/** The load's three clients, each on its own scenario of the server. */
export const LOAD_SCENARIOS = { get: 'load-get', send: 'load-send', 'send-dedup': 'load-dedup' } as const

/** Outcome codes of the load, one byte per call. */
export const CODE = {
  unsettled: 0,
  ok: 1,
  network: 2,
  http: 3,
  api: 4,
  validation: 5,
  /** Not a WeComError. */
  other: 6,
  /** Resolved with another call's answer. */
  mismatch: 7,
} as const
