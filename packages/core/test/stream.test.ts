import { isWeComApiError } from '@wecom-kit/core'
import { readAtMost } from '@wecom-kit/core/resource-kit'
import { HttpResponse, http } from 'msw'
import { describe, expect, it } from 'vitest'
import { BASE, makeClient, rejectionOf, tokenEndpoint, useMsw } from './helpers.js'

const server = useMsw()

describe('binary answers (stream: true)', () => {
  it('resolves to the unread Response of a binary answer', async () => {
    server.use(
      tokenEndpoint().handler,
      http.get(`${BASE}media/get`, () =>
        HttpResponse.arrayBuffer(new Uint8Array([1, 2, 3, 4]).buffer, {
          headers: { 'content-type': 'image/png', 'content-disposition': 'attachment; filename="a.png"' },
        }),
      ),
    )
    const response = await makeClient().request<Response>('media/get', {
      query: { media_id: 'm' },
      stream: true,
    })
    expect(response).toBeInstanceOf(Response)
    expect(response.bodyUsed).toBe(false)
    expect(response.headers.get('content-type')).toBe('image/png')
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3, 4]))
  })

  it('maps a JSON error answer to WeComApiError', async () => {
    server.use(
      tokenEndpoint().handler,
      http.get(`${BASE}media/get`, () =>
        HttpResponse.text(JSON.stringify({ errcode: 40007, errmsg: 'invalid media_id' }), {
          headers: { 'content-type': 'text/plain' },
        }),
      ),
    )
    const error = await rejectionOf(
      makeClient().request('media/get', { query: { media_id: 'x' }, stream: true }),
    )
    expect(isWeComApiError(error) && error.errcode).toBe(40007)
  })
})

describe('raw bodies', () => {
  it('calls a body function once per attempt, so a retry sends a fresh body', async () => {
    const received: string[] = []
    let calls = 0
    server.use(
      tokenEndpoint().handler,
      http.post(`${BASE}media/upload`, async ({ request }) => {
        received.push(await request.text())
        if (++calls === 1) return HttpResponse.json({ errcode: -1, errmsg: 'system busy' })
        return HttpResponse.json({ errcode: 0, errmsg: 'ok', media_id: 'M1' })
      }),
    )
    let built = 0
    const result = await makeClient().request<{ media_id: string }>('media/upload', {
      method: 'POST',
      body: () => new Blob([`payload ${++built}`]),
    })
    expect(result.media_id).toBe('M1')
    expect(received).toEqual(['payload 1', 'payload 2'])
  })
})

describe('readAtMost', () => {
  const chunked = (sizes: number[], onCancel: () => void = () => {}) => {
    let i = 0
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        const size = sizes[i++]
        if (size === undefined) controller.close()
        else controller.enqueue(new Uint8Array(size))
      },
      cancel: onCancel,
    })
  }

  it('reads a stream within the limit whole', async () => {
    const chunks = await readAtMost(chunked([3, 4]), 7)
    expect(chunks?.map((c) => c.byteLength)).toEqual([3, 4])
  })

  it('stops and cancels the stream as soon as it passes the limit', async () => {
    let cancelled = false
    const chunks = await readAtMost(
      chunked([3, 4, 1_000_000], () => {
        cancelled = true
      }),
      6,
    )
    expect(chunks).toBeUndefined()
    expect(cancelled).toBe(true)
  })
})
