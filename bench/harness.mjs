// The WeCom-shaped server of server.mjs in its own process (so that it does not compete with
// the client for the event loop), and a way to read its request counts.
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'

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
