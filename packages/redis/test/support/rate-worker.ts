// One process of a paced fleet (rate-fleet.test.ts bundles this with esbuild and forks it): a
// client whose budget lives in Redis, on a clock that runs SCALE times faster than the wall, so
// that minutes of windows pass in seconds. The simulator in the test runs on the same clock.
import { createClient, type PacerClock } from '@wecom-kit/core'
import { redisRateLimiter } from '@wecom-kit/redis'
import { Redis } from 'ioredis'

export interface RateOutcome {
  ok: number
  errors: string[]
  storeErrors: number
}

const env = (name: string) => {
  const value = process.env[name]
  if (value === undefined) throw new Error(`rate worker: ${name} is not set`)
  return Number.isNaN(Number(value)) ? value : Number(value)
}
const START = env('START') as number
const SCALE = env('SCALE') as number
const clock: PacerClock = {
  now: () => START + (Date.now() - START) * SCALE,
  setTimer(fn, ms) {
    const timer = setTimeout(fn, Math.ceil(ms / SCALE))
    return () => clearTimeout(timer)
  },
}

const redis = new Redis({ host: '127.0.0.1', port: env('REDIS_PORT') as number })
redis.on('error', () => {})
let storeErrors = 0
const client = createClient({
  corpId: env('CORP_ID') as string,
  corpSecret: env('CORP_SECRET') as string,
  baseUrl: env('WECOM_URL') as string,
  retry: { retries: 0 },
  rateLimit: {
    requestsPerMinute: env('PER_MINUTE') as number,
    // A reservation outlives any call here, even on a loaded machine (in scaled time).
    limiter: redisRateLimiter(redis, { clock, holdMs: 600_000 }),
  },
  hooks: { onStoreError: () => void storeErrors++ },
})

process.on('message', async ({ n }: { n: number }) => {
  const errors: string[] = []
  let ok = 0
  await Promise.all(
    Array.from({ length: n }, (_, i) =>
      client.request('user/get', { query: { userid: `u${i}` } }).then(
        () => void ok++,
        (error: unknown) => void errors.push(String(error)),
      ),
    ),
  )
  process.send?.({ ok, errors, storeErrors } satisfies RateOutcome)
})
process.on('disconnect', () => process.exit(0))
redis.once('ready', () => process.send?.('ready'))
