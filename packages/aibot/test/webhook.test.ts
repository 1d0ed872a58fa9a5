// Webhook mode: createAiBotHandler on node:http, called by the gateway's poster, which signs and
// encrypts like WeCom, checks every answer, and asks for stream refreshes until `finish`.
import { once } from 'node:events'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import {
  type AiBotHandler,
  type AiBotHandlerOptions,
  createAiBotHandler,
  isKnownAiBotEvent,
  isKnownAiBotMessage,
} from '@wecom-kit/aibot'
import { createCallbackCrypto } from '@wecom-kit/callback'
import { isWeComApiError, isWeComCallbackError } from '@wecom-kit/core'
import {
  type AiBotGateway,
  type AiBotWebhookPoster,
  createAiBotGateway,
  DEFAULT_AIBOT_WEBHOOK,
} from '@wecom-kit/testing'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

const { token, encodingAesKey } = DEFAULT_AIBOT_WEBHOOK
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

let gateway: AiBotGateway
let server: Server | undefined
let url: string
const errors: Array<{ error: unknown; stage: string }> = []

async function serve(
  options: Partial<AiBotHandlerOptions>,
  wrap?: (handler: AiBotHandler) => (req: IncomingMessage, res: import('node:http').ServerResponse) => void,
): Promise<AiBotWebhookPoster> {
  const handler = createAiBotHandler({
    token,
    encodingAesKey,
    onError: (error, { stage }) => errors.push({ error, stage }),
    ...options,
  } as AiBotHandlerOptions)
  server = createServer(wrap ? wrap(handler) : handler.node)
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/wecom/aibot`
  return gateway.webhook({ url, token, encodingAesKey, refreshIntervalMs: 50 })
}

beforeEach(async () => {
  gateway = await createAiBotGateway()
  errors.length = 0
})
afterEach(async () => {
  server?.closeAllConnections()
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined))
  server = undefined
  await gateway.close()
})

describe('the URL check', () => {
  it('answers the decrypted echostr, bare', async () => {
    const hook = await serve({ onMessage() {} })
    const check = await hook.verifyUrl()
    expect(check).toMatchObject({ ok: true, status: 200 })
  })
})

describe('replies', () => {
  it('streams: the first answer starts the stream, each refresh gets the text so far, the last one finishes', async () => {
    const hook = await serve({
      async onMessage(_, reply) {
        const stream = reply.stream()
        stream.write('让我想想')
        for (const word of ['，', '答案', '是', '42']) {
          await sleep(60)
          stream.write(word)
        }
        await stream.end('。')
      },
    })
    const exchange = await hook.userSays('生命的意义？')
    expect(exchange.stream).toMatchObject({ content: '让我想想，答案是42。', finished: true })
    expect(exchange.expired).toBe(false)
    expect(exchange.replies.every((r) => r.errcode === 0)).toBe(true)
    const contents = exchange.replies.map((r) => (r.body!.stream as { content: string }).content)
    expect(contents[0]).toBe('让我想想') // the writes of the first tick are in the first answer
    for (const [i, c] of contents.slice(1).entries()) expect(c.startsWith(contents[i]!)).toBe(true)
    expect(exchange.refreshes).toBeGreaterThanOrEqual(2)
    expect(exchange.replies.at(-1)?.body).toMatchObject({ msgtype: 'stream', stream: { finish: true } })
  })

  it('text is a finished stream; a card is a template_card answer', async () => {
    const card = { card_type: 'text_notice' as const, main_title: { title: '卡片' } }
    const hook = await serve({
      async onMessage(message, reply) {
        if (!isKnownAiBotMessage(message) || message.msgtype !== 'text') return
        if (message.text.content === 'card') await reply.templateCard(card)
        else await reply.text(`你说：${message.text.content}`)
      },
    })
    const text = await hook.userSays('你好')
    expect(text.replies).toMatchObject([
      { errcode: 0, body: { msgtype: 'stream', stream: { finish: true, content: '你说：你好' } } },
    ])
    expect(text.refreshes).toBe(0)
    const cardExchange = await hook.userSays('card')
    expect(cardExchange.replies).toMatchObject([
      { errcode: 0, body: { msgtype: 'template_card', template_card: card } },
    ])
  })

  it('welcome answers enter_chat; updateTemplateCard answers a card event', async () => {
    const card = {
      card_type: 'button_interaction' as const,
      task_id: 'task_id',
      button_list: [{ text: '好', key: 'ok' }],
    }
    const hook = await serve({
      async onEvent(event, reply) {
        if (!isKnownAiBotEvent(event)) return
        if (event.eventtype === 'enter_chat')
          await reply.welcome({ msgtype: 'text', text: { content: '欢迎' } })
        if (event.eventtype === 'template_card_event') {
          expect(event.event.template_card_event.task_id).toBe('task_id')
          await reply.updateTemplateCard(card)
        }
      },
    })
    const welcome = await hook.event({ eventtype: 'enter_chat' })
    expect(welcome.replies).toMatchObject([
      { errcode: 0, body: { msgtype: 'text', text: { content: '欢迎' } } },
    ])
    const update = await hook.event({ eventtype: 'template_card_event' })
    expect(update.replies).toMatchObject([
      { errcode: 0, body: { response_type: 'update_template_card', template_card: card } },
    ])
  })

  it('a reply chosen after replyTimeout goes through the response_url, once', async () => {
    const outcomes: unknown[] = []
    let done!: Promise<void>
    const hook = await serve({
      replyTimeout: 100,
      onMessage(_, reply) {
        done = (async () => {
          await sleep(200) // WeCom got an empty answer meanwhile
          outcomes.push(await reply.markdown('**晚到的答案**'))
          outcomes.push(await reply.text('再来一次').catch((e: unknown) => e))
        })()
        return done
      },
    })
    const exchange = await hook.userSays('慢问题')
    expect(exchange.replies).toMatchObject([{ body: undefined }])
    await done
    expect(gateway.responseUrlReplies()).toMatchObject([
      {
        msgid: exchange.msgid,
        errcode: 0,
        body: { msgtype: 'markdown', markdown: { content: '**晚到的答案**' } },
      },
    ])
    expect(outcomes[0]).toBeUndefined()
    expect(isWeComApiError(outcomes[1]) && outcomes[1]).toMatchObject({ errcode: 846605, sent: false })
  })

  it('a stream begun late collects its text and goes out as markdown through the response_url', async () => {
    let done!: Promise<void>
    const hook = await serve({
      replyTimeout: 50,
      onMessage(_, reply) {
        done = (async () => {
          await sleep(100)
          const stream = reply.stream()
          stream.write('第一段，')
          stream.write('第二段')
          await stream.end('。')
        })()
        return done
      },
    })
    await hook.userSays('慢问题')
    await done
    expect(gateway.responseUrlReplies()).toMatchObject([
      { errcode: 0, body: { msgtype: 'markdown', markdown: { content: '第一段，第二段。' } } },
    ])
  })

  it('a handler that fails before replying gets WeCom a 500 (so it asks again), and onError hears it', async () => {
    const hook = await serve({
      onMessage() {
        throw new Error('model down')
      },
    })
    await expect(hook.userSays('hi')).rejects.toThrow(/HTTP 500/)
    expect(errors).toMatchObject([{ stage: 'message', error: { message: 'model down' } }])
  })

  it('a body an Express parser already read (JSON) works as well', async () => {
    const hook = await serve(
      {
        async onMessage(_, reply) {
          await reply.text('parsed')
        },
      },
      (handler) => (req, res) => {
        const chunks: Buffer[] = []
        req.on('data', (c: Buffer) => chunks.push(c))
        req.on('end', () => {
          ;(req as IncomingMessage & { body?: unknown }).body = JSON.parse(
            Buffer.concat(chunks).toString() || '{}',
          )
          handler.node(req, res)
        })
      },
    )
    const exchange = await hook.userSays('hi')
    expect(exchange.replies[0]?.body).toMatchObject({ stream: { content: 'parsed', finish: true } })
  })
})

describe('refused requests', () => {
  const wecom = createCallbackCrypto({ token, encodingAesKey, receiveId: '' })
  const signed = (encrypt: string, nonce = '123', timestamp = String(Math.floor(Date.now() / 1000))) =>
    new URLSearchParams({ msg_signature: wecom.signature(timestamp, nonce, encrypt), timestamp, nonce })

  it('checks signature, method, size and shape before any handler runs (fetch-style handler)', async () => {
    let calls = 0
    const handler = createAiBotHandler({
      token,
      encodingAesKey,
      bodyLimit: 2000,
      onMessage() {
        calls++
      },
      onError: (error, { stage }) => errors.push({ error, stage }),
    })
    const at = (query: URLSearchParams) => `http://bot.example/hook?${query}`
    const encrypt = wecom.encrypt(JSON.stringify({ msgid: 'm1', msgtype: 'text', text: { content: 'x' } }))
    const post = (query: URLSearchParams, body: string) =>
      handler(new Request(at(query), { method: 'POST', body }))

    const forged = signed(encrypt)
    forged.set('msg_signature', '0'.repeat(40))
    expect((await post(forged, JSON.stringify({ encrypt }))).status).toBe(403)
    expect((await post(signed(encrypt), 'not json')).status).toBe(400)
    expect((await post(signed(encrypt), JSON.stringify({ nothing: 1 }))).status).toBe(400)
    expect((await post(signed(encrypt), JSON.stringify({ encrypt, pad: 'x'.repeat(3000) }))).status).toBe(413)
    expect((await handler(new Request(at(signed(encrypt)), { method: 'PUT', body: '{}' }))).status).toBe(405)
    const missing = new URLSearchParams({ timestamp: '1', nonce: '1' })
    expect((await post(missing, JSON.stringify({ encrypt }))).status).toBe(400)
    expect(calls).toBe(0)
    expect(errors.every((e) => e.stage === 'request')).toBe(true)
    expect(isWeComCallbackError(errors[0]?.error) && errors[0]?.error.reason).toBe('signature')

    // And the same request, signed right, is answered: an encrypted reply with WeCom's nonce.
    const ok = await post(signed(encrypt, 'n-42'), JSON.stringify({ encrypt }))
    expect(ok.status).toBe(200)
    expect(calls).toBe(1)
  })

  it('a body that trickles in past bodyTimeout gets 408; over node:http the connection closes', async () => {
    const handler = createAiBotHandler({
      token,
      encodingAesKey,
      bodyTimeout: 100,
      onMessage() {},
      onError: (error, { stage }) => errors.push({ error, stage }),
    })
    // fetch-style: a body that never ends
    const never = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode('{"enc'))
      },
    })
    const request = new Request(`http://bot.example/?${signed('x')}`, {
      method: 'POST',
      body: never,
      duplex: 'half',
    } as RequestInit)
    expect((await handler(request)).status).toBe(408)
    expect(isWeComCallbackError(errors[0]?.error) && errors[0]?.error.reason).toBe('body_timeout')

    // node:http: the head and a few bytes, then nothing
    server = createServer(handler.node)
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    const { port } = server.address() as { port: number }
    const { connect } = await import('node:net')
    const socket = connect(port, '127.0.0.1')
    await once(socket, 'connect')
    socket.write(`POST /?${signed('x')} HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{"enc`)
    let answer = ''
    socket.on('data', (data: Buffer) => {
      answer += data.toString()
    })
    await once(socket, 'close')
    expect(answer).toMatch(/^HTTP\/1\.1 408 /)
    expect(answer).toMatch(/connection: close/i)
  })

  it('a client that goes away mid-body leaves nothing waiting (node:http)', async () => {
    let calls = 0
    const handler = createAiBotHandler({
      token,
      encodingAesKey,
      onMessage() {
        calls++
      },
      onError: (error, { stage }) => errors.push({ error, stage }),
    })
    server = createServer(handler.node)
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    const { port } = server.address() as { port: number }
    const { connect } = await import('node:net')
    const socket = connect(port, '127.0.0.1')
    await once(socket, 'connect')
    socket.write(`POST /?${signed('x')} HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{"enc`)
    await sleep(50)
    socket.destroy()
    // Reported at once, long before the 10 s bodyTimeout.
    await gateway.waitFor(() => errors.length > 0, { timeoutMs: 3_000 })
    expect(errors[0]).toMatchObject({ stage: 'request' })
    expect(calls).toBe(0)
  })

  it('a refresh for a stream this process does not know gets an empty answer and an onError report', async () => {
    const handler = createAiBotHandler({
      token,
      encodingAesKey,
      onMessage() {},
      onError: (error, { stage }) => errors.push({ error, stage }),
    })
    const encrypt = wecom.encrypt(
      JSON.stringify({ msgid: 'r1', msgtype: 'stream', stream: { id: 'unknown' } }),
    )
    const response = await handler(
      new Request(`http://bot.example/?${signed(encrypt)}`, {
        method: 'POST',
        body: JSON.stringify({ encrypt }),
      }),
    )
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('')
    expect((errors[0]!.error as Error).message).toMatch(/no stream of this process has this id/)
  })
})
