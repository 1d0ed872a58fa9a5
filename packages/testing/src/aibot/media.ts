import { Buffer } from 'node:buffer'
import { encryptBytes } from './crypto.js'
import { newCode } from './ids.js'

/** A file as WeCom's media storage holds it for a message: encrypted, for a few minutes. */
interface HostedFile {
  encrypted: Buffer
  contentType: string
  filename: string | undefined
  expiresAt: number
}

export interface MediaHost {
  /** Encrypts `data` under `key` and returns the URL it is served at until `ttlMs` passes. */
  host(
    data: Uint8Array | string,
    key: Uint8Array,
    options?: { contentType?: string | undefined; filename?: string | undefined },
  ): string
  /** The file behind a path under `media/`, or why there is none. */
  find(token: string): HostedFile | 'expired' | 'unknown'
}

export function createMediaHost(baseUrl: string, now: () => number, ttlMs: number): MediaHost {
  const files = new Map<string, HostedFile>()
  return {
    host(data, key, options = {}) {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data
      const token = newCode()
      files.set(token, {
        encrypted: encryptBytes(bytes, key),
        contentType: options.contentType ?? 'application/octet-stream',
        filename: options.filename,
        expiresAt: now() + ttlMs,
      })
      return `${baseUrl}media/${token}`
    },
    find(token) {
      const file = files.get(token)
      if (!file) return 'unknown'
      return now() >= file.expiresAt ? 'expired' : file
    },
  }
}
