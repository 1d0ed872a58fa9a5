import type { WeComClient } from './client.js'
import { WeComHttpError } from './errors.js'
import type { RequestOptions } from './options.js'
import { requestOptions } from './validate.js'

// WeCom's cursor lists (customer contact, customer service, licences): POST a body, get a page
// of entries and `next_cursor`, send that cursor for the next page.

/** Where a list's pages come from and where a page's entries are. */
export interface CursorPaging {
  path: string
  /** The request body without the cursor. */
  body: Record<string, unknown>
  /** The field of the answer holding the entries. */
  items: string
  request: RequestOptions | undefined
  /**
   * A last page that says so instead of sending an empty cursor (`has_more: 0`,
   * get_unassigned_list's `is_last`).
   */
  isLast?: ((page: Record<string, unknown>) => boolean) | undefined
}

/**
 * A cursor list as an async iterable of its entries, exactly as WeCom returns them: one POST per
 * page, the first when the loop starts, the next when it has taken every entry of the page
 * before. A cursor that does not move ends the iteration with an error rather than a loop.
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
        if (next === '' || paging.isLast?.(page)) return
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
