// An AI bot (智能机器人) that streams its answer token by token from a (fake) model, run both ways
// against the local gateway of @wecom-kit/testing, which plays WeCom:
//   1. long connection: createAiBot connects to the gateway's WebSocket; a user writes; the
//      answer streams back in a few throttled updates; a proactive message follows.
//   2. webhook: createAiBotHandler on node:http; the gateway posts the message signed and
//      encrypted like WeCom and asks for refreshes until the stream finishes.
// With a real bot, drop the gateway: pass your botId and secret (long connection), or mount the
// handler at the URL of the bot's API settings (webhook).
import { once } from 'node:events'
import { createServer } from 'node:http'
import { createAiBot, createAiBotHandler, isKnownAiBotEvent, isKnownAiBotMessage } from '@wecom-kit/aibot'
import { createAiBotGateway, DEFAULT_AIBOT_WEBHOOK } from '@wecom-kit/testing'

const watchdog = setTimeout(() => {
  console.error('aibot: not done after 20 s')
  process.exit(1)
}, 20_000)
watchdog.unref()

function check(condition, what) {
  if (!condition) throw new Error(`check failed: ${what}`)
}

// ---- The bot: one handler for both transports ------------------------------------------------

const ANSWER =
  '智能机器人可以通过长连接或回调 URL 接收消息。长连接不需要公网地址；' +
  '回调需要一个 WeCom 能访问的 URL。两种方式下，回复都可以流式输出，像这样一个词一个词地出现。'

/** A stand-in for an LLM: yields the answer a few characters at a time. */
async function* fakeModel() {
  for (let i = 0; i < ANSWER.length; i += 3) {
    await new Promise((resolve) => setTimeout(resolve, 15))
    yield ANSWER.slice(i, i + 3)
  }
}

async function onMessage(message, reply) {
  if (!isKnownAiBotMessage(message) || message.msgtype !== 'text') {
    return reply.text('我只读得懂文字。')
  }
  const stream = reply.stream()
  stream.write('🤔 ')
  for await (const token of fakeModel()) stream.write(token)
  await stream.end()
}

async function onEvent(event, reply) {
  if (isKnownAiBotEvent(event) && event.eventtype === 'enter_chat') {
    await reply.welcome({ msgtype: 'text', text: { content: '你好！问我点什么吧。' } })
  }
}

const gateway = await createAiBotGateway()
try {
  // ---- 1. Long connection ----------------------------------------------------------------------
  console.log('Long connection')
  const bot = createAiBot({
    botId: gateway.botId,
    secret: gateway.secret,
    url: gateway.url, // default: wss://openws.work.weixin.qq.com
    streamInterval: 200,
    onMessage,
    onEvent,
  })
  console.log(`  start(): ${await bot.start()}`)

  const welcome = gateway.event({ eventtype: 'enter_chat' })
  await gateway.waitFor(() => gateway.replies(welcome).length > 0)
  console.log(`  enter_chat → welcome: ${gateway.replies(welcome)[0].body.text.content}`)

  const asked = gateway.userSays('智能机器人怎么接入？')
  const stream = await gateway.waitFor(() => gateway.stream(asked)?.finished && gateway.stream(asked))
  const tokens = Math.ceil(ANSWER.length / 3)
  console.log(`  the answer: ${stream.content}`)
  console.log(`  ${tokens} tokens from the model → ${stream.updates} stream updates (one per 200 ms at most)`)
  check(stream.content === `🤔 ${ANSWER}`, 'the long-connection answer is the whole answer')
  check(stream.updates < tokens / 2, 'the updates were throttled')

  await bot.send('sim-user', { msgtype: 'markdown', markdown: { content: '**另外**：日报已生成。' } })
  check(gateway.sent()[0]?.errcode === 0, 'the proactive message went out')
  console.log('  bot.send → a markdown message to sim-user')
  await bot.stop()

  // ---- 2. Webhook --------------------------------------------------------------------------------
  console.log('\nWebhook')
  const { token, encodingAesKey } = DEFAULT_AIBOT_WEBHOOK
  const handler = createAiBotHandler({ token, encodingAesKey, onMessage, onEvent })
  const server = createServer(handler.node).listen(0, '127.0.0.1')
  await once(server, 'listening')
  const url = `http://127.0.0.1:${server.address().port}/wecom/aibot`
  const wecom = gateway.webhook({ url, token, encodingAesKey, refreshIntervalMs: 250 })

  const check1 = await wecom.verifyUrl()
  console.log(`  URL check: ${check1.ok ? 'passed' : 'FAILED'}`)
  check(check1.ok, 'the URL check passed')

  const exchange = await wecom.userSays('智能机器人怎么接入？')
  console.log(`  the answer: ${exchange.stream.content}`)
  console.log(
    `  1 answer + ${exchange.refreshes} refreshes (WeCom asks every 250 ms here, about every second for real)`,
  )
  check(
    exchange.stream.finished && exchange.stream.content === `🤔 ${ANSWER}`,
    'the webhook answer is the whole answer',
  )
  check(
    exchange.replies.every((r) => r.errcode === 0),
    'WeCom took every answer',
  )
  server.close()

  console.log('\nBoth transports answered with the same handler.')
} finally {
  await gateway.close()
}
