import type { Cluster, Redis } from 'ioredis'

// How every store of this package talks to Redis: each command bounded in time, and refused at
// once while ioredis is reconnecting, so that a Redis outage costs a call nothing but a fallback.

const DISCONNECTED = new Set(['reconnecting', 'disconnecting', 'close', 'end'])

/** `command()`, or a rejection after `timeout` ms. */
export function withTimeout<T>(command: () => Promise<T>, timeout: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${timeout} ms`)), timeout)
  })
  return Promise.race([command(), timedOut]).finally(() => clearTimeout(timer))
}

export interface Connection {
  /** The command, bounded; rejects at once while disconnected. */
  bounded<T>(command: () => Promise<T>): Promise<T>
  /** A command succeeded: from now on `connecting` means a reconnect. */
  connected(): void
}

export function watchConnection(redis: Redis | Cluster, timeout: number): Connection {
  // Once connected, `connecting` means a reconnect attempt: Redis was lost. Before that, it is
  // the first connection of a starting process, worth waiting for (else a fleet that starts
  // together would refresh once per process).
  let connectedBefore = false
  return {
    bounded(command) {
      const status = redis.status
      if (status === 'ready') connectedBefore = true
      if (DISCONNECTED.has(status) || (connectedBefore && status === 'connecting')) {
        return Promise.reject(new Error(`Redis is not connected (ioredis status: ${status})`))
      }
      return withTimeout(command, timeout)
    },
    connected() {
      connectedBefore = true
    },
  }
}
