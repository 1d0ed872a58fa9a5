import {
  checkUpload,
  checkUploadImage,
  findMedia,
  MEDIA_TYPES,
  storeImage,
  storeMedia,
  type UploadedFile,
  WHOLE_DOWNLOAD_MAX,
} from '../corp/media.js'
import type { CorpState, MediaType } from '../corp/state.js'
import { type Failure, fail, isFailure, ok } from '../wecom/answer.js'
import { multipartBoundary, parseMultipart } from '../wecom/multipart.js'
import type { Endpoint } from './types.js'

/** Binary answers leave in pieces of this size: memory stays flat however big the file. */
const CHUNK_BYTES = 64 * 1024

/**
 * POST media/upload?type=image|voice|video|file (document/path/90253), multipart/form-data with the
 * file in the part named `media` ("文件标识名为media", with a filename). 40005 for another type,
 * 44001 "多媒体文件为空" when there is no such part, then the size and format rules of corp/media.
 * `created_at` is a string, as in the docs' example, and so is the empty `errmsg`.
 */
export const mediaUpload: Endpoint = {
  path: 'media/upload',
  method: 'POST',
  rawBody: true,
  async handle({ state, query, request, now }) {
    // The body is read before anything is refused, so the client's upload always completes.
    const file = await readMediaPart(request)
    const type = query.type
    if (!isMediaType(type)) return fail(40005)
    if (isFailure(file)) return file
    const refused = checkUpload(type, file)
    if (refused) return refused
    const media = storeMedia(state, type, file, now)
    return ok({ type, media_id: media.media_id, created_at: String(media.createdAt) }, '')
  },
}

/**
 * POST media/uploadimg (document/path/90256): a JPG or PNG of 5 B – 2 MB in part `media`; answers a
 * permanent `url`, which the simulator serves back (GET, no token) at that URL in the msw face and
 * at the same path on the HTTP server.
 */
export const mediaUploadImg: Endpoint = {
  path: 'media/uploadimg',
  method: 'POST',
  rawBody: true,
  async handle({ state, request, now }) {
    const file = await readMediaPart(request)
    if (isFailure(file)) return file
    const refused = checkUploadImage(file)
    if (refused) return refused
    return ok({ url: storeImage(state, file, now).url }, '')
  },
}

/**
 * GET media/get?media_id (document/path/90254): the bytes, with WeCom's headers
 * (`Content-disposition: attachment; filename="…"`, Content-Type, Content-Length,
 * `Cache-Control: no-cache, must-revalidate`); a `Range: bytes=a-b` request gets 206 with
 * Content-Range ("支持断点下载"). Errors are JSON: 41006 no media_id, 40007 "invalid media_id" for an
 * unknown or expired one, 830002 for a file over 20 MB asked for whole ("需使用Range分块下载").
 */
export const mediaGet: Endpoint = {
  path: 'media/get',
  method: 'GET',
  handle({ state, query, request, now }) {
    if (!query.media_id) return fail(41006)
    const media = findMedia(state, query.media_id, now)
    if (!media) return fail(40007)
    const range = parseRange(request.headers.get('range'), media.bytes.length)
    if (range === undefined && media.bytes.length > WHOLE_DOWNLOAD_MAX) return fail(830002)
    return binaryResponse(media.bytes, media.contentType, range, media.filename)
  },
}

/** media/uploadimg's URLs, `…/pic_wework/<n>/<hex>/0`, on whatever host the request came to. */
export function serveImage(state: CorpState, path: string): Response | undefined {
  const image = state.images.get(path.replace(/^\/+/, ''))
  return image && binaryResponse(image.bytes, image.contentType, undefined)
}

function isMediaType(value: string | undefined): value is MediaType {
  return MEDIA_TYPES.includes(value as MediaType)
}

/** The `media` part of a multipart body, with a filename; 44001 when there is none. */
export async function readMediaPart(request: Request): Promise<UploadedFile | Failure> {
  const body = new Uint8Array(await request.arrayBuffer())
  const boundary = multipartBoundary(request.headers.get('content-type'))
  if (!boundary) return fail(44001, 'not multipart/form-data')
  const part = parseMultipart(body, boundary)?.find((candidate) => candidate.name === 'media')
  if (!part || part.filename === undefined) return fail(44001, 'no file in part "media"')
  // A copy, so the store does not keep the whole request body alive.
  return { bytes: part.data.slice(), filename: part.filename, contentType: part.contentType }
}

type ByteRange = { start: number; end: number } | 'unsatisfiable'

/**
 * One `bytes=a-b`, `bytes=a-` or `bytes=-n` range (the docs' own example writes `bytes 0-1023`, so a
 * space works too). Several ranges, or anything else, are ignored: the whole file is sent.
 */
function parseRange(header: string | null, size: number): ByteRange | undefined {
  const match = header?.trim().match(/^bytes[=\s]\s*(\d*)-(\d*)$/i)
  if (!match) return undefined
  const [, first = '', last = ''] = match
  if (first === '' && last === '') return undefined
  let start: number
  let end: number
  if (first === '') {
    const suffix = Number(last)
    if (suffix === 0) return 'unsatisfiable'
    start = Math.max(0, size - suffix)
    end = size - 1
  } else {
    start = Number(first)
    end = last === '' ? size - 1 : Math.min(Number(last), size - 1)
  }
  if (start >= size || end < start) return 'unsatisfiable'
  return { start, end }
}

function binaryResponse(
  bytes: Uint8Array,
  contentType: string,
  range: ByteRange | undefined,
  filename?: string,
): Response {
  const headers = new Headers({ 'content-type': contentType || 'application/octet-stream' })
  if (filename !== undefined)
    headers.set('content-disposition', `attachment; filename="${headerText(filename)}"`)
  headers.set('cache-control', 'no-cache, must-revalidate')
  if (range === 'unsatisfiable') {
    headers.set('content-range', `bytes */${bytes.length}`)
    headers.set('content-length', '0')
    return new Response(null, { status: 416, headers })
  }
  const start = range?.start ?? 0
  const end = range?.end ?? bytes.length - 1
  headers.set('content-length', String(end - start + 1))
  if (range) {
    headers.set('accept-ranges', 'bytes')
    headers.set('content-range', `bytes ${start}-${end}/${bytes.length}`)
  }
  return new Response(chunks(bytes.subarray(start, end + 1)), { status: range ? 206 : 200, headers })
}

/**
 * Pull-driven pieces: each is copied out of the store when the reader asks for it, so the stored
 * bytes never reach (and cannot be changed by) the client, and at most one piece waits in memory.
 */
function chunks(bytes: Uint8Array): ReadableStream<Uint8Array> {
  let offset = 0
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close()
        return
      }
      const end = Math.min(offset + CHUNK_BYTES, bytes.length)
      controller.enqueue(bytes.slice(offset, end))
      offset = end
    },
  })
}

/**
 * A file name as WeCom puts it in `filename="…"`: its UTF-8 bytes as they are (a header carries
 * bytes; fetch shows them as Latin-1 characters), quotes and backslashes escaped, line breaks dropped.
 */
function headerText(filename: string): string {
  let latin1 = ''
  for (const byte of new TextEncoder().encode(filename.replace(/[\r\n]/g, '')))
    latin1 += String.fromCharCode(byte)
  return latin1.replace(/["\\]/g, '\\$&')
}
