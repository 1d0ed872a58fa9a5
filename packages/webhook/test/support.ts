import type { PacerClock } from '@wecom-kit/webhook'

/** A clock that only moves when told: timers fire inside `advance`, in the order they fall due. */
export function fakeClock(start = Date.UTC(2026, 0, 5, 9, 0, 0)) {
  let time = start
  let nextId = 0
  const timers = new Map<number, { at: number; fn: () => void }>()
  const clock: PacerClock & { advance(ms: number): void; pending(): number } = {
    now: () => time,
    setTimer(fn, ms) {
      const id = nextId++
      timers.set(id, { at: time + Math.max(0, ms), fn })
      return () => timers.delete(id)
    },
    advance(ms) {
      const target = time + ms
      for (;;) {
        const due = [...timers.entries()]
          .filter(([, t]) => t.at <= target)
          .sort((a, b) => a[1].at - b[1].at)[0]
        if (!due) break
        timers.delete(due[0])
        time = Math.max(time, due[1].at)
        due[1].fn()
      }
      time = target
    },
    pending: () => timers.size,
  }
  return clock
}

/** A 1×1 PNG. */
export const PNG = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='),
  (c) => c.charCodeAt(0),
)

/** The start of an AMR file, and some frames. */
export const AMR = new Uint8Array([...new TextEncoder().encode('#!AMR\n'), ...new Uint8Array(64).fill(0x3c)])
