// Streams on their own: the long connection's pushed updates (throttled, one in flight, a byte
// limit, a deadline) and the webhook's pulled snapshots, with a fake WeCom that records frames.
import { isWeComApiError, isWeComValidationError } from '@wecom-kit/core'
import { describe, expect, it } from 'vitest'
import { WeComAiBotError } from '../src/errors.js'
import { createPullStream } from '../src/pull-stream.js'
import { createPushStream, type PushStreamOptions } from '../src/push-stream.js'
import type { StreamBody } from '../src/replies.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

interface Sent {
  at: number
  body: StreamBody
}

/** A push stream whose frames WeCom acknowledges after `ackMs`, answering `errcode` if set. */
function pushStream(options: Partial<PushStreamOptions> & { ackMs?: number; refuse?: () => number } = {}) {
  const sent: Sent[] = []
  let inFlight = 0
  let maxInFlight = 0
  const stream = createPushStream({
    id: 'stream-1',
    path: 'aibot_respond_msg',
    startedAt: Date.now(),
    interval: 100,
    window: 6 * 60_000,
    margin: 15_000,
    ...options,
    send: async (body) => {
      sent.push({ at: Date.now(), body: structuredClone(body) })
      maxInFlight = Math.max(maxInFlight, ++inFlight)
      await sleep(options.ackMs ?? 1)
      inFlight--
      const errcode = options.refuse?.() ?? 0
      if (errcode) throw new WeComAiBotError(errcode, 'refused', 'aibot_respond_msg')
    },
  })
  return { stream, sent, maxInFlight: () => maxInFlight }
}

describe('a pushed stream (long connection)', () => {
  it('turns a token every 5 ms for 1.5 s into about one update per interval, the last one finished', async () => {
    const { stream, sent } = pushStream({ interval: 200 })
    const tokens: string[] = []
    const started = Date.now()
    for (let i = 0; Date.now() - started < 1500; i++) {
      tokens.push(`t${i} `)
      stream.write(`t${i} `)
      await sleep(5)
    }
    await stream.end()
    const elapsed = Date.now() - started
    // ≥ 200 ms apart while streaming: at most elapsed / 200 + the first and the final update.
    expect(sent.length).toBeLessThanOrEqual(Math.ceil(elapsed / 200) + 2)
    expect(sent.length).toBeGreaterThanOrEqual(5)
    const gaps = sent.slice(1, -1).map((s, i) => s.at - sent[i]!.at)
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(195)
    expect(sent.at(-1)?.body.stream).toEqual({ id: 'stream-1', finish: true, content: tokens.join('') })
    expect(sent.slice(0, -1).every((s) => s.body.stream.finish === false)).toBe(true)
    expect(stream.updates).toBe(sent.length)
    if (process.env.AIBOT_MEASURE) {
      console.log(
        `${tokens.length} writes in ${elapsed} ms → ${sent.length} updates (${((sent.length * 1000) / elapsed).toFixed(1)}/s)`,
      )
    }
  })

  it('sends the first update at once, with the writes of the same tick', async () => {
    const { stream, sent } = pushStream({ interval: 10_000 })
    stream.write('正在')
    stream.write('思考…')
    await sleep(20)
    expect(sent.map((s) => s.body.stream.content)).toEqual(['正在思考…'])
    await stream.end('完成')
    expect(sent.map((s) => s.body.stream)).toEqual([
      { id: 'stream-1', finish: false, content: '正在思考…' },
      { id: 'stream-1', finish: true, content: '正在思考…完成' },
    ])
  })

  it('keeps one update in flight: slow acknowledgements slow the updates, writes are never lost', async () => {
    const { stream, sent, maxInFlight } = pushStream({ interval: 1, ackMs: 100 })
    const started = Date.now()
    for (let i = 0; i < 50; i++) {
      stream.write('x')
      await sleep(4)
    }
    await stream.end('!')
    const elapsed = Date.now() - started
    expect(maxInFlight()).toBe(1)
    // One update per acknowledgement (100 ms), whatever the machine's speed: not one per write.
    expect(sent.length).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 1)
    expect(sent.length).toBeLessThan(50)
    expect(sent.at(-1)?.body.stream.content).toBe(`${'x'.repeat(50)}!`)
  })

  it('holds 20 480 bytes of UTF-8: a write past it throws and appends nothing; end() still finishes', async () => {
    const { stream, sent } = pushStream()
    stream.write('字'.repeat(6826)) // 20 478 bytes
    expect(stream.bytesLeft).toBe(2)
    expect(() => stream.write('字')).toThrow(/would be 20481 bytes of UTF-8; a stream holds at most 20480/)
    try {
      stream.write('字')
    } catch (error) {
      expect(isWeComValidationError(error)).toBe(true)
    }
    stream.write('ok') // exactly 20 480
    expect(stream.bytes).toBe(20_480)
    await stream.end()
    expect(sent.at(-1)?.body.stream).toMatchObject({ finish: true, content: `${'字'.repeat(6826)}ok` })
  })

  it('refuses what is not text, and lone surrogates, before sending', async () => {
    const { stream, sent } = pushStream()
    expect(() => stream.write(42 as never)).toThrow(/must be a string/)
    expect(() => stream.write('\uD800')).toThrow(/well-formed/)
    await stream.end('fine')
    expect(sent.map((s) => s.body.stream.content)).toEqual(['fine'])
  })

  it('finishes by itself before WeCom’s window closes; later writes and end() are late-reply errors', async () => {
    const { stream, sent } = pushStream({ window: 300, margin: 100 })
    stream.write('partial answer')
    await sleep(320)
    expect(sent.at(-1)?.body.stream).toMatchObject({ finish: true, content: 'partial answer' })
    expect(stream.finished).toBe(true)
    let late: unknown
    try {
      stream.write(' more')
    } catch (error) {
      late = error
    }
    const ended = await stream.end().catch((e: unknown) => e)
    for (const error of [late, ended]) {
      expect(isWeComApiError(error) && error).toMatchObject({ errcode: 846608, sent: false })
      expect((error as WeComAiBotError).hint).toMatch(/6 minutes after the user's message/)
    }
    expect(sent).toHaveLength(2)
  })

  it('an update WeCom refuses fails the stream: the next write throws WeCom’s error', async () => {
    let refuse = 0
    const { stream } = pushStream({ interval: 1, refuse: () => refuse })
    stream.write('a')
    await sleep(10)
    refuse = 846608
    stream.write('b')
    await sleep(10)
    expect(stream.finished).toBe(true)
    expect(() => stream.write('c')).toThrow(/errcode 846608/)
    await expect(stream.end()).rejects.toMatchObject({ errcode: 846608, sent: true })
  })

  it('asks for feedback on the first frame only, and shows images with the last', async () => {
    const { stream, sent } = pushStream({ feedback: { id: 'fb-1' } })
    stream.write('a')
    await sleep(10)
    const image = {
      msgtype: 'image' as const,
      image: { base64: 'aGk=', md5: '49f68a5c8493ec2c0bf489821c21fc3b' },
    }
    await stream.end('b', { images: [image] })
    expect(sent[0]?.body.stream.feedback).toEqual({ id: 'fb-1' })
    expect(sent[1]?.body.stream).toEqual({ id: 'stream-1', finish: true, content: 'ab', msg_item: [image] })
    const refused = pushStream().stream
    await expect(refused.end('x', { images: [{ msgtype: 'image' } as never] })).rejects.toThrow(/msg_item.0/)
    expect(refused.content).toBe('') // a refused end appends nothing
    expect(refused.finished).toBe(false)
  })

  it('a stream that ended takes no more writes', async () => {
    const { stream } = pushStream()
    await stream.end('done')
    expect(() => stream.write('x')).toThrow(/the stream has ended/)
    await expect(stream.end()).rejects.toThrow(/the stream has ended/)
  })
})

describe('a pulled stream (webhook)', () => {
  const pull = (window = 6 * 60_000, margin = 15_000) => {
    const done: string[] = []
    const stream = createPullStream({
      id: 's-1',
      path: 'aibot response',
      receivedAt: Date.now(),
      window,
      margin,
      onDone: (id) => done.push(id),
    })
    return { stream, done }
  }

  it('answers each refresh with the content so far; end() resolves once WeCom fetched the finish', async () => {
    const { stream, done } = pull()
    stream.write('一')
    expect(stream.snapshot().stream).toEqual({ id: 's-1', finish: false, content: '一' })
    stream.write('二')
    let ended = false
    const ending = stream.end('三').then(() => {
      ended = true
    })
    await sleep(5)
    expect(ended).toBe(false) // WeCom has not asked yet
    expect(stream.snapshot().stream).toEqual({ id: 's-1', finish: true, content: '一二三' })
    await ending
    expect(done).toEqual(['s-1'])
    expect(stream.updates).toBe(2)
  })

  it('finishes by itself before the window closes; end() after WeCom stopped asking rejects as late', async () => {
    const { stream, done } = pull(200, 100)
    stream.write('half')
    await sleep(120)
    expect(stream.snapshot().stream).toEqual({ id: 's-1', finish: true, content: 'half' })
    expect(() => stream.write('x')).toThrow(/errcode 846608/)

    const unasked = pull(150, 50).stream
    const ending = unasked.end('never fetched')
    await expect(ending).rejects.toMatchObject({ errcode: 846608 })
    expect(done).toEqual(['s-1'])
  })
})
