// A cold client (no token yet) receiving 10 000 calls at once: how many gettoken requests reach
// the server, and how long until every call has its answer.
import { createClient } from '../packages/core/dist/index.js'
import { users } from '../packages/users/dist/index.js'

const COLD = Number(process.env.BENCH_COLD ?? 10_000)

export async function measureColdStart(server) {
  server.reset()
  // Retries are counted by cause: at this concurrency a loaded machine may reset or time out
  // some of the 10 000 sockets, and the report should say so rather than hide it.
  const retries = {}
  const client = createClient({
    corpId: 'wwbench',
    corpSecret: 'bench-secret',
    baseUrl: server.baseUrl,
    hooks: {
      onRetry({ error }) {
        const cause = error.timeout ? 'timeout' : (error.code ?? error.errcode ?? error.status ?? error.name)
        retries[cause] = (retries[cause] ?? 0) + 1
      },
    },
  }).with(users)
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
