import { isWeComApiError, isWeComValidationError, WeComApiError, WeComValidationError } from '@wecom-kit/core'

/**
 * Why no suite token can be fetched now: no suite_ticket was saved yet (`missing`), the last
 * one is older than the 30 minutes WeCom keeps it (`expired`), or WeCom refused it (40085) and no
 * newer one has come (`rejected`).
 */
export type SuiteTicketProblem = 'missing' | 'expired' | 'rejected'

const ADVICE =
  'Pass every suite_ticket callback (InfoType suite_ticket, every 10 minutes, to the command callback URL) to suite.saveTicket(ticket). ' +
  'If none arrives, check the command callback URL (指令回调URL) of the app in the provider admin console, where a push can also be triggered by hand.'

const MESSAGES: Record<SuiteTicketProblem, string> = {
  missing: 'no suite_ticket has been saved yet, so no suite_access_token can be fetched',
  expired: 'the last suite_ticket saved is older than 30 minutes, so WeCom no longer accepts it',
  rejected: 'WeCom refused the last suite_ticket saved (40085); waiting for the next push',
}

/**
 * No usable suite_ticket: raised before any request is sent, like a `WeComValidationError` (which
 * it is, with the issue at `suite_ticket`), so retries and job queues treat it as final for this
 * attempt. It clears by itself once the next ticket is saved.
 */
export class SuiteTicketError extends WeComValidationError {
  readonly problem: SuiteTicketProblem
  /** What to do about it. */
  readonly hint: string

  constructor(problem: SuiteTicketProblem, suiteId: string) {
    super([{ path: 'suite_ticket', message: `${MESSAGES[problem]} (suite ${suiteId})` }], 'suite state')
    this.name = 'SuiteTicketError'
    this.problem = problem
    this.hint = ADVICE
    this.message = `${this.message} (hint: ${ADVICE})`
  }
}

/** True for a `SuiteTicketError`, from this copy of the package or another. */
export function isSuiteTicketError(error: unknown): error is SuiteTicketError {
  return (
    isWeComValidationError(error) &&
    error.name === 'SuiteTicketError' &&
    typeof (error as { problem?: unknown }).problem === 'string'
  )
}

// Hints for the provider's errcodes, on the suite, corp-token and provider calls that meet them.
// Core knows the corp-app codes; these are the provider's (global error codes, document/path/90313).
// No hint quotes a value: codes, tickets and tokens are credentials.
const SUITE_HINTS: Readonly<Record<number, string>> = {
  40029:
    'the OAuth code is unknown, expired (5 minutes) or already used: each code works once. Send the member through the OAuth link again.',
  40078:
    'the auth_code is unknown, expired or already used: each works once. An install code (create_auth, or the install redirect) goes to getPermanentCode; a login code to provider.getLoginInfo. wecom-kit never sends one twice.',
  40080:
    'suite_secret is wrong for this suite_id (see the app in the provider admin console). wecom-kit does not ask again for a minute.',
  40082:
    'the suite_access_token (or provider_access_token) is invalid; wecom-kit fetched a new one and replayed once. If this persists, check that no other process resets the suite secret.',
  40083: 'suite_id is unknown. wecom-kit does not ask again for a minute.',
  40084:
    'the permanent_code is not valid for this corp and suite: it was reset (the corp installed the app again, or a reset_permanent_code notice came when its secret was reset). Use the one from the latest create_auth or reset_permanent_code (getPermanentCode). wecom-kit does not ask again for a minute.',
  40085:
    'WeCom refused the suite_ticket (unknown or expired). Save each suite_ticket push with suite.saveTicket; until a newer one is saved, suite calls fail without a request. If pushes stop, check the command callback URL (指令回调URL) in the provider admin console.',
  48003: 'the suite_access_token belongs to another suite_id.',
  48004:
    'the corp no longer authorizes this suite (the cancel_auth callback): forget its permanent code. wecom-kit does not ask again for a minute.',
  84014: 'the user_ticket expired (it lasts expires_in seconds of getUserInfo3rd): run the OAuth flow again.',
  84015:
    'the user_ticket is invalid: pass the user_ticket of getUserInfo3rd as it came, within its expires_in.',
}

/** `error` with the provider's hint for its errcode, when there is one; otherwise `error` itself. */
export function withSuiteHint(error: unknown): unknown {
  if (!isWeComApiError(error)) return error
  const hint = SUITE_HINTS[error.errcode]
  if (!hint || error.hint === hint) return error
  const hinted = new WeComApiError(error.errcode, error.errmsg, error.path ?? '')
  // Core sets hint from its own table: this one is more precise for the provider's endpoints.
  Object.defineProperty(hinted, 'hint', { value: hint, enumerable: true, configurable: true })
  hinted.message = `WeCom ${error.path} failed: errcode ${error.errcode}, ${error.errmsg} (hint: ${hint})`
  return hinted
}

/**
 * `fn` (a defined endpoint) whose WeCom errors carry the provider's hints; `.operation` is kept
 * for docs/coverage.md. Used on the suite and provider calls whose errcodes core does not know.
 */
/* @__NO_SIDE_EFFECTS__ */
export function withSuiteHints<
  F extends ((...args: any[]) => Promise<unknown>) & { readonly operation: unknown },
>(fn: F): F {
  const hinted = async (...args: unknown[]) => {
    try {
      return await fn(...args)
    } catch (error) {
      throw withSuiteHint(error)
    }
  }
  return Object.assign(hinted, { operation: fn.operation }) as unknown as F
}
