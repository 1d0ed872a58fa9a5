import { createClient } from '@wecom-kit/core'
import { media } from '@wecom-kit/media'
import { HttpResponse, http } from 'msw'
import { beforeEach, describe, expect, it } from 'vitest'
import { apiError, FAST_RETRY, rejectsBeforeSending, useSimulator } from '../../../test/support/resource.js'

const { sim, server } = useSimulator({ corpId: 'wwmedia', corpSecret: 'media-secret' })

const makeClient = (baseUrl?: string) =>
  createClient({
    corpId: 'wwmedia',
    corpSecret: 'media-secret',
    retry: FAST_RETRY,
    ...(baseUrl ? { baseUrl } : {}),
  }).with(media)
let client: ReturnType<typeof makeClient>

beforeEach(() => {
  sim.reset()
  sim.clearRequests()
  client = makeClient()
})

const MB = 1024 * 1024
/** Real file signatures: the simulator, like WeCom, looks at the content. */
const png = (size = 64) => withPrefix([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], size)
const jpg = (size = 64) => withPrefix([0xff, 0xd8, 0xff, 0xe0], size)
const amr = (size = 64) => withPrefix([...new TextEncoder().encode('#!AMR\n')], size)
const mp4 = (size = 64) => withPrefix([0, 0, 0, 0x18, ...new TextEncoder().encode('ftypmp42')], size)
function withPrefix(prefix: number[], size: number): Uint8Array {
  const bytes = new Uint8Array(size).fill(7)
  bytes.set(prefix)
  return bytes
}

describe('media.upload', () => {
  it.each([
    ['image', png(), 'logo.png'],
    ['image', jpg(), 'photo.JPG'],
    ['voice', amr(), 'memo.amr'],
    ['video', mp4(), 'clip.mp4'],
    ['file', new TextEncoder().encode('姓名,帐号\r\n'), '通讯录.csv'],
  ] as const)('uploads a %s (%s) that WeCom stores byte for byte', async (type, bytes, filename) => {
    const result = await client.media.upload(type, bytes, { filename })
    expect(result).toMatchObject({ errcode: 0, type })
    expect(typeof result.created_at).toBe('string')
    const stored = sim.getMedia(result.media_id)
    expect(stored?.filename).toBe(filename)
    expect(new Uint8Array(stored?.bytes ?? [])).toEqual(bytes)
  })

  it('uploads a web ReadableStream', async () => {
    const { media_id } = await client.media.upload('file', new Blob(['a,b\r\n1,2\r\n']).stream(), {
      filename: 'x.csv',
    })
    expect(new TextDecoder().decode(sim.getMedia(media_id)?.bytes)).toBe('a,b\r\n1,2\r\n')
  })

  it('surfaces WeCom refusing the content (an image that is not one)', async () => {
    const error = await apiError(
      client.media.upload('image', new Uint8Array(64).fill(1), { filename: 'fake.png' }),
    )
    expect(error.errcode).toBe(40123)
  })

  it('keeps a Chinese filename intact through a real HTTP server and its multipart parser', async () => {
    server.close()
    const running = await sim.listen()
    try {
      const live = makeClient(running.url)
      const { media_id } = await live.media.upload('file', new TextEncoder().encode('data,1\r\n'), {
        filename: '通讯录.csv',
      })
      expect(sim.getMedia(media_id)?.filename).toBe('通讯录.csv')
      const download = await live.media.get(media_id)
      expect(download.filename).toBe('通讯录.csv')
      expect(await new Response(download.body).text()).toBe('data,1\r\n')
    } finally {
      await running.close()
      server.listen({ onUnhandledRequest: 'error' })
    }
  })

  it.each([
    [
      '5 bytes',
      () => client.media.upload('file', new Uint8Array(5), { filename: 'a.txt' }),
      /larger than 5 bytes/,
    ],
    [
      'an image over 10 MB',
      () => client.media.upload('image', png(10 * MB + 1), { filename: 'a.png' }),
      /at most 10 MB/,
    ],
    ['a GIF image', () => client.media.upload('image', png(), { filename: 'a.gif' }), /JPG, JPEG, PNG/],
    ['an MP3 voice', () => client.media.upload('voice', amr(), { filename: 'a.mp3' }), /AMR/],
    ['a voice over 2 MB', () => client.media.upload('voice', amr(2 * MB + 1), { filename: 'a.amr' }), /2 MB/],
    [
      'a video over 10 MB',
      () => client.media.upload('video', mp4(10 * MB + 1), { filename: 'a.mp4' }),
      /10 MB/,
    ],
    [
      'a file over 20 MB',
      () => client.media.upload('file', new Uint8Array(20 * MB + 1), { filename: 'a.bin' }),
      /20 MB/,
    ],
    ['an unknown type', () => client.media.upload('doc' as never, png(), { filename: 'a.doc' }), /type/],
    ['a number as the file', () => client.media.upload('file', 42 as never, { filename: 'a.txt' }), /Blob/],
  ])('rejects %s before sending', async (_label, call, message) => {
    await rejectsBeforeSending(sim, call, message ? { message } : {})
  })

  it('stops reading an oversized stream at the limit', async () => {
    let pulled = 0
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += MB
        controller.enqueue(new Uint8Array(MB))
      },
    })
    await rejectsBeforeSending(sim, () => client.media.upload('voice', endless, { filename: 'a.amr' }), {
      message: /2 MB/,
    })
    expect(pulled).toBeLessThan(6 * MB)
  })
})

describe('media.get', () => {
  it('streams a stored medium with its type and filename', async () => {
    const id = sim.addMedia({ bytes: 'hello, 世界', filename: '问候.txt', contentType: 'text/plain' })
    const download = await client.media.get(id)
    expect(download).toMatchObject({ filename: '问候.txt', contentLength: 13 })
    expect(download.contentType).toContain('text/plain')
    expect(await new Response(download.body).text()).toBe('hello, 世界')
  })

  it('turns an unknown media_id into a WeComApiError', async () => {
    expect((await apiError(client.media.get('expired'))).errcode).toBe(40007)
  })

  it('rejects an empty media_id before sending', async () => {
    await rejectsBeforeSending(sim, () => client.media.get(''))
  })
})

describe('media.uploadImage', () => {
  it('answers a permanent URL', async () => {
    const { url } = await client.media.uploadImage(png(), { filename: 'banner.png' })
    expect(url).toMatch(/^https:\/\//)
    expect(sim.uploadedImages()).toHaveLength(1)
  })

  it('surfaces a WeCom error', async () => {
    sim.failNext('media/uploadimg', { errcode: 45009, errmsg: 'reach max api daily quota limit' })
    expect((await apiError(client.media.uploadImage(png(), { filename: 'banner.png' }))).errcode).toBe(45009)
  })

  it('rejects a non-image and an image over 2 MB before sending', async () => {
    await rejectsBeforeSending(sim, () => client.media.uploadImage(png(), { filename: 'a.bmp' }))
    await rejectsBeforeSending(sim, () => client.media.uploadImage(png(2 * MB + 1), { filename: 'a.png' }))
  })
})

describe('hostile input and odd answers (pinned)', () => {
  it('refuses a mediaId with a lone surrogate before sending, not with a URIError', async () => {
    await rejectsBeforeSending(sim, () => client.media.get('media\ud800'), { message: /well-formed/ })
  })

  it('a JSON answer without an error is no file: a WeComHttpError, not a TypeError', async () => {
    server.use(http.get(`${sim.baseUrl}media/get`, () => HttpResponse.json({ errcode: 0, errmsg: 'ok' })))
    await expect(client.media.get('any')).rejects.toMatchObject({
      name: 'WeComHttpError',
      message: expect.stringMatching(/expected a file, got a JSON answer/),
    })
  })

  it('an HTML page that is no attachment (a proxy echoing the URL, token and all) is refused, not handed over', async () => {
    server.use(
      http.get(`${sim.baseUrl}media/get`, ({ request }) =>
        HttpResponse.html(`<html><body>You asked for ${request.url}</body></html>`),
      ),
    )
    const error = await client.media.get('any').catch((e: unknown) => e)
    expect(error).toMatchObject({
      name: 'WeComHttpError',
      message: expect.stringMatching(/got an HTML page/),
    })
  })

  it('a file sent as text/html but as an attachment is still a file', async () => {
    server.use(
      http.get(
        `${sim.baseUrl}media/get`,
        () =>
          new HttpResponse('<p>saved page</p>', {
            headers: {
              'content-type': 'text/html',
              'content-disposition': 'attachment; filename="page.html"',
            },
          }),
      ),
    )
    const file = await client.media.get('any')
    expect(file.filename).toBe('page.html')
    expect(await new Response(file.body).text()).toBe('<p>saved page</p>')
  })
})
