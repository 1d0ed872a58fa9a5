import { createHash, randomBytes } from 'node:crypto'
import { generateReqId, WSClient, type WsFrame } from '@wecom/aibot-node-sdk'
import { type AiBotGateway, createAiBotGateway } from '@wecom-kit/testing'
import { afterEach, beforeEach, expect, it } from 'vitest'

// Tencent's own SDK (@wecom/aibot-node-sdk 1.0.7), pointed at the gateway with its `wsUrl`
// option: everything it does here it would do against wss://openws.work.weixin.qq.com. These
// tests are the proof that the gateway speaks the real protocol.

const silent = { debug() {}, info() {}, warn() {}, error() {} }
let gateway: AiBotGateway
const clients: WSClient[] = []

beforeEach(async () => {
  gateway = await createAiBotGateway()
})
afterEach(async () => {
  for (const client of clients.splice(0)) if (client.isConnected) client.disconnect()
  await gateway.close()
})

function tencentClient(options: { secret?: string; maxAuthFailureAttempts?: number } = {}): WSClient {
  const client = new WSClient({
    botId: gateway.botId,
    secret: options.secret ?? gateway.secret,
    wsUrl: gateway.url,
    logger: silent,
    maxAuthFailureAttempts: options.maxAuthFailureAttempts ?? 5,
  })
  client.on('error', () => {})
  clients.push(client)
  return client
}

it('subscribes, gets a message and streams its answer, every frame acknowledged', async () => {
  const client = tencentClient()
  const acks: WsFrame[] = []
  client.on('message.text', async (frame) => {
    const streamId = generateReqId('stream')
    const said = frame.body!.text.content
    acks.push(await client.replyStream(frame, streamId, '正在思考…'))
    acks.push(await client.replyStream(frame, streamId, `你说的是：${said}`))
    acks.push(await client.replyStream(frame, streamId, `你说的是：${said}。完毕`, true))
  })
  client.connect()
  await gateway.subscribed()

  expect(gateway.frames({ cmd: 'aibot_subscribe' })[0]?.frame).toMatchObject({
    cmd: 'aibot_subscribe',
    body: { bot_id: gateway.botId, secret: gateway.secret },
  })

  const reqId = gateway.userSays({ msgtype: 'text', text: { content: '明天广州天气' }, chattype: 'group' })
  const stream = await gateway.waitFor(() => gateway.stream(reqId)?.finished && gateway.stream(reqId))
  expect(stream).toMatchObject({ content: '你说的是：明天广州天气。完毕', finished: true, updates: 3 })
  expect(stream.bytes).toBe(Buffer.byteLength(stream.content))

  const replies = gateway.replies(reqId)
  expect(replies.map((reply) => [reply.cmd, reply.errcode])).toEqual([
    ['aibot_respond_msg', 0],
    ['aibot_respond_msg', 0],
    ['aibot_respond_msg', 0],
  ])
  expect(replies[0]?.body).toEqual({
    msgtype: 'stream',
    stream: { id: stream.id, finish: false, content: '正在思考…' },
  })
  await gateway.waitFor(() => acks.length === 3)
  expect(acks.every((ack) => ack.headers.req_id === reqId && ack.errcode === 0)).toBe(true)
})

it('delivers the body with WeCom field names, and a group chat has its chatid', async () => {
  const client = tencentClient()
  const seen: WsFrame[] = []
  client.on('message', (frame) => seen.push(frame))
  client.connect()
  await gateway.subscribed()

  const reqId = gateway.userSays({
    msgtype: 'text',
    text: { content: '@机器人 hello' },
    chattype: 'group',
    chatid: 'wrGROUP1',
    userid: 'zhangsan',
    quote: { msgtype: 'text', text: { content: '上一条' } },
  })
  const frame = await gateway.waitFor(() => seen.find((f) => f.headers.req_id === reqId))
  expect(frame.cmd).toBe('aibot_msg_callback')
  expect(frame.body).toMatchObject({
    aibotid: gateway.botId,
    chatid: 'wrGROUP1',
    chattype: 'group',
    from: { userid: 'zhangsan' },
    msgtype: 'text',
    text: { content: '@机器人 hello' },
    quote: { msgtype: 'text', text: { content: '上一条' } },
  })
  expect(frame.body.msgid).toEqual(expect.any(String))
  expect(frame.body.response_url).toMatch(
    /^http:\/\/127\.0\.0\.1:\d+\/cgi-bin\/aibot\/response\?response_code=/,
  )
})

it("downloads and decrypts an image the user sent with the SDK's own downloadFile", async () => {
  const client = tencentClient()
  const image = randomBytes(70_001)
  let downloaded: { buffer: Buffer; filename?: string } | undefined
  client.on('message.image', async (frame) => {
    downloaded = await client.downloadFile(frame.body!.image.url, frame.body!.image.aeskey)
  })
  client.connect()
  await gateway.subscribed()

  const reqId = gateway.userSays({
    msgtype: 'image',
    image: { data: image, contentType: 'image/png', filename: '图.png' },
  })
  await gateway.waitFor(() => downloaded, { timeoutMs: 15_000 })
  expect(Buffer.compare(downloaded!.buffer, image)).toBe(0)
  expect(downloaded!.filename).toBe('图.png')
  // Real aeskeys are 43 base64 characters, no padding.
  expect((gateway.callback(reqId)!.body.image as { aeskey: string }).aeskey).toMatch(/^[A-Za-z0-9+/]{43}$/)
})

it('uploads media in chunks, then replies and pushes it', async () => {
  const client = tencentClient()
  client.connect()
  await gateway.subscribed()

  // Three chunks: the SDK cuts at 512 KB and uploads them concurrently.
  const file = randomBytes(512 * 1024 * 2 + 1234)
  const uploaded = await client.uploadMedia(file, { type: 'file', filename: 'report.pdf' })
  const media = gateway.media(uploaded.media_id)
  expect(media).toMatchObject({ type: 'file', filename: 'report.pdf', botId: gateway.botId })
  expect(Buffer.compare(Buffer.from(media!.data), file)).toBe(0)
  expect(media!.md5).toBe(createHash('md5').update(file).digest('hex'))
  expect(gateway.frames({ cmd: 'aibot_upload_media_chunk' })).toHaveLength(3)

  const pushed = await client.sendMediaMessage('zhangsan', 'file', uploaded.media_id)
  expect(pushed.errcode).toBe(0)
  expect(gateway.sent()).toMatchObject([
    { chatid: 'zhangsan', msgtype: 'file', body: { file: { media_id: uploaded.media_id } }, errcode: 0 },
  ])
})

it('welcomes on enter_chat and updates a card on template_card_event', async () => {
  const client = tencentClient()
  client.on('event.enter_chat', (frame) => {
    client.replyWelcome(frame, { msgtype: 'text', text: { content: '您好！' } }).catch(() => {})
  })
  client.on('event.template_card_event', (frame) => {
    client
      .updateTemplateCard(frame, { card_type: 'button_interaction', main_title: { title: '已处理' } }, [
        'zhangsan',
      ])
      .catch(() => {})
  })
  client.connect()
  await gateway.subscribed()

  const welcome = gateway.event({ eventtype: 'enter_chat' })
  const card = gateway.event({ eventtype: 'template_card_event', chattype: 'group', userid: 'zhangsan' })
  await gateway.waitFor(() => gateway.replies(welcome).length && gateway.replies(card).length)
  expect(gateway.replies(welcome)[0]).toMatchObject({
    cmd: 'aibot_respond_welcome_msg',
    body: { msgtype: 'text', text: { content: '您好！' } },
    errcode: 0,
  })
  expect(gateway.replies(card)[0]).toMatchObject({
    cmd: 'aibot_respond_update_msg',
    body: { response_type: 'update_template_card', userids: ['zhangsan'] },
    errcode: 0,
  })
})

it('pushes markdown proactively', async () => {
  const client = tencentClient()
  client.connect()
  await gateway.subscribed()
  const ack = await client.sendMessage('zhangsan', { msgtype: 'markdown', markdown: { content: '**日报**' } })
  expect(ack.errcode).toBe(0)
  expect(gateway.sent()[0]).toMatchObject({ chatid: 'zhangsan', msgtype: 'markdown', errcode: 0 })
})

it('a second connection kicks the first: it gets disconnected_event and the newer one gets the messages', async () => {
  const first = tencentClient()
  const kicked: WsFrame[] = []
  first.on('event.disconnected_event', (frame) => kicked.push(frame))
  first.connect()
  await gateway.subscribed()

  const second = tencentClient()
  const got: string[] = []
  second.on('message.text', (frame) => got.push(frame.body!.text.content))
  second.connect()
  await gateway.waitFor(() => kicked.length === 1)
  expect(kicked[0]?.body).toMatchObject({
    aibotid: gateway.botId,
    msgtype: 'event',
    event: { eventtype: 'disconnected_event' },
  })

  await gateway.subscribed()
  gateway.userSays('还在吗')
  await gateway.waitFor(() => got.length === 1)
  expect(got).toEqual(['还在吗'])
  expect(gateway.connections().map((c) => c.state)).toEqual(['closed', 'subscribed'])
})

it('a wrong secret is refused with 853000', async () => {
  const client = tencentClient({ secret: 'not-the-secret', maxAuthFailureAttempts: 0 })
  const errors: Error[] = []
  client.on('error', (error) => errors.push(error))
  client.connect()
  await gateway.waitFor(() => errors.some((error) => error.message.includes('853000')))
  expect(gateway.isSubscribed()).toBe(false)
  expect(gateway.frames({ cmd: 'aibot_subscribe' })).toHaveLength(1)
})
