// A throw-away redis-server for the examples that show a fleet: a free port on 127.0.0.1, no
// persistence, a directory of its own, and nothing left behind when this process exits, however
// it exits. Not part of the SDK: in production, point ioredis at your own Redis.
import { spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const REDIS_SERVER = process.env.REDIS_SERVER || 'redis-server'

async function freePort() {
  const probe = createServer().listen(0, '127.0.0.1')
  await once(probe, 'listening')
  const { port } = probe.address()
  probe.close()
  await once(probe, 'close')
  return port
}

/** Starts redis-server for `example` (its name, for messages); exits the process when there is none. */
export async function startRedisServer(example) {
  if (spawnSync(REDIS_SERVER, ['--version'], { stdio: 'ignore' }).status !== 0) {
    console.error(
      `${example}: "${REDIS_SERVER}" was not found on the PATH. This example starts its own Redis:\n` +
        "  install Debian's redis-server package (apt-get install -y redis-server), or set\n" +
        '  REDIS_SERVER to the path of a redis-server binary.',
    )
    process.exit(1)
  }
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), `wecom-kit-${example}-`))
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    dir,
  ]
  const proc = spawn(REDIS_SERVER, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  const cleanUp = () => {
    proc.kill('SIGKILL') // nothing to save: --save '' --appendonly no
    rmSync(dir, { recursive: true, force: true })
  }
  process.on('exit', cleanUp)
  let output = ''
  await new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk
      if (output.includes('Ready to accept connections')) resolve()
    }
    proc.stdout.on('data', onData)
    proc.stderr.on('data', onData)
    proc.once('exit', (code) => reject(new Error(`redis-server exited (${code}):\n${output}`)))
  })
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        const exited = once(proc, 'exit')
        proc.kill('SIGKILL')
        await exited
      }
      rmSync(dir, { recursive: true, force: true })
      process.off('exit', cleanUp)
    },
  }
}
