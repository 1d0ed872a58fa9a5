import type { WeComResult } from '@wecom-kit/core'
import type { MediaType } from './limits.js'

export interface UploadResult extends WeComResult {
  type: MediaType
  /** Valid for three days. */
  media_id: string
  /** Epoch seconds, as a string: WeCom sends it so. */
  created_at: string
}

export interface UploadImageResult extends WeComResult {
  /** A permanent URL, usable in messages and articles. */
  url: string
}

/** A downloaded medium: the body streams; nothing is buffered. */
export interface MediaDownload {
  body: ReadableStream<Uint8Array>
  contentType: string
  filename: string | undefined
  contentLength?: number
}

export type { MediaType, WeComResult }
