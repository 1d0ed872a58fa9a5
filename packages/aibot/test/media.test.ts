// downloadMedia: WeCom's encrypted media URLs, decrypted as they stream in.
import { Buffer } from 'node:buffer'
import { createCipheriv, randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { createServer } from 'node:http'
import {
  createAiBot,
  createAiBotHandler,
  decryptStream,
  downloadMedia,
  isKnownAiBotMessage,
} from '@wecom-kit/aibot'
import {
  isWeComCallbackError,
  isWeComHttpError,
  isWeComNetworkError,
  isWeComValidationError,
} from '@wecom-kit/core'
import { type AiBotGateway, createAiBotGateway, DEFAULT_AIBOT_WEBHOOK } from '@wecom-kit/testing'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

let gateway: AiBotGateway
beforeEach(async () => {
  gateway = await createAiBotGateway()
})
afterEach(async () => {
  await gateway.close()
})

async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<{ data: Buffer; chunks: number }> {
  const parts: Uint8Array[] = []
  for await (const part of stream as unknown as AsyncIterable<Uint8Array>) parts.push(part)
  return { data: Buffer.concat(parts), chunks: parts.length }
}

/** WeCom's media encryption, done here independently: AES-256-CBC, IV = key[0..16], PKCS#7 to 32. */
function encrypt(key: Buffer, plain: Buffer): Buffer {
  const pad = 32 - (plain.length % 32)
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16))
  cipher.setAutoPadding(false)
  return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()])
}

describe('downloadMedia', () => {
  it('decrypts a hosted file, with its content type and name', async () => {
    const data = randomBytes(300_001)
    const { url, aeskey } = gateway.hostMedia(data, { contentType: 'application/pdf', filename: '报告.pdf' })
    expect(aeskey).toHaveLength(43) // as WeCom sends it: base64 without its '='
    const media = await downloadMedia(url, aeskey)
    expect(media.contentType).toBe('application/pdf')
    expect(media.filename).toBe('报告.pdf')
    expect((await bytesOf(media.body)).data.equals(data)).toBe(true)
  })

  it('decrypts as the bytes arrive: output starts before the last chunk is in', async () => {
    const key = randomBytes(32)
    const plain = randomBytes(1 << 20)
    const cipher = encrypt(key, plain)
    let lastSentAt = 0
    const server = createServer(async (_, res) => {
      res.writeHead(200, { 'content-type': 'image/png' })
      for (let i = 0; i < cipher.length; i += 64 * 1024) {
        res.write(cipher.subarray(i, i + 64 * 1024))
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
      lastSentAt = performance.now()
      res.end()
    })
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    try {
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/m`
      const { body } = await downloadMedia(url, key.toString('base64'))
      const reader = body.getReader()
      const first = await reader.read()
      const firstAt = performance.now()
      reader.releaseLock()
      const rest = await bytesOf(body)
      expect(Buffer.concat([first.value!, rest.data]).equals(plain)).toBe(true)
      expect(firstAt).toBeLessThan(lastSentAt)
      expect(rest.chunks).toBeGreaterThan(8)
    } finally {
      server.close()
    }
  })

  it('an image message over the long connection: url + aeskey', async () => {
    const png = randomBytes(5000)
    const got: Buffer[] = []
    const bot = createAiBot({ botId: gateway.botId, secret: gateway.secret, url: gateway.url })
    bot.onMessage(async (message) => {
      if (isKnownAiBotMessage(message) && message.msgtype === 'image') {
        const { body } = await downloadMedia(message.image.url, message.image.aeskey!)
        got.push((await bytesOf(body)).data)
      }
    })
    await bot.start()
    gateway.userSays({ msgtype: 'image', image: { data: png, contentType: 'image/png' } })
    await gateway.waitFor(() => got.length > 0)
    expect(got[0]?.equals(png)).toBe(true)
    await bot.stop()
  })

  it('a file message in webhook mode: the key is the EncodingAESKey', async () => {
    const file = Buffer.from('季度报告\n'.repeat(1000))
    const got: Buffer[] = []
    const handler = createAiBotHandler({
      ...DEFAULT_AIBOT_WEBHOOK,
      async onMessage(message) {
        if (isKnownAiBotMessage(message) && message.msgtype === 'file') {
          expect(message.file.aeskey).toBeUndefined()
          const { body } = await downloadMedia(message.file.url, DEFAULT_AIBOT_WEBHOOK.encodingAesKey)
          got.push((await bytesOf(body)).data)
        }
      },
    })
    const server = createServer(handler.node)
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    try {
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`
      await gateway
        .webhook({ url, ...DEFAULT_AIBOT_WEBHOOK })
        .userSays({ msgtype: 'file', file: { data: file } })
      await gateway.waitFor(() => got.length > 0)
      expect(got[0]?.equals(file)).toBe(true)
    } finally {
      server.close()
    }
  })

  it('a wrong key fails the stream with a typed error; bad arguments fail before any request', async () => {
    const { url } = gateway.hostMedia(randomBytes(1000))
    const { body } = await downloadMedia(url, randomBytes(32).toString('base64'))
    const error = await bytesOf(body).catch((e: unknown) => e)
    expect(isWeComCallbackError(error) && error.reason).toBe('padding')

    for (const call of [
      () => downloadMedia('ftp://x', randomBytes(32).toString('base64')),
      () => downloadMedia(url, 'short'),
      () => downloadMedia(url, randomBytes(24).toString('base64')),
    ]) {
      expect(isWeComValidationError(await call().catch((e: unknown) => e))).toBe(true)
    }
  })

  it('a download that breaks off, stalls or is aborted errors its body with a typed network error', async () => {
    const key = randomBytes(32)
    const cipher = encrypt(key, randomBytes(256 * 1024))
    let mode: 'break' | 'stall' = 'break'
    const server = createServer((_, res) => {
      res.writeHead(200, { 'content-length': cipher.length })
      res.write(cipher.subarray(0, 64 * 1024))
      if (mode === 'break') setTimeout(() => res.destroy(), 20)
      // 'stall': nothing more, until the client gives up
    })
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/m`
    const aeskey = key.toString('base64')
    try {
      const broken = await downloadMedia(url, aeskey)
      const error = await bytesOf(broken.body).catch((e: unknown) => e)
      expect(isWeComNetworkError(error) && error).toMatchObject({ path: 'aibot media', timeout: false })

      mode = 'stall'
      const stalled = await downloadMedia(url, aeskey, { timeout: 200 })
      const stall = await bytesOf(stalled.body).catch((e: unknown) => e)
      expect(isWeComNetworkError(stall) && stall).toMatchObject({ timeout: true })

      const controller = new AbortController()
      const aborted = await downloadMedia(url, aeskey, { signal: controller.signal })
      const reader = aborted.body.getReader()
      await reader.read() // the first piece is in: the body streams
      controller.abort()
      const abort = await reader.read().catch((e: unknown) => e)
      expect(isWeComNetworkError(abort) && abort).toMatchObject({ aborted: true })
    } finally {
      server.closeAllConnections()
      server.close()
    }
  })

  it('an expired URL is a typed HTTP error', async () => {
    const { url, aeskey } = gateway.hostMedia(randomBytes(100))
    gateway.advanceTime(6 * 60_000)
    const error = await downloadMedia(url, aeskey).catch((e: unknown) => e)
    expect(isWeComHttpError(error)).toBe(true)
  })
})

describe('decryptStream', () => {
  it('refuses a key that is not 32 bytes, as bad input', () => {
    expect(() => decryptStream(randomBytes(16))).toThrow(/32 bytes/)
    expect(() => decryptStream('key' as never)).toThrow(/32 bytes/)
  })

  it('refuses ciphertext that is not whole AES blocks', async () => {
    const key = randomBytes(32)
    const stream = new Blob([randomBytes(33)]).stream().pipeThrough(decryptStream(key))
    const error = await bytesOf(stream).catch((e: unknown) => e)
    expect(isWeComCallbackError(error) && error.reason).toBe('ciphertext')
  })
})
