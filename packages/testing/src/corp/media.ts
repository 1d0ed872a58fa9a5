import type { Media, UploadedImage } from '../types.js'
import { type Failure, fail } from '../wecom/answer.js'
import { newImagePath, newMediaId } from './ids.js'
import type { CorpState, MediaType, StoredImage, StoredMedia } from './state.js'

/** Where media/uploadimg's permanent URLs point (as in the docs' example); the msw face serves them. */
export const IMAGE_ORIGIN = 'https://p.qpic.cn'

export const MEDIA_TYPES: readonly MediaType[] = ['image', 'voice', 'video', 'file']

const MB = 1024 * 1024
/** "media_id仅三天内有效". */
const MEDIA_TTL_MS = 3 * 24 * 3600 * 1000

/**
 * "上传的媒体文件限制: 所有文件size必须大于5个字节; 图片（image）：10MB，支持JPG,PNG格式; 语音（voice）：
 * 2MB …仅支持AMR格式; 视频（video）：10MB，支持MP4格式; 普通文件（file）：20MB" (document/path/90253).
 * The errcodes follow the global errcode page: 40006 "不合法的文件大小" for too small; too large is
 * 40009 "上传图片大小不是有效值" for images, 40011 "上传视频大小不是有效值" for videos and 45001
 * "多媒体文件大小超过限制 (音频… 文件不可超过20M)" for voice and files; a format that is not allowed
 * is 40123 "上传临时图片素材，图片格式非法" for images and 40004 "不合法的媒体文件类型" otherwise.
 */
const RULES: Record<MediaType, { max: number; tooLarge: number; format?: Format; badFormat: number }> = {
  image: { max: 10 * MB, tooLarge: 40009, format: 'image', badFormat: 40123 },
  voice: { max: 2 * MB, tooLarge: 45001, format: 'amr', badFormat: 40004 },
  video: { max: 10 * MB, tooLarge: 40011, format: 'mp4', badFormat: 40004 },
  file: { max: 20 * MB, tooLarge: 45001, badFormat: 40004 },
}
/** media/uploadimg: "图片文件大小应在 5B ~ 2MB 之间", JPG or PNG. */
const UPLOADIMG_MAX = 2 * MB
/** media/get: "若文件过大则返回错误码830002，需使用Range分块下载，建议分块大小不超过20M". */
export const WHOLE_DOWNLOAD_MAX = 20 * MB

type Format = 'image' | 'amr' | 'mp4'

export interface UploadedFile {
  bytes: Uint8Array
  filename: string
  contentType: string | undefined
}

/** media/upload's checks, in the order WeCom's answers suggest: size first, then format. */
export function checkUpload(type: MediaType, file: UploadedFile): undefined | Failure {
  const rule = RULES[type]
  const size = file.bytes.length
  if (size === 0) return fail(44001)
  if (size <= 5) return fail(40006)
  if (size > rule.max) return fail(rule.tooLarge)
  if (rule.format && !hasFormat(file.bytes, rule.format)) return fail(rule.badFormat)
  return undefined
}

export function checkUploadImage(file: UploadedFile): undefined | Failure {
  const size = file.bytes.length
  if (size === 0) return fail(44001)
  if (size <= 5) return fail(40006)
  if (size > UPLOADIMG_MAX) return fail(40009)
  if (!hasFormat(file.bytes, 'image')) return fail(40004)
  return undefined
}

export function storeMedia(state: CorpState, type: MediaType, file: UploadedFile, now: number): StoredMedia {
  const media: StoredMedia = {
    media_id: newMediaId(),
    type,
    bytes: file.bytes,
    filename: file.filename,
    contentType: file.contentType || contentTypeFor(file.filename),
    createdAt: Math.floor(now / 1000),
    expiresAt: now + MEDIA_TTL_MS,
  }
  state.media.set(media.media_id, media)
  return media
}

/** A live media_id, or undefined when unknown or past its 3 days. */
export function findMedia(state: CorpState, mediaId: unknown, now: number): StoredMedia | undefined {
  const media = typeof mediaId === 'string' ? state.media.get(mediaId) : undefined
  return media && media.expiresAt > now ? media : undefined
}

export function storeImage(state: CorpState, file: UploadedFile, now: number): StoredImage {
  const path = newImagePath()
  const image: StoredImage = {
    url: `${IMAGE_ORIGIN}/${path}`,
    bytes: file.bytes,
    filename: file.filename,
    contentType: file.contentType || contentTypeFor(file.filename),
    createdAt: Math.floor(now / 1000),
  }
  state.images.set(path, image)
  return image
}

export function mediaView(media: StoredMedia): Media {
  return {
    media_id: media.media_id,
    type: media.type,
    filename: media.filename,
    contentType: media.contentType,
    bytes: media.bytes.slice(),
    created_at: media.createdAt,
  }
}

export function imageView(image: StoredImage): UploadedImage {
  return {
    url: image.url,
    filename: image.filename,
    contentType: image.contentType,
    bytes: image.bytes.slice(),
    created_at: image.createdAt,
  }
}

/** The types WeCom's upload guide lists ("jpg图片 image/jpg, png图片 image/png, amr音频 voice/amr …"). */
function contentTypeFor(filename: string): string {
  const extension = filename.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1]
  switch (extension) {
    case 'jpg':
    case 'jpeg':
      return 'image/jpeg'
    case 'png':
      return 'image/png'
    case 'amr':
      return 'voice/amr'
    case 'mp4':
      return 'video/mp4'
    case 'csv':
      return 'text/csv'
    case 'txt':
      return 'text/plain'
    default:
      return 'application/octet-stream'
  }
}

/** By content, not by name: JPEG `FF D8 FF`, PNG's 8-byte signature, `#!AMR`, MP4's `ftyp` box. */
function hasFormat(bytes: Uint8Array, format: Format): boolean {
  const starts = (signature: number[], offset = 0) => signature.every((byte, i) => bytes[offset + i] === byte)
  switch (format) {
    case 'image':
      return starts([0xff, 0xd8, 0xff]) || starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    case 'amr':
      return starts([0x23, 0x21, 0x41, 0x4d, 0x52])
    case 'mp4':
      return starts([0x66, 0x74, 0x79, 0x70], 4)
  }
}
