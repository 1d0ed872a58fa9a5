// Heap after 100 000 calls: one client in a child process with --expose-gc makes the calls at
// concurrency 50 and reports heapUsed after a full collection at checkpoints. A client that
// kept something per call (a listener, a timer, a cache entry) would grow with the count.
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const CALLS = Number(process.env.BENCH_MEMORY_CALLS ?? 100_000)

export async function measureMemory(server) {
  const child = fork(fileURLToPath(import.meta.url), [server.baseUrl, String(CALLS)], {
    execArgv: ['--expose-gc'],
    stdio: 'inherit',
  })
  const [samples] = await Promise.all([
    new Promise((resolve) => child.once('message', resolve)),
    new Promise((resolve) => child.once('exit', resolve)),
  ])
  return samples
}

async function childMain(baseUrl, calls) {
  const { benchClient } = await import('./harness.mjs')
  const { concurrent } = await import('./timing.mjs')
  // Pacing off here: its window keeps one stamp per call of the last minute and hour (bounded by
  // the limits, not a leak), and this run makes 100 000 calls in well under a minute.
  const client = benchClient(baseUrl, { rateLimit: false })
  const run = concurrent(50)
  const call = () => client.users.get('zhangsan')
  const heap = () => {
    globalThis.gc()
    globalThis.gc()
    return process.memoryUsage().heapUsed
  }
  await run(call, 2000) // warm-up: JIT, sockets, the token
  const samples = [{ calls: 0, heapUsed: heap() }]
  const step = calls / 4
  for (let done = step; done <= calls; done += step) {
    await run(call, step)
    samples.push({ calls: done, heapUsed: heap() })
  }
  process.send(samples)
  process.disconnect()
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.send) {
  await childMain(process.argv[2], Number(process.argv[3]))
}
