import { createHash } from 'node:crypto'
import {
  AIBOT_ERRCODES,
  type AiBotGateway,
  type AiBotGatewayOptions,
  createAiBotGateway,
} from '@wecom-kit/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { answered, connect, type RawClient } from './aibot-support.js'

// WeCom's documented rules, each with the errcode the gateway answers, driven by a bare client so
// every frame is exactly as written. Time-based rules run on the gateway's clock (advanceTime),
// never on real waiting.

let gateway: AiBotGateway
const clients: RawClient[] = []

afterEach(async () => {
  for (const client of clients.splice(0)) client.close()
  await gateway?.close()
})

async function start(options: AiBotGatewayOptions = {}): Promise<RawClient> {
  gateway = await createAiBotGateway({ clock: () => 1_700_000_000_000, ...options })
  const client = await connect(gateway.url)
  clients.push(client)
  expect(await client.subscribe(gateway.botId, gateway.secret)).toMatchObject({ errcode: 0, errmsg: 'ok' })
  return client
}

async function extraClient(): Promise<RawClient> {
  const client = await connect(gateway.url)
  clients.push(client)
  return client
}

const stream = (id: string | undefined, content: string, finish = false) => ({
  msgtype: 'stream',
  stream: id === undefined ? { content, finish } : { id, content, finish },
})

describe('subscribing', () => {
  it('refuses a wrong secret with 853000 and keeps the socket open for another try', async () => {
    await start()
    const client = await extraClient()
    const refused = await client.subscribe(gateway.botId, 'wrong')
    expect(refused).toMatchObject({ errcode: AIBOT_ERRCODES.invalidCredentials })
    expect(refused.errmsg).toMatch(/^invalid bot_id or secret/)
    expect(client.socket.readyState).toBe(client.socket.OPEN)
    expect(await client.subscribe(gateway.botId, gateway.secret)).toMatchObject({ errcode: 0 })
  })

  it('refuses even the right secret once it is reset, until accepted again', async () => {
    const first = await start()
    gateway.refuseSecret()
    expect(await first.subscribe(gateway.botId, gateway.secret)).toMatchObject({ errcode: 853000 })
    gateway.acceptSecret()
    expect(await first.subscribe(gateway.botId, gateway.secret)).toMatchObject({ errcode: 0 })
  })

  it('answers frames of an unsubscribed connection with 853000, and pings with 0', async () => {
    await start()
    const client = await extraClient()
    expect(
      await answered(client, 'aibot_send_msg', {
        chatid: 'u',
        msgtype: 'markdown',
        markdown: { content: 'x' },
      }),
    ).toMatchObject({ errcode: 853000 })
    expect(await answered(client, 'ping')).toMatchObject({ errcode: 0, errmsg: 'ok' })
    expect(gateway.sent()).toEqual([])
  })
})

describe('replying to a callback', () => {
  it('answers an unknown req_id with 846605', async () => {
    const client = await start()
    const ack = await answered(client, 'aibot_respond_msg', stream('s1', 'hi'), 'made-up-req-id')
    expect(ack).toMatchObject({ headers: { req_id: 'made-up-req-id' }, errcode: AIBOT_ERRCODES.invalidReqId })
  })

  it("takes no stream on an event's req_id and no welcome on a message's (846605)", async () => {
    const client = await start()
    const enter = gateway.event({ eventtype: 'enter_chat' })
    const message = gateway.userSays('hi')
    expect(await answered(client, 'aibot_respond_msg', stream('s1', 'hi'), enter)).toMatchObject({
      errcode: 846605,
    })
    const welcome = { msgtype: 'text', text: { content: '欢迎' } }
    expect(await answered(client, 'aibot_respond_welcome_msg', welcome, message)).toMatchObject({
      errcode: 846605,
    })
    expect(gateway.stream(enter)).toBeUndefined()
  })

  it('takes one welcome within 5 s of enter_chat', async () => {
    const client = await start()
    const welcome = { msgtype: 'text', text: { content: '欢迎' } }
    const late = gateway.event({ eventtype: 'enter_chat' })
    gateway.advanceTime(5_001)
    expect(await answered(client, 'aibot_respond_welcome_msg', welcome, late)).toMatchObject({
      errcode: 846605,
    })

    const timely = gateway.event({ eventtype: 'enter_chat' })
    gateway.advanceTime(4_999)
    expect(await answered(client, 'aibot_respond_welcome_msg', welcome, timely)).toMatchObject({ errcode: 0 })
    expect(await answered(client, 'aibot_respond_welcome_msg', welcome, timely)).toMatchObject({
      errcode: 846605,
    })
  })

  it('takes a card update within 5 s of template_card_event only', async () => {
    const client = await start()
    const update = {
      response_type: 'update_template_card',
      template_card: { card_type: 'button_interaction' },
    }
    const card = gateway.event({ eventtype: 'template_card_event' })
    gateway.advanceTime(5_001)
    expect(await answered(client, 'aibot_respond_update_msg', update, card)).toMatchObject({
      errcode: 846605,
    })
    const feedback = gateway.event({ eventtype: 'feedback_event' })
    expect(await answered(client, 'aibot_respond_update_msg', update, feedback)).toMatchObject({
      errcode: 846605,
    })
  })

  it('keeps the latest content of a stream and counts its updates', async () => {
    const client = await start()
    const reqId = gateway.userSays('天气')
    await answered(client, 'aibot_respond_msg', stream('s1', '正在查询'), reqId)
    // Only the first frame has to name the stream.
    await answered(client, 'aibot_respond_msg', stream(undefined, '广州：29 度'), reqId)
    await answered(client, 'aibot_respond_msg', stream('s1', '广州：29 度，多云', true), reqId)
    expect(gateway.stream(reqId)).toMatchObject({
      id: 's1',
      content: '广州：29 度，多云',
      bytes: Buffer.byteLength('广州：29 度，多云'),
      finished: true,
      updates: 3,
    })
  })

  it('requires a stream id on the first stream frame (40058)', async () => {
    const client = await start()
    const reqId = gateway.userSays('hi')
    expect(await answered(client, 'aibot_respond_msg', stream(undefined, 'x'), reqId)).toMatchObject({
      errcode: 40058,
    })
  })

  it('takes at most 20 480 UTF-8 bytes of content (45002) and keeps the last good one', async () => {
    const client = await start()
    const reqId = gateway.userSays('长文')
    const fits = `${'中'.repeat(6826)}ab` // 6826 × 3 + 2 = 20 480 bytes
    expect(await answered(client, 'aibot_respond_msg', stream('s1', fits), reqId)).toMatchObject({
      errcode: 0,
    })
    const over = await answered(client, 'aibot_respond_msg', stream('s1', `${fits}c`), reqId)
    expect(over).toMatchObject({ errcode: AIBOT_ERRCODES.contentTooLong })
    expect(over.errmsg).toContain('20481 bytes')
    expect(gateway.stream(reqId)).toMatchObject({ bytes: 20_480, updates: 1 })
    expect(gateway.replies(reqId).map((reply) => reply.errcode)).toEqual([0, 45002])
  })

  it('takes no stream update 6 minutes after its first frame, nor after its finish (846608)', async () => {
    const client = await start()
    const slow = gateway.userSays('慢')
    await answered(client, 'aibot_respond_msg', stream('s1', '第一段'), slow)
    gateway.advanceTime(6 * 60_000)
    expect(await answered(client, 'aibot_respond_msg', stream('s1', '最后一段'), slow)).toMatchObject({
      errcode: 0,
    })
    gateway.advanceTime(1)
    const expired = await answered(client, 'aibot_respond_msg', stream('s1', '太晚', true), slow)
    expect(expired).toMatchObject({ errcode: AIBOT_ERRCODES.streamExpired })
    expect(gateway.stream(slow)).toMatchObject({ content: '最后一段', finished: false })

    const done = gateway.userSays('快')
    await answered(client, 'aibot_respond_msg', stream('s2', '完', true), done)
    expect(await answered(client, 'aibot_respond_msg', stream('s2', '又改'), done)).toMatchObject({
      errcode: 846608,
    })
  })

  it('answers a shorter stream deadline when configured', async () => {
    const client = await start({ streamDeadlineMs: 1_000 })
    const reqId = gateway.userSays('hi')
    await answered(client, 'aibot_respond_msg', stream('s1', 'a'), reqId)
    gateway.advanceTime(1_001)
    expect(await answered(client, 'aibot_respond_msg', stream('s1', 'ab'), reqId)).toMatchObject({
      errcode: 846608,
    })
  })

  it('takes one template card per message, markdown up to 20 480 bytes, and only known msgtypes', async () => {
    const client = await start()
    const reqId = gateway.userSays('卡片')
    const card = { msgtype: 'template_card', template_card: { card_type: 'text_notice' } }
    expect(await answered(client, 'aibot_respond_msg', card, reqId)).toMatchObject({ errcode: 0 })
    expect(await answered(client, 'aibot_respond_msg', card, reqId)).toMatchObject({ errcode: 40058 })
    const long = { msgtype: 'markdown', markdown: { content: 'x'.repeat(20_481) } }
    expect(await answered(client, 'aibot_respond_msg', long, reqId)).toMatchObject({ errcode: 45002 })
    expect(await answered(client, 'aibot_respond_msg', { msgtype: 'news' }, reqId)).toMatchObject({
      errcode: 40008,
    })
    const file = { msgtype: 'file', file: { media_id: 'never-uploaded' } }
    expect(await answered(client, 'aibot_respond_msg', file, reqId)).toMatchObject({ errcode: 40007 })
  })

  it('takes replies to a message for 24 hours', async () => {
    const client = await start()
    const reqId = gateway.userSays('hi')
    gateway.advanceTime(24 * 3_600_000 + 1)
    const markdown = { msgtype: 'markdown', markdown: { content: 'late' } }
    expect(await answered(client, 'aibot_respond_msg', markdown, reqId)).toMatchObject({ errcode: 846605 })
  })
})

describe('uploading media in chunks', () => {
  const init = (client: RawClient, total_size: number, total_chunks: number, md5?: string) =>
    answered(client, 'aibot_upload_media_init', {
      type: 'file',
      filename: 'a.bin',
      total_size,
      total_chunks,
      md5,
    })
  const chunk = (client: RawClient, upload_id: string, chunk_index: number, data: Buffer) =>
    answered(client, 'aibot_upload_media_chunk', {
      upload_id,
      chunk_index,
      base64_data: data.toString('base64'),
    })

  it('reassembles chunks sent out of order, a repeated chunk ignored', async () => {
    const client = await start()
    const data = Buffer.from('0123456789')
    const { body } = await init(client, 10, 3, createHash('md5').update(data).digest('hex'))
    await chunk(client, body.upload_id, 2, data.subarray(8))
    await chunk(client, body.upload_id, 0, data.subarray(0, 4))
    await chunk(client, body.upload_id, 1, data.subarray(4, 8))
    expect(await chunk(client, body.upload_id, 1, Buffer.from('XXXX'))).toMatchObject({ errcode: 0 })
    const finished = await answered(client, 'aibot_upload_media_finish', { upload_id: body.upload_id })
    expect(finished).toMatchObject({ errcode: 0, body: { type: 'file', media_id: expect.any(String) } })
    expect(Buffer.from(gateway.media(finished.body.media_id)!.data).toString()).toBe('0123456789')
  })

  it('refuses a chunk over 512 KB and more than 100 chunks (45001)', async () => {
    const client = await start()
    expect(await init(client, 101 * 1024, 101)).toMatchObject({ errcode: AIBOT_ERRCODES.mediaTooLarge })
    const { body } = await init(client, 600 * 1024, 2)
    const big = await chunk(client, body.upload_id, 0, Buffer.alloc(512 * 1024 + 1))
    expect(big).toMatchObject({ errcode: 45001 })
    expect(await chunk(client, body.upload_id, 0, Buffer.alloc(512 * 1024))).toMatchObject({ errcode: 0 })
  })

  it('refuses a finish with a chunk missing or a wrong md5, and a chunk out of range (40058)', async () => {
    const client = await start()
    const missing = await init(client, 8, 2)
    await chunk(client, missing.body.upload_id, 0, Buffer.from('abcd'))
    expect(await chunk(client, missing.body.upload_id, 2, Buffer.from('efgh'))).toMatchObject({
      errcode: 40058,
    })
    const incomplete = await answered(client, 'aibot_upload_media_finish', {
      upload_id: missing.body.upload_id,
    })
    expect(incomplete).toMatchObject({ errcode: 40058 })
    expect(incomplete.errmsg).toContain('1 chunk(s) missing')

    const wrong = await init(client, 4, 1, 'd41d8cd98f00b204e9800998ecf8427e')
    await chunk(client, wrong.body.upload_id, 0, Buffer.from('abcd'))
    const mismatch = await answered(client, 'aibot_upload_media_finish', { upload_id: wrong.body.upload_id })
    expect(mismatch.errmsg).toContain('md5')
  })

  it('ends an upload session after 30 minutes', async () => {
    const client = await start()
    const { body } = await init(client, 4, 1)
    gateway.advanceTime(30 * 60_000)
    expect(await chunk(client, body.upload_id, 0, Buffer.from('abcd'))).toMatchObject({ errcode: 40058 })
  })
})

describe('the connection', () => {
  it('kicks the older connection when a newer one subscribes; the older is ignored but stays open', async () => {
    const older = await start()
    const newer = await extraClient()
    await newer.subscribe(gateway.botId, gateway.secret)
    const event = await older.next((frame) => frame.cmd === 'aibot_event_callback')
    expect(event).toMatchObject({
      headers: { req_id: expect.any(String) },
      body: { aibotid: gateway.botId, msgtype: 'event', event: { eventtype: 'disconnected_event' } },
    })

    const ignoredPing = older.send('ping')
    await gateway.waitFor(() => gateway.frames({ cmd: 'ping' }).find((f) => f.reqId === ignoredPing)?.ignored)
    // A WebSocket ping is answered after anything the gateway already sent on that socket.
    await new Promise((resolve) => {
      older.socket.once('pong', resolve)
      older.socket.ping()
    })
    expect(older.received.some((frame) => frame.headers?.req_id === ignoredPing)).toBe(false)
    expect(older.socket.readyState).toBe(older.socket.OPEN)
    expect(gateway.connections().map((c) => c.state)).toEqual(['kicked', 'subscribed'])

    const reqId = gateway.userSays('给新连接')
    await newer.next((frame) => frame.headers?.req_id === reqId)
  })

  it('kick() sends disconnected_event and closes the socket when told', async () => {
    const client = await start()
    gateway.kick(undefined, { closeAfterMs: 0 })
    await client.next((frame) => frame.body?.event?.eventtype === 'disconnected_event')
    expect(await client.closed).toMatchObject({ code: 1000 })
    expect(gateway.isSubscribed()).toBe(false)
    expect(() => gateway.userSays('hi')).toThrow(/no connection is subscribed/)
  })

  it('counts pings and closes a connection that stopped sending them', async () => {
    let clock = 1_700_000_000_000
    const quiet = await start({ clock: () => clock, heartbeatTimeoutMs: 1_000 })
    const lively = await extraClient()
    clock += 600
    expect(await answered(lively, 'ping')).toMatchObject({ errcode: 0 })
    clock += 600
    expect(await quiet.closed).toEqual({ code: 1000, reason: 'heartbeat timeout' })
    expect(gateway.connections()).toMatchObject([
      { state: 'closed', pings: 0 },
      { state: 'open', pings: 1, lastPingAt: 1_700_000_000_600 },
    ])
  })

  it('does not count advanceTime against the heartbeat', async () => {
    const client = await start({ heartbeatTimeoutMs: 1_000 })
    gateway.advanceTime(60 * 60_000)
    expect(await answered(client, 'ping')).toMatchObject({ errcode: 0 })
    expect(gateway.isSubscribed()).toBe(true)
  })

  it('delays acknowledgements, in order', async () => {
    const client = await start()
    gateway.delayAcks(150)
    const started = performance.now()
    const first = client.send('ping')
    const second = client.send('ping')
    await client.ack(second)
    expect(performance.now() - started).toBeGreaterThanOrEqual(145)
    const order = client.received.map((frame) => frame.headers?.req_id)
    expect(order.indexOf(first)).toBeLessThan(order.indexOf(second))
  })

  it('withholds acknowledgements with Infinity, the subscription included', async () => {
    await start()
    const client = await extraClient()
    gateway.delayAcks(Number.POSITIVE_INFINITY)
    const withheld = client.send('aibot_subscribe', { bot_id: gateway.botId, secret: gateway.secret })
    await gateway.waitFor(() => gateway.frames().some((frame) => frame.reqId === withheld))
    gateway.delayAcks(0)
    await answered(client, 'ping')
    expect(client.received.some((frame) => frame.headers?.req_id === withheld)).toBe(false)
    // Until its ack goes out, the subscription has not taken the bot over.
    expect(gateway.connections().map((c) => c.state)).toEqual(['subscribed', 'open'])
  })
})

describe('response_url', () => {
  it('takes one reply within its hour', async () => {
    await start()
    const post = (url: string, body: unknown) =>
      fetch(url, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.json() as Promise<any>)
    const markdown = { msgtype: 'markdown', markdown: { content: '稍后的答复' } }

    const first = gateway.callback(gateway.userSays('hi'))!.body.response_url as string
    expect(await post(first, markdown)).toEqual({ errcode: 0, errmsg: 'ok' })
    expect(await post(first, markdown)).toMatchObject({
      errcode: 40058,
      errmsg: expect.stringContaining('used'),
    })

    const late = gateway.callback(gateway.userSays('hi'))!.body.response_url as string
    expect(await post(late, { msgtype: 'stream' })).toMatchObject({ errcode: 40008 })
    gateway.advanceTime(3_600_000)
    expect(await post(late, markdown)).toMatchObject({
      errcode: 40058,
      errmsg: expect.stringContaining('expired'),
    })
    expect(gateway.responseUrlReplies().map((r) => r.errcode)).toEqual([0, 40058, 40008, 40058])
  })
})
