// A cold client (no token yet) receiving 10 000 calls at once: how many gettoken requests reach
// the server, and how long until every call has its answer.
import { benchClient } from './harness.mjs'

const COLD = Number(process.env.BENCH_COLD ?? 10_000)

export async function measureColdStart(server) {
  server.reset()
  // Retries are counted by cause: at this concurrency a loaded machine may reset or time out
  // some of the 10 000 sockets, and the report should say so rather than hide it.
  const retries = {}
  const client = benchClient(server.baseUrl, {
    hooks: {
      onRetry({ error }) {
        const cause = error.timeout ? 'timeout' : (error.code ?? error.errcode ?? error.status ?? error.name)
        retries[cause] = (retries[cause] ?? 0) + 1
      },
    },
  })
  const start = performance.now()
  const results = await Promise.allSettled(Array.from({ length: COLD }, () => client.users.get('zhangsan')))
  const ms = performance.now() - start
  const counts = await server.counts()
  return {
    calls: COLD,
    ms,
    failed: results.filter((r) => r.status === 'rejected').length,
    gettoken: counts['/cgi-bin/gettoken'] ?? 0,
    userGet: counts['/cgi-bin/user/get'] ?? 0,
    retries,
  }
}
