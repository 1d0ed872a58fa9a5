// Runs child.ts in its own Node process. The child is bundled from the sources with esbuild
// (already a dev dependency; `@wecom-kit/*` resolved through tsconfig paths, as vitest does),
// so it tests the code in the tree, not a dist that may be stale, and needs no build step.
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import type { ChildConfig } from './protocol.js'

const root = fileURLToPath(new URL('../../', import.meta.url))

let bundled: Promise<{ file: string; dir: string }> | undefined

/** The child, bundled once per test process. */
function bundle() {
  bundled ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wecom-kit-reliability-'))
    const file = join(dir, 'child.mjs')
    await build({
      entryPoints: [fileURLToPath(new URL('./child.ts', import.meta.url))],
      outfile: file,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      tsconfig: join(root, 'tsconfig.json'),
      absWorkingDir: root,
      logLevel: 'error',
    })
    return { file, dir }
  })()
  return bundled
}

export async function removeBundle() {
  if (!bundled) return
  const { dir } = await bundled
  bundled = undefined
  await rm(dir, { recursive: true, force: true })
}

export interface ChildResult {
  /** The JSON lines the child wrote. */
  messages: Record<string, any>[]
  code: number | null
  signal: NodeJS.Signals | null
  stderr: string
  /**
   * From the child's last call settling ('done') to its 'exit' event, which Node emits once
   * nothing (timer, socket, listener) is left to keep the process alive. Timed by the child's
   * own clock, so a busy parent does not blur it.
   */
  exitAfterDoneMs: number | undefined
  /** Killed by us because it did not end within `killAfterMs`. */
  killed: boolean
}

export interface RunChildOptions {
  nodeArgs?: string[]
  /** Called for each JSON line as it arrives. */
  onMessage?: (message: Record<string, any>) => void
  /** A child still running after this is hung: killed, and the result says so. Default 30 s. */
  killAfterMs?: number
}

export async function runChild(config: ChildConfig, options: RunChildOptions = {}): Promise<ChildResult> {
  const { file } = await bundle()
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), file], {
    env: { ...process.env, RELIABILITY_CHILD: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const messages: Record<string, any>[] = []
  let stderr = ''
  let buffered = ''
  let killed = false
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
  })
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk
    for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
      const line = buffered.slice(0, nl)
      buffered = buffered.slice(nl + 1)
      if (!line.trim()) continue
      const message = JSON.parse(line) as Record<string, any>
      messages.push(message)
      options.onMessage?.(message)
    }
  })
  const timer = setTimeout(() => {
    killed = true
    child.kill('SIGKILL')
  }, options.killAfterMs ?? 30_000)
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('close', (c, s) => resolve([c, s])),
  )
  clearTimeout(timer)
  const done = messages.find((m) => m.type === 'done')
  const exit = messages.find((m) => m.type === 'exit')
  return {
    messages,
    code,
    signal,
    stderr,
    exitAfterDoneMs: done && exit ? exit.at - done.at : undefined,
    killed,
  }
}
