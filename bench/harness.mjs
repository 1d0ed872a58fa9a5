// The WeCom-shaped server of server.mjs in its own process (so that it does not compete with
// the client for the event loop), a way to read its request counts, and the client every
// benchmark measures.
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { createClient } from '../packages/core/dist/index.js'
import { users } from '../packages/users/dist/index.js'

/** A built client with the users namespace, for the bench server at `baseUrl`. */
export function benchClient(baseUrl, extra = {}) {
  return createClient({ corpId: 'wwbench', corpSecret: 'bench-secret', baseUrl, ...extra }).with(users)
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
