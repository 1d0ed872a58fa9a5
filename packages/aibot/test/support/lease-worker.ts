// One instance of a bot fleet (lease.test.ts bundles this with esbuild and forks it): a bot on
// the gateway with a lease in Redis, reporting its states over IPC. On `stop` it stops the bot,
// closes Redis and does nothing else: the process must then exit by itself.
import { createAiBot } from '@wecom-kit/aibot'
import { redisTokenStore } from '@wecom-kit/redis'
import { Redis } from 'ioredis'

export type WorkerEvent =
  | { type: 'state'; state: string; at: number }
  | { type: 'started'; state: string }
  | { type: 'stopped' }

const env = (name: string) => {
  const value = process.env[name]
  if (value === undefined) throw new Error(`lease worker: ${name} is not set`)
  return value
}
const send = (event: WorkerEvent) => process.send?.(event)

const redis = new Redis({ host: '127.0.0.1', port: Number(env('REDIS_PORT')) })
redis.on('error', () => {})
const bot = createAiBot({
  botId: env('BOT_ID'),
  secret: env('BOT_SECRET'),
  url: env('GATEWAY_URL'),
  lease: redisTokenStore(redis, { lockLease: Number(env('LOCK_LEASE')) }),
  standbyInterval: Number(env('STANDBY_INTERVAL')),
  onStateChange: (state) => send({ type: 'state', state, at: Date.now() }),
  onError: () => {},
})
bot.onMessage((_, reply) => reply.text(`answered by ${process.pid}`))
bot.start().then(
  (state) => send({ type: 'started', state }),
  () => {}, // stopped before it connected
)

process.on('message', (command: { cmd: string }) => {
  if (command.cmd !== 'stop') return
  void bot.stop().then(() => {
    redis.disconnect()
    send({ type: 'stopped' })
    process.disconnect?.()
  })
})
