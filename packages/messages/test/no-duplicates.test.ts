// Retries never duplicate a message. A real local server counts deliveries the way WeCom
// does (a send with enable_duplicate_check is delivered once per content and recipients),
// and misbehaves after delivering: answers too late, drops the connection, or answers 502.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createClient, isWeComHttpError, isWeComNetworkError } from '@wecom-kit/core'
import { messages } from '@wecom-kit/messages'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

type Misbehaviour = 'slow' | 'drop' | 'bad-gateway' | 'none'

let server: Server
let baseUrl: string
let misbehave: Misbehaviour
let posts = 0
let deliveries = 0
const seen = new Set<string>()

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    if (url.pathname.endsWith('/gettoken')) {
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify({ errcode: 0, errmsg: 'ok', access_token: 'T', expires_in: 7200 }))
      return
    }
    let raw = ''
    req.on('data', (c) => {
      raw += c
    })
    req.on('end', () => {
      posts++
      const body = JSON.parse(raw) as Record<string, unknown>
      const { enable_duplicate_check: check, ...content } = body
      const fingerprint = JSON.stringify(content)
      if (!(check === 1 && seen.has(fingerprint))) deliveries++
      seen.add(fingerprint)
      const first = posts === 1
      if (first && misbehave === 'drop') return req.socket.destroy()
      if (first && misbehave === 'bad-gateway') {
        res.statusCode = 502
        return res.end('<html>502 Bad Gateway</html>')
      }
      const answer = () => {
        res.setHeader('content-type', 'application/json')
        res.end(JSON.stringify({ errcode: 0, errmsg: 'ok', msgid: `MSG${posts}` }))
      }
      if (first && misbehave === 'slow') setTimeout(answer, 400)
      else answer()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cgi-bin/`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})
beforeEach(() => {
  posts = 0
  deliveries = 0
  seen.clear()
})

const text = { touser: 'zhangsan', msgtype: 'text', text: { content: '服务器告警：磁盘 92%' } } as const
const client = (extra: { duplicateCheck?: boolean } = {}) =>
  createClient({
    corpId: 'wwsend',
    corpSecret: 'send-secret',
    agentId: 1000002,
    baseUrl,
    timeout: 150,
    retry: { retries: 3, minTimeout: 1, maxTimeout: 5 },
    ...extra,
  }).with(messages)

describe.each(['slow', 'drop', 'bad-gateway'] as const)('a send whose answer is lost (%s)', (kind) => {
  it('is not replayed without duplicate checking: one delivery, a typed error', async () => {
    misbehave = kind
    const error = await client()
      .messages.send(text)
      .catch((e: unknown) => e)
    expect(isWeComNetworkError(error) || isWeComHttpError(error)).toBe(true)
    if (kind === 'slow') expect(error).toMatchObject({ timeout: true })
    expect(posts).toBe(1)
    expect(deliveries).toBe(1)
  })

  it('is replayed with enable_duplicate_check, and still delivered once', async () => {
    misbehave = kind
    const result = await client().messages.send({ ...text, enable_duplicate_check: 1 })
    expect(result.msgid).toMatch(/^MSG/)
    expect(posts).toBeGreaterThan(1)
    expect(deliveries).toBe(1)
  })

  it('is replayed when the client turns duplicate checking on for every send', async () => {
    misbehave = kind
    await client({ duplicateCheck: true }).messages.send(text)
    expect(posts).toBeGreaterThan(1)
    expect(deliveries).toBe(1)
  })
})

it('an explicit enable_duplicate_check: 0 wins over the client option, and is not replayed', async () => {
  misbehave = 'drop'
  await client({ duplicateCheck: true })
    .messages.send({ ...text, enable_duplicate_check: 0 })
    .catch(() => {})
  expect(posts).toBe(1)
})
