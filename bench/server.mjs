// A WeCom-shaped HTTP server for benchmarks: gettoken and user/get, fixed answers.
// Runs in its own process so that it does not compete with the client for the event loop.
import { createServer } from 'node:http'

import { member, TOKEN, tokenBody } from './bodies.mjs'

const denied = JSON.stringify({ errcode: 40014, errmsg: 'invalid access_token' })

// Requests per path, for the benchmarks that count (a parent asks with { type: 'counts' }).
const counts = {}

const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://x')
  counts[url.pathname] = (counts[url.pathname] ?? 0) + 1
  let body
  if (url.pathname === '/cgi-bin/gettoken') body = tokenBody
  else if (url.searchParams.get('access_token') !== TOKEN) body = denied
  else if (url.pathname === '/cgi-bin/user/get') body = member
  else body = JSON.stringify({ errcode: 404, errmsg: 'unknown path' })
  res.writeHead(200, {
    'content-type': 'application/json; charset=UTF-8',
    'content-length': Buffer.byteLength(body),
  })
  res.end(body)
})
server.keepAliveTimeout = 60_000
server.listen(0, '127.0.0.1', () => process.send?.({ port: server.address().port, token: TOKEN }))
process.on('message', (message) => {
  if (message?.type === 'counts') process.send?.({ type: 'counts', counts })
  if (message?.type === 'reset') for (const key of Object.keys(counts)) delete counts[key]
})
process.on('disconnect', () => process.exit(0))
