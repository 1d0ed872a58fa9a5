import { type RequestOptions, type WeComClient, WeComHttpError } from '@wecom-kit/core'
import { defineOperation, parseInput, requestOptions, wellFormed } from '@wecom-kit/core/resource-kit'
import * as v from 'valibot'
import { filenameFromDisposition } from './disposition.js'
import { filenameFor, toBlob, type UploadSource } from './file.js'
import { contentTypeFor, IMAGE_URL_LIMIT, MEDIA_LIMITS, type MediaLimit, type MediaType } from './limits.js'
import { multipartBody } from './multipart.js'
import type { MediaDownload, UploadImageResult, UploadResult } from './types.js'

// Hand-written, all of them: uploads send a checked multipart body, get hands back a stream.

const MediaTypeSchema = v.picklist(
  ['image', 'voice', 'video', 'file'],
  'type must be image, voice, video or file',
)
const MediaId = v.pipe(
  v.string('mediaId must be a string'),
  v.minLength(1, 'mediaId must not be empty'),
  v.maxLength(512),
  // It goes into a query string, and encodeURIComponent throws on a lone surrogate.
  wellFormed('mediaId'),
)
const Filename = v.optional(v.string('filename must be a string'))

export interface UploadOptions extends RequestOptions {
  /** Sent as raw UTF-8 (`通讯录.csv` arrives intact). Default: a File's name, else by type. */
  filename?: string | undefined
}

async function upload<T>(
  client: WeComClient,
  path: 'media/upload' | 'media/uploadimg',
  query: { type?: MediaType },
  source: UploadSource,
  limit: MediaLimit,
  what: string,
  options: UploadOptions | undefined,
): Promise<T> {
  const { filename: given, ...request } = options ?? {}
  parseInput(Filename, given, 'filename')
  const filename = filenameFor(source, given, limit, what)
  const file = await toBlob(source, limit, what)
  const type = file.type || contentTypeFor(filename)
  const { body, contentType } = multipartBody(file, filename, type)
  // The body is a Blob, so a retry can send it again; a second upload only makes a second
  // media_id, so replaying after a timeout is safe.
  return client.request<T>(path, {
    ...requestOptions(request),
    method: 'POST',
    query,
    body,
    headers: { 'content-type': contentType },
    idempotent: true,
  })
}

/**
 * POST media/upload: a temporary medium (three days) for messages or batch imports.
 * Limits are checked before sending: more than 5 bytes; image ≤ 10 MB JPG/PNG; voice ≤ 2 MB
 * AMR; video ≤ 10 MB MP4; file ≤ 20 MB.
 */
export const uploadMedia = /* @__PURE__ */ defineOperation(
  { method: 'POST', path: 'media/upload', doc: 90253, idempotent: true },
  async (
    client: WeComClient,
    type: MediaType,
    file: UploadSource,
    options?: UploadOptions,
  ): Promise<UploadResult> => {
    const checked = parseInput(MediaTypeSchema, type, 'type')
    return upload(client, 'media/upload', { type: checked }, file, MEDIA_LIMITS[checked], checked, options)
  },
)

/** POST media/uploadimg: a JPG/PNG (≤ 2 MB) to a permanent URL. */
export const uploadImage = /* @__PURE__ */ defineOperation(
  { method: 'POST', path: 'media/uploadimg', doc: 90256, idempotent: true },
  async (client: WeComClient, file: UploadSource, options?: UploadOptions): Promise<UploadImageResult> =>
    upload(client, 'media/uploadimg', {}, file, IMAGE_URL_LIMIT, 'image', options),
)

/**
 * GET media/get: the medium as a stream with its content type and filename, without
 * buffering it. WeCom's JSON error answer (an expired media_id: 40007) becomes a
 * WeComApiError. Read or cancel `body`: an unread body holds the connection open.
 */
export const getMedia = /* @__PURE__ */ defineOperation(
  { method: 'GET', path: 'media/get', doc: 90254, idempotent: true },
  async (client: WeComClient, mediaId: string, options?: RequestOptions): Promise<MediaDownload> => {
    const media_id = parseInput(MediaId, mediaId, 'mediaId')
    const response = await client.request<Response | Record<string, unknown>>('media/get', {
      ...requestOptions(options),
      query: { media_id },
      stream: true,
    })
    // A JSON answer with errcode 0 is no file: WeCom only sends JSON to say what went wrong.
    if (!isResponse(response)) {
      throw new WeComHttpError(200, 'media/get', 'expected a file, got a JSON answer without an error')
    }
    // WeCom sends every file as an attachment. An HTML page that is not one comes from something
    // in between (a proxy, a captive portal), and such pages may echo the request URL, token and
    // all: it is refused, unread, rather than handed over as the file.
    if (
      !response.headers.has('content-disposition') &&
      /^\s*(text\/html|application\/xhtml)/i.test(response.headers.get('content-type') ?? '')
    ) {
      // Not awaited: some streams (interceptors, proxies) settle a cancel only when the peer does.
      void response.body?.cancel().catch(() => {})
      throw new WeComHttpError(response.status, 'media/get', 'expected a file, got an HTML page')
    }
    const length = Number(response.headers.get('content-length'))
    return {
      body: response.body ?? new Blob([]).stream(),
      contentType: response.headers.get('content-type') ?? 'application/octet-stream',
      filename: filenameFromDisposition(response.headers.get('content-disposition')),
      ...(Number.isFinite(length) && response.headers.has('content-length') ? { contentLength: length } : {}),
    }
  },
)

/** A Response, also from another realm or a custom fetch; parsed JSON never holds functions. */
function isResponse(value: unknown): value is Response {
  return (
    value instanceof Response ||
    (typeof value === 'object' &&
      value !== null &&
      typeof (value as Response).headers?.get === 'function' &&
      'body' in value)
  )
}
