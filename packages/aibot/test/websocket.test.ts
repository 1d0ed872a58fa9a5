// Both WebSocket paths, each in a real process: the platform's global WebSocket (Node 20 with
// --experimental-websocket here; Node ≥ 22, Bun and Deno have it by default) and the `ws`
// package where there is none. In both, stop() must let the process exit by itself.
import { type ChildProcess, fork } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type AiBotGateway, createAiBotGateway } from '@wecom-kit/testing'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { bundleWorker } from '../../../test/support/bundle-worker.js'

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url))
let bundleDir: string
let bundle: string
let gateway: AiBotGateway
let child: ChildProcess | undefined

beforeAll(async () => {
  bundleDir = mkdtempSync(join(tmpdir(), 'wecom-kit-aibot-socket-'))
  bundle = join(bundleDir, 'socket-worker.cjs')
  await bundleWorker(source('./support/socket-worker.ts'), bundle, ['core', 'callback', 'aibot'])
})
afterAll(() => {
  if (bundleDir) rmSync(bundleDir, { recursive: true, force: true })
})
beforeEach(async () => {
  gateway = await createAiBotGateway()
})
afterEach(async () => {
  child?.kill('SIGKILL')
  await gateway.close()
})

/** Runs the worker with this Node and these flags: what it reports, the reply, and how it exits. */
async function run(execPath: string, execArgv: string[]) {
  child = fork(bundle, [], {
    execPath,
    execArgv,
    env: { ...process.env, BOT_ID: gateway.botId, BOT_SECRET: gateway.secret, GATEWAY_URL: gateway.url },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  })
  const messages: Record<string, unknown>[] = []
  child.on('message', (m: Record<string, unknown>) => messages.push(m))
  const exit = new Promise<{ code: number | null; at: number }>((resolve) =>
    child!.once('exit', (code) => resolve({ code, at: Date.now() })),
  )
  const started = await gateway.waitFor(() => messages.find((m) => 'state' in m || 'error' in m))
  const reqId = gateway.userSays('hi')
  await gateway.waitFor(() => gateway.stream(reqId)?.finished)
  await new Promise((resolve) => setTimeout(resolve, 250)) // a few heartbeats
  const stopAt = Date.now()
  child.send({ cmd: 'stop' })
  const { code, at } = await exit
  return {
    started,
    content: gateway.stream(reqId)?.content,
    code,
    exitMs: at - stopAt,
    pings: gateway.connections()[0]?.pings,
  }
}

describe('WebSocket implementations', () => {
  it('uses the global WebSocket where the platform has one', async () => {
    const result = await run(process.execPath, ['--experimental-websocket', '--no-warnings'])
    expect(result.started).toEqual({ state: 'connected', hasGlobal: true, globalSockets: 1 })
    expect(result.content).toBe(`hello from node ${process.versions.node}`)
    expect(result.pings).toBeGreaterThanOrEqual(2)
    expect(result.code).toBe(0)
    expect(result.exitMs).toBeLessThan(2000)
  })

  it('loads the ws package where there is none (Node 20, or Node ≥ 22 with the global turned off)', async () => {
    const major = Number(process.versions.node.split('.')[0])
    const result = await run(process.execPath, major >= 22 ? ['--no-experimental-websocket'] : [])
    expect(result.started).toEqual({ state: 'connected', hasGlobal: false, globalSockets: 0 })
    expect(result.content).toBe(`hello from node ${process.versions.node}`)
    expect(result.code).toBe(0)
    expect(result.exitMs).toBeLessThan(2000)
  })

  // A Node ≥ 22 binary (e.g. the one `npx -y node@24` installs) runs the worker as is.
  it.skipIf(!process.env.AIBOT_NODE_22)('uses the global WebSocket of Node ≥ 22 by default', async () => {
    const result = await run(process.env.AIBOT_NODE_22!, [])
    expect(result.started).toEqual({ state: 'connected', hasGlobal: true, globalSockets: 1 })
    expect(result.code).toBe(0)
  })
})
