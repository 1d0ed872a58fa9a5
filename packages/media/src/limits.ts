// Upload limits from the official 上传临时素材 / 上传图片 pages (document/path/90253, 90256).

export type MediaType = 'image' | 'voice' | 'video' | 'file'

const MB = 1024 * 1024

export interface MediaLimit {
  maxBytes: number
  /** Lower-case extensions WeCom accepts; undefined = any. */
  extensions?: readonly string[]
  /** What to call a file when the caller gives no name. */
  defaultName: string
}

/** Every upload must be larger than 5 bytes. */
export const MIN_BYTES = 6

export const MEDIA_LIMITS: Readonly<Record<MediaType, MediaLimit>> = {
  image: { maxBytes: 10 * MB, extensions: ['jpg', 'jpeg', 'png'], defaultName: 'image.jpg' },
  voice: { maxBytes: 2 * MB, extensions: ['amr'], defaultName: 'voice.amr' },
  video: { maxBytes: 10 * MB, extensions: ['mp4'], defaultName: 'video.mp4' },
  file: { maxBytes: 20 * MB, defaultName: 'file' },
}

/** media/uploadimg: a permanent image URL for messages and articles. */
export const IMAGE_URL_LIMIT: MediaLimit = {
  maxBytes: 2 * MB,
  extensions: ['jpg', 'jpeg', 'png'],
  defaultName: 'image.jpg',
}

const CONTENT_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  amr: 'audio/amr',
  mp4: 'video/mp4',
  csv: 'text/csv',
  txt: 'text/plain',
  pdf: 'application/pdf',
}

export function extensionOf(filename: string): string {
  const dot = filename.lastIndexOf('.')
  return dot < 0 ? '' : filename.slice(dot + 1).toLowerCase()
}

export function contentTypeFor(filename: string): string {
  return CONTENT_TYPES[extensionOf(filename)] ?? 'application/octet-stream'
}
