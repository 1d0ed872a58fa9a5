// Cold import time of @wecom-kit/core + @wecom-kit/users (built ESM): each sample is a fresh
// Node process timing its own `await import()` of both, so module loading, parsing and
// top-level evaluation are all counted and nothing is cached in memory. ky is loaded on the
// first request, not at import (it builds a `Request` when it loads, and Node loads its fetch
// implementation then), so nothing is hidden: the first call's own time is measured too, from
// a fresh process's import to its first users.get answered (gettoken included), next to what
// Node alone needs to create its first `Request`.
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

const firstCall = (baseUrl) => `
const start = performance.now()
const { createClient } = await import(${JSON.stringify(dist('core'))})
const { users } = await import(${JSON.stringify(dist('users'))})
const imported = performance.now()
const client = createClient({ corpId: 'wwbench', corpSecret: 'bench-secret', baseUrl: ${JSON.stringify(baseUrl)} }).with(users)
await client.users.get('zhangsan')
process.stdout.write(String(performance.now() - imported))
`

function sample(script) {
  const ms = Array.from({ length: SAMPLES }, () =>
    Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })),
  )
  return { medianMs: median(ms), minMs: Math.min(...ms), maxMs: Math.max(...ms) }
}

/** `baseUrl`: the bench server, for the first call (gettoken + user/get, ky loaded on the way). */
export function measureImportTime(baseUrl) {
  return {
    samples: SAMPLES,
    imports: sample(importBoth),
    firstCall: sample(firstCall(baseUrl)),
    fetchInit: sample(firstRequest),
  }
}
