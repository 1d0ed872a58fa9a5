// `pnpm bench`: every benchmark, on Node 20 and Node 24 (Node binaries of other lines come from
// the npm registry, the `node` package), printed and written to docs/benchmarks.md with the
// machine it ran on. Each line runs in its own process (`--measure` prints that line's results
// as JSON); this driver writes the report from both.
// Targets: what wecom-kit adds ≤ 1.05x ky alone (sequential and at concurrency 50), ahead of the
// peer wechat-enterprise-api; one gettoken for 10 000 cold calls; no heap growth over 100 000
// calls; cold import of core + users ≤ 40 ms on Node 24.
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import { measureColdStart } from './cold.mjs'
import { startServer } from './harness.mjs'
import { measureImportTime } from './import-time.mjs'
import { measureLayerCost } from './layers-cost.mjs'
import { measureMemory } from './memory.mjs'
import { measureOverhead } from './overhead.mjs'
import { renderReport } from './report.mjs'

const OUT = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url))
const LINES = (process.env.BENCH_NODE_LINES ?? '20 24').split(/\s+/).filter(Boolean)

if (process.argv.includes('--measure')) {
  const server = await startServer()
  try {
    console.error(`[node ${process.version}] overhead: users.get vs raw fetch, ky alone and the peer …`)
    const overhead = await measureOverhead(server)
    console.error(
      `[node ${process.version}] our layers alone: ky and wecom-kit over a fetch that answers at once …`,
    )
    const layers = await measureLayerCost()
    console.error(`[node ${process.version}] cold start: 10 000 calls on a client with no token …`)
    const cold = await measureColdStart(server)
    console.error(`[node ${process.version}] memory: 100 000 calls …`)
    const memory = await measureMemory(server)
    console.error(`[node ${process.version}] import time and first call …`)
    const imports = measureImportTime(server.baseUrl)
    process.stdout.write(JSON.stringify({ node: process.version, overhead, layers, cold, memory, imports }))
  } finally {
    server.stop()
  }
} else {
  const machine = {
    date: new Date().toISOString().slice(0, 16).replace('T', ' '),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cpu: `${os.cpus()[0]?.model ?? 'unknown'} × ${os.availableParallelism()}`,
    memory: `${Math.round(os.totalmem() / 1024 ** 3)} GiB`,
    loadBefore: os.loadavg()[0].toFixed(2),
  }
  const runs = []
  for (const line of LINES) {
    const node = process.version.startsWith(`v${line}.`)
      ? process.execPath
      : execFileSync('npx', ['-y', `node@${line}`, '-p', 'process.execPath'], { encoding: 'utf8' }).trim()
    const script = fileURLToPath(import.meta.url)
    const json = execFileSync(node, ['--expose-gc', script, '--measure'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 16 * 1024 * 1024,
    })
    runs.push(JSON.parse(json))
  }
  // Bundle sizes: once (esbuild and gzip give the same bytes on every line).
  const { measureBundle } = await import('./bundle.mjs')
  const bundle = await measureBundle()
  // Rate pacing: once, on this Node (about a minute of windows; needs redis-server for its fleet part).
  const { measurePacing, renderPacing } = await import('./pacing.mjs')
  const pacing = await measurePacing()
  machine.loadAfter = os.loadavg()[0].toFixed(2)
  const report = renderReport(machine, runs, bundle) + renderPacing(pacing)
  writeFileSync(OUT, report)
  console.log(report)
}
