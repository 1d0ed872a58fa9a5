import type { CachedToken, Hooks, StoreOperation, TokenStore } from '@wecom-kit/core'
import { parseInput, scrubError } from '@wecom-kit/core/resource-kit'
import { SuiteTicketError } from './errors.js'
import { SaveTicketInput } from './schemas.js'

/** WeCom keeps a suite_ticket 30 minutes ("实际有效期为30分钟") and pushes a new one every 10. */
export const SUITE_TICKET_LIFETIME_MS = 30 * 60_000

/** The store key of a suite's ticket: per suite, never per secret (every process saves the same pushes). */
export function suiteTicketKey(suiteId: string): string {
  return `wecom:suite_ticket:${suiteId}`
}

export interface TicketKeeper {
  save(ticket: string): Promise<void>
  /** The newest usable ticket, or a `SuiteTicketError`. */
  current(): Promise<string>
  /** WeCom refused `ticket` (40085): it is not sent again; a newer one is. */
  refuse(ticket: string): void
}

/**
 * The suite_ticket, kept in the token store so that whichever process of a fleet receives the
 * push, every process fetches the suite token with it. This process also keeps the last ticket
 * it saved itself: a store that is down (Redis) never loses a push this process received.
 */
export function createTicketKeeper(
  suiteId: string,
  store: TokenStore,
  hooks: Hooks | undefined,
  now: () => number = Date.now,
): TicketKeeper {
  const key = suiteTicketKey(suiteId)
  let local: CachedToken | undefined
  let refused: string | undefined

  // As core reports its own store failures: name, message (redacted) and code, no command.
  const storeFailed = (error: unknown, operation: StoreOperation) =>
    hooks?.onStoreError?.({ operation, key, error: scrubError(error) })

  return {
    async save(ticket) {
      const value = parseInput(SaveTicketInput, { suite_ticket: ticket }, 'saveTicket input').suite_ticket
      // Always the latest one received: "请永远使用最新接收到的suite_ticket".
      const entry = { value, expiresAt: now() + SUITE_TICKET_LIFETIME_MS }
      local = entry
      try {
        await store.set(key, entry)
      } catch (error) {
        storeFailed(error, 'set')
      }
    },

    async current() {
      let stored: CachedToken | null | undefined
      try {
        stored = await store.get(key)
      } catch (error) {
        storeFailed(error, 'get')
      }
      // The fresher of the fleet's ticket and this process's own.
      const newest = [stored, local]
        .filter((t): t is CachedToken => !!t && typeof t.value === 'string')
        .sort((a, b) => b.expiresAt - a.expiresAt)[0]
      if (!newest) throw new SuiteTicketError('missing', suiteId)
      if (newest.expiresAt <= now()) throw new SuiteTicketError('expired', suiteId)
      if (newest.value === refused) throw new SuiteTicketError('rejected', suiteId)
      return newest.value
    },

    refuse(ticket) {
      refused = ticket
    },
  }
}
