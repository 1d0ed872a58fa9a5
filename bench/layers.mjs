// Where a call's time goes, from CPU profiles (`node --cpu-prof`, 20 000 sequential users.get
// against bench/server.mjs, Node 20, this machine, 2026-12-07). Kept next to the numbers it
// explains and rendered into docs/benchmarks.md; re-profile when the transport changes.
export const LAYERS = `## Where the time goes

Share of CPU samples of one wecom-kit process making 20 000 sequential \`users.get\` calls
(\`node --cpu-prof\`, Node 20):

| layer | share of samples | notes |
| --- | --: | --- |
| Node's HTTP stack (undici fetch, streams, sockets, the header write) | ~55 % | the same for raw fetch, ky and wecom-kit |
| idle (waiting for the local server) | 9–17 % | |
| garbage collection | 9–11 % | mostly undici's and ky's per-request objects |
| ky (Request built and cloned, options merged, an AbortController and timer for the timeout) | ~6 % | \`createAbortSignal\` and \`makeTransferable\` alone are ~4 %: ky's timeout machinery |
| wecom-kit core (token lookup, URL, pacing fast path, errcode check, JSON parse keeping 64-bit ids) | ~4 % | |
| p-retry (the retry wrapper, per call even when nothing fails) | ~1.7 % | |
| valibot (input check) | ~0.3 % | |

Before and after this round:

- **ky alone is now measured with the same settings as core** (a per-attempt timeout). Earlier
  runs gave ky no timeout, so "ky alone" skipped the AbortController and timer that core's ky
  call pays (~4 % of samples): the old "wecom-kit / ky" column charged ky's own timeout cost to
  wecom-kit.
- **Hooks' view of a call is built only when a hook is set**: the redaction regex over the URL
  (0.5 % of samples) no longer runs for clients without \`beforeRequest\`/\`afterResponse\`.
- **ky is loaded on the first request** (cold import, below), which moves ~40–100 ms from import
  to the first call and costs nothing per call after it.
- Pacing, on by default, takes a slot synchronously when the window has room: measured at
  60–87 ns per take/done pair (100 000 pairs), within noise per call.
- **The first attempt runs without p-retry** (2026-12-07, second round): p-retry copies and
  checks its options and reads the clock on every call, before anything has failed (5 % of the
  samples of an in-process run). The first attempt now runs bare and p-retry takes over only
  after a failure, taking that failure as its own first attempt (same backoff, same hooks):
  our layers alone went from +56 to +31 µs a call on Node 20 and from +14 to +10 µs on Node 24
  (\`bench/layers-cost.mjs\`, below).

- **An answer is decoded once, whole**, by one shared \`TextDecoder\` instead of a streaming
  decoder per call.

What is left, from a profile of the in-process run on Node 24 (40 000 calls, no network):
JSON parsing that keeps 64-bit ids exact is ~8 % of the samples (a \`\\d{16,}\` scan over the body,
then \`JSON.parse\`, which ky alone also pays), our transport (\`send\`, \`buildUrl\`, \`readText\`)
~5 %, the endpoint and retry wrappers ~2 %; the rest is ky (\`deepMerge\`, \`Request\` built and
cloned: ~12 %), undici and garbage collection. Each of our own steps is a few µs; together with
the awaits between them they are the +16–19 µs of "our layers alone". On the wire that is
1.00–1.07x ky alone, against the 1.05x target: the rest would need fewer layers (a transport
without ky's per-call \`Request\` clone and option merge), not a faster one. Behind the peer on
Node 20 (sequential 700 vs 680 µs, concurrency 50 496 vs 353 µs): raw fetch there beats the peer
(571 and 316 µs), ky alone does not (652 and 462 µs); the gap is ky's per-call cost on Node 20's
undici, which wecom-kit stands on by the project's choice. On Node 24 wecom-kit is ahead of the
peer on both lines.`

// Why createClient + users is the size it is, next to the table bench/bundle.mjs measures.
export const BUNDLE_NOTES = `The targets were 15 KB for the bundle and 5.5 KB for wecom-kit's own share; both are missed,
and on purpose for most of the difference:

- **Rate pacing is on by default** (DESIGN, "Rate pacing"; issue 15) and is core's largest file:
  per-path minute and hour windows, the concurrency cap and its halving after 45033, waiting
  out a 45009 block, and the lanes' life cycle. The fleet part (a store shared through Redis)
  lives in \`pacing-store.ts\`, which only an app passing a store pulls in (-0.4 KB gzip).
- **ky, valibot and p-retry** are the project's chosen layers: about 9.5 KB of the bundle, as
  the target assumed, which leaves 5.5 KB for all of wecom-kit's own code.
- **The rest of core** is what every call needs: the transport (errcode parsing, the body
  timeout, network errors that say whether the request was sent), the token manager with its
  store lock, option checks, hints per errcode, 64-bit-safe JSON and redaction.

Getting to 15 KB would take dropping default pacing or one of the three dependencies: a
decision for the project, not a trim.`

// The dev toolchain's current majors, tried one by one on this machine (issue 14; 2026-12-07),
// CPU = user + sys of the whole command, mean of 3–4 alternating runs on a loaded machine.
export const TOOLCHAIN = `## Dev toolchain

Each current major was tried alone in a clone, A/B against the pinned version:

| tool | pinned → tried | needs | measured (CPU) | verdict |
| --- | --- | --- | --- | --- |
| TypeScript 7 (native \`tsc\`) | 5.9.3 → 7.0.2 | Node ≥ 16 | typecheck 24.4 s → 9.5 s (−61 %), 620 → 760 MB RSS | **adopted for \`pnpm typecheck\`** (\`npx -p typescript@7.0.2\`). It has no compiler API, so tsup's d.ts build, TypeDoc and attw stay on 5.9. It found two type tests that 5.9 could not tell apart (\`[o?: T]\` vs \`[o?: T \\| undefined]\` under \`exactOptionalPropertyTypes\`): fixed. |
| @changesets/cli | 2.29.8 → 3.0.3 | Node ≥ 22 | \`status\` 0.5 s → 0.3 s | **adopted**, for correctness: 2.x would have released 15 packages as 1.0.0 because core 0.2 leaves their \`^0.1.0\` peer range. Runs on Node 24 through the scripts. |
| vitest | 4.1.12 → 5.1.2 | Node ≥ 22.12 | a 556-test subset on Node 24: 34.6 s → 33.5 s (−3 %, within the spread) | not adopted: the gain is Node 24's (−27 % against Node 20), and CI's Node 20 lane would run on an unsupported engine |
| msw | 2.15.0 → 3.0.5 | Node ≥ 22.12 | core + users on Node 24: 15.3 s → 22.3 s (+45 %) | not adopted: it is a runtime dependency of @wecom-kit/testing (users would need Node 22), it does not intercept on Node 20, and it is slower |
| tsup | 8.5.0 → 9.0.0 | Node ≥ 22.18 | \`pnpm build\` on Node 24: 117 s → 108 s (−8 %) | not yet: CI builds on Node 20, where 9 is unsupported; worth it once the build moves to Node 24 |
`
