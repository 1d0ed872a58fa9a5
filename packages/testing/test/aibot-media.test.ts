import { createDecipheriv, randomBytes } from 'node:crypto'
import { decryptFile } from '@wecom/aibot-node-sdk'
import { createAiBotGateway } from '@wecom-kit/testing'
import { expect, it } from 'vitest'
import { connect } from './aibot-support.js'

// Message media as WeCom serves it: AES-256-CBC under the message's aeskey, IV its first 16 bytes,
// PKCS#7 padding to 32-byte blocks, at a URL that works for 5 minutes. Tencent's decryptFile is
// the reference decryptor.

it.each([1, 31, 32, 33, 100_000])('round-trips %i bytes through the URL and the aeskey', async (size) => {
  const gateway = await createAiBotGateway()
  try {
    const data = randomBytes(size)
    const { url, aeskey } = gateway.hostMedia(data, {
      contentType: 'application/pdf',
      filename: '季度报告.pdf',
    })
    const response = await fetch(url)
    expect(response.headers.get('content-type')).toBe('application/pdf')
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename*=UTF-8''${encodeURIComponent('季度报告.pdf')}`,
    )
    const encrypted = Buffer.from(await response.arrayBuffer())
    expect(Buffer.compare(decryptFile(encrypted, aeskey), data)).toBe(0)
  } finally {
    await gateway.close()
  }
})

it('pads to whole 32-byte blocks: 32 bytes of data take 64 encrypted, the last 32 all 0x20', async () => {
  const gateway = await createAiBotGateway()
  try {
    const { url, aeskey } = gateway.hostMedia(Buffer.alloc(32, 7))
    const encrypted = Buffer.from(await (await fetch(url)).arrayBuffer())
    expect(encrypted.length).toBe(64)
    const key = Buffer.from(aeskey, 'base64')
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false)
    const plain = Buffer.concat([decipher.update(encrypted), decipher.final()])
    expect(plain.subarray(32)).toEqual(Buffer.alloc(32, 32))
  } finally {
    await gateway.close()
  }
})

it('stops serving a media URL after 5 minutes', async () => {
  const gateway = await createAiBotGateway({ clock: () => 1_700_000_000_000 })
  try {
    const { url } = gateway.hostMedia('hello')
    gateway.advanceTime(5 * 60_000 - 1)
    expect((await fetch(url)).status).toBe(200)
    gateway.advanceTime(1)
    expect((await fetch(url)).status).toBe(403)
  } finally {
    await gateway.close()
  }
})

it('leaves nothing running after close(): no server, socket or timer keeps the process alive', async () => {
  const count = () => {
    const counts: Record<string, number> = {}
    for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1
    return counts
  }
  const before = count()
  const gateway = await createAiBotGateway({ heartbeatTimeoutMs: 30_000 })
  const client = await connect(gateway.url)
  await client.subscribe(gateway.botId, gateway.secret)
  gateway.delayAcks(60_000)
  const ping = client.send('ping') // its ack waits a minute
  await gateway.waitFor(() => gateway.frames().some((frame) => frame.reqId === ping))
  gateway.kick(undefined, { closeAfterMs: 60_000 }) // and so does the close of the kicked socket
  const waiting = gateway.waitFor(() => false, { timeoutMs: 60_000 }).catch((error: Error) => error)
  await gateway.close()

  expect(await waiting).toMatchObject({ message: 'the gateway was closed' })
  await client.closed
  await new Promise((resolve) => setImmediate(resolve))
  const after = count()
  for (const kind of ['TCPServerWrap', 'TCPSocketWrap', 'Timeout']) {
    expect(after[kind] ?? 0, kind).toBeLessThanOrEqual(before[kind] ?? 0)
  }
})
