// One process of a fleet (fleet.test.ts bundles this with esbuild and forks it 8 times): a
// client on the shared Redis store, driven over IPC by the test.
import { createClient } from '@wecom-kit/core'
import { jssdk } from '@wecom-kit/jssdk'
import { redisTokenStore } from '@wecom-kit/redis'
import { Redis } from 'ioredis'

export type Request =
  /** `n` calls of getcallbackip over `lanes` sequential lanes, `spacingMs` apart in each lane. */
  | { cmd: 'calls'; n: number; lanes: number; spacingMs: number }
  /** The jsapi ticket, the agent_config ticket and the access token. */
  | { cmd: 'tickets' }
  | { cmd: 'status' }
export type Command = Request & { id: number }

export interface Outcome {
  id: number
  ok: number
  errors: string[]
  /** onStoreError reports since the process started. */
  storeErrors: number
  redisStatus: string
  values: string[]
}

export type Event = { event: 'ready' } | { event: 'gettoken' }

const env = (name: string) => {
  const value = process.env[name]
  if (value === undefined) throw new Error(`fleet worker: ${name} is not set`)
  return value
}

const redis = new Redis({ host: '127.0.0.1', port: Number(env('REDIS_PORT')) })
redis.on('error', () => {}) // outages are expected here; the store reports them
let storeErrors = 0
const send = (message: Outcome | Event) => process.send?.(message)

const client = createClient({
  corpId: env('CORP_ID'),
  corpSecret: env('CORP_SECRET'),
  agentId: 1000002,
  baseUrl: env('WECOM_URL'),
  // The client asks for a lease of timeout × attempts (10 s); the store's short lease, renewed
  // while the holder lives, is what frees the lock of a dead one sooner.
  timeout: 5_000,
  retry: { retries: 1, minTimeout: 10, maxTimeout: 50 },
  tokenStore: redisTokenStore(redis, { lockLease: Number(env('LOCK_LEASE')) }),
  hooks: {
    beforeRequest: ({ path }) => {
      if (path === 'gettoken') send({ event: 'gettoken' })
    },
    onStoreError: () => {
      storeErrors++
    },
  },
}).with(jssdk)

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function run(command: Command): Promise<Outcome> {
  const errors: string[] = []
  const values: string[] = []
  let ok = 0
  const attempt = async (call: () => Promise<unknown>) => {
    try {
      const value = await call()
      if (typeof value === 'string') values.push(value)
      ok++
    } catch (error) {
      errors.push(error instanceof Error ? `${error.name}: ${error.message}` : String(error))
    }
  }
  if (command.cmd === 'calls') {
    let left = command.n
    const lane = async () => {
      while (left-- > 0) {
        await attempt(() => client.request('getcallbackip'))
        if (command.spacingMs) await sleep(command.spacingMs)
      }
    }
    await Promise.all(Array.from({ length: command.lanes }, lane))
  } else if (command.cmd === 'tickets') {
    await Promise.all([
      attempt(() => client.jssdk.getTicket()),
      attempt(() => client.jssdk.getAgentTicket()),
      attempt(() => client.getAccessToken()),
    ])
  }
  return { id: command.id, ok, errors, storeErrors, redisStatus: redis.status, values }
}

process.on('message', (command: Command) => {
  void run(command).then(send)
})
process.on('disconnect', () => process.exit(0))
redis.once('ready', () => send({ event: 'ready' }))
