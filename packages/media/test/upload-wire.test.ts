// What goes over the wire, checked by a real multipart parser (busboy) on a real local HTTP
// server: the field name, the filename as raw UTF-8, and the file bytes, byte for byte.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createClient } from '@wecom-kit/core'
import { media } from '@wecom-kit/media'
import busboy from 'busboy'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

interface ReceivedPart {
  field: string
  filename: string
  rawDisposition: Buffer
  mimeType: string
  bytes: Buffer
  query: URLSearchParams
}

let server: Server
let baseUrl: string
let received: ReceivedPart[] = []

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    res.setHeader('content-type', 'application/json')
    if (url.pathname.endsWith('/gettoken')) {
      res.end(JSON.stringify({ errcode: 0, errmsg: 'ok', access_token: 'WIRE_TOKEN', expires_in: 7200 }))
      return
    }
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const raw = Buffer.concat(chunks)
      const headerEnd = raw.indexOf('\r\n\r\n')
      const rawDisposition = raw.subarray(0, headerEnd)
      // defParamCharset utf8: read filename="…" bytes as UTF-8, as WeCom does.
      const parser = busboy({ headers: req.headers, defParamCharset: 'utf8' })
      parser.on('file', (field, stream, info) => {
        const bytes: Buffer[] = []
        stream.on('data', (b: Buffer) => bytes.push(b))
        stream.on('end', () =>
          received.push({
            field,
            filename: info.filename,
            rawDisposition,
            mimeType: info.mimeType,
            bytes: Buffer.concat(bytes),
            query: url.searchParams,
          }),
        )
      })
      parser.on('close', () =>
        res.end(
          JSON.stringify({
            errcode: 0,
            errmsg: 'ok',
            type: 'file',
            media_id: 'MEDIA_1',
            created_at: '1700000000',
          }),
        ),
      )
      parser.end(raw)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cgi-bin/`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))
beforeEach(() => {
  received = []
})

const client = () =>
  createClient({ corpId: 'wwwire', corpSecret: 'wire-secret', baseUrl: baseUrl }).with(media)
const csv = '姓名,帐号\r\n张三,zhangsan\r\n'

describe('media.upload on the wire', () => {
  it('sends field "media" with a raw UTF-8 Chinese filename and the exact bytes', async () => {
    const bytes = new TextEncoder().encode(csv)
    const result = await client().media.upload('file', bytes, { filename: '通讯录.csv' })
    expect(result).toMatchObject({ media_id: 'MEDIA_1', created_at: '1700000000' })
    expect(received).toHaveLength(1)
    const part = received[0]!
    expect(part.field).toBe('media')
    expect(part.filename).toBe('通讯录.csv')
    // Raw UTF-8 bytes in filename="…", not RFC 2231 filename*= nor percent-encoding.
    expect(part.rawDisposition.includes(Buffer.from('filename="通讯录.csv"', 'utf8'))).toBe(true)
    expect(part.rawDisposition.toString('latin1')).not.toContain('filename*')
    expect(part.bytes.equals(Buffer.from(bytes))).toBe(true)
    expect(part.query.get('type')).toBe('file')
    expect(part.query.get('access_token')).toBe('WIRE_TOKEN')
    expect(part.mimeType).toBe('text/csv')
  })

  it.each([
    ['a Blob', () => new Blob([csv], { type: 'text/csv' })],
    ['an ArrayBuffer', () => new TextEncoder().encode(csv).buffer],
    ['a ReadableStream', () => new Blob([csv]).stream()],
  ])('sends %s byte for byte', async (_label, make) => {
    await client().media.upload('file', make() as never, { filename: 'users.csv' })
    expect(received[0]?.bytes.toString('utf8')).toBe(csv)
  })

  it("uses a File's own name when no filename is given", async () => {
    await client().media.upload('file', new File([csv], '部门.csv', { type: 'text/csv' }))
    expect(received[0]?.filename).toBe('部门.csv')
  })

  it('escapes quotes and line breaks in a filename', async () => {
    await client().media.upload('file', new TextEncoder().encode(csv), { filename: 'a"b\r\nc.csv' })
    expect(received[0]?.filename).toBe('a%22b%0D%0Ac.csv')
  })

  it('sends binary bytes intact (every byte value)', async () => {
    const bytes = new Uint8Array(4096).map((_, i) => i % 256)
    await client().media.upload('file', bytes, { filename: 'all-bytes.bin' })
    expect(received[0]?.bytes.equals(Buffer.from(bytes))).toBe(true)
  })
})
