// A real redis-server per test file: a free port on 127.0.0.1, no persistence, its own
// directory. Without redis-server the suites are skipped on a developer machine (with a
// message) and fail under CI, which installs it.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'vitest'

/** `REDIS_SERVER` may name another binary (a build of your own, or a missing one to try the skip). */
const REDIS_SERVER = process.env.REDIS_SERVER || 'redis-server'
export const HAS_REDIS_SERVER = spawnSync(REDIS_SERVER, ['--version'], { stdio: 'ignore' }).status === 0

/**
 * `describe(name, fn)` when redis-server is installed. Otherwise a visible skip, or under CI
 * (`CI` set) a failing test: CI must never pass with the Redis tests silently left out.
 */
export function describeWithRedis(name: string, fn: () => void): void {
  if (HAS_REDIS_SERVER) {
    describe(name, fn)
  } else if (process.env.CI) {
    describe(name, () => {
      it('needs redis-server (.ci/run installs it: apt-get install -y redis-server)', () => {
        throw new Error('redis-server is not installed, and CI is set: the Redis tests cannot be skipped')
      })
    })
  } else {
    console.warn(
      `\n⚠  @wecom-kit/redis: redis-server not found, skipping "${name}". ` +
        'Install it (apt-get install redis-server, brew install redis) to run these tests.\n',
    )
    describe.skip(name, fn)
  }
}

export interface RedisServer {
  readonly port: number
  /** Kills the server (SIGKILL: as a crash, nothing saved) and waits for it to be gone. */
  stop(): Promise<void>
  /** Starts it again on the same port, empty. */
  start(): Promise<void>
  /** Stops it for good and removes its directory. */
  close(): Promise<void>
}

export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'wecom-kit-redis-'))
  let child: ChildProcess | undefined
  const killOnExit = () => child?.kill('SIGKILL')
  process.once('exit', killOnExit)

  async function start(): Promise<void> {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']
    const proc = spawn(REDIS_SERVER, [...args, '--dir', dir, '--daemonize', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child = proc
    let output = ''
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 10_000)
      const onData = (chunk: Buffer) => {
        output += chunk.toString()
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer)
          resolve()
        }
      }
      proc.stdout?.on('data', onData)
      proc.stderr?.on('data', onData)
      proc.once('exit', (code) => {
        clearTimeout(timer)
        reject(new Error(`redis-server exited (${code}):\n${output}`))
      })
    })
  }

  async function stop(): Promise<void> {
    const proc = child
    child = undefined
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return
    const exited = new Promise((resolve) => proc.once('exit', resolve))
    proc.kill('SIGKILL')
    await exited
  }

  await start()
  return {
    port,
    start,
    stop,
    async close() {
      await stop()
      process.off('exit', killOnExit)
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
