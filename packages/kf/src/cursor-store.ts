/**
 * Where `syncMessages` keeps its place in each account's messages, between calls and across
 * restarts. The value is opaque (WeCom's cursor, plus the last message handled when a page was
 * left half way): store it as given. A store with `lock` (like `redisCursorStore` of
 * `@wecom-kit/redis`) also keeps two processes of a fleet from reading one account at once.
 */
export interface CursorStore {
  get(key: string): Promise<string | null | undefined>
  set(key: string, cursor: string): Promise<void>
  /**
   * Takes the key's lock for a sync, or resolves to null when another process holds it. The
   * returned release frees it. The store keeps a held lock alive while its holder lives (the
   * sync may take as long as the app takes over its messages) and lets it lapse `ttlMs` after
   * the holder died.
   */
  lock?(key: string, ttlMs: number): Promise<null | (() => Promise<void>)>
}

/** A cursor store in this process's memory: the default, one per client. */
export function memoryCursorStore(): CursorStore {
  const cursors = new Map<string, string>()
  return {
    async get(key) {
      return cursors.get(key)
    },
    async set(key, cursor) {
      cursors.set(key, cursor)
    },
  }
}

/** Where a sync stands: the cursor a page was read with, and the last message of it handled. */
export interface SyncPosition {
  cursor: string | undefined
  after: string | undefined
}

/** A page boundary is stored as WeCom's cursor itself; a place within a page as JSON. */
export function encodePosition(position: SyncPosition): string {
  if (position.after === undefined) return position.cursor ?? ''
  return JSON.stringify({ cursor: position.cursor ?? '', after: position.after })
}

export function decodePosition(stored: string | null | undefined): SyncPosition {
  if (typeof stored !== 'string' || stored === '') return { cursor: undefined, after: undefined }
  if (stored.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(stored)
      if (typeof parsed === 'object' && parsed !== null) {
        const { cursor, after } = parsed as { cursor?: unknown; after?: unknown }
        return {
          cursor: typeof cursor === 'string' && cursor !== '' ? cursor : undefined,
          after: typeof after === 'string' && after !== '' ? after : undefined,
        }
      }
    } catch {
      // Not ours: read as a plain cursor below.
    }
  }
  return { cursor: stored, after: undefined }
}
