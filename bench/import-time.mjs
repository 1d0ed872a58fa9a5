// Cold import time of @wecom-kit/core + @wecom-kit/users (built ESM): each sample is a fresh
// Node process timing its own `await import()` of both, so module loading, parsing and
// top-level evaluation are all counted and nothing is cached in memory. A second figure times
// what Node itself needs to create the first `Request` (it loads its fetch implementation
// lazily): ky feature-detects with a `Request` at import, so the import pays that cost, which
// an app pays on its first fetch anyway.
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { median } from './timing.mjs'

const SAMPLES = Number(process.env.BENCH_IMPORT_SAMPLES ?? 15)
const dist = (name) => fileURLToPath(new URL(`../packages/${name}/dist/index.js`, import.meta.url))

const importBoth = `
const start = performance.now()
await import(${JSON.stringify(dist('core'))})
await import(${JSON.stringify(dist('users'))})
process.stdout.write(String(performance.now() - start))
`
const firstRequest = `
const start = performance.now()
new Request('http://127.0.0.1/')
process.stdout.write(String(performance.now() - start))
`

function sample(script) {
  const ms = Array.from({ length: SAMPLES }, () =>
    Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })),
  )
  return { medianMs: median(ms), minMs: Math.min(...ms), maxMs: Math.max(...ms) }
}

export function measureImportTime() {
  return { samples: SAMPLES, imports: sample(importBoth), fetchInit: sample(firstRequest) }
}
