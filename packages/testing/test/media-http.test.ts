import { request as httpRequest } from 'node:http'
import { createWeComSimulator, type SimulatorServer, type WeComSimulator } from '@wecom-kit/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { binary, rawMultipart } from './support/files.js'

/** What only the real HTTP server shows: bytes on the wire, streamed bodies, raw header bytes. */
describe('media through listen()', () => {
  let sim: WeComSimulator
  let server: SimulatorServer
  let token: string
  beforeAll(async () => {
    sim = createWeComSimulator()
    server = await sim.listen()
    const reply = await fetch(`${server.url}gettoken?corpid=${sim.corpId}&corpsecret=${sim.corpSecret}`)
    token = ((await reply.json()) as { access_token: string }).access_token
  })
  afterAll(() => server.close())

  it('parses a multipart upload from real fetch + FormData byte for byte, Chinese name included', async () => {
    // Bytes that look like multipart framing must come through untouched.
    const bytes = binary(256 * 1024)
    bytes.set(new TextEncoder().encode('\r\n--\r\n\r\nContent-Disposition: form-data\r\n--'), 1000)
    const data = new FormData()
    data.append('note', '附言')
    data.append('media', new Blob([bytes], { type: 'text/csv' }), '通讯录（全员）.csv')
    const reply = await fetch(`${server.url}media/upload?access_token=${token}&type=file`, {
      method: 'POST',
      body: data,
    })
    const body = (await reply.json()) as { errcode: number; media_id: string }
    expect(body.errcode).toBe(0)
    const stored = sim.getMedia(body.media_id)
    expect(stored?.filename).toBe('通讯录（全员）.csv')
    expect(stored?.contentType).toBe('text/csv')
    expect(Buffer.from(stored?.bytes ?? []).equals(bytes)).toBe(true)
  })

  it('parses a raw UTF-8 file name sent in small pieces by node:http', async () => {
    const { body, headers } = rawMultipart(
      'wecomboundary',
      'form-data; name="media";filename="部门.csv"; filelength=14',
      'text/csv',
      new TextEncoder().encode('部门名称,部门ID'),
    )
    const answer = await new Promise<string>((resolve, reject) => {
      const req = httpRequest(
        `${server.url}media/upload?access_token=${token}&type=file`,
        { method: 'POST', headers: { ...headers, 'content-length': body.length } },
        (res) => {
          let text = ''
          res.setEncoding('utf8')
          res.on('data', (chunk: string) => {
            text += chunk
          })
          res.on('end', () => resolve(text))
        },
      )
      req.on('error', reject)
      for (let at = 0; at < body.length; at += 7) req.write(body.subarray(at, at + 7))
      req.end()
    })
    const { media_id } = JSON.parse(answer) as { media_id: string }
    expect(sim.getMedia(media_id)?.filename).toBe('部门.csv')
  })

  it('streams a 20 MB media/get in pieces, with the exact length and bytes', async () => {
    const bytes = binary(20 * 1024 * 1024)
    const mediaId = sim.addMedia({ bytes, filename: '全员.bin' })
    const reply = await fetch(`${server.url}media/get?access_token=${token}&media_id=${mediaId}`)
    expect(reply.status).toBe(200)
    expect(reply.headers.get('content-length')).toBe(String(bytes.length))
    expect(reply.headers.get('content-type')).toBe('application/octet-stream')

    const reader = (reply.body as ReadableStream<Uint8Array>).getReader()
    let received = 0
    let pieces = 0
    let same = true
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      const value = chunk.value
      for (let i = 0; i < value.length; i += 4099) if (value[i] !== bytes[received + i]) same = false
      received += value.length
      pieces++
    }
    expect(received).toBe(bytes.length)
    expect(same).toBe(true)
    expect(pieces).toBeGreaterThan(10)
  })

  it('a client that stops reading a download does not hurt the server', async () => {
    const mediaId = sim.addMedia({ bytes: binary(8 * 1024 * 1024), filename: 'a.bin' })
    const reply = await fetch(`${server.url}media/get?access_token=${token}&media_id=${mediaId}`)
    const reader = (reply.body as ReadableStream<Uint8Array>).getReader()
    await reader.read()
    await reader.cancel()
    const again = await fetch(`${server.url}media/get?access_token=${token}&media_id=${mediaId}`, {
      headers: { range: 'bytes=0-3' },
    })
    expect(again.status).toBe(206)
    expect((await again.arrayBuffer()).byteLength).toBe(4)
  })

  it('sends the file name in Content-disposition as raw UTF-8 bytes', async () => {
    const mediaId = sim.addMedia({ bytes: 'a,b\n', filename: '通讯录.csv' })
    const raw = await new Promise<string[]>((resolve, reject) => {
      httpRequest(`${server.url}media/get?access_token=${token}&media_id=${mediaId}`, (res) => {
        res.resume()
        resolve(res.rawHeaders)
      })
        .on('error', reject)
        .end()
    })
    const index = raw.findIndex((name) => name.toLowerCase() === 'content-disposition')
    // Node reads header bytes as Latin-1: turning them back into bytes gives what was on the wire.
    const onTheWire = Buffer.from(raw[index + 1] ?? '', 'latin1')
    expect(onTheWire.equals(Buffer.from('attachment; filename="通讯录.csv"', 'utf8'))).toBe(true)
  })
})
