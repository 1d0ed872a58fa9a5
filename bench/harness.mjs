// The WeCom-shaped server of server.mjs in its own process (so that it does not compete with
// the client for the event loop), a way to read its request counts, and the client every
// benchmark measures.
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { createClient } from '../packages/core/dist/index.js'
import { users } from '../packages/users/dist/index.js'

/**
 * A built client with the users namespace, for the bench server at `baseUrl`. Paced as every
 * client is by default, but with a budget these runs never reach (they make far more than
 * WeCom's 10 000 calls a minute, and 10 000 at once): the figures include pacing's fast path,
 * never a wait. bench/pacing.mjs measures the waits.
 */
export const BENCH_RATE_LIMIT = { requestsPerMinute: 1e9, requestsPerHour: 1e9, maxConcurrent: 100_000 }

export function benchClient(baseUrl, extra = {}) {
  return createClient({
    corpId: 'wwbench',
    corpSecret: 'bench-secret',
    baseUrl,
    rateLimit: BENCH_RATE_LIMIT,
    ...extra,
  }).with(users)
}

export async function startServer() {
  const child = fork(fileURLToPath(new URL('./server.mjs', import.meta.url)), { stdio: 'inherit' })
  const { port, token } = await new Promise((resolve) => child.once('message', resolve))
  const ask = (type) =>
    new Promise((resolve) => {
      child.once('message', (message) => resolve(message.counts))
      child.send({ type })
    })
  return {
    baseUrl: `http://127.0.0.1:${port}/cgi-bin/`,
    token,
    /** Requests per path since the start or the last reset. */
    counts: () => ask('counts'),
    reset: () => child.send({ type: 'reset' }),
    stop() {
      child.disconnect()
      child.kill()
    },
  }
}
