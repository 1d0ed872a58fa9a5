import { isWeComApiError, isWeComNetworkError } from '@wecom-kit/core'
import { createWeComSimulator } from '@wecom-kit/testing'
import {
  createWebhookBot,
  createWebhookPacer,
  isWebhookRateLimitError,
  WebhookRateLimitError,
} from '@wecom-kit/webhook'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { fakeClock } from './support.js'

// The simulator and the pacer read one fake clock: a minute passes when the test says so.
const clock = fakeClock()
const sim = createWeComSimulator({ corpId: 'wwpace', corpSecret: 'pace-secret', clock: clock.now })
const server = setupServer(...sim.handlers)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

const KEY = 'pace-robot-0001'
const text = (content: string) => ({ msgtype: 'text' as const, text: { content } })
const contents = () => sim.webhookMessages(KEY).map((m) => (m.body.text as { content: string }).content)
/** Lets every request that can go out arrive (msw answers on later ticks). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 30))

beforeEach(() => {
  sim.reset()
  sim.addWebhook({ key: KEY })
})

describe('pacing: 20 a minute per robot', () => {
  it('a burst of 25: 20 go at once, 5 wait for the window, in call order, none refused', async () => {
    const bot = createWebhookBot({ key: KEY }, { pacer: createWebhookPacer({ clock }) })
    const start = clock.now()
    const sends = Array.from({ length: 25 }, (_, i) => bot.send(text(`#${i}`)))
    await vi.waitFor(() => expect(sim.countCalls('webhook/send')).toBe(20))
    await settle()
    expect(sim.countCalls('webhook/send')).toBe(20) // the other five are queued, not sent
    expect(clock.pending()).toBe(1) // one timer for the whole queue

    clock.advance(59_999)
    await settle()
    expect(sim.countCalls('webhook/send')).toBe(20)
    clock.advance(1)
    const results = await Promise.all(sends)
    expect(results.every((r) => r.errcode === 0)).toBe(true)
    expect(sim.countCalls('webhook/send')).toBe(25) // no 45009, no retry
    const messages = sim.webhookMessages(KEY)
    expect(new Set(contents())).toEqual(new Set(Array.from({ length: 25 }, (_, i) => `#${i}`)))
    expect(contents().slice(20)).toEqual(['#20', '#21', '#22', '#23', '#24'])
    expect(messages.slice(20).every((m) => m.at >= start + 60_000)).toBe(true)
  })

  it("onRateLimit 'fail': the 21st fails at once with a typed error, and nothing is sent", async () => {
    const bot = createWebhookBot({ key: KEY }, { pacer: createWebhookPacer({ clock }), onRateLimit: 'fail' })
    for (let i = 0; i < 20; i++) await bot.send(text(`#${i}`))
    clock.advance(15_000)
    const error = await bot.send(text('#20')).catch((e) => e)
    expect(error).toBeInstanceOf(WebhookRateLimitError)
    expect(isWebhookRateLimitError(error)).toBe(true)
    expect(isWeComApiError(error) && error.errcode === 45009).toBe(true)
    expect(error.retryAfterMs).toBe(45_000)
    expect(error.path).toBe('webhook/send')
    expect(error.toJSON()).toMatchObject({ kind: 'api', errcode: 45009, retryAfterMs: 45_000 })
    expect(sim.countCalls('webhook/send')).toBe(20)
    clock.advance(45_000)
    await expect(bot.send(text('#20'))).resolves.toMatchObject({ errcode: 0 })
  })

  it('bots of one key share one budget; another key has its own', async () => {
    const pacer = createWebhookPacer({ clock })
    sim.addWebhook({ key: 'pace-robot-0002' })
    const a = createWebhookBot({ key: KEY }, { pacer, onRateLimit: 'fail' })
    const b = createWebhookBot(
      { url: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${KEY}` },
      { pacer, onRateLimit: 'fail' },
    )
    const other = createWebhookBot({ key: 'pace-robot-0002' }, { pacer, onRateLimit: 'fail' })
    for (let i = 0; i < 10; i++) {
      await a.send(text(`a${i}`))
      await b.send(text(`b${i}`))
    }
    expect(isWebhookRateLimitError(await a.send(text('a10')).catch((e) => e))).toBe(true)
    expect(isWebhookRateLimitError(await b.send(text('b10')).catch((e) => e))).toBe(true)
    await expect(other.send(text('other'))).resolves.toMatchObject({ errcode: 0 })
  })

  it('the default pacer is one per process: two bots made separately share it', async () => {
    const key = `shared-${Date.now()}` // the process-wide pacer outlives this test
    sim.addWebhook({ key })
    const first = createWebhookBot({ key }, { onRateLimit: 'fail' })
    const second = createWebhookBot({ key }, { onRateLimit: 'fail' })
    for (let i = 0; i < 20; i++) await (i % 2 ? first : second).send(text(`#${i}`))
    expect(isWebhookRateLimitError(await first.send(text('#20')).catch((e) => e))).toBe(true)
    expect(sim.webhookMessages(key)).toHaveLength(20)
  })

  it('a 45009 that still arrives (another process spent the minute) waits for the window and is sent again', async () => {
    // Another process, unpaced here, spends the robot's minute.
    const elsewhere = createWebhookBot({ key: KEY }, { pacer: false })
    for (let i = 0; i < 20; i++) await elsewhere.send(text(`elsewhere ${i}`))

    const bot = createWebhookBot({ key: KEY }, { pacer: createWebhookPacer({ clock }) })
    const sending = bot.send(text('ours'))
    await vi.waitFor(() => expect(sim.countCalls('webhook/send')).toBe(21)) // refused with 45009
    await settle()
    const queued = bot.send(text('after ours'))
    await settle()
    expect(sim.countCalls('webhook/send')).toBe(21) // both wait: WeCom blocks the robot for 60 s
    clock.advance(60_000)
    await expect(sending).resolves.toMatchObject({ errcode: 0 })
    await queued
    expect(contents().slice(20)).toEqual(['ours', 'after ours']) // the refused one kept its place
  })

  it('without a pacer a 45009 reaches the caller as a WeComApiError', async () => {
    const bot = createWebhookBot({ key: KEY }, { pacer: false })
    for (let i = 0; i < 20; i++) await bot.send(text(`#${i}`))
    const error = await bot.send(text('#20')).catch((e) => e)
    expect(isWeComApiError(error) && error.errcode).toBe(45009)
    expect(isWebhookRateLimitError(error)).toBe(false)
    expect(error.hint).toMatch(/frequency limit/)
  })

  it("with onRateLimit 'fail' a 45009 from WeCom surfaces, and the next send fails here", async () => {
    const elsewhere = createWebhookBot({ key: KEY }, { pacer: false })
    for (let i = 0; i < 20; i++) await elsewhere.send(text(`elsewhere ${i}`))
    const bot = createWebhookBot({ key: KEY }, { pacer: createWebhookPacer({ clock }), onRateLimit: 'fail' })
    const refused = await bot.send(text('x')).catch((e) => e)
    expect(isWeComApiError(refused) && refused.errcode).toBe(45009)
    expect(isWebhookRateLimitError(refused)).toBe(false)
    const local = await bot.send(text('y')).catch((e) => e)
    expect(isWebhookRateLimitError(local)).toBe(true)
    expect(sim.countCalls('webhook/send')).toBe(21)
  })

  it('a queued send can be aborted; it frees its place and sends nothing', async () => {
    const bot = createWebhookBot({ key: KEY }, { pacer: createWebhookPacer({ clock }) })
    for (let i = 0; i < 20; i++) await bot.send(text(`#${i}`))
    const controller = new AbortController()
    const aborted = bot.send(text('aborted'), { signal: controller.signal })
    const next = bot.send(text('next'))
    controller.abort()
    const error = await aborted.catch((e) => e)
    expect(isWeComNetworkError(error) && error.aborted && error.sent).toBe('no')
    clock.advance(60_000)
    await next
    expect(contents().slice(20)).toEqual(['next'])
  })

  it('uploads are not counted against the message budget', async () => {
    const bot = createWebhookBot({ key: KEY }, { pacer: createWebhookPacer({ clock }), onRateLimit: 'fail' })
    for (let i = 0; i < 20; i++) await bot.send(text(`#${i}`))
    await expect(bot.uploadMedia('file', new Uint8Array(10).fill(65))).resolves.toMatchObject({ errcode: 0 })
  })

  it('refuses a pacer budget that cannot work', () => {
    expect(() => createWebhookPacer({ perMinute: 0 })).toThrow(RangeError)
  })
})
