// media.get streams: a 20 MB body served by a separate process is read chunk by chunk while
// this process's memory stays far below the body's size.
import { type ChildProcess, fork } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { createClient, isWeComApiError } from '@wecom-kit/core'
import { media } from '@wecom-kit/media'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const SIZE = 20 * 1024 * 1024
// gc() lets the test measure what is retained, not garbage waiting for collection.
setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

// A WeCom-shaped server in its own process, so its buffers are not counted here.
const SERVER = `
const http = require('node:http')
const chunk = Buffer.alloc(64 * 1024, 7)
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x')
  if (url.pathname.endsWith('/gettoken')) {
    res.setHeader('content-type', 'application/json')
    return res.end(JSON.stringify({ errcode: 0, errmsg: 'ok', access_token: 'T', expires_in: 7200 }))
  }
  if (url.searchParams.get('media_id') !== 'BIG') {
    res.setHeader('content-type', 'application/json; charset=utf-8')
    return res.end(JSON.stringify({ errcode: 40007, errmsg: 'invalid media_id' }))
  }
  res.writeHead(200, {
    'content-type': 'video/mp4',
    'content-length': ${SIZE},
    // node:http refuses non-ASCII header values; RFC 5987 carries the UTF-8 name.
    'content-disposition': 'attachment; filename="video.mp4"; filename*=UTF-8' + "''" + encodeURIComponent('会议录像.mp4'),
  })
  let sent = 0
  const pump = () => {
    while (sent < ${SIZE}) {
      sent += chunk.length
      if (!res.write(chunk)) return res.once('drain', pump)
    }
    res.end()
  }
  pump()
})
server.listen(0, '127.0.0.1', () => process.send(server.address().port))
process.on('disconnect', () => process.exit(0))
`

let child: ChildProcess
let baseUrl: string

beforeAll(async () => {
  const file = join(tmpdir(), `wecom-kit-media-server-${process.pid}.cjs`)
  await writeFile(file, SERVER)
  child = fork(file, { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] })
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (p) => resolve(p as number))
    child.once('exit', (code) => reject(new Error(`the media server exited with ${code}`)))
  })
  baseUrl = `http://127.0.0.1:${port}/cgi-bin/`
})
afterAll(() => {
  child.kill()
})

describe('media.get', () => {
  it('streams a 20 MB body with type, filename and length, without buffering it', async () => {
    const client = createClient({ corpId: 'wwbig', corpSecret: 'big-secret', baseUrl }).with(media)
    gc()
    const before = process.memoryUsage()
    const download = await client.media.get('BIG')
    expect(download).toMatchObject({
      contentType: 'video/mp4',
      filename: '会议录像.mp4',
      contentLength: SIZE,
    })

    let total = 0
    let peak = 0
    let nextCheck = 0
    const reader = download.body.getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      total += value.byteLength
      if (total >= nextCheck) {
        // What is retained while streaming, every 2 MB: collect garbage first.
        nextCheck += 2 * 1024 * 1024
        gc()
        const now = process.memoryUsage()
        peak = Math.max(peak, now.arrayBuffers - before.arrayBuffers + (now.heapUsed - before.heapUsed))
      }
    }
    expect(total).toBe(SIZE)
    // Buffered, the growth would be at least 20 MB; streamed, it stays at a few chunks.
    expect(peak).toBeLessThan(SIZE / 2)
  })

  it('turns the JSON error answer into a WeComApiError', async () => {
    const client = createClient({ corpId: 'wwbig', corpSecret: 'big-secret', baseUrl }).with(media)
    const error = await client.media.get('EXPIRED').catch((e: unknown) => e)
    expect(isWeComApiError(error) && error.errcode).toBe(40007)
  })
})
