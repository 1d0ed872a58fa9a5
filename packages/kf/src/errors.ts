import { isWeComApiError, WeComApiError } from '@wecom-kit/core'

/**
 * Why WeCom refused a customer-service send under its sending rule: a business may write to a
 * customer only within 48 hours of the customer's last message, at most 5 times per message the
 * customer sends, and only while the session is new (0) or with the smart assistant (1).
 */
export type KfSendRefusal = 'message_limit' | 'time_limit' | 'session_state'

// errcodes from the global error code page (document/path/90313), 95xxx (微信客服).
const RULES: Readonly<Record<number, { refusal: KfSendRefusal; hint: string }>> = {
  95001: {
    refusal: 'message_limit',
    hint: 'the 5 messages allowed since the customer last wrote are used up: wait until the customer writes again',
  },
  95002: {
    refusal: 'time_limit',
    hint: 'more than 48 hours have passed since the customer last wrote: nothing can be sent until the customer writes again',
  },
  95018: {
    refusal: 'session_state',
    hint: 'the session does not allow API sends now (only "new" (0) and "smart assistant" (1) do, and only within 48 hours): read it with kf.getServiceState, or move it with kf.transServiceState',
  },
}

/** The errcodes `KfSendRefusedError` stands for: 95001, 95002 and 95018. */
export const KF_SEND_RULE_ERRCODES: readonly number[] = [95001, 95002, 95018]

/**
 * kf/send_msg (or send_msg_on_event) refused under the 48-hour / 5-message rule or the session
 * state: a `WeComApiError` (the guards and `errcode` work as for any other) with `refusal` saying
 * which rule, and a `hint` saying what to do.
 */
export class KfSendRefusedError extends WeComApiError {
  readonly refusal: KfSendRefusal

  constructor(errcode: number, errmsg: string, path: string) {
    super(errcode, errmsg, path)
    const rule = RULES[errcode]
    this.name = 'KfSendRefusedError'
    this.refusal = rule?.refusal ?? 'session_state'
    // Core knows no hint for 95xxx: this rule's own, in `hint` and in the message.
    Object.defineProperty(this, 'hint', { value: rule?.hint, enumerable: true, configurable: true })
    if (rule) this.message = `${this.message} (hint: ${rule.hint})`
  }
}

/** True for a `KfSendRefusedError`, from this copy of the package or another (checks the errcode). */
export function isKfSendRefusedError(error: unknown): error is KfSendRefusedError {
  return (
    isWeComApiError(error) &&
    KF_SEND_RULE_ERRCODES.includes(error.errcode) &&
    typeof (error as { refusal?: unknown }).refusal === 'string'
  )
}

/** The error a send throws: the rule's own error for its errcodes, the error itself otherwise. */
export function toKfSendError(error: unknown): unknown {
  if (isWeComApiError(error) && KF_SEND_RULE_ERRCODES.includes(error.errcode)) {
    return new KfSendRefusedError(error.errcode, error.errmsg, error.path ?? 'kf/send_msg')
  }
  return error
}
