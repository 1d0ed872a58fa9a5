// docs/benchmarks.md from the results of each Node line (bench/run.mjs).
import { BUNDLE_NOTES, LAYERS, TOOLCHAIN } from './layers.mjs'

const MB = 1024 * 1024
const ms = (n) => `${n.toFixed(1)} ms`
const x = (ratio) => `${ratio.toFixed(2)}x`
const verdict = (ok) => (ok ? 'met' : '**missed**')
const line = (run) => `Node ${run.node.slice(1).split('.')[0]}`

function targets(run) {
  const [seq, conc] = run.overhead
  const growth = run.memory.at(-1).heapUsed - run.memory[0].heapUsed
  const rows = [
    ['wecom-kit / ky alone, sequential', '≤ 1.05x', x(seq.sdkUs / seq.kyUs), seq.sdkUs / seq.kyUs <= 1.05],
    [
      'wecom-kit / ky alone, concurrency 50',
      '≤ 1.05x',
      x(conc.sdkUs / conc.kyUs),
      conc.sdkUs / conc.kyUs <= 1.05,
    ],
    [
      'our layers alone, CPU per call (no network)',
      '≤ 1.05x ky',
      `${x(run.layers.sdkUs / run.layers.kyUs)} (+${(run.layers.sdkUs - run.layers.kyUs).toFixed(1)} µs)`,
      run.layers.sdkUs / run.layers.kyUs <= 1.05,
    ],
    [
      'ahead of the peer, sequential',
      '< peer',
      `${seq.sdkUs.toFixed(0)} vs ${seq.peerUs.toFixed(0)} µs`,
      seq.sdkUs < seq.peerUs,
    ],
    [
      'ahead of the peer, concurrency 50',
      '< peer',
      `${conc.sdkUs.toFixed(0)} vs ${conc.peerUs.toFixed(0)} µs`,
      conc.sdkUs < conc.peerUs,
    ],
    [
      `${run.cold.calls.toLocaleString('en')} concurrent cold calls`,
      '1 gettoken',
      String(run.cold.gettoken),
      run.cold.gettoken === 1 && run.cold.failed === 0,
    ],
    [
      `heap over ${run.memory.at(-1).calls.toLocaleString('en')} calls`,
      '< 1 MB',
      `${(growth / MB).toFixed(2)} MB`,
      growth < MB,
    ],
  ]
  if (line(run) === 'Node 24') {
    const importMs = run.imports.imports.medianMs
    rows.push(['cold import of core + users (median)', '≤ 40 ms', ms(importMs), importMs <= 40])
  }
  return rows.map(
    ([what, target, measured, ok]) => `| ${line(run)} | ${what} | ${target} | ${measured} | ${verdict(ok)} |`,
  )
}

const KB = (bytes) => `${(bytes / 1000).toFixed(1)} KB`

function bundleTargets(bundle) {
  const own = bundle.parts.filter((p) => p.name.startsWith('@wecom-kit/')).reduce((n, p) => n + p.gzip, 0)
  return [
    `| all | ${bundle.entry}, gzip | ≤ 15 KB | ${KB(bundle.gzip)} | ${verdict(bundle.gzip <= 15_000)} |`,
    `| all | its wecom-kit share, gzip | ≤ 5.5 KB | ${KB(own)} | ${verdict(own <= 5_500)} |`,
  ]
}

function renderBundle(bundle) {
  return `## Bundle

\`${bundle.entry}\` bundled for the browser by esbuild (minified, tree-shaken) from the built
packages, as \`scripts/size.mjs\` does: ${KB(bundle.minified)} minified, **${KB(bundle.gzip)} gzip**.
By origin (gzip does not add up by file: each origin's share of the minified bytes, applied to
the gzipped total):

| origin | minified | gzip (pro rata) |
| --- | --: | --: |
${bundle.parts.map((p) => `| ${p.name} | ${KB(p.minified)} | ${KB(p.gzip)} |`).join('\n')}

Core's part, by source file (minified):

| file | minified |
| --- | --: |
${bundle.coreFiles.map((f) => `| ${f.file} | ${KB(f.minified)} |`).join('\n')}

${BUNDLE_NOTES}
`
}

export function renderReport(machine, runs, bundle) {
  return `# Benchmarks

Written by \`pnpm bench\` (bench/run.mjs) from one run on each Node line; do not edit by hand.
The server is a WeCom-shaped local HTTP server (bench/server.mjs) in its own process, so the
figures are the SDK's own cost per call, not WeCom's latency: on a real network the same
microseconds are spread over tens of milliseconds of round trip.

## Machine

| | |
| --- | --- |
| date (UTC) | ${machine.date} |
| Node | ${runs.map((r) => r.node).join(', ')} |
| OS | ${machine.os} |
| CPU | ${machine.cpu} |
| memory | ${machine.memory} |
| load average (1 min) before / after | ${machine.loadBefore} / ${machine.loadAfter} |

## Targets

| Node | | target | measured | |
| --- | --- | --- | --- | --- |
${[...runs.flatMap(targets), ...bundleTargets(bundle)].join('\n')}

## Per-call overhead

\`client.users.get('zhangsan')\` against the same request made with raw \`fetch\` + \`response.json()\`,
with ky alone (the HTTP layer core is built on, retry and timeout off), and with the peer
\`wechat-enterprise-api@0.3.0\` (urllib 2, node:http), the library users migrate from. Median of
${runs[0].overhead[0].rounds} alternating rounds; µs per call.

| Node | case | calls per round | raw fetch | ky alone | wecom-kit | peer | wecom-kit / ky | wecom-kit / raw | peer / raw |
| --- | --- | --: | --: | --: | --: | --: | --: | --: | --: |
${runs
  .flatMap((run) =>
    run.overhead.map(
      (r) =>
        `| ${line(run)} | ${r.label} | ${r.calls} | ${r.rawUs.toFixed(1)} | ${r.kyUs.toFixed(1)} | ${r.sdkUs.toFixed(1)} | ${r.peerUs.toFixed(1)} | ${x(r.sdkUs / r.kyUs)} | ${x(r.sdkUs / r.rawUs)} | ${x(r.peerUs / r.rawUs)} |`,
    ),
  )
  .join('\n')}

"wecom-kit / ky" is what wecom-kit adds on top of its HTTP layer: the token lookup, input
validation, the retry wrapper, the URL with \`access_token\`, hooks, JSON parsing that keeps 64-bit
integers exact, and the errcode check. The rest of the gap to raw fetch is ky's own (a
\`Request\` built and cloned per call); the peer's node:http client skips fetch altogether.

The same rounds, in CPU time of the client process per call (µs, user + system): what the
machine's other work and the server's scheduling do not blur.

| Node | case | raw fetch | ky alone | wecom-kit | peer | wecom-kit / ky |
| --- | --- | --: | --: | --: | --: | --: |
${runs
  .flatMap((run) =>
    run.overhead.map(
      (r) =>
        `| ${line(run)} | ${r.label} | ${r.cpuUs.raw.toFixed(1)} | ${r.cpuUs.ky.toFixed(1)} | ${r.cpuUs.sdk.toFixed(1)} | ${r.cpuUs.peer.toFixed(1)} | ${x(r.cpuUs.sdk / r.cpuUs.ky)} |`,
    ),
  )
  .join('\n')}

## Our layers alone

\`bench/layers-cost.mjs\`: ky alone and wecom-kit over a \`fetch\` that answers at once with the
server's body (no socket, no server), ${runs[0].layers.calls.toLocaleString('en')} sequential calls a round, median of ${runs[0].layers.rounds}
alternating rounds, CPU µs per call. The difference is exactly what wecom-kit's own layers cost.

| Node | Response + json() | ky alone | wecom-kit | wecom-kit − ky | wecom-kit / ky |
| --- | --: | --: | --: | --: | --: |
${runs
  .map((run) => {
    const l = run.layers
    return `| ${line(run)} | ${l.rawUs.toFixed(1)} | ${l.kyUs.toFixed(1)} | ${l.sdkUs.toFixed(1)} | ${(l.sdkUs - l.kyUs).toFixed(1)} | ${x(l.sdkUs / l.kyUs)} |`
  })
  .join('\n')}

${LAYERS}

${renderBundle(bundle)}

## Cold start

A new client with no token receives 10,000 calls at once.

| Node | gettoken requests | user/get requests | retries (by cause) | failed calls | all answered in |
| --- | --: | --: | --: | --: | --: |
${runs
  .map((run) => {
    const c = run.cold
    const retries =
      Object.entries(c.retries)
        .map(([cause, n]) => `${n} ${cause}`)
        .join(', ') || '0'
    return `| ${line(run)} | ${c.gettoken} | ${c.userGet} | ${retries} | ${c.failed} | ${c.ms.toFixed(0)} ms |`
  })
  .join('\n')}

## Memory

One client, ${runs[0].memory.at(-1).calls.toLocaleString('en')} calls at concurrency 50 after a 2 000-call warm-up;
heapUsed after a full GC (\`--expose-gc\`).

| Node | ${runs[0].memory.map((s) => `${s.calls.toLocaleString('en')} calls`).join(' | ')} | growth |
| --- | ${runs[0].memory.map(() => '--:').join(' | ')} | --: |
${runs
  .map((run) => {
    const growth = run.memory.at(-1).heapUsed - run.memory[0].heapUsed
    return `| ${line(run)} | ${run.memory.map((s) => `${(s.heapUsed / MB).toFixed(2)} MB`).join(' | ')} | ${(growth / MB).toFixed(2)} MB (${(growth / run.memory.at(-1).calls).toFixed(1)} B per call) |`
  })
  .join('\n')}

## Cold import and the first call

Each figure is a fresh Node process, ${runs[0].imports.samples} processes each (median / min / max).
ky is loaded on the first request, not at import: it builds a \`Request\` when it loads, and Node
loads its fetch implementation then. So the import is cheap and the first call carries that
cost (it also includes gettoken); Node's own first \`Request\` is shown for comparison: an app
using raw \`fetch\` pays it on its first call too.

| Node | \`await import()\` core + users | first users.get after the import | Node's first \`new Request()\` |
| --- | --: | --: | --: |
${runs
  .map((run) => {
    const i = run.imports
    const cell = (s) => `${ms(s.medianMs)} (${s.minMs.toFixed(1)}–${s.maxMs.toFixed(1)})`
    return `| ${line(run)} | ${cell(i.imports)} | ${cell(i.firstCall)} | ${cell(i.fetchInit)} |`
  })
  .join('\n')}

## Redis store

\`pnpm --filter @wecom-kit/redis bench\` compares the Redis token store with the memory store on a
warm token (needs redis-server); it is not part of this run.

${TOOLCHAIN}`
}
