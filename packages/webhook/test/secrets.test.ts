import { inspect } from 'node:util'
import { isWeComApiError, isWeComHttpError, isWeComNetworkError } from '@wecom-kit/core'
import { createWebhookBot, createWebhookPacer, type WebhookBotOptions } from '@wecom-kit/webhook'
import { beforeEach, describe, expect, it } from 'vitest'
import { useSimulator } from '../../../test/support/resource.js'

// The key is the robot's only credential. Whatever the SDK shows anyone (errors and their causes,
// hook arguments, toJSON, String, console.log) must not hold it.
const { sim } = useSimulator({ corpId: 'wwsecret', corpSecret: 'secret-secret' })
const KEY = 'k3y-0f-7he-r0b07-d0-n07-1eak-42'

/** Everything a log line could be made of: JSON, util.inspect to any depth, the stack. */
function everything(value: unknown): string {
  const parts = [inspect(value, { depth: 20, showHidden: true, getters: true })]
  try {
    parts.push(JSON.stringify(value))
  } catch {}
  for (let e: any = value, depth = 0; e && depth < 6; e = e.cause, depth++) {
    parts.push(String(e.message), String(e.stack), String(e))
  }
  return parts.join('\n')
}

function bot(options: WebhookBotOptions = {}) {
  return createWebhookBot(
    { key: KEY },
    { retry: { retries: 1, minTimeout: 1, maxTimeout: 2 }, pacer: createWebhookPacer(), ...options },
  )
}
const hello = { msgtype: 'text' as const, text: { content: 'hello' } }

beforeEach(() => {
  sim.reset()
  sim.addWebhook({ key: KEY })
})

describe('the robot key never shows', () => {
  it('in toJSON, String and util.inspect of the bot', () => {
    const robot = bot()
    expect(robot.toJSON()).toEqual({ url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***' })
    expect(everything(robot)).not.toContain(KEY)
    expect(String(robot)).toContain('key=***')
  })

  it('in hook arguments, which see key=***', async () => {
    const seen: unknown[] = []
    const robot = bot({
      hooks: {
        beforeRequest: (info) => void seen.push(info),
        afterResponse: (info) => void seen.push(info),
        onRetry: (info) => void seen.push(info),
      },
    })
    sim.failNext('webhook/send', { errcode: -1 })
    await robot.send(hello)
    await robot.uploadMedia('file', new Uint8Array(10))
    expect(seen.length).toBeGreaterThanOrEqual(5)
    expect(everything(seen)).not.toContain(KEY)
    expect(seen[0]).toMatchObject({ url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***' })
  })

  it('in API errors', async () => {
    sim.failNext('webhook/send', { errcode: 40058 })
    const error = await bot()
      .send(hello)
      .catch((e) => e)
    expect(isWeComApiError(error)).toBe(true)
    expect(everything(error)).not.toContain(KEY)
  })

  it('in an error page that echoes the request URL', async () => {
    sim.failNext('webhook/send', {
      status: 502,
      body: `<html>bad gateway for /cgi-bin/webhook/send?key=${KEY}</html>`,
    })
    const error = await bot({ retry: { retries: 0 } })
      .send(hello)
      .catch((e) => e)
    expect(isWeComHttpError(error)).toBe(true)
    expect(everything(error)).not.toContain(KEY)
  })

  it('in a timeout, whose cause names the URL', async () => {
    sim.setLatency(300, 'webhook/send')
    const error = await bot({ timeout: 30 })
      .send(hello)
      .catch((e) => e)
    expect(isWeComNetworkError(error) && error.timeout).toBe(true)
    expect(everything(error)).not.toContain(KEY)
  })

  it('in the failure of a custom fetch that puts the URL in its message', async () => {
    const leaky = async (input: RequestInfo | URL) => {
      const url = input instanceof Request ? input.url : String(input)
      throw Object.assign(new Error(`could not reach ${url}`), {
        code: 'ECONNREFUSED',
        cause: new Error(url),
      })
    }
    const seen: unknown[] = []
    const error = await bot({
      fetch: leaky as typeof fetch,
      hooks: { onRetry: (info) => void seen.push(info) },
    })
      .send(hello)
      .catch((e) => e)
    expect(isWeComNetworkError(error)).toBe(true)
    expect(everything(error)).not.toContain(KEY)
    expect(everything(seen)).not.toContain(KEY)
  })

  it('in upload errors', async () => {
    sim.failNext('webhook/upload_media', { status: 500, body: `key=${KEY}` })
    const error = await bot({ retry: { retries: 0 } })
      .uploadMedia('file', new Uint8Array(10))
      .catch((e) => e)
    expect(everything(error)).not.toContain(KEY)
  })
})
