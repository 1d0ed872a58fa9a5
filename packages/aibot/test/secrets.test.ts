// The bot's secret, the webhook Token and the EncodingAESKey never show: not in an error (its
// message, stack, toJSON, cause chain), not in what hooks get, not on the console.
import { inspect } from 'node:util'
import { createAiBot, createAiBotHandler, downloadMedia } from '@wecom-kit/aibot'
import { type AiBotGateway, createAiBotGateway } from '@wecom-kit/testing'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'

const SECRET = 'S3cret-0f-the-b0t-x9'
const TOKEN = 'T0ken-0f-the-hook-q7'
const KEY = 'K3yK3yK3yK3yK3yK3yK3yK3yK3yK3yK3yK3yK3yK3yA' // 43 characters of base64
// A mistyped key is almost the key: its middle must not show either.
const NEEDLES = [SECRET, TOKEN, KEY, KEY.slice(1, 40)]

let gateway: AiBotGateway
const seen: unknown[] = []
const consoleLines: string[] = []

beforeEach(async () => {
  gateway = await createAiBotGateway({ bots: [{ botId: 'aibsecret', secret: SECRET }] })
  seen.length = 0
  consoleLines.length = 0
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      consoleLines.push(args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 10 }))).join(' '))
    })
  }
})
afterEach(async () => {
  vi.restoreAllMocks()
  await gateway.close()
})

/** Everything an app could print about a value. */
function exposed(value: unknown): string {
  const parts = [inspect(value, { depth: 10, showHidden: true })]
  if (value instanceof Error) {
    parts.push(value.message, String(value.stack))
    parts.push(JSON.stringify(value))
    for (let cause: unknown = value.cause; cause; cause = (cause as Error).cause) parts.push(inspect(cause))
  }
  return parts.join('\n')
}

function expectClean(): void {
  expect(seen.length + consoleLines.length).toBeGreaterThan(0)
  for (const text of [...seen.map(exposed), ...consoleLines]) {
    for (const needle of NEEDLES) expect(text).not.toContain(needle)
  }
}

it('long connection: refused, unreachable, timed out, kicked, misconfigured', async () => {
  const options = { botId: 'aibsecret', secret: SECRET, url: gateway.url }
  // Errors go to the console when there is no onError: that path is checked too.
  const refused = createAiBot({ ...options, onStateChange: (s) => seen.push(s) })
  gateway.refuseSecret('aibsecret')
  seen.push(await refused.start().catch((e: unknown) => e), refused)
  gateway.acceptSecret('aibsecret')

  const unreachable = createAiBot({
    ...options,
    url: 'ws://127.0.0.1:9',
    startTimeout: 300,
    onError: (e) => seen.push(e),
  })
  seen.push(await unreachable.start().catch((e: unknown) => e))

  const bot = createAiBot({ ...options, ackTimeout: 100, onError: (e) => seen.push(e) })
  await bot.start()
  gateway.delayAcks(Number.POSITIVE_INFINITY)
  seen.push(await bot.send('u', { msgtype: 'markdown', markdown: { content: 'x' } }).catch((e: unknown) => e))
  gateway.delayAcks(0)
  gateway.kick('aibsecret')
  await gateway.waitFor(() => bot.state === 'kicked')
  seen.push(bot, JSON.stringify(bot))

  for (const bad of [
    { ...options, botId: '' },
    { ...options, url: `wss://x/?${SECRET}` },
    { ...options, secret: 42 },
  ]) {
    try {
      createAiBot(bad as never)
    } catch (error) {
      seen.push(error)
    }
  }
  expectClean()
  await Promise.all([refused, unreachable, bot].map((b) => b.stop()))
})

it('webhook: refused requests, failing handlers, a bad key', async () => {
  const handler = createAiBotHandler({
    token: TOKEN,
    encodingAesKey: KEY,
    onMessage() {
      throw new Error('handler failed')
    },
    onError: (error, context) => seen.push(error, context),
  })
  for (const query of [
    '',
    '?msg_signature=x&timestamp=1&nonce=1',
    '?msg_signature=x&timestamp=1&nonce=1&echostr=abc',
  ]) {
    await handler(new Request(`http://bot.example/${query}`, { method: 'POST', body: '{"encrypt":"abcd"}' }))
    await handler(new Request(`http://bot.example/${query}`))
  }
  for (const bad of [KEY.slice(1), `${KEY}!`, `${KEY.slice(0, 42)}*`]) {
    try {
      createAiBotHandler({ token: TOKEN, encodingAesKey: bad, onMessage() {} })
    } catch (error) {
      seen.push(error)
    }
  }
  expectClean()
})

it('media: a malformed or wrong aeskey, an unreachable or stalled URL', async () => {
  const { url } = gateway.hostMedia('secret file')
  const wrong = 'QWVTa2V5QWVTa2V5QWVTa2V5QWVTa2V5QWVTa2V5QWU' // 43 characters: decodes to 32 bytes
  const needles = [wrong, wrong.slice(1, 40)]
  for (const [target, key] of [
    [url, `${wrong.slice(0, 40)}!!!`],
    [url, wrong],
    ['http://127.0.0.1:9/media', wrong],
  ] as const) {
    const error = await downloadMedia(target, key)
      .then((media) => new Response(media.body).arrayBuffer())
      .catch((e: unknown) => e)
    seen.push(error)
  }
  expect(seen).toHaveLength(3)
  for (const text of seen.map(exposed)) {
    for (const needle of needles) expect(text).not.toContain(needle)
  }
})
