import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { FACES, useFace } from './support/faces.js'
import { amr, binary, form, png } from './support/files.js'

const KEY = 'robot-key-0001'
const image = (bytes: Uint8Array, md5 = createHash('md5').update(bytes).digest('hex')) => ({
  msgtype: 'image',
  image: { base64: Buffer.from(bytes).toString('base64'), md5 },
})

describe.each(FACES)('group robots ($name)', (face) => {
  const { sim, call } = useFace(face, { clock: () => Date.UTC(2026, 0, 5, 9) })
  const send = (json: unknown, key = KEY) => call('webhook/send', { query: { key }, json, token: false })

  it('takes every msgtype of the page without a token, and keeps what it received', async () => {
    const robot = sim.addWebhook({ key: KEY, name: 'CI' })
    expect(robot).toEqual({
      key: KEY,
      name: 'CI',
      url: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${KEY}`,
    })
    const upload = await call('webhook/upload_media', {
      query: { key: KEY, type: 'file' },
      body: form(binary(32), '日志.txt'),
      token: false,
    })
    expect(upload.body).toMatchObject({
      errcode: 0,
      errmsg: 'ok',
      type: 'file',
      created_at: expect.any(String),
    })
    const media_id = upload.body.media_id
    expect(sim.getWebhookMedia(KEY, media_id)).toMatchObject({ filename: '日志.txt', type: 'file' })
    const messages = [
      {
        msgtype: 'text',
        text: { content: 'hi', mentioned_list: ['@all'], mentioned_mobile_list: ['13800001111'] },
      },
      { msgtype: 'markdown', markdown: { content: '**hi**' } },
      { msgtype: 'markdown_v2', markdown_v2: { content: '| a |\n| - |' } },
      image(png()),
      { msgtype: 'news', news: { articles: [{ title: 't', url: 'www.qq.com' }] } },
      { msgtype: 'file', file: { media_id } },
      {
        msgtype: 'template_card',
        template_card: {
          card_type: 'text_notice',
          main_title: { title: 't' },
          card_action: { type: 1, url: 'https://a' },
        },
      },
    ]
    for (const message of messages) expect((await send(message)).body).toEqual({ errcode: 0, errmsg: 'ok' })
    expect(sim.webhookMessages(KEY).map((m) => m.body)).toEqual(messages)
    expect(sim.webhooks()).toEqual([robot])
  })

  it.each([
    ['an unknown key', { msgtype: 'text', text: { content: 'x' } }, 93000, 'nobody'],
    ['an unknown msgtype', { msgtype: 'video', video: {} }, 40008],
    ['empty text', { msgtype: 'text', text: { content: '' } }, 44004],
    ['text over 2048 bytes', { msgtype: 'text', text: { content: 'x'.repeat(2049) } }, 45002],
    [
      'markdown_v2 over 4096 bytes',
      { msgtype: 'markdown_v2', markdown_v2: { content: 'x'.repeat(4097) } },
      45002,
    ],
    ['a mentioned_list string', { msgtype: 'text', text: { content: 'x', mentioned_list: 'a' } }, 40058],
    ['an md5 that is not the image’s', image(png(), '0'.repeat(32)), 40058],
    ['an image that is not JPG/PNG', image(binary(64)), 40123],
    ['an image over 2 MB', image(png(2 * 1024 * 1024 + 1)), 40009],
    ['9 articles', { msgtype: 'news', news: { articles: Array(9).fill({ title: 't', url: 'u' }) } }, 45008],
    ['an article without url', { msgtype: 'news', news: { articles: [{ title: 't' }] } }, 41010],
    ['a file without media_id', { msgtype: 'file', file: {} }, 41006],
    ['an unknown media_id', { msgtype: 'voice', voice: { media_id: 'nope' } }, 40007],
    [
      'an interactive card',
      {
        msgtype: 'template_card',
        template_card: { card_type: 'button_interaction', main_title: { title: 't' } },
      },
      40058,
    ],
  ])('refuses %s', async (_label, message, errcode, key = KEY) => {
    sim.addWebhook({ key: KEY })
    expect((await send(message, key)).body).toMatchObject({ errcode })
    expect(sim.webhookMessages(KEY)).toEqual([])
  })

  it('allows 20 messages in 60 s, then answers 45009 and blocks the robot for 60 s', async () => {
    sim.addWebhook({ key: KEY })
    for (let i = 0; i < 20; i++)
      expect((await send({ msgtype: 'text', text: { content: `${i}` } })).body.errcode).toBe(0)
    expect((await send({ msgtype: 'text', text: { content: '20' } })).body.errcode).toBe(45009)
    sim.advanceTime(59_999)
    expect((await send({ msgtype: 'text', text: { content: 'still' } })).body.errcode).toBe(45009)
    sim.advanceTime(1)
    expect((await send({ msgtype: 'text', text: { content: 'again' } })).body.errcode).toBe(0)
    expect(sim.webhookMessages(KEY)).toHaveLength(21)
  })

  it('keeps uploads per robot, and checks them like media/upload', async () => {
    sim.addWebhook({ key: KEY })
    sim.addWebhook({ key: 'other' })
    const upload = (key: string, type: string, bytes: Uint8Array, name = 'v.amr') =>
      call('webhook/upload_media', { query: { key, type }, body: form(bytes, name), token: false })
    const voice = await upload(KEY, 'voice', amr())
    expect(voice.body).toMatchObject({ errcode: 0, type: 'voice' })
    expect((await send({ msgtype: 'voice', voice: { media_id: voice.body.media_id } })).body.errcode).toBe(0)
    expect(
      (await send({ msgtype: 'voice', voice: { media_id: voice.body.media_id } }, 'other')).body.errcode,
    ).toBe(40007)
    expect((await send({ msgtype: 'file', file: { media_id: voice.body.media_id } })).body.errcode).toBe(
      40007,
    )
    expect((await upload(KEY, 'image', png())).body.errcode).toBe(40004)
    expect((await upload(KEY, 'voice', binary(64))).body.errcode).toBe(40004)
    expect((await upload(KEY, 'file', binary(5))).body.errcode).toBe(40006)
    expect((await upload(KEY, 'voice', amr(2 * 1024 * 1024 + 1))).body.errcode).toBe(45001)
    expect((await upload('nobody', 'file', binary(10))).body.errcode).toBe(93000)
  })
})
