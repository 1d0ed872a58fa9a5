// One process of the restart test (restart.test.ts bundles this with esbuild and forks it): syncs
// an account's messages with its cursor in Redis, "handling" each one slowly, logging it when done.
import { appendFileSync } from 'node:fs'
import { createClient } from '@wecom-kit/core'
import { kf } from '@wecom-kit/kf'
import { redisCursorStore } from '@wecom-kit/redis'
import { Redis } from 'ioredis'

export type WorkerEvent =
  | { event: 'handling'; msgid: string; content: string }
  | { event: 'done'; handled: number }

const env = (name: string) => {
  const value = process.env[name]
  if (value === undefined) throw new Error(`sync worker: ${name} is not set`)
  return value
}

const redis = new Redis({ host: '127.0.0.1', port: Number(env('REDIS_PORT')) })
const client = createClient({
  corpId: env('CORP_ID'),
  corpSecret: env('CORP_SECRET'),
  baseUrl: env('WECOM_URL'),
  retry: { retries: 1, minTimeout: 10, maxTimeout: 50 },
}).with(kf)
const send = (event: WorkerEvent) => process.send?.(event)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function main(): Promise<void> {
  let handled = 0
  for await (const message of client.kf.syncMessages({
    open_kfid: env('OPEN_KFID'),
    cursorStore: redisCursorStore(redis, { prefix: 'restart-test:', lockLease: Number(env('LOCK_LEASE')) }),
    limit: Number(env('PAGE_SIZE')),
  })) {
    const content = String(message.text?.content)
    send({ event: 'handling', msgid: message.msgid, content })
    // The app's work: a kill lands here, before the message is done.
    await sleep(Number(env('WORK_MS')))
    appendFileSync(env('LOG_FILE'), `${content}\n`)
    handled++
  }
  send({ event: 'done', handled })
  redis.disconnect()
  process.disconnect?.()
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
