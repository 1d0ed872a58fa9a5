import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { decryptFile } from '@wecom/aibot-node-sdk'
import { createCallbackCrypto } from '@wecom-kit/callback'
import { type AiBotGateway, createAiBotGateway, DEFAULT_AIBOT_WEBHOOK } from '@wecom-kit/testing'
import { afterEach, beforeEach, expect, it } from 'vitest'

// The gateway as WeCom calling a bot's webhook URL, against a handler written here with
// @wecom-kit/callback's crypto (receiveId '' for a corp's own bot): two implementations of the
// scheme that have to agree.

const { token, encodingAesKey } = DEFAULT_AIBOT_WEBHOOK
type Reply = Record<string, unknown> | undefined
type Handle = (body: Record<string, any>) => Reply | Promise<Reply>

let gateway: AiBotGateway
let server: Server | undefined

beforeEach(async () => {
  gateway = await createAiBotGateway({ clock: () => 1_700_000_000_000 })
})
afterEach(async () => {
  server?.closeAllConnections()
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)))
  server = undefined
  await gateway.close()
})

/** A bot's webhook: checks and decrypts each callback, encrypts and signs what `handle` returns. */
async function webhook(handle: Handle, options: { token?: string; nonce?: (nonce: string) => string } = {}) {
  const crypto = createCallbackCrypto({ token: options.token ?? token, encodingAesKey, receiveId: '' })
  server = createServer(async (req, res) => {
    const query = new URL(req.url!, 'http://bot').searchParams
    try {
      if (req.method === 'GET') return void res.end(crypto.verifyUrl(query))
      let raw = ''
      for await (const chunk of req) raw += chunk
      const { encrypt } = JSON.parse(raw)
      if (
        !crypto.verifySignature(
          query.get('msg_signature')!,
          query.get('timestamp')!,
          query.get('nonce')!,
          encrypt,
        )
      ) {
        return void res.writeHead(401).end()
      }
      const reply = await handle(JSON.parse(crypto.decrypt(encrypt)))
      if (!reply) return void res.end()
      const nonce = options.nonce ? options.nonce(query.get('nonce')!) : query.get('nonce')!
      const timestamp = Math.floor(Date.now() / 1000)
      const sealed = crypto.encrypt(JSON.stringify(reply))
      res.setHeader('content-type', 'application/json')
      res.end(
        JSON.stringify({
          encrypt: sealed,
          msgsignature: crypto.signature(timestamp, nonce, sealed),
          timestamp,
          nonce,
        }),
      )
    } catch {
      res.writeHead(403).end()
    }
  })
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server!.address() as AddressInfo).port}/aibot`
  return gateway.webhook({ url, token, encodingAesKey, refreshIntervalMs: 1 })
}

it('checks the URL with an encrypted echostr', async () => {
  const hook = await webhook(() => undefined)
  const check = await hook.verifyUrl()
  expect(check).toMatchObject({ ok: true, status: 200 })
  expect(check.body).toBe(check.expected)
})

it('fails the URL check of a handler with another token', async () => {
  const hook = await webhook(() => undefined, { token: 'another-token' })
  expect(await hook.verifyUrl()).toMatchObject({ ok: false, status: 403 })
})

it('refreshes a stream until it finishes, each refresh naming the stream', async () => {
  const words = ['今天', '广州', '多云', '。']
  const refreshes: Record<string, any>[] = []
  const hook = await webhook((body) => {
    if (body.msgtype === 'stream') refreshes.push(body)
    const shown = refreshes.length + 1
    return {
      msgtype: 'stream',
      stream: { id: 'answer-1', content: words.slice(0, shown).join(''), finish: shown === words.length },
    }
  })

  const exchange = await hook.userSays({ msgtype: 'text', text: { content: '天气' }, chattype: 'group' })
  expect(exchange.stream).toMatchObject({
    id: 'answer-1',
    content: '今天广州多云。',
    finished: true,
    updates: 4,
  })
  expect(exchange.refreshes).toBe(3)
  expect(exchange.expired).toBe(false)
  expect(exchange.replies.map((reply) => reply.errcode)).toEqual([0, 0, 0, 0])
  expect(refreshes[0]).toMatchObject({
    aibotid: gateway.botId,
    chatid: 'wrsimgroup',
    chattype: 'group',
    from: { userid: 'sim-user' },
    msgtype: 'stream',
    stream: { id: 'answer-1' },
  })
  expect(new Set(refreshes.map((refresh) => refresh.msgid)).size).toBe(3)
  expect(exchange.body).toMatchObject({
    msgtype: 'text',
    text: { content: '天气' },
    response_url: exchange.responseUrl,
  })
})

it('stops refreshing 6 minutes after the message when the stream never finishes', async () => {
  const hook = await webhook((body) => {
    // A minute passes per callback on the gateway's clock.
    if (body.msgtype === 'stream') gateway.advanceTime(60_000)
    return { msgtype: 'stream', stream: { id: 'slow', content: '还在想…' } }
  })
  const exchange = await hook.userSays('难题')
  expect(exchange).toMatchObject({ expired: true, refreshes: 6, stream: { finished: false } })
})

it('records a reply WeCom does not take in a webhook, with its errcode', async () => {
  const hook = await webhook(() => ({ msgtype: 'markdown', markdown: { content: '直接回复' } }))
  const exchange = await hook.userSays('hi')
  expect(exchange.replies[0]).toMatchObject({ errcode: 40008, body: { msgtype: 'markdown' } })
  expect(exchange.stream).toBeUndefined()
})

it('takes a welcome for enter_chat', async () => {
  const hook = await webhook((body) =>
    body.event?.eventtype === 'enter_chat' ? { msgtype: 'text', text: { content: '欢迎' } } : undefined,
  )
  const exchange = await hook.event({ eventtype: 'enter_chat', userid: 'lisi' })
  expect(exchange.body).toMatchObject({
    msgtype: 'event',
    from: { userid: 'lisi' },
    event: { eventtype: 'enter_chat' },
  })
  expect(exchange.replies).toMatchObject([
    { errcode: 0, body: { msgtype: 'text', text: { content: '欢迎' } } },
  ])
})

it('rejects an answer that is not signed with the request nonce', async () => {
  const hook = await webhook(() => ({ msgtype: 'stream', stream: { id: 's', content: 'x', finish: true } }), {
    nonce: () => 'another-nonce',
  })
  await expect(hook.userSays('hi')).rejects.toThrow(/nonce/)
})

it('serves media encrypted with the EncodingAESKey, with no aeskey in the body', async () => {
  const photo = Buffer.from('a photo that is not really a PNG')
  let body: Record<string, any> | undefined
  const hook = await webhook((received) => {
    body = received
    return undefined
  })
  await hook.userSays({ msgtype: 'image', image: { data: photo } })
  expect(body?.image).toEqual({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/media\//) })
  const encrypted = Buffer.from(await (await fetch(body!.image.url)).arrayBuffer())
  expect(Buffer.compare(decryptFile(encrypted, encodingAesKey), photo)).toBe(0)
})

it('takes one later reply on the response_url after an empty answer', async () => {
  const hook = await webhook(() => undefined)
  const exchange = await hook.userSays('稍后答复我')
  expect(exchange.replies).toMatchObject([{ body: undefined, errcode: 0 }])
  const answer = await fetch(exchange.responseUrl!, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ msgtype: 'markdown', markdown: { content: '答复来了' } }),
  })
  expect(await answer.json()).toEqual({ errcode: 0, errmsg: 'ok' })
  expect(gateway.responseUrlReplies()).toMatchObject([{ msgid: exchange.msgid, errcode: 0 }])
})
