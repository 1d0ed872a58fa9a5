import { createHash } from 'node:crypto'
import { isWeComApiError, isWeComNetworkError, WeComValidationError } from '@wecom-kit/core'
import {
  createWebhookBot,
  createWebhookPacer,
  redactWebhookUrl,
  type WebhookMessage,
  webhookImage,
} from '@wecom-kit/webhook'
import { beforeEach, describe, expect, it } from 'vitest'
import { apiError, FAST_RETRY, rejectsBeforeSending, useSimulator } from '../../../test/support/resource.js'
import { fromBase64, md5Hex, toBase64 } from '../src/bytes.js'
import { AMR, PNG } from './support.js'

const { sim } = useSimulator({ corpId: 'wwrobot', corpSecret: 'robot-secret' })
const KEY = 'e7c1d2a0-5b6f-4c9e-8a1d-3f2b7c4d9e01'

// Each test gets a pacer of its own: the process-wide one would carry sends between tests.
const makeBot = () => createWebhookBot({ key: KEY }, { retry: FAST_RETRY, pacer: createWebhookPacer() })
let bot: ReturnType<typeof makeBot>

beforeEach(() => {
  sim.reset()
  sim.addWebhook({ key: KEY, name: 'CI' })
  bot = makeBot()
})

const card = {
  card_type: 'text_notice' as const,
  main_title: { title: 'build #42 passed', desc: 'main · 3 min 12 s' },
  horizontal_content_list: [{ keyname: 'commit', value: 'a1b2c3d' }],
  jump_list: [{ type: 1 as const, url: 'https://ci.example.com/42', title: 'open the build' }],
  card_action: { type: 1 as const, url: 'https://ci.example.com/42' },
}

describe('webhook/send', () => {
  const messages: Array<[string, WebhookMessage]> = [
    [
      'text with mentions',
      {
        msgtype: 'text',
        text: {
          content: '部署完成',
          mentioned_list: ['zhangsan', '@all'],
          mentioned_mobile_list: ['13800001111'],
        },
      },
    ],
    [
      'markdown',
      { msgtype: 'markdown', markdown: { content: '**done** <font color="info">ok</font> <@lisi>' } },
    ],
    [
      'markdown_v2',
      { msgtype: 'markdown_v2', markdown_v2: { content: '| a | b |\n| :- | -: |\n| 1 | 2 |' } },
    ],
    [
      'news',
      {
        msgtype: 'news',
        news: {
          articles: [{ title: '中秋节礼品领取', url: 'www.qq.com', picurl: 'https://example.com/a.png' }],
        },
      },
    ],
    ['template_card (text_notice)', { msgtype: 'template_card', template_card: card }],
    [
      'template_card (news_notice)',
      {
        msgtype: 'template_card',
        template_card: {
          card_type: 'news_notice',
          main_title: { title: '周报' },
          card_image: { url: 'https://example.com/cover.png', aspect_ratio: 2.25 },
          vertical_content_list: [{ title: '本周', desc: '完成 12 项' }],
          card_action: { type: 1, url: 'https://example.com' },
        },
      },
    ],
  ]

  it.each(messages)('sends %s as WeCom takes it', async (_label, message) => {
    await expect(bot.send(message)).resolves.toMatchObject({ errcode: 0, errmsg: 'ok' })
    const request = sim.requests.at(-1)
    expect(request).toMatchObject({
      method: 'POST',
      path: 'webhook/send',
      query: { key: KEY },
      json: message,
    })
    expect(sim.webhookMessages(KEY)).toEqual([
      expect.objectContaining({ msgtype: message.msgtype, body: message }),
    ])
  })

  it('sends an image made from its bytes: base64 and the md5 of the bytes', async () => {
    const message = await webhookImage(PNG)
    expect(message.image.md5).toBe(createHash('md5').update(PNG).digest('hex'))
    expect(message.image.base64).toBe(Buffer.from(PNG).toString('base64'))
    await bot.send(message)
    expect(sim.webhookMessages(KEY)[0]?.msgtype).toBe('image')
    // From a Blob and a stream as well.
    expect(await webhookImage(new Blob([PNG]))).toEqual(message)
    expect(await webhookImage(new Blob([PNG]).stream())).toEqual(message)
    // Bytes whose `constructor` was tampered with (found by the hostile-input properties): the
    // image is made from a copy, not a raw TypeError from a species lookup.
    const tampered = new Uint8Array(PNG)
    Object.defineProperty(tampered, 'constructor', { value: 1 })
    expect(await webhookImage(tampered)).toEqual(message)
  })

  it('sends file and voice messages with media this robot uploaded', async () => {
    const file = await bot.uploadMedia('file', new TextEncoder().encode('构建日志\nok\n'), {
      filename: 'build.log',
    })
    const voice = await bot.uploadMedia('voice', AMR, { filename: 'alert.amr' })
    await bot.send({ msgtype: 'file', file: { media_id: file.media_id } })
    await bot.send({ msgtype: 'voice', voice: { media_id: voice.media_id } })
    expect(sim.webhookMessages(KEY).map((m) => m.msgtype)).toEqual(['file', 'voice'])
  })

  it('takes the whole webhook url as well as the key', async () => {
    const byUrl = createWebhookBot(
      { url: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${KEY}` },
      { pacer: createWebhookPacer() },
    )
    await byUrl.send({ msgtype: 'text', text: { content: 'hi' } })
    expect(sim.requests.at(-1)).toMatchObject({ path: 'webhook/send', query: { key: KEY } })
    // The simulator's own address, as a test or an example would use it.
    const [robot] = sim.webhooks()
    expect(robot?.url).toBe(`https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${KEY}`)
  })

  it('surfaces WeCom errors: an unknown key (93000), a media_id of another robot (40007), a busy answer', async () => {
    const stranger = createWebhookBot({ key: 'no-such-robot' }, { pacer: createWebhookPacer() })
    expect((await apiError(stranger.send({ msgtype: 'text', text: { content: 'x' } }))).errcode).toBe(93000)

    sim.addWebhook({ key: 'other-robot' })
    const other = createWebhookBot({ key: 'other-robot' }, { pacer: createWebhookPacer() })
    const { media_id } = await other.uploadMedia('file', new Uint8Array(10).fill(65))
    expect((await apiError(bot.send({ msgtype: 'file', file: { media_id } }))).errcode).toBe(40007)

    sim.failNext('webhook/send', { errcode: 40058, errmsg: 'invalid Request Parameter' })
    const error = await apiError(bot.send({ msgtype: 'text', text: { content: 'x' } }))
    expect([error.errcode, error.path]).toEqual([40058, 'webhook/send'])
  })

  it('retries what WeCom did not act on (-1), never a send that may have reached the group', async () => {
    sim.failNext('webhook/send', { errcode: -1 })
    await bot.send({ msgtype: 'text', text: { content: 'once' } })
    expect(sim.countCalls('webhook/send')).toBe(2)
    expect(sim.webhookMessages(KEY)).toHaveLength(1)

    sim.clearRequests()
    sim.failNext('webhook/send', { drop: true, processed: true })
    const error = await bot.send({ msgtype: 'text', text: { content: 'maybe' } }).catch((e) => e)
    expect(isWeComNetworkError(error)).toBe(true)
    expect(sim.countCalls('webhook/send')).toBe(1)
    expect(sim.webhookMessages(KEY)).toHaveLength(2) // it did arrive: a replay would have doubled it
  })

  it.each([
    ['an unknown msgtype', { msgtype: 'video', video: { media_id: 'x' } }],
    ['empty text', { msgtype: 'text', text: { content: '' } }],
    ['text over 2048 bytes', { msgtype: 'text', text: { content: '字'.repeat(683) } }],
    ['mentions on markdown', { msgtype: 'markdown', markdown: { content: 'x', mentioned_list: ['a'] } }],
    ['markdown over 4096 bytes', { msgtype: 'markdown', markdown: { content: 'x'.repeat(4097) } }],
    ['markdown_v2 over 4096 bytes', { msgtype: 'markdown_v2', markdown_v2: { content: '字'.repeat(1366) } }],
    ['a mentioned_list string', { msgtype: 'text', text: { content: 'x', mentioned_list: 'a|b' } }],
    ['a bad mobile', { msgtype: 'text', text: { content: 'x', mentioned_mobile_list: ['phone'] } }],
    ['image without md5', { msgtype: 'image', image: { base64: toBase64(PNG) } }],
    ['image with a wrong md5', { msgtype: 'image', image: { base64: toBase64(PNG), md5: '0'.repeat(32) } }],
    ['image not base64', { msgtype: 'image', image: { base64: 'not base64!', md5: '0'.repeat(32) } }],
    [
      'image that is not JPG/PNG',
      { msgtype: 'image', image: { base64: toBase64(new Uint8Array(8)), md5: md5Hex(new Uint8Array(8)) } },
    ],
    [
      'image over 2 MB',
      {
        msgtype: 'image',
        image: { base64: 'A'.repeat(((2 * 1024 * 1024 + 3) / 3) * 4), md5: '0'.repeat(32) },
      },
    ],
    ['news with no articles', { msgtype: 'news', news: { articles: [] } }],
    [
      'news with 9 articles',
      { msgtype: 'news', news: { articles: Array(9).fill({ title: 't', url: 'u' }) } },
    ],
    ['an article without url', { msgtype: 'news', news: { articles: [{ title: 't' }] } }],
    ['file without media_id', { msgtype: 'file', file: {} }],
    [
      'an interactive card',
      { msgtype: 'template_card', template_card: { ...card, card_type: 'button_interaction' } },
    ],
    ['a card without title', { msgtype: 'template_card', template_card: { ...card, main_title: {} } }],
    [
      'a card without card_action',
      { msgtype: 'template_card', template_card: { ...card, card_action: undefined } },
    ],
    [
      'a card_action url missing',
      { msgtype: 'template_card', template_card: { ...card, card_action: { type: 1 } } },
    ],
    [
      '7 horizontal items',
      {
        msgtype: 'template_card',
        template_card: { ...card, horizontal_content_list: Array(7).fill({ keyname: 'k' }) },
      },
    ],
    [
      'a news_notice without image',
      {
        msgtype: 'template_card',
        template_card: {
          card_type: 'news_notice',
          main_title: { title: 't' },
          card_action: card.card_action,
        },
      },
    ],
    ['a lone surrogate', { msgtype: 'text', text: { content: 'a\ud800b' } }],
    ['a top-level stranger', { msgtype: 'text', text: { content: 'x' }, chatid: 'x' }],
  ])('rejects %s before sending', async (_label, message) => {
    await rejectsBeforeSending(sim, () => bot.send(message as WebhookMessage))
  })

  it('accepts content at the limits (bytes, not characters)', async () => {
    await bot.send({ msgtype: 'text', text: { content: '字'.repeat(682) } }) // 2046 bytes
    await bot.send({ msgtype: 'markdown', markdown: { content: 'x'.repeat(4096) } })
    expect(sim.webhookMessages(KEY)).toHaveLength(2)
  })

  it('rejects bad request options before taking a send slot', async () => {
    await rejectsBeforeSending(sim, () =>
      bot.send({ msgtype: 'text', text: { content: 'x' } }, { timeout: 0 }),
    )
  })
})

describe('webhook/upload_media', () => {
  it('uploads a file from bytes, a Blob or a stream, as multipart with its filename', async () => {
    const bytes = new TextEncoder().encode('a,b\n1,2\n')
    const fromBytes = await bot.uploadMedia('file', bytes, { filename: '报表.csv' })
    expect(fromBytes).toMatchObject({ errcode: 0, type: 'file', media_id: expect.any(String) })
    expect(typeof fromBytes.created_at).toBe('string')
    expect(sim.requests.at(-1)).toMatchObject({
      path: 'webhook/upload_media',
      query: { key: KEY, type: 'file' },
    })
    expect(sim.getWebhookMedia(KEY, fromBytes.media_id)).toMatchObject({ filename: '报表.csv', bytes })

    const fromFile = await bot.uploadMedia('file', new File([bytes], 'named.csv'))
    expect(sim.getWebhookMedia(KEY, fromFile.media_id)?.filename).toBe('named.csv')
    const fromStream = await bot.uploadMedia('file', new Blob([bytes]).stream(), { filename: 's.csv' })
    expect(sim.getWebhookMedia(KEY, fromStream.media_id)?.bytes).toEqual(bytes)
  })

  it('surfaces WeCom errors', async () => {
    sim.failNext('webhook/upload_media', { errcode: 44001 })
    expect((await apiError(bot.uploadMedia('file', new Uint8Array(10)))).errcode).toBe(44001)
    // The simulator checks the AMR signature as WeCom checks the format.
    expect(
      (await apiError(bot.uploadMedia('voice', new Uint8Array(10), { filename: 'x.amr' }))).errcode,
    ).toBe(40004)
  })

  it.each([
    ['an image type', () => bot.uploadMedia('image' as never, PNG)],
    ['5 bytes', () => bot.uploadMedia('file', new Uint8Array(5))],
    ['a file over 20 MB', () => bot.uploadMedia('file', new Uint8Array(20 * 1024 * 1024 + 1))],
    [
      'a voice over 2 MB',
      () => bot.uploadMedia('voice', new Uint8Array(2 * 1024 * 1024 + 1), { filename: 'v.amr' }),
    ],
    ['a voice that is not .amr', () => bot.uploadMedia('voice', AMR, { filename: 'v.mp3' })],
    [
      'a stream over the limit',
      () => bot.uploadMedia('voice', new Blob([new Uint8Array(3 * 1024 * 1024)]).stream()),
    ],
    ['a string', () => bot.uploadMedia('file', 'text' as never)],
    ['an empty filename', () => bot.uploadMedia('file', new Uint8Array(10), { filename: '' })],
  ])('rejects %s before sending', async (_label, call) => {
    await rejectsBeforeSending(sim, call)
  })
})

describe('the target', () => {
  it.each([
    ['neither key nor url', {}],
    ['both', { key: KEY, url: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${KEY}` }],
    ['a key with spaces', { key: 'a b' }],
    ['a url without key', { url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send' }],
    ['a url of another API', { url: `https://qyapi.weixin.qq.com/cgi-bin/message/send?key=${KEY}` }],
    ['not a url', { url: `key=${KEY}` }],
  ])('refuses %s, without echoing it', (_label, target) => {
    let error: unknown
    try {
      createWebhookBot(target as never)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(WeComValidationError)
    expect(JSON.stringify(error) + String((error as Error).stack)).not.toContain(KEY)
  })

  it('refuses options it does not know how to use', () => {
    expect(() => createWebhookBot({ key: KEY }, { onRateLimit: 'drop' as never })).toThrow(
      WeComValidationError,
    )
    expect(() => createWebhookBot({ key: KEY }, { pacer: {} as never })).toThrow(WeComValidationError)
    expect(() => createWebhookBot({ key: KEY }, { hooks: { beforeRequest: 'log' as never } })).toThrow(
      WeComValidationError,
    )
    expect(() => createWebhookBot({ key: KEY }, { timeout: -1 })).toThrow(WeComValidationError)
    expect(() =>
      createWebhookBot(
        { url: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${KEY}` },
        { baseUrl: 'http://x/' },
      ),
    ).toThrow(WeComValidationError)
  })

  it('redacts webhook addresses', () => {
    expect(redactWebhookUrl(`https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${KEY}&debug=1`)).toBe(
      'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***&debug=1',
    )
    expect(redactWebhookUrl(`x?u=${encodeURIComponent(`https://h/webhook/send?key=${KEY}`)}`)).not.toContain(
      KEY,
    )
  })
})

describe('bytes', () => {
  it('md5 and base64 agree with node:crypto and Buffer around the block edges', () => {
    for (const size of [0, 1, 55, 56, 63, 64, 65, 127, 1000, 100_000]) {
      const bytes = Uint8Array.from({ length: size }, (_, i) => (i * 7 + 3) & 255)
      expect(md5Hex(bytes)).toBe(createHash('md5').update(bytes).digest('hex'))
      expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'))
      expect(fromBase64(toBase64(bytes))).toEqual(bytes)
    }
    expect(fromBase64('abc')).toBeUndefined()
  })

  it('webhookImage refuses what WeCom would', async () => {
    await expect(webhookImage(new Uint8Array(10))).rejects.toThrow(WeComValidationError)
    await expect(webhookImage(new Uint8Array(0))).rejects.toThrow(WeComValidationError)
    const big = new Uint8Array(2 * 1024 * 1024 + 1)
    big.set(PNG)
    await expect(webhookImage(big)).rejects.toThrow(/2 MB/)
    await expect(webhookImage('x' as never)).rejects.toThrow(WeComValidationError)
  })

  it('sends a guard-checked API error for isWeComApiError', async () => {
    sim.failNext('webhook/send', { errcode: 45002 })
    const error = await bot.send({ msgtype: 'text', text: { content: 'x' } }).catch((e) => e)
    expect(isWeComApiError(error)).toBe(true)
  })
})
