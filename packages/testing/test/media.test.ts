import { afterEach, describe, expect, it, vi } from 'vitest'
import { FACES, useFace } from './support/faces.js'
import { amr, binary, form, jpeg, mp4, png, rawMultipart, utf8Header } from './support/files.js'

const MB = 1024 * 1024

describe.each(FACES)('media ($name)', (face) => {
  const { sim, call, baseUrl } = useFace(face)
  afterEach(() => {
    vi.useRealTimers()
  })

  it('uploads a file: created_at is a string, errmsg empty, bytes and name stored', async () => {
    const bytes = binary(1000)
    const { body } = await call('media/upload', {
      query: { type: 'file' },
      body: form(bytes, 'report.pdf', 'application/pdf'),
    })
    expect(body).toEqual({
      errcode: 0,
      errmsg: '',
      type: 'file',
      media_id: expect.stringMatching(/^[\w-]{20,}$/),
      created_at: expect.stringMatching(/^\d{10}$/),
    })
    expect(Math.abs(Number(body.created_at) - Date.now() / 1000)).toBeLessThan(5)
    const stored = sim.getMedia(body.media_id)
    expect(stored).toMatchObject({ type: 'file', filename: 'report.pdf', contentType: 'application/pdf' })
    expect(stored?.bytes).toEqual(bytes)
  })

  it('keeps a Chinese file name sent by fetch + FormData', async () => {
    const { body } = await call('media/upload', {
      query: { type: 'file' },
      body: form(new TextEncoder().encode('姓名,帐号\n张三,zhangsan\n'), '通讯录 "最新".csv', 'text/csv'),
    })
    expect(sim.getMedia(body.media_id)?.filename).toBe('通讯录 "最新".csv')
  })

  it("reads the part header exactly as WeCom's docs write it (raw UTF-8, filelength, no space)", async () => {
    const request = rawMultipart(
      '-------------------------acebdf13572468',
      'form-data; name="media";filename="企业微信.txt"; filelength=6',
      'application/octet-stream',
      new TextEncoder().encode('mytext'),
    )
    const { body } = await call('media/upload', { query: { type: 'file' }, ...request })
    expect(body.errcode).toBe(0)
    expect(sim.getMedia(body.media_id)).toMatchObject({ filename: '企业微信.txt' })
    expect(new TextDecoder().decode(sim.getMedia(body.media_id)?.bytes)).toBe('mytext')
  })

  it.each([
    ['image', 'a.png', png(), 'image/png'],
    ['image', 'a.jpg', jpeg(), 'image/jpg'],
    ['voice', 'a.amr', amr(), 'voice/amr'],
    ['video', 'a.mp4', mp4(), 'video/mp4'],
  ])('uploads a %s in its format (%s)', async (type, filename, bytes, contentType) => {
    const { body } = await call('media/upload', { query: { type }, body: form(bytes, filename, contentType) })
    expect(body).toMatchObject({ errcode: 0, type })
  })

  it.each([
    ['no type', undefined, form(binary(10), 'a.bin'), 40005],
    ['an unknown type', 'thumb', form(binary(10), 'a.bin'), 40005],
    ['a part with another name', 'file', form(binary(10), 'a.bin', undefined, 'file'), 44001],
    ['an empty file', 'file', form(new Uint8Array(0), 'a.bin'), 44001],
    ['a 5-byte file', 'file', form(binary(5), 'a.bin'), 40006],
    ['an image that is not JPG or PNG', 'image', form(binary(100), 'a.png', 'image/png'), 40123],
    ['a voice that is not AMR', 'voice', form(mp4(), 'a.amr'), 40004],
    ['a video that is not MP4', 'video', form(amr(), 'a.mp4'), 40004],
    ['an image over 10 MB', 'image', form(png(10 * MB + 1), 'a.png'), 40009],
    ['a voice over 2 MB', 'voice', form(amr(2 * MB + 1), 'a.amr'), 45001],
    ['a video over 10 MB', 'video', form(mp4(10 * MB + 1), 'a.mp4'), 40011],
  ])('refuses %s', async (_, type, body, errcode) => {
    const reply = await call('media/upload', { query: type === undefined ? {} : { type }, body })
    expect(reply.status).toBe(200)
    expect(reply.body.errcode).toBe(errcode)
  })

  it('refuses a body that is not multipart, and a part without a file name', async () => {
    const json = await call('media/upload', { query: { type: 'file' }, json: { media: 'x' } })
    expect(json.body.errcode).toBe(44001)
    const field = new FormData()
    field.append('media', 'just text')
    expect((await call('media/upload', { query: { type: 'file' }, body: field })).body.errcode).toBe(44001)
  })

  it('takes 6 bytes, the smallest file allowed', async () => {
    expect(
      (await call('media/upload', { query: { type: 'file' }, body: form(binary(6), 'a') })).body.errcode,
    ).toBe(0)
  })

  it('media/get answers the bytes with WeCom headers', async () => {
    const bytes = png(300)
    const mediaId = sim.addMedia({ bytes, filename: '头像.png', type: 'image' })
    const reply = await call('media/get', { query: { media_id: mediaId } })
    expect(reply.status).toBe(200)
    expect(reply.bytes).toEqual(bytes)
    expect(reply.headers.get('content-type')).toBe('image/png')
    expect(reply.headers.get('content-length')).toBe('300')
    expect(reply.headers.get('cache-control')).toBe('no-cache, must-revalidate')
    expect(utf8Header(reply.headers.get('content-disposition'))).toBe('attachment; filename="头像.png"')
  })

  it('media/get serves byte ranges', async () => {
    const bytes = binary(2048)
    const mediaId = sim.addMedia({ bytes, filename: 'a.bin' })
    const first = await call('media/get', {
      query: { media_id: mediaId },
      headers: { range: 'bytes=0-1023' },
    })
    expect(first.status).toBe(206)
    expect(first.headers.get('content-range')).toBe('bytes 0-1023/2048')
    expect(first.headers.get('accept-ranges')).toBe('bytes')
    expect(first.bytes).toEqual(bytes.subarray(0, 1024))
    const tail = await call('media/get', { query: { media_id: mediaId }, headers: { range: 'bytes=-48' } })
    expect(tail.bytes).toEqual(bytes.subarray(2000))
    const beyond = await call('media/get', {
      query: { media_id: mediaId },
      headers: { range: 'bytes=4096-' },
    })
    expect(beyond.status).toBe(416)
    expect(beyond.headers.get('content-range')).toBe('bytes */2048')
  })

  it('media/get answers JSON errors: 40007 unknown, 41006 missing', async () => {
    const unknown = await call('media/get', { query: { media_id: 'nope' } })
    expect(unknown.status).toBe(200)
    expect(unknown.headers.get('content-type')).toMatch(/^application\/json/)
    expect(unknown.body.errcode).toBe(40007)
    expect(unknown.body.errmsg).toMatch(/^invalid media_id/)
    expect((await call('media/get')).body.errcode).toBe(41006)
  })

  it('a media_id lives three days', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const mediaId = sim.addMedia({ bytes: 'hello world', filename: 'a.txt' })
    vi.setSystemTime(Date.now() + 3 * 24 * 3600 * 1000 - 1000)
    expect((await call('media/get', { query: { media_id: mediaId } })).status).toBe(200)
    vi.setSystemTime(Date.now() + 2000)
    expect((await call('media/get', { query: { media_id: mediaId } })).body.errcode).toBe(40007)
    expect(sim.getMedia(mediaId)).toBeUndefined()
  })

  it('media/get refuses a file over 20 MB asked for whole (830002), serves it by ranges', async () => {
    const mediaId = sim.addMedia({ bytes: binary(20 * MB + 1), filename: 'big.bin' })
    expect((await call('media/get', { query: { media_id: mediaId } })).body.errcode).toBe(830002)
    const part = await call('media/get', { query: { media_id: mediaId }, headers: { range: 'bytes=0-9' } })
    expect(part.status).toBe(206)
    expect(part.bytes).toHaveLength(10)
  })

  it('uploadimg answers a unique permanent URL the simulator serves', async () => {
    const bytes = png(500)
    const first = await call('media/uploadimg', { body: form(bytes, 'logo.png', 'image/png') })
    const second = await call('media/uploadimg', { body: form(jpeg(), 'logo.jpg', 'image/jpeg') })
    expect(first.body).toEqual({
      errcode: 0,
      errmsg: '',
      url: expect.stringMatching(/^https:\/\/p\.qpic\.cn\/pic_wework\/\d+\/[0-9a-f]{48}\/0$/),
    })
    expect(second.body.url).not.toBe(first.body.url)
    expect(sim.uploadedImages().map((image) => image.url)).toEqual([first.body.url, second.body.url])

    // The msw face answers on p.qpic.cn itself; the HTTP server answers the same path.
    const path = new URL(first.body.url).pathname
    const url = face.name === 'msw' ? first.body.url : new URL(path, baseUrl()).href
    const image = await fetch(url)
    expect(image.headers.get('content-type')).toBe('image/png')
    expect(new Uint8Array(await image.arrayBuffer())).toEqual(bytes)
  })

  it('uploadimg refuses what is not a JPG or PNG of 5 B – 2 MB', async () => {
    expect((await call('media/uploadimg', { body: form(binary(100), 'a.png') })).body.errcode).toBe(40004)
    expect((await call('media/uploadimg', { body: form(png(2 * MB + 1), 'a.png') })).body.errcode).toBe(40009)
    expect((await call('media/uploadimg', { body: form(binary(5), 'a.png') })).body.errcode).toBe(40006)
    expect((await call('media/uploadimg', { json: {} })).body.errcode).toBe(44001)
  })

  it('addMedia seeds a CSV from a string; getMedia hands out copies', async () => {
    const mediaId = sim.addMedia({ bytes: '姓名,帐号\n', filename: 'users.csv' })
    const media = sim.getMedia(mediaId)
    expect(media).toMatchObject({ type: 'file', filename: 'users.csv', contentType: 'text/csv' })
    media?.bytes.fill(0)
    expect(new TextDecoder().decode(sim.getMedia(mediaId)?.bytes)).toBe('姓名,帐号\n')
    expect(() => sim.addMedia({ bytes: 'x', filename: 'a', type: 'thumb' as 'file' })).toThrow(/type/)
  })
})
