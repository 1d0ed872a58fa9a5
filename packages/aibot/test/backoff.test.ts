// The reconnect delays without timers: exponential, capped, jittered ("equal jitter").
import { afterEach, expect, it, vi } from 'vitest'
import { backoffDelay, sleeper } from '../src/backoff.js'

afterEach(() => {
  vi.restoreAllMocks()
})

it('doubles from minDelay up to maxDelay; each delay is between half and all of its ceiling', () => {
  const ceilings = [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]
  vi.spyOn(Math, 'random').mockReturnValue(0)
  expect(ceilings.map((_, i) => backoffDelay(i + 1, 1_000, 30_000))).toEqual(ceilings.map((c) => c / 2))
  vi.spyOn(Math, 'random').mockReturnValue(0.999_999)
  ceilings.forEach((c, i) => {
    const delay = backoffDelay(i + 1, 1_000, 30_000)
    expect(delay).toBeLessThan(c)
    expect(delay).toBeGreaterThan(c - 1)
  })
})

it('jitters: a fleet that failed together does not come back together', () => {
  vi.restoreAllMocks()
  const delays = new Set(Array.from({ length: 50 }, () => Math.round(backoffDelay(6, 1_000, 30_000))))
  expect(delays.size).toBeGreaterThan(25)
  for (const delay of delays) {
    expect(delay).toBeGreaterThanOrEqual(15_000)
    expect(delay).toBeLessThanOrEqual(30_000)
  }
})

it('a sleep is cut short by wakeAll, and leaves no timer behind', async () => {
  const sleeps = sleeper()
  const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length
  const sleeping = sleeps.sleep(60_000)
  expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBe(before + 1)
  sleeps.wakeAll()
  await sleeping
  expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBe(before)
})
