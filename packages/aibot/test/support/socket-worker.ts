// A bot in its own process (websocket.test.ts bundles this and runs it with different Nodes and
// flags): reports which WebSocket it got, answers one message, and on `stop` stops the bot and
// nothing else. The process must then exit by itself: no timer or socket may be left.
import { createAiBot } from '@wecom-kit/aibot'

type Constructor = new (url: string) => object
const global = globalThis as { WebSocket?: Constructor }
let globalSockets = 0
if (global.WebSocket) {
  // Count what the bot builds from the platform's WebSocket.
  const Platform = global.WebSocket
  global.WebSocket = class extends Platform {
    constructor(url: string) {
      super(url)
      globalSockets++
    }
  }
}

const send = (message: object) => process.send?.(message)
const bot = createAiBot({
  botId: process.env.BOT_ID!,
  secret: process.env.BOT_SECRET!,
  url: process.env.GATEWAY_URL!,
  heartbeatInterval: 100,
  streamInterval: 20,
})
bot.onMessage(async (_, reply) => {
  const stream = reply.stream()
  for (const word of ['hello', ' from', ` node ${process.versions.node}`]) {
    stream.write(word)
    await new Promise((resolve) => setTimeout(resolve, 30))
  }
  await stream.end()
})
bot.start().then(
  (state) => send({ state, hasGlobal: Boolean(global.WebSocket), globalSockets }),
  (error: Error) => send({ error: error.message }),
)
process.on('message', () => {
  void bot.stop().then(() => {
    send({ stopped: true })
    process.disconnect?.()
  })
})
