// `pnpm bench`: every benchmark in one run, printed and written to docs/benchmarks.md with the
// machine it ran on. Targets: ≤ 1.10x raw fetch sequential, ≤ 1.05x at concurrency 50, one
// gettoken for 10 000 cold calls, no heap growth over 100 000 calls.
import { writeFileSync } from 'node:fs'
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import { measureColdStart } from './cold.mjs'
import { startServer } from './harness.mjs'
import { measureImportTime } from './import-time.mjs'
import { measureMemory } from './memory.mjs'
import { measureOverhead } from './overhead.mjs'

const OUT = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url))
const MB = 1024 * 1024

const machine = {
  date: new Date().toISOString().slice(0, 16).replace('T', ' '),
  node: process.version,
  os: `${os.type()} ${os.release()} ${os.arch()}`,
  cpu: `${os.cpus()[0]?.model ?? 'unknown'} × ${os.availableParallelism()}`,
  memory: `${Math.round(os.totalmem() / 1024 ** 3)} GiB`,
  loadBefore: os.loadavg()[0].toFixed(2),
}

const server = await startServer()
let overhead
let cold
let memory
try {
  console.log('overhead: users.get vs ky alone vs raw fetch …')
  overhead = await measureOverhead(server)
  console.log('cold start: 10 000 calls on a client with no token …')
  cold = await measureColdStart(server)
  console.log('memory: 100 000 calls …')
  memory = await measureMemory(server)
} finally {
  server.stop()
}
console.log('import time …')
const imports = measureImportTime()
machine.loadAfter = os.loadavg()[0].toFixed(2)

const formatRetries = (retries) =>
  Object.entries(retries)
    .map(([cause, n]) => `${n} ${cause}`)
    .join(', ') || '0'
const ms = (n) => `${n.toFixed(1)} ms`
const x = (ratio) => `${ratio.toFixed(2)}x`
const verdict = (ok) => (ok ? 'met' : '**missed**')
const [seq, conc] = overhead
const seqRatio = seq.sdkUs / seq.rawUs
const concRatio = conc.sdkUs / conc.rawUs
const first = memory[0].heapUsed
const last = memory.at(-1).heapUsed
const growth = last - first
// "No growth": less than 1 MB over 100 000 calls, i.e. under 10 bytes per call — a leak of a
// single object per call (a listener, a timer, a map entry) is far above that.
const heapOk = growth < MB

const report = `# Benchmarks

Written by \`pnpm bench\` (bench/run.mjs) from one run; do not edit by hand. The server is a
WeCom-shaped local HTTP server (bench/server.mjs) in its own process, so the figures are the
SDK's own cost per call, not WeCom's latency: on a real network the same microseconds are
spread over tens of milliseconds of round trip.

## Machine

| | |
| --- | --- |
| date (UTC) | ${machine.date} |
| Node | ${machine.node} |
| OS | ${machine.os} |
| CPU | ${machine.cpu} |
| memory | ${machine.memory} |
| load average (1 min) before / after | ${machine.loadBefore} / ${machine.loadAfter} |

## Targets

| | target | measured | |
| --- | --- | --- | --- |
| per call, sequential | ≤ 1.10x raw fetch | ${x(seqRatio)} | ${verdict(seqRatio <= 1.1)} |
| per call, concurrency 50 | ≤ 1.05x raw fetch | ${x(concRatio)} | ${verdict(concRatio <= 1.05)} |
| ${cold.calls.toLocaleString('en')} concurrent cold calls | 1 gettoken | ${cold.gettoken} | ${verdict(cold.gettoken === 1 && cold.failed === 0)} |
| heap over ${memory.at(-1).calls.toLocaleString('en')} calls | no growth (< 1 MB) | ${(growth / MB).toFixed(2)} MB | ${verdict(heapOk)} |

## Per-call overhead

\`client.users.get('zhangsan')\` against the same request made with raw \`fetch\` + \`response.json()\`,
and with ky alone (the HTTP layer core is built on, retry and timeout off). Median of
${seq.rounds} alternating rounds; µs per call.

| case | calls per round | raw fetch | ky alone | wecom-kit | wecom-kit / raw | wecom-kit / ky |
| --- | --: | --: | --: | --: | --: | --: |
${overhead
  .map(
    (r) =>
      `| ${r.label} | ${r.calls} | ${r.rawUs.toFixed(1)} | ${r.kyUs.toFixed(1)} | ${r.sdkUs.toFixed(1)} | ${x(r.sdkUs / r.rawUs)} | ${x(r.sdkUs / r.kyUs)} |`,
  )
  .join('\n')}

What a call costs on top of the HTTP exchange: the token lookup, input validation (valibot), the
retry wrapper (p-retry), the URL with \`access_token\`, hooks, JSON parsing that keeps 64-bit
integers exact, and the typed-error check. The "wecom-kit / ky" column is that part alone; the
rest of the gap to raw fetch is ky's: on Node 20 (undici) ky builds a \`Request\`, clones it and
sets up an \`AbortController\` for each call. In this run ky alone is ${x(seq.kyUs / seq.rawUs)} raw fetch
sequentially and ${x(conc.kyUs / conc.rawUs)} at concurrency 50, so the ≤ 1.10x / ≤ 1.05x targets cannot be met
while the transport is built on ky (the stack the project chose); what wecom-kit adds over ky
is the last column. The absolute cost is ${(seq.sdkUs - seq.rawUs).toFixed(0)} µs per call on this machine, against
WeCom round trips of tens of milliseconds.

## Cold start

A new client with no token receives ${cold.calls.toLocaleString('en')} calls at once.

| gettoken requests | user/get requests | retries (by cause) | failed calls | all answered in |
| --: | --: | --: | --: | --: |
| ${cold.gettoken} | ${cold.userGet} | ${formatRetries(cold.retries)} | ${cold.failed} | ${cold.ms.toFixed(0)} ms |

## Memory

One client, ${memory.at(-1).calls.toLocaleString('en')} calls at concurrency 50 after a 2 000-call warm-up;
heapUsed after a full GC (\`--expose-gc\`).

| calls | heapUsed |
| --: | --: |
${memory.map((s) => `| ${s.calls.toLocaleString('en')} | ${(s.heapUsed / MB).toFixed(2)} MB |`).join('\n')}

Growth from first to last sample: ${(growth / MB).toFixed(2)} MB (${(growth / memory.at(-1).calls).toFixed(1)} bytes per call).

## Cold import

\`await import()\` of \`@wecom-kit/core\` and \`@wecom-kit/users\` (built ESM) in a fresh Node process,
${imports.samples} processes each.

| | median | min | max |
| --- | --: | --: | --: |
| import core + users | ${ms(imports.imports.medianMs)} | ${ms(imports.imports.minMs)} | ${ms(imports.imports.maxMs)} |
| of which Node's first \`Request\` (fetch loaded lazily) | ${ms(imports.fetchInit.medianMs)} | ${ms(imports.fetchInit.minMs)} | ${ms(imports.fetchInit.maxMs)} |

ky creates a \`Request\` at import to detect what the runtime supports, so the import pays for
loading Node's fetch implementation; an app using raw \`fetch\` pays the same on its first call.

## Redis store

\`pnpm --filter @wecom-kit/redis bench\` compares the Redis token store with the memory store on a
warm token (needs redis-server); it is not part of this run.
`

writeFileSync(OUT, report)
console.log(report)
