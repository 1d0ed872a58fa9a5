// Our bot and Tencent's own @wecom/aibot-node-sdk do the same things against the gateway; the
// frames the gateway receives must be the same, up to the ids each side makes up (req_id of its
// own frames, stream id, upload id).
import { Buffer } from 'node:buffer'
import { randomBytes } from 'node:crypto'
import AiBot, { generateReqId, type WsFrame } from '@wecom/aibot-node-sdk'
import { createAiBot } from '@wecom-kit/aibot'
import { type AiBotGateway, createAiBotGateway } from '@wecom-kit/testing'
import { afterEach, expect, it } from 'vitest'

const card = {
  card_type: 'button_interaction' as const,
  main_title: { title: '审批' },
  task_id: 'task_id',
  button_list: [{ text: '已同意', key: 'ok', style: 1 }],
}
const welcome = { msgtype: 'text' as const, text: { content: '你好，我是机器人' } }
const markdown = { msgtype: 'markdown' as const, markdown: { content: '**日报**已生成' } }
const file = randomBytes(700 * 1024) // two chunks

interface Client {
  start(): Promise<void>
  send(): Promise<unknown>
  upload(): Promise<unknown>
  stop(): Promise<void> | void
}

/** Runs one client through the scenario; returns the frames the gateway received, pings apart. */
async function scenario(gateway: AiBotGateway, client: Client) {
  await client.start()
  const message = gateway.userSays('写个日报')
  await gateway.waitFor(() => gateway.stream(message)?.finished)
  const enter = gateway.event({ eventtype: 'enter_chat' })
  await gateway.waitFor(() => gateway.replies(enter).length > 0)
  const click = gateway.event({ eventtype: 'template_card_event' })
  await gateway.waitFor(() => gateway.replies(click).length > 0)
  await client.send()
  await client.upload()
  await new Promise((resolve) => setTimeout(resolve, 150)) // a heartbeat
  await client.stop()
  const frames = gateway.frames().map((f) => f.frame as Record<string, unknown>)
  const errcodes = [message, enter, click].flatMap((id) => gateway.replies(id).map((r) => r.errcode))
  return {
    frames: normalize(frames.filter((f) => f.cmd !== 'ping')),
    pings: frames.filter((f) => f.cmd === 'ping'),
    errcodes,
  }
}

/** Ids each client makes up, renamed in order of appearance; chunks in chunk_index order (Tencent sends them in parallel). */
function normalize(frames: Record<string, unknown>[]) {
  const names = new Map<string, string>()
  const name = (kind: string, id: unknown) => {
    const key = `${kind}:${String(id)}`
    if (!names.has(key)) names.set(key, `<${kind} ${names.size}>`)
    return names.get(key)!
  }
  const chunks = frames.filter((f) => f.cmd === 'aibot_upload_media_chunk')
  chunks.sort(
    (a, b) =>
      (a.body as { chunk_index: number }).chunk_index - (b.body as { chunk_index: number }).chunk_index,
  )
  let next = 0
  const ordered = frames.map((f) => (f.cmd === 'aibot_upload_media_chunk' ? chunks[next++]! : f))
  return ordered.map((frame) =>
    JSON.parse(JSON.stringify(frame), (key, value) => {
      if (key === 'req_id') return name('req', value)
      if (key === 'upload_id') return name('upload', value)
      if (key === 'id' && typeof value === 'string' && value.startsWith('stream'))
        return name('stream', value)
      return value
    }),
  )
}

let gateways: AiBotGateway[] = []
afterEach(async () => {
  await Promise.all(gateways.map((g) => g.close()))
  gateways = []
})

it("our frames are Tencent's frames: subscribe, stream, welcome, card update, send, upload, ping", async () => {
  gateways = await Promise.all([createAiBotGateway(), createAiBotGateway()])
  const [ours, theirs] = gateways

  const bot = createAiBot({
    botId: ours!.botId,
    secret: ours!.secret,
    url: ours!.url,
    heartbeatInterval: 100,
  })
  bot.onMessage(async (_, reply) => {
    const stream = reply.stream()
    stream.write('正在写')
    await new Promise((resolve) => setTimeout(resolve, 50))
    await stream.end('：今日完成三项')
  })
  bot.onEvent(async (event, reply) => {
    if (event.eventtype === 'enter_chat') await reply.welcome(welcome)
    if (event.eventtype === 'template_card_event')
      await reply.updateTemplateCard(card, { userids: ['sim-user'] })
  })
  const mine = await scenario(ours!, {
    start: async () => void (await bot.start()),
    send: () => bot.send('zhangsan', markdown),
    upload: () => bot.uploadMedia('file', file, { filename: 'report.bin' }),
    stop: () => bot.stop(),
  })

  const silent = { debug() {}, info() {}, warn() {}, error() {} }
  const client = new AiBot.WSClient({
    botId: theirs!.botId,
    secret: theirs!.secret,
    wsUrl: theirs!.url,
    heartbeatInterval: 100,
    logger: silent,
  })
  client.on('message.text', async (frame: WsFrame) => {
    const id = generateReqId('stream')
    await client.replyStream(frame, id, '正在写', false)
    await new Promise((resolve) => setTimeout(resolve, 50))
    await client.replyStream(frame, id, '正在写：今日完成三项', true)
  })
  client.on('event.enter_chat', (frame: WsFrame) => void client.replyWelcome(frame, welcome))
  client.on(
    'event.template_card_event',
    (frame: WsFrame) => void client.updateTemplateCard(frame, card, ['sim-user']),
  )
  const tencent = await scenario(theirs!, {
    start: () =>
      new Promise<void>((resolve, reject) => {
        client.once('authenticated', () => resolve())
        client.once('error', reject)
        client.connect()
      }),
    send: () => client.sendMessage('zhangsan', markdown),
    upload: () => client.uploadMedia(file, { type: 'file', filename: 'report.bin' }),
    stop: () => client.disconnect(),
  })

  expect(mine.frames).toEqual(tencent.frames)
  expect(mine.frames.map((f) => f.cmd)).toEqual([
    'aibot_subscribe',
    'aibot_respond_msg',
    'aibot_respond_msg',
    'aibot_respond_welcome_msg',
    'aibot_respond_update_msg',
    'aibot_send_msg',
    'aibot_upload_media_init',
    'aibot_upload_media_chunk',
    'aibot_upload_media_chunk',
    'aibot_upload_media_finish',
  ])
  expect(mine.errcodes.every((e) => e === 0) && tencent.errcodes.every((e) => e === 0)).toBe(true)
  // Pings: the same frame, without a body.
  expect(mine.pings.length).toBeGreaterThan(0)
  expect(tencent.pings.length).toBeGreaterThan(0)
  expect(Object.keys(mine.pings[0]!)).toEqual(Object.keys(tencent.pings[0]!))
  expect(Buffer.from(ours!.uploads()[0]!.data).equals(theirs!.uploads()[0]!.data)).toBe(true)
})
