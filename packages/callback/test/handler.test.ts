import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http'
import { type AddressInfo, connect } from 'node:net'
import {
  type CallbackHandlerOptions,
  type CallbackMessage,
  createCallbackHandler,
  type DedupStore,
  isKnownCallbackMessage,
  textReply,
} from '@wecom-kit/callback'
import { isWeComCallbackError, isWeComValidationError } from '@wecom-kit/core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { envelope, fakeWeCom, now, textXml } from './support/wecom.js'

const token = 'tok3n-for-tests'
const encodingAesKey = randomBytes(32).toString('base64').slice(0, 43)
const corpId = 'wwcorp'
const wecom = fakeWeCom({ token, encodingAesKey, corpId })
const base = 'http://app.example/wecom'

/** Every error any handler here reported, checked at the end for leaked secrets. */
const reported: unknown[] = []

function setup(options: Partial<CallbackHandlerOptions> = {}) {
  const received: CallbackMessage[] = []
  const errors: unknown[] = []
  const handler = createCallbackHandler({
    token,
    encodingAesKey,
    corpId,
    onMessage: (message) => {
      received.push(message)
      if (message.MsgType === 'text') return textReply(message, `echo: ${String(message.Content)}`)
    },
    onError: (error) => {
      errors.push(error)
      reported.push(error)
    },
    ...options,
  } as CallbackHandlerOptions)
  return { handler, received, errors }
}

const get = (query: string) => new Request(`${base}?${query}`)
const post = ({ query, body }: { query: string; body: string }) =>
  new Request(`${base}?${query}`, { method: 'POST', body })

const reasons = (errors: unknown[]) => errors.map((e) => (isWeComCallbackError(e) ? e.reason : String(e)))

describe('fetch-style handler', () => {
  it('answers the URL check with the bare echostr', async () => {
    const { handler } = setup()
    const { query, echo } = wecom.urlCheck()
    const response = await handler(get(query))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    const bytes = new Uint8Array(await response.arrayBuffer())
    expect(Buffer.from(bytes).toString('latin1')).toBe(echo)
  })

  it('refuses a URL check with a bad signature or missing parameters', async () => {
    const { handler, errors } = setup()
    const { query } = wecom.urlCheck()
    const forged = new URLSearchParams(query)
    forged.set('msg_signature', 'f'.repeat(40))
    expect((await handler(get(forged.toString()))).status).toBe(403)
    forged.delete('echostr')
    expect((await handler(get(forged.toString()))).status).toBe(400)
    expect(reasons(errors)).toEqual(['signature', 'missing_parameter'])
  })

  it('decrypts a message, runs onMessage with a typed message and answers with the encrypted reply', async () => {
    const { handler, received } = setup()
    const response = await handler(post(wecom.post(textXml('你好', { corpId }))))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/xml; charset=utf-8')
    const reply = wecom.openReply(await response.text())
    expect(reply).toContain('<Content><![CDATA[echo: 你好]]></Content>')
    expect(reply).toContain('<ToUserName><![CDATA[zhangsan]]></ToUserName>')
    expect(received).toHaveLength(1)
    const [message] = received
    expect(isKnownCallbackMessage(message!) && message.MsgType === 'text' && message.MsgId).toBe(
      '9007199254740993123',
    )
  })

  it('answers an empty 200 when onMessage returns nothing', async () => {
    const { handler, received } = setup()
    const xml = `<xml><ToUserName>${corpId}</ToUserName><FromUserName>zhangsan</FromUserName><CreateTime>${now()}</CreateTime><MsgType>event</MsgType><Event>enter_agent</Event><AgentID>1</AgentID></xml>`
    const response = await handler(post(wecom.post(xml)))
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('')
    expect(received[0]).toMatchObject({ Event: 'enter_agent' })
  })

  it("runs onMessage once for WeCom's re-posts, by MsgId", async () => {
    const { handler, received } = setup()
    const delivery = wecom.post(textXml('once', { msgId: '42' }))
    const first = await handler(post(delivery))
    // A re-post is the same message, possibly freshly encrypted and signed.
    const again = await handler(post(delivery))
    const reencrypted = await handler(post(wecom.post(textXml('once', { msgId: '42' }))))
    expect([first.status, again.status, reencrypted.status]).toEqual([200, 200, 200])
    expect(received).toHaveLength(1)
    expect(await again.text()).toBe('')
  })

  it('a re-post arriving while onMessage still runs waits for the same reply', async () => {
    let release!: () => void
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    const onMessage = vi.fn(async (message: CallbackMessage) => {
      await gate
      return textReply(message as never, 'slow but once')
    })
    const { handler } = setup({ onMessage })
    const delivery = wecom.post(textXml('x', { msgId: '43' }))
    const first = handler(post(delivery))
    const second = handler(post(delivery))
    await new Promise((resolve) => setTimeout(resolve, 20))
    release()
    for (const response of await Promise.all([first, second])) {
      expect(wecom.openReply(await response.text())).toContain('slow but once')
    }
    expect(onMessage).toHaveBeenCalledTimes(1)
  })

  it('keeps distinct events of the same second apart (a batch of contact changes)', async () => {
    const { handler, received } = setup()
    const at = now()
    const change = (userId: string) =>
      `<xml><ToUserName>${corpId}</ToUserName><FromUserName>sys</FromUserName><CreateTime>${at}</CreateTime><MsgType>event</MsgType><Event>change_contact</Event><ChangeType>create_user</ChangeType><UserID>${userId}</UserID></xml>`
    await handler(post(wecom.post(change('a'))))
    await handler(post(wecom.post(change('b'))))
    await handler(post(wecom.post(change('a'))))
    expect(received.map((m) => (m as { UserID?: string }).UserID)).toEqual(['a', 'b'])
  })

  it('answers 500 when onMessage fails, and runs it again on the re-post', async () => {
    let calls = 0
    const { handler, errors } = setup({
      onMessage: () => {
        calls++
        if (calls === 1) throw new Error('database down')
      },
    })
    const delivery = wecom.post(textXml('retry me', { msgId: '44' }))
    expect((await handler(post(delivery))).status).toBe(500)
    expect((await handler(post(delivery))).status).toBe(200)
    expect(calls).toBe(2)
    expect(String(errors[0])).toContain('database down')
  })

  it('refuses a reply holding a lone surrogate like a failed onMessage: 500, then runs it again', async () => {
    let calls = 0
    const { handler, errors } = setup({
      onMessage: (message) => {
        calls++
        return textReply(message as never, 'ok') + (calls === 1 ? '\ud83d' : '')
      },
    })
    const delivery = wecom.post(textXml('surrogate', { msgId: '48' }))
    const first = await handler(post(delivery))
    expect(first.status).toBe(500)
    expect(isWeComValidationError(errors[0])).toBe(true)
    const second = await handler(post(delivery))
    expect(second.status).toBe(200)
    expect(wecom.openReply(await second.text())).toContain('<Content><![CDATA[ok]]></Content>')
    expect(calls).toBe(2)
  })

  it('answers 408 when the body has not all arrived within bodyTimeout', async () => {
    const { handler, received, errors } = setup({ bodyTimeout: 300 })
    const { query, body } = wecom.post(textXml('trickled'))
    const bytes = new TextEncoder().encode(body)
    let sent = 0
    let timer: ReturnType<typeof setInterval> | undefined
    const trickle = new ReadableStream<Uint8Array>({
      start(controller) {
        timer = setInterval(() => controller.enqueue(bytes.subarray(sent, ++sent)), 100)
      },
      cancel: () => clearInterval(timer),
    })
    try {
      const started = performance.now()
      const request = new Request(`${base}?${query}`, {
        method: 'POST',
        body: trickle,
        duplex: 'half',
      } as RequestInit)
      const response = await handler(request)
      const elapsed = performance.now() - started
      expect(response.status).toBe(408)
      expect(elapsed).toBeGreaterThanOrEqual(290)
      expect(elapsed).toBeLessThan(1_500)
      expect(received).toHaveLength(0)
      expect(String(errors[0])).toMatch(/did not arrive within 300 ms/)
    } finally {
      clearInterval(timer)
    }
  })

  it('leaves no timer behind once a request is answered', async () => {
    const { handler } = setup({ bodyTimeout: 60_000, replyTimeout: 60_000 })
    const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length
    const before = timers()
    const response = await handler(post(wecom.post(textXml('quick'))))
    expect(response.status).toBe(200)
    expect(timers()).toBe(before)
  })

  it('answers an empty 200 once replyTimeout passes, letting onMessage finish', async () => {
    let finished = false
    const { handler } = setup({
      replyTimeout: 50,
      onMessage: async (message) => {
        await new Promise((resolve) => setTimeout(resolve, 200))
        finished = true
        return textReply(message as never, 'too late')
      },
    })
    const started = Date.now()
    const response = await handler(post(wecom.post(textXml('slow'))))
    expect(Date.now() - started).toBeLessThan(180)
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('')
    expect(finished).toBe(false)
    await vi.waitFor(() => expect(finished).toBe(true))
  })

  it('refuses an oversized body by its Content-Length without reading it', async () => {
    const { handler, received, errors } = setup({ bodyLimit: 1000 })
    let pulled = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++
        controller.enqueue(new Uint8Array(100))
      },
    })
    const { query } = wecom.post(textXml('x'))
    const request = new Request(`${base}?${query}`, {
      method: 'POST',
      body,
      headers: { 'content-length': '5000' },
      duplex: 'half',
    } as RequestInit)
    const response = await handler(request)
    expect(response.status).toBe(413)
    expect(pulled).toBeLessThanOrEqual(1) // at most the stream's own first pull
    expect(received).toHaveLength(0)
    expect(reasons(errors)).toEqual(['body_too_large'])
  })

  it('stops reading a streamed body at the limit', async () => {
    const { handler } = setup({ bodyLimit: 1000 })
    let pulled = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++
        controller.enqueue(new Uint8Array(300))
      },
    })
    const { query } = wecom.post(textXml('x'))
    const response = await handler(
      new Request(`${base}?${query}`, { method: 'POST', body, duplex: 'half' } as RequestInit),
    )
    expect(response.status).toBe(413)
    expect(pulled).toBeLessThan(10)
  })

  it('accepts the default 1 MiB and refuses one byte more', async () => {
    const { handler } = setup()
    const { query } = wecom.post(textXml('x'))
    const big = (size: number) => new Request(`${base}?${query}`, { method: 'POST', body: 'a'.repeat(size) })
    expect((await handler(big(1024 * 1024 + 1))).status).toBe(413)
    expect((await handler(big(1024 * 1024))).status).toBe(400) // read, then refused as XML
  })

  it('refuses a stale timestamp when the window is on, and only then', async () => {
    const stale = String(Math.floor(Date.now() / 1000) - 3600)
    const strict = setup({ timestampWindow: 300 })
    expect((await strict.handler(post(wecom.post(textXml('old'), { timestamp: stale })))).status).toBe(403)
    expect((await strict.handler(get(wecom.urlCheck({ timestamp: stale }).query))).status).toBe(403)
    expect((await strict.handler(post(wecom.post(textXml('fresh'))))).status).toBe(200)
    expect(reasons(strict.errors)).toEqual(['timestamp', 'timestamp'])
    const lax = setup()
    expect((await lax.handler(post(wecom.post(textXml('old'), { timestamp: stale })))).status).toBe(200)
  })

  it('refuses a body with a DOCTYPE before looking any further', async () => {
    const { handler, received, errors } = setup()
    const { query } = wecom.post(textXml('x'))
    const body = `<!DOCTYPE xml [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><Encrypt>&e;</Encrypt></xml>`
    expect((await handler(new Request(`${base}?${query}`, { method: 'POST', body }))).status).toBe(400)
    expect(reasons(errors)).toEqual(['doctype'])
    expect(received).toHaveLength(0)
  })

  it('refuses a message for another corp, and a forged signature', async () => {
    const { handler, errors } = setup({ corpId: 'wwother' })
    expect((await handler(post(wecom.post(textXml('x'))))).status).toBe(403)
    const { query, body } = wecom.post(textXml('x'))
    const forged = new URLSearchParams(query)
    forged.set('nonce', '1')
    expect((await handler(post({ query: forged.toString(), body }))).status).toBe(403)
    expect(reasons(errors)).toEqual(['receive_id', 'signature'])
  })

  it('answers 405 to other methods, 400 to garbage', async () => {
    const { handler } = setup()
    const response = await handler(new Request(base, { method: 'PUT', body: 'x' }))
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('GET, POST')
    const { query } = wecom.post(textXml('x'))
    for (const body of ['', 'not xml', envelope('', corpId)]) {
      expect((await handler(new Request(`${base}?${query}`, { method: 'POST', body }))).status).toBe(400)
    }
    // Correctly signed, not base64: the signature is checked first, then the ciphertext.
    const signed = new URLSearchParams(query)
    signed.set('msg_signature', wecom.crypto.signature(signed.get('timestamp')!, signed.get('nonce')!, '%%%'))
    const response400 = await handler(post({ query: signed.toString(), body: envelope('%%%', corpId) }))
    expect(response400.status).toBe(400)
    expect(await response400.text()).toBe('Bad Request') // no detail for the sender
  })

  it('uses a custom dedup store, and no store at all with dedup: false', async () => {
    const claims: string[] = []
    const store: DedupStore = {
      claim: async (key, ttl) => {
        expect(ttl).toBe(60_000)
        claims.push(key)
        return claims.filter((k) => k === key).length === 1
      },
    }
    const custom = setup({ dedup: store, dedupTtl: 60_000 })
    const delivery = wecom.post(textXml('x', { msgId: '45' }))
    await custom.handler(post(delivery))
    await custom.handler(post(delivery))
    expect(custom.received).toHaveLength(1)
    expect(claims).toEqual(['wecom:wwcorp:1000002:msg:45', 'wecom:wwcorp:1000002:msg:45'])

    const off = setup({ dedup: false })
    await off.handler(post(delivery))
    await off.handler(post(delivery))
    expect(off.received).toHaveLength(2)
  })

  it('checks its options at construction, without quoting secrets', () => {
    const attempt = (options: Record<string, unknown>) => {
      try {
        createCallbackHandler({ token, encodingAesKey, corpId, onMessage: () => {}, ...options } as never)
      } catch (error) {
        return error as Error
      }
      return undefined
    }
    const noCorp = attempt({ corpId: undefined })
    expect(isWeComValidationError(noCorp)).toBe(true)
    expect(noCorp?.message).toMatch(/corpId/)
    expect(attempt({ onMessage: undefined })?.message).toMatch(/onMessage/)
    expect(attempt({ bodyLimit: -1 })?.message).toMatch(/bodyLimit/)
    const badKey = attempt({ encodingAesKey: encodingAesKey.slice(1) })
    expect(badKey?.message).toMatch(/encodingAesKey/)
    expect(badKey?.message).not.toContain(encodingAesKey.slice(1, 20))
    expect(attempt({ receiveId: 'wwsuite', corpId: undefined })).toBeUndefined()
  })
})

describe('under a real node:http server', () => {
  let server: Server | undefined
  afterEach(async () => {
    server?.closeAllConnections()
    await new Promise((resolve) => server?.close(resolve))
    server = undefined
  })

  async function listen(listener: Parameters<typeof createServer>[1]): Promise<string> {
    server = createServer(listener)
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/wecom`
  }

  it('URL check, message, duplicate re-post and reply', async () => {
    const { handler, received } = setup()
    const url = await listen(handler.node)

    const check = wecom.urlCheck()
    const checked = await fetch(`${url}?${check.query}`)
    expect(checked.status).toBe(200)
    const raw = Buffer.from(await checked.arrayBuffer())
    expect(raw.toString('latin1')).toBe(check.echo) // no BOM, quotes or newline
    expect(checked.headers.get('content-length')).toBe(String(check.echo.length))

    const delivery = wecom.post(textXml('hello over http', { msgId: '46' }))
    const answer = await fetch(`${url}?${delivery.query}`, { method: 'POST', body: delivery.body })
    expect(answer.status).toBe(200)
    expect(wecom.openReply(await answer.text())).toContain('echo: hello over http')

    const repost = await fetch(`${url}?${delivery.query}`, { method: 'POST', body: delivery.body })
    expect(repost.status).toBe(200)
    expect(await repost.text()).toBe('')
    expect(received).toHaveLength(1)
    expect(received[0]).toMatchObject({ MsgType: 'text', Content: 'hello over http', MsgId: '46' })
  })

  /** A raw request that declares or streams a body, answered before the body is complete. */
  function sendPartly(url: string, headers: Record<string, string | number>, chunk: Buffer) {
    return new Promise<IncomingMessage>((resolve, reject) => {
      const req = httpRequest(url, { method: 'POST', headers }, resolve)
      req.on('error', reject)
      req.write(chunk) // and never end: the server must answer without the rest
    })
  }

  it('answers 413 to a declared oversized body without waiting for it', async () => {
    const { handler, received } = setup({ bodyLimit: 64 * 1024 })
    const url = await listen(handler.node)
    const { query } = wecom.post(textXml('x'))
    const response = await sendPartly(
      `${url}?${query}`,
      { 'content-length': 10 * 1024 * 1024 },
      Buffer.alloc(1024),
    )
    expect(response.statusCode).toBe(413)
    expect(response.headers.connection).toBe('close')
    response.resume()
    expect(received).toHaveLength(0)
  })

  it('answers 413 once a chunked body passes the limit', async () => {
    const { handler } = setup({ bodyLimit: 64 * 1024 })
    const url = await listen(handler.node)
    const { query } = wecom.post(textXml('x'))
    const response = await sendPartly(
      `${url}?${query}`,
      { 'transfer-encoding': 'chunked' },
      Buffer.alloc(64 * 1024 + 1, 'a'),
    )
    expect(response.statusCode).toBe(413)
    response.resume()
  })

  it('works behind Express-style body parsers that left the text on req.body', async () => {
    const { handler, received } = setup()
    const url = await listen((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        ;(req as IncomingMessage & { body?: string }).body = Buffer.concat(chunks).toString('utf8')
        handler.node(req, res)
      })
    })
    const delivery = wecom.post(textXml('parsed first', { msgId: '47' }))
    const answer = await fetch(`${url}?${delivery.query}`, { method: 'POST', body: delivery.body })
    expect(answer.status).toBe(200)
    expect(received[0]).toMatchObject({ Content: 'parsed first' })
  })

  it('answers 408 and closes the connection when a body trickles past bodyTimeout (a real socket)', async () => {
    const { handler, received } = setup({ bodyTimeout: 500 })
    const url = new URL(await listen(handler.node))
    const { query, body } = wecom.post(textXml('slowloris'))
    const socket = connect(Number(url.port), url.hostname)
    let trickle: ReturnType<typeof setInterval> | undefined
    try {
      await once(socket, 'connect')
      const started = performance.now()
      socket.write(
        `POST ${url.pathname}?${query} HTTP/1.1\r\nHost: ${url.host}\r\n` +
          `Content-Type: text/xml\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`,
      )
      // One byte every 100 ms, as a slow or hostile client would: the body would take minutes.
      let sent = 0
      trickle = setInterval(() => {
        if (!socket.destroyed) socket.write(body.slice(sent, ++sent))
      }, 100)
      let answer = ''
      socket.setEncoding('utf8')
      socket.on('data', (chunk: string) => {
        answer += chunk
      })
      const answeredAt = await new Promise<number>((resolve) => {
        const check = () => answer.includes('\r\n\r\n') && resolve(performance.now())
        socket.on('data', check)
      })
      expect(answer).toMatch(/^HTTP\/1\.1 408 /)
      expect(answer.toLowerCase()).toContain('connection: close')
      const answeredAfter = answeredAt - started
      expect(answeredAfter).toBeGreaterThanOrEqual(490)
      expect(answeredAfter).toBeLessThan(2_500)
      // The server hangs up: the trickle cannot hold the connection open either.
      await once(socket, 'close')
      expect(performance.now() - started).toBeLessThan(3_000)
      expect(received).toHaveLength(0)
    } finally {
      clearInterval(trickle)
      socket.destroy()
    }
  })

  it('answers a body that arrives in time, trickled or not', async () => {
    const { handler, received } = setup({ bodyTimeout: 2_000 })
    const url = new URL(await listen(handler.node))
    const delivery = wecom.post(textXml('in time', { msgId: '49' }))
    const socket = connect(Number(url.port), url.hostname)
    try {
      await once(socket, 'connect')
      socket.write(
        `POST ${url.pathname}?${delivery.query} HTTP/1.1\r\nHost: ${url.host}\r\nConnection: close\r\n` +
          `Content-Length: ${Buffer.byteLength(delivery.body)}\r\n\r\n`,
      )
      // In four pieces, 50 ms apart: slow, but well within the bound.
      const quarter = Math.ceil(delivery.body.length / 4)
      for (let i = 0; i < 4; i++) {
        socket.write(delivery.body.slice(i * quarter, (i + 1) * quarter))
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      let answer = ''
      socket.setEncoding('utf8')
      socket.on('data', (chunk: string) => {
        answer += chunk
      })
      await once(socket, 'end')
      expect(answer).toMatch(/^HTTP\/1\.1 200 /)
      expect(received[0]).toMatchObject({ Content: 'in time', MsgId: '49' })
    } finally {
      socket.destroy()
    }
  })

  it('answers 500, not a hang, when a body parser consumed the body and kept nothing', async () => {
    const { handler, errors } = setup()
    const url = await listen((req, res) => {
      req.resume()
      req.on('end', () => handler.node(req, res))
    })
    const delivery = wecom.post(textXml('lost'))
    const answer = await fetch(`${url}?${delivery.query}`, { method: 'POST', body: delivery.body })
    expect(answer.status).toBe(500)
    expect(String(errors[0])).toMatch(/body parser/)
  })
})

describe('no secret in what onError sees', () => {
  it('neither the token nor the EncodingAESKey', () => {
    expect(reported.length).toBeGreaterThan(10)
    for (const error of reported) {
      const e = error as Error & { toJSON?: () => unknown }
      const text = `${e.message}\n${e.stack}\n${JSON.stringify(e.toJSON?.() ?? null)}`
      expect(text).not.toContain(token)
      expect(text).not.toContain(encodingAesKey)
    }
  })
})
