// Worker processes for the examples that show a fleet, and a watchdog: nothing an example starts
// may outlive it, and nothing may hang. Not part of the SDK.
import { fork } from 'node:child_process'
import { once } from 'node:events'

const children = new Set()
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL')
})

/** Exits with status 1 (killing every worker) unless `cancel()` is called within `ms`. */
export function exitAfter(example, ms) {
  const timer = setTimeout(() => {
    console.error(`\n${example}: not done after ${ms / 1000} s; killing the fleet and redis-server.`)
    process.exit(1) // the exit handler kills every child
  }, ms)
  return { cancel: () => clearTimeout(timer) }
}

/**
 * Forks `script` with `env`. The worker answers each message it is sent with one message;
 * `ready` is its first. A worker that dies fails whatever waits on it, rather than leaving it to
 * the watchdog.
 */
export function forkWorker(script, env) {
  const child = fork(script, [], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  children.add(child)
  const died = new Promise((_, reject) => {
    child.once('exit', (code, signal) => {
      children.delete(child)
      reject(new Error(`worker ${child.pid} exited (${code ?? signal})`))
    })
  })
  died.catch(() => {})
  const reply = () => Promise.race([new Promise((resolve) => child.once('message', resolve)), died])
  return {
    pid: child.pid,
    ready: reply(),
    /** Sends `message`; resolves to the worker's answer. */
    async ask(message) {
      const answer = reply()
      child.send(message)
      return answer
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = once(child, 'exit')
      child.disconnect() // the worker leaves Redis and exits
      await exited
    },
  }
}
