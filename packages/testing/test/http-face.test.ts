import { request as httpRequest } from 'node:http'
import { createWeComSimulator } from '@wecom-kit/testing'
import { describe, expect, it } from 'vitest'

/** What only the real HTTP server has to get right: sockets, URLs, streaming, shutdown. */
describe('listen()', () => {
  it('serves under the base path on 127.0.0.1 and any port', async () => {
    const sim = createWeComSimulator()
    const server = await sim.listen()
    try {
      expect(server.url).toBe(`http://127.0.0.1:${server.port}/cgi-bin/`)
      const reply = await fetch(`${server.url}gettoken?corpid=wwsimcorp&corpsecret=sim-secret`)
      expect(reply.status).toBe(200)
      const outside = await fetch(`http://127.0.0.1:${server.port}/elsewhere`)
      expect(outside.status).toBe(404)
    } finally {
      await server.close()
    }
  })

  it('follows a custom base URL path and shares state with handle()', async () => {
    const sim = createWeComSimulator({ baseUrl: 'https://proxy.example.com/wecom/cgi-bin' })
    const server = await sim.listen()
    try {
      expect(server.url).toMatch(/\/wecom\/cgi-bin\/$/)
      const direct = await sim.handle(
        new Request(`${sim.baseUrl}gettoken?corpid=wwsimcorp&corpsecret=sim-secret`),
      )
      const { access_token } = (await direct.json()) as { access_token: string }
      const reply = await fetch(`${server.url}department/list?access_token=${access_token}`)
      expect(((await reply.json()) as { errcode: number }).errcode).toBe(0)
    } finally {
      await server.close()
    }
  })

  it('drop destroys the socket without a status line', async () => {
    const sim = createWeComSimulator()
    const server = await sim.listen()
    sim.failNext('gettoken', { drop: true })
    try {
      const error = await new Promise<NodeJS.ErrnoException>((resolve, reject) => {
        const req = httpRequest(`${server.url}gettoken`, (res) =>
          reject(new Error(`got HTTP ${res.statusCode}`)),
        )
        req.on('error', resolve)
        req.end()
      })
      expect(error.code).toBe('ECONNRESET')
    } finally {
      await server.close()
    }
  })

  it('close() returns promptly with idle keep-alive sockets open', async () => {
    const sim = createWeComSimulator()
    const server = await sim.listen()
    // fetch keeps the connection alive in its pool after this answer.
    await (await fetch(`${server.url}gettoken?corpid=wwsimcorp&corpsecret=sim-secret`)).text()
    const started = performance.now()
    await server.close()
    expect(performance.now() - started).toBeLessThan(500)
  })

  it('close() lets an answer in flight finish, then exits', async () => {
    const sim = createWeComSimulator()
    const server = await sim.listen()
    sim.setLatency(50)
    const pending = fetch(`${server.url}gettoken?corpid=wwsimcorp&corpsecret=sim-secret`)
    await new Promise((resolve) => setTimeout(resolve, 20))
    const closed = server.close()
    const reply = await pending
    expect(reply.status).toBe(200)
    await reply.text()
    await closed
  })

  it('reads a streamed request body', async () => {
    const sim = createWeComSimulator()
    const server = await sim.listen()
    try {
      const token = (
        (await (await fetch(`${server.url}gettoken?corpid=wwsimcorp&corpsecret=sim-secret`)).json()) as {
          access_token: string
        }
      ).access_token
      const encoder = new TextEncoder()
      const parts = ['{"userid":"zhangsan",', '"name":"张三","department":[1],', '"mobile":"13800000000"}']
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          for (const part of parts) controller.enqueue(encoder.encode(part))
          controller.close()
        },
      })
      const reply = await fetch(`${server.url}user/create?access_token=${token}`, {
        method: 'POST',
        body,
        duplex: 'half',
      } as RequestInit)
      expect(((await reply.json()) as { errcode: number }).errcode).toBe(0)
      expect(sim.getUser('zhangsan')?.mobile).toBe('13800000000')
    } finally {
      await server.close()
    }
  })

  it('reads and drops a body nobody used, so the connection stays healthy and close() is prompt', async () => {
    const sim = createWeComSimulator()
    const server = await sim.listen()
    const token = (
      (await (await fetch(`${server.url}gettoken?corpid=wwsimcorp&corpsecret=sim-secret`)).json()) as {
        access_token: string
      }
    ).access_token
    sim.failNext('media/upload', { errcode: -1 })
    const upload = () => {
      const data = new FormData()
      data.append('media', new Blob([new Uint8Array(4 * 1024 * 1024)]), 'big.bin')
      return fetch(`${server.url}media/upload?access_token=${token}&type=file`, {
        method: 'POST',
        body: data,
      })
    }
    expect(((await (await upload()).json()) as { errcode: number }).errcode).toBe(-1)
    expect(((await (await upload()).json()) as { errcode: number }).errcode).toBe(0)
    const started = performance.now()
    await server.close()
    expect(performance.now() - started).toBeLessThan(500)
  })

  it('close() does not wait for a spare connection fetch opened and never used', async () => {
    const sim = createWeComSimulator()
    const server = await sim.listen()
    const token = (
      (await (await fetch(`${server.url}gettoken?corpid=wwsimcorp&corpsecret=sim-secret`)).json()) as {
        access_token: string
      }
    ).access_token
    const mediaId = sim.addMedia({ bytes: new Uint8Array(8 * 1024 * 1024), filename: 'a.bin' })
    const url = `${server.url}media/get?access_token=${token}&media_id=${mediaId}`
    // Dropping a download half way makes undici open another connection for the next request.
    const reader = ((await fetch(url)).body as ReadableStream<Uint8Array>).getReader()
    await reader.read()
    await reader.cancel()
    await (await fetch(url, { headers: { range: 'bytes=0-0' } })).arrayBuffer()
    const started = performance.now()
    await server.close()
    expect(performance.now() - started).toBeLessThan(500)
  })
})
