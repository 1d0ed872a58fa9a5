import { type RequestOptions, type WeComClient, WeComHttpError } from '@wecom-kit/core'
import { requestOptions } from '@wecom-kit/core/resource-kit'

// The licence lists (list_order, list_order_account, list_actived_account) page with a cursor
// and say `has_more`: each is an async iterable of the entries exactly as WeCom returns them.

export interface CursorPaging {
  path: string
  /** The request body without the cursor. */
  body: Record<string, unknown>
  /** The field of the answer holding the entries. */
  items: string
  request: RequestOptions | undefined
}

/**
 * One POST per page: the first when the loop starts, the next once the loop has taken every
 * entry of the page before. The last page says `has_more: 0` (or sends no cursor). A cursor that
 * does not move ends the iteration with an error rather than a loop.
 */
export function cursorList<T>(client: WeComClient, paging: CursorPaging): AsyncIterable<T> {
  return {
    async *[Symbol.asyncIterator]() {
      let cursor: string | undefined
      for (;;) {
        const page = await client.request<Record<string, unknown>>(paging.path, {
          ...requestOptions(paging.request),
          json: cursor ? { ...paging.body, cursor } : paging.body,
          idempotent: true,
        })
        const entries = page[paging.items]
        if (Array.isArray(entries)) yield* entries as T[]
        const next = typeof page.next_cursor === 'string' ? page.next_cursor : ''
        if (next === '' || page.has_more === 0 || page.has_more === false) return
        if (next === cursor) {
          throw new WeComHttpError(
            200,
            paging.path,
            'next_cursor did not advance; stopping rather than looping',
          )
        }
        cursor = next
      }
    },
  }
}
