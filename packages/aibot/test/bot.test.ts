// The long connection against the gateway of @wecom-kit/testing: a WebSocket server on 127.0.0.1
// that speaks WeCom's frames and keeps what the bot sent.
import { Buffer } from 'node:buffer'
import {
  type AiBot,
  type AiBotOptions,
  type AiBotState,
  createAiBot,
  isKnownAiBotEvent,
  isKnownAiBotMessage,
} from '@wecom-kit/aibot'
import {
  isWeComApiError,
  isWeComNetworkError,
  isWeComValidationError,
  type TokenStore,
} from '@wecom-kit/core'
import { type AiBotGateway, createAiBotGateway } from '@wecom-kit/testing'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

let gateway: AiBotGateway
const bots: AiBot[] = []
const errors: unknown[] = []

function bot(options: Partial<AiBotOptions> = {}): AiBot {
  const created = createAiBot({
    botId: gateway.botId,
    secret: gateway.secret,
    url: gateway.url,
    onError: (error) => errors.push(error),
    ...options,
  })
  bots.push(created)
  return created
}

beforeEach(async () => {
  gateway = await createAiBotGateway()
  errors.length = 0
})
afterEach(async () => {
  await Promise.all(bots.splice(0).map((b) => b.stop()))
  await gateway.close()
  vi.useRealTimers()
})

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const cmds = () => gateway.frames().map((f) => f.cmd)

describe('connecting', () => {
  it('start() resolves once WeCom accepted the credentials; callbacks reach onMessage typed', async () => {
    const seen: string[] = []
    const b = bot()
    b.onMessage((message) => {
      if (isKnownAiBotMessage(message) && message.msgtype === 'text') {
        seen.push(`${message.from.userid}: ${message.text.content} (${message.chattype})`)
      }
    })
    expect(b.state).toBe('idle')
    expect(await b.start()).toBe('connected')
    expect(b.state).toBe('connected')
    expect(gateway.isSubscribed()).toBe(true)
    expect(gateway.frames()[0]?.frame).toMatchObject({
      cmd: 'aibot_subscribe',
      body: { bot_id: gateway.botId, secret: gateway.secret },
    })

    gateway.userSays({ msgtype: 'text', text: { content: '你好' }, userid: 'zhangsan' })
    await gateway.waitFor(() => seen.length > 0)
    expect(seen).toEqual(['zhangsan: 你好 (single)'])
  })

  it('callbacks WeCom pushes right behind the subscribe acknowledgement are not lost', async () => {
    const seen: string[] = []
    const b = bot()
    b.onMessage((message) => {
      seen.push(message.msgid)
    })
    const starting = b.start()
    // The gateway sends the callback in the same tick as the ack: one read on the bot's side.
    await gateway.subscribed()
    gateway.userSays({ msgtype: 'text', text: { content: 'waiting for you' }, msgid: 'early-1' })
    expect(await starting).toBe('connected')
    await waitUntil(() => seen.length > 0)
    expect(seen).toEqual(['early-1'])
  })

  it('refused credentials (853000): start() rejects with a hint, and the bot never tries again', async () => {
    gateway.refuseSecret()
    const states: AiBotState[] = []
    const b = bot({ reconnect: { minDelay: 10, maxDelay: 20 }, onStateChange: (s) => states.push(s) })
    const error = await b.start().catch((e: unknown) => e)
    expect(isWeComApiError(error) && error.errcode).toBe(853000)
    expect((error as { hint?: string }).hint).toMatch(/botId or secret/)
    await sleep(300) // 15 reconnect delays, had it retried
    expect(cmds().filter((c) => c === 'aibot_subscribe')).toHaveLength(1)
    expect(b.state).toBe('refused')
    expect(states).toEqual(['connecting', 'refused'])
    // The socket stays open on WeCom's side; the bot closes it.
    await gateway.waitFor(() => gateway.connections().every((c) => c.state === 'closed'))
  })

  it('pings every heartbeatInterval, which keeps WeCom from closing the connection', async () => {
    await gateway.close()
    // WeCom closes a connection without a ping for 1 s; the bot pings every 100 ms, so the one
    // connection outlives that many times over (counted in pings, not in wall time).
    gateway = await createAiBotGateway({ heartbeatTimeoutMs: 1_000 })
    const b = bot({ heartbeatInterval: 100 })
    await b.start()
    await gateway.waitFor(() => (gateway.connections()[0]?.pings ?? 0) >= 15, { timeoutMs: 15_000 })
    expect(gateway.connections()).toMatchObject([{ state: 'subscribed' }])
    expect(gateway.frames({ cmd: 'ping' })[0]?.frame).toEqual({
      cmd: 'ping',
      headers: { req_id: expect.any(String) },
    })
    expect(b.state).toBe('connected')
  })

  it('reconnects after WeCom closes the socket, and callbacks flow again', async () => {
    await gateway.close()
    // No ping for 400 ms and WeCom closes the connection; this bot pings every minute.
    gateway = await createAiBotGateway({ heartbeatTimeoutMs: 400 })
    const states: AiBotState[] = []
    const b = bot({ reconnect: { minDelay: 50, maxDelay: 400 }, onStateChange: (s) => states.push(s) })
    b.onMessage((_, reply) => reply.text('pong'))
    await b.start()
    await waitUntil(() => states.includes('reconnecting'))
    await waitUntil(() => b.state === 'connected' && gateway.isSubscribed())
    const reqId = gateway.userSays('ping?')
    await gateway.waitFor(() => gateway.stream(reqId)?.finished)
    expect(gateway.stream(reqId)?.content).toBe('pong')
    expect(states.slice(0, 4)).toEqual(['connecting', 'connected', 'reconnecting', 'connected'])
    expect(gateway.connections()[0]?.state).toBe('closed')
    expect(isWeComNetworkError(errors[0]) && (errors[0] as Error).message).toMatch(/closed \(code 1000\)/)
  })

  it('backs off with jitter while WeCom is unreachable: delays double up to maxDelay', async () => {
    const b = bot({ reconnect: { minDelay: 40, maxDelay: 320 }, ackTimeout: 1000 })
    await b.start()
    const failures: number[] = []
    b.onError((error) => {
      if (isWeComNetworkError(error)) failures.push(Date.now())
    })
    await gateway.close() // every reconnect is refused from now on
    await waitUntil(() => failures.length >= 7, 10_000)
    const gaps = failures.slice(1).map((at, i) => at - failures[i]!)
    // Attempt n waits at least half of min(40 · 2^(n-1), 320) ms: the delays grow …
    const ceilings = [40, 80, 160, 320, 320, 320]
    for (const [i, gap] of gaps.slice(0, 6).entries())
      expect(gap).toBeGreaterThanOrEqual(ceilings[i]! / 2 - 5)
    // … and stop growing at maxDelay: uncapped, the 5th and 6th would wait at least 320 and 640.
    // (The exact bounds and the jitter are checked without timers in backoff.test.ts.)
    expect(Math.min(gaps[4]!, gaps[5]!)).toBeLessThan(640)
    expect(b.state).toBe('reconnecting')
    gateway = await createAiBotGateway() // for afterEach
  })

  it('a newer connection takes over (disconnected_event): onEvent hears it, the bot stops and does not fight back', async () => {
    const events: string[] = []
    const first = bot({ reconnect: { minDelay: 10, maxDelay: 20 } })
    first.onEvent((event) => {
      events.push(event.eventtype)
    })
    await first.start()
    await bot().start() // the same bot elsewhere: WeCom kicks the first
    await waitUntil(() => first.state === 'kicked')
    expect(events).toEqual(['disconnected_event'])
    await sleep(300)
    // One kick, no subscribe from the kicked bot afterwards; its socket is closed by the bot itself.
    expect(cmds().filter((c) => c === 'aibot_subscribe')).toHaveLength(2)
    expect(gateway.connections().map((c) => c.state)).toEqual(['closed', 'subscribed'])
    expect(isWeComNetworkError(errors.at(-1)) && (errors.at(-1) as Error).message).toMatch(/newer connection/)
  })

  it('stop() closes the socket and ends every timer; the bot can start again', async () => {
    const b = bot({ heartbeatInterval: 20 })
    await b.start()
    await b.stop()
    expect(b.state).toBe('stopped')
    await gateway.waitFor(() => gateway.connections()[0]?.state === 'closed')
    const frames = gateway.frames().length
    await sleep(100)
    expect(gateway.frames()).toHaveLength(frames) // no ping after stop
    expect(await b.start()).toBe('connected')
  })

  it('stop() during a connection attempt rejects start() and leaves nothing open', async () => {
    gateway.delayAcks(Number.POSITIVE_INFINITY) // the subscribe is never answered
    const b = bot()
    const starting = b.start()
    await gateway.waitFor(() => gateway.frames().length > 0)
    await b.stop()
    expect(isWeComNetworkError(await starting.catch((e: unknown) => e))).toBe(true)
    await gateway.waitFor(() => gateway.connections()[0]?.state === 'closed')
  })
})

/** A TokenStore whose lock lives in this process: `locks` shows who holds what. */
function memoryLease() {
  const locks = new Map<string, string>()
  let owners = 0
  const store: TokenStore = {
    async get() {
      return null
    },
    async set() {},
    async lock(key) {
      if (locks.has(key)) return null
      const owner = `owner-${++owners}`
      locks.set(key, owner)
      return async () => {
        if (locks.get(key) === owner) locks.delete(key)
      }
    },
  }
  return { store, locks }
}

describe('the lease, in one process', () => {
  it('stop() and start() at once: the new run holds the lease, the old run frees only its own', async () => {
    const { store, locks } = memoryLease()
    const b = bot({ lease: store })
    expect(await b.start()).toBe('connected')
    const stopping = b.stop()
    const again = b.start()
    await stopping
    expect(await again).toBe('connected')
    expect([...locks.keys()]).toEqual([`wecom:aibot-lease:${gateway.botId}`])
    expect(gateway.connections().map((c) => c.state)).toEqual(['closed', 'subscribed'])
    await b.stop()
    expect(locks.size).toBe(0)
    expect(b.state).toBe('stopped')
  })

  it('a holder that lost the lease while its connection was down stands by instead of kicking the new holder', async () => {
    await gateway.close()
    // WeCom drops a connection without a ping for 300 ms; this bot pings every 30 s.
    gateway = await createAiBotGateway({ heartbeatTimeoutMs: 300 })
    const { store, locks } = memoryLease()
    const b = bot({ lease: store, reconnect: { minDelay: 10, maxDelay: 20 } })
    expect(await b.start()).toBe('connected')
    // Meanwhile the lock lapsed and another instance took it (a stalled process, a Redis failover).
    const key = [...locks.keys()][0]!
    locks.set(key, 'another-instance')
    await waitUntil(() => b.state === 'standby', 5_000)
    expect(gateway.frames({ cmd: 'aibot_subscribe' })).toHaveLength(1)
    expect(locks.get(key)).toBe('another-instance')
  })

  it('a holder whose connection drops reconnects while the lease is still its own', async () => {
    await gateway.close()
    gateway = await createAiBotGateway({ heartbeatTimeoutMs: 300 })
    const { store, locks } = memoryLease()
    const b = bot({ lease: store, reconnect: { minDelay: 10, maxDelay: 20 } })
    await b.start()
    await gateway.waitFor(() => gateway.frames({ cmd: 'aibot_subscribe' }).length >= 2, { timeoutMs: 5_000 })
    expect(locks.size).toBe(1)
  })
})

describe('replies', () => {
  it('reply.stream() coalesces a fast model into few updates, in order, each acknowledged', async () => {
    const b = bot({ streamInterval: 100 })
    let done!: Promise<void>
    let elapsed = 0
    b.onMessage((_, reply) => {
      const stream = reply.stream()
      done = (async () => {
        const started = Date.now()
        for (let i = 0; i < 100; i++) {
          stream.write(`${i} `)
          await sleep(5)
        }
        await stream.end('end')
        elapsed = Date.now() - started
      })()
      return done
    })
    await b.start()
    const reqId = gateway.userSays('count')
    await gateway.waitFor(() => gateway.stream(reqId)?.finished, { timeoutMs: 5000 })
    await done
    const state = gateway.stream(reqId)!
    expect(state.content).toBe(`${Array.from({ length: 100 }, (_, i) => `${i} `).join('')}end`)
    const replies = gateway.replies(reqId)
    expect(replies.every((r) => r.errcode === 0)).toBe(true)
    // ≥ 600 ms of writes at ≥ 100 ms apart: a handful of updates, not 101 (a slow machine
    // stretches the writes, and so the bound, but never packs the updates closer).
    expect(replies.length).toBeGreaterThanOrEqual(4)
    expect(replies.length).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 2)
    expect(replies.length).toBeLessThan(50)
    const gaps = replies.slice(1, -1).map((r, i) => r.at - replies[i]!.at)
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(95)
    // Each update holds the text so far: every one is a prefix of the next.
    const contents = replies.map((r) => (r.body.stream as { content: string }).content)
    for (const [i, c] of contents.slice(1).entries()) expect(c.startsWith(contents[i]!)).toBe(true)
  })

  it('frames of one req_id wait for the previous acknowledgement', async () => {
    gateway.delayAcks(150)
    const b = bot({ streamInterval: 1 })
    let done!: Promise<void>
    b.onMessage((_, reply) => {
      const stream = reply.stream()
      done = (async () => {
        for (let i = 0; i < 20; i++) {
          stream.write('x')
          await sleep(10)
        }
        await stream.end()
      })()
      return done
    })
    await b.start()
    const reqId = gateway.userSays('go')
    await gateway.waitFor(() => gateway.stream(reqId)?.finished, { timeoutMs: 5000 })
    await done
    const frames = gateway.frames({ cmd: 'aibot_respond_msg' }).filter((f) => f.reqId === reqId)
    const gaps = frames.slice(1).map((f, i) => f.at - frames[i]!.at)
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(145)
    expect(gateway.stream(reqId)?.content).toBe('x'.repeat(20))
  })

  it('an update WeCom refuses as expired (846608) is a typed error with a hint; the stream takes no more', async () => {
    await gateway.close()
    gateway = await createAiBotGateway({ streamDeadlineMs: 200 })
    const b = bot({ streamInterval: 50 })
    const outcome: { write?: unknown; end?: unknown } = {}
    let done!: Promise<void>
    b.onMessage((_, reply) => {
      const stream = reply.stream()
      done = (async () => {
        stream.write('thinking…')
        await sleep(400) // past WeCom's window for this stream
        stream.write(' more') // goes out, and WeCom refuses it
        await waitUntil(() => stream.finished) // a refused update ends the stream
        try {
          stream.write(' again')
        } catch (error) {
          outcome.write = error
        }
        outcome.end = await stream.end().catch((e: unknown) => e)
      })()
      return done
    })
    await b.start()
    gateway.userSays('slow question')
    await waitUntil(() => outcome.end !== undefined, 3000)
    for (const error of [outcome.write, outcome.end]) {
      expect(isWeComApiError(error) && error.errcode).toBe(846608)
      expect((error as { hint?: string }).hint).toMatch(/6 minutes/)
    }
  })

  it('text, markdown and a template card answer a message', async () => {
    const b = bot()
    const card = { card_type: 'text_notice' as const, main_title: { title: '结果' }, task_id: 'task-1' }
    b.onMessage(async (message, reply) => {
      const text = message.msgtype === 'text' ? (message as { text: { content: string } }).text.content : ''
      if (text === 'text') await reply.text('纯文本')
      if (text === 'markdown') await reply.markdown('**粗体**')
      if (text === 'card') await reply.templateCard(card)
    })
    await b.start()
    const [t, m, c] = ['text', 'markdown', 'card'].map((content) => gateway.userSays(content))
    await gateway.waitFor(() => [t, m, c].every((id) => gateway.replies(id!).length > 0))
    expect(gateway.stream(t!)).toMatchObject({ content: '纯文本', finished: true, updates: 1 })
    expect(gateway.replies(m!)[0]).toMatchObject({
      errcode: 0,
      body: { msgtype: 'markdown', markdown: { content: '**粗体**' } },
    })
    expect(gateway.replies(c!)[0]).toMatchObject({
      errcode: 0,
      body: { msgtype: 'template_card', template_card: card },
    })
  })

  it('welcome answers enter_chat within 5 s; after that it is refused locally, with nothing sent', async () => {
    const outcomes: unknown[] = []
    const b = bot()
    b.onEvent(async (event, reply) => {
      if (!isKnownAiBotEvent(event) || event.eventtype !== 'enter_chat') return
      if (event.from.userid === 'late') {
        vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 5_100 })
      }
      outcomes.push(
        await reply.welcome({ msgtype: 'text', text: { content: '你好' } }).catch((e: unknown) => e),
      )
      vi.useRealTimers()
    })
    await b.start()
    const onTime = gateway.event({ eventtype: 'enter_chat' })
    await waitUntil(() => outcomes.length === 1)
    const late = gateway.event({ eventtype: 'enter_chat', userid: 'late' })
    await waitUntil(() => outcomes.length === 2)

    expect(outcomes[0]).toBeUndefined()
    expect(gateway.replies(onTime)).toMatchObject([
      { cmd: 'aibot_respond_welcome_msg', errcode: 0, body: { msgtype: 'text', text: { content: '你好' } } },
    ])
    expect(isWeComApiError(outcomes[1]) && outcomes[1]).toMatchObject({ errcode: 846605, sent: false })
    expect(gateway.replies(late)).toEqual([])
  })

  it('updateTemplateCard answers a card event; replies a callback does not take are refused before sending', async () => {
    const refused: unknown[] = []
    const b = bot()
    const card = {
      card_type: 'button_interaction' as const,
      task_id: 'task_id',
      button_list: [{ text: '已处理', key: 'done' }],
    }
    b.onEvent(async (event, reply) => {
      if (isKnownAiBotEvent(event) && event.eventtype === 'template_card_event') {
        expect(event.event.template_card_event.event_key).toBe('button_key')
        refused.push(await reply.text('no').catch((e: unknown) => e))
        refused.push(
          await reply.welcome({ msgtype: 'text', text: { content: 'no' } }).catch((e: unknown) => e),
        )
        await reply.updateTemplateCard(card, { userids: ['sim-user'] })
      }
    })
    await b.start()
    const reqId = gateway.event({ eventtype: 'template_card_event' })
    await gateway.waitFor(() => gateway.replies(reqId).length > 0)
    expect(gateway.replies(reqId)).toMatchObject([
      {
        cmd: 'aibot_respond_update_msg',
        errcode: 0,
        body: { response_type: 'update_template_card', userids: ['sim-user'], template_card: card },
      },
    ])
    expect(refused.every(isWeComValidationError)).toBe(true)
    expect((refused[0] as Error).message).toMatch(/template_card_event event takes updateTemplateCard/)
  })

  it('reply.stream({ feedback }) checks the id before any frame; the first frame carries it', async () => {
    const refused: unknown[] = []
    const b = bot()
    b.onMessage(async (_, reply) => {
      for (const feedback of [{ id: 42 }, { id: '' }, { id: 'x'.repeat(257) }, null]) {
        try {
          reply.stream({ feedback } as never)
        } catch (error) {
          refused.push(error)
        }
      }
      await reply.stream({ feedback: { id: 'fb-1' } }).end('ok')
    })
    await b.start()
    const reqId = gateway.userSays('rate me')
    await gateway.waitFor(() => gateway.stream(reqId)?.finished)
    expect(refused).toHaveLength(4)
    expect(refused.every(isWeComValidationError)).toBe(true)
    expect(gateway.replies(reqId)).toHaveLength(1)
    expect(gateway.stream(reqId)).toMatchObject({ content: 'ok', feedback: { id: 'fb-1' } })
  })

  it('a repeated callback (same msgid) runs the handler once', async () => {
    let calls = 0
    const b = bot()
    b.onMessage(() => {
      calls++
    })
    await b.start()
    gateway.userSays({ msgtype: 'text', text: { content: 'a' }, msgid: 'same' })
    gateway.userSays({ msgtype: 'text', text: { content: 'a' }, msgid: 'same' })
    gateway.userSays({ msgtype: 'text', text: { content: 'b' } })
    await waitUntil(() => calls >= 2)
    await sleep(50)
    expect(calls).toBe(2)
  })
})

describe('send and upload', () => {
  it('send() pushes markdown and cards to a chat; bad input is refused before any frame', async () => {
    const b = bot()
    await b.start()
    await b.send('zhangsan', { msgtype: 'markdown', markdown: { content: '**提醒**' } })
    expect(gateway.sent()).toMatchObject([
      {
        chatid: 'zhangsan',
        msgtype: 'markdown',
        errcode: 0,
        body: { chatid: 'zhangsan', markdown: { content: '**提醒**' } },
      },
    ])
    const before = gateway.frames().length
    const bad = [
      b.send('', { msgtype: 'markdown', markdown: { content: 'x' } }),
      b.send('zhangsan', { msgtype: 'markdown', markdown: { content: '字'.repeat(6827) } }), // 20 481 bytes
      b.send('zhangsan', { msgtype: 'text', text: { content: 'x' } } as never),
      b.send('zhangsan', { msgtype: 'image', image: { media_id: '' } }),
    ]
    for (const outcome of await Promise.allSettled(bad)) {
      expect(outcome.status === 'rejected' && isWeComValidationError(outcome.reason)).toBe(true)
    }
    expect(gateway.frames()).toHaveLength(before)
  })

  it('uploadMedia() sends a Blob in 512 KiB chunks and resolves to the media_id', async () => {
    const b = bot()
    await b.start()
    const bytes = new Uint8Array(1_200_000).map((_, i) => (i * 31) % 251)
    const media = await b.uploadMedia('file', new Blob([bytes]), { filename: '报告.pdf' })
    const chunks = gateway.frames({ cmd: 'aibot_upload_media_chunk' })
    expect(chunks.map((f) => (f.frame as { body: { chunk_index: number } }).body.chunk_index)).toEqual([
      0, 1, 2,
    ])
    expect(gateway.frames({ cmd: 'aibot_upload_media_init' })[0]?.frame).toMatchObject({
      body: { type: 'file', filename: '报告.pdf', total_size: 1_200_000, total_chunks: 3 },
    })
    const stored = gateway.media(media.media_id)!
    expect(Buffer.from(stored.data).equals(bytes)).toBe(true) // (toEqual walks 1.2 M elements for seconds)
    expect(media).toMatchObject({ type: 'file', media_id: stored.media_id })
    await b.send('zhangsan', { msgtype: 'file', file: { media_id: media.media_id } })
    expect(gateway.sent()[0]?.errcode).toBe(0)
  })

  it('uploadMedia() reads a stream, and refuses one past 100 chunks before any frame', async () => {
    const b = bot()
    await b.start()
    const piece = new Uint8Array(1024 * 1024).fill(7)
    const stream = (mib: number) =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < mib; i++) controller.enqueue(piece)
          controller.close()
        },
      })
    const media = await b.uploadMedia('video', stream(2), { filename: 'a.mp4' })
    expect(gateway.media(media.media_id)?.data.length).toBe(2 * 1024 * 1024)
    const before = gateway.frames().length
    const error = await b.uploadMedia('file', stream(51), { filename: 'big.bin' }).catch((e: unknown) => e)
    expect(isWeComValidationError(error) && error.message).toMatch(/100 chunks/)
    expect(gateway.frames()).toHaveLength(before)
  })

  it('a frame WeCom never acknowledges rejects after ackTimeout, as a network timeout', async () => {
    const b = bot({ ackTimeout: 150 })
    await b.start()
    gateway.delayAcks(Number.POSITIVE_INFINITY)
    const started = Date.now()
    const error = await b
      .send('zhangsan', { msgtype: 'markdown', markdown: { content: 'x' } })
      .catch((e: unknown) => e)
    expect(isWeComNetworkError(error) && error).toMatchObject({
      timeout: true,
      sent: 'maybe',
      path: 'aibot_send_msg',
    })
    expect(Date.now() - started).toBeGreaterThanOrEqual(140)
  })

  it('uploadMedia() refuses bad input as such, even on a bot that is not connected', async () => {
    const b = bot()
    for (const call of [
      () => b.uploadMedia('pdf' as never, new Uint8Array(1), { filename: 'a' }),
      () => b.uploadMedia('file', new Uint8Array(1)),
      () => b.uploadMedia('file', 'text' as never, { filename: 'a' }),
    ]) {
      expect(isWeComValidationError(await call().catch((e: unknown) => e))).toBe(true)
    }
    const error = await b.uploadMedia('file', new Uint8Array(1), { filename: 'a' }).catch((e: unknown) => e)
    expect(isWeComNetworkError(error) && error).toMatchObject({ sent: 'no' })
    expect(gateway.frames()).toHaveLength(0)
  })

  it('send() before start, or after stop, fails at once without a frame', async () => {
    const b = bot()
    const error = await b
      .send('zhangsan', { msgtype: 'markdown', markdown: { content: 'x' } })
      .catch((e: unknown) => e)
    expect(isWeComNetworkError(error) && error).toMatchObject({ sent: 'no' })
    expect(gateway.frames()).toHaveLength(0)
  })
})

async function waitUntil(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await sleep(5)
  }
}
