import { defineEndpoint } from '@wecom-kit/core/resource-kit'
import * as v from 'valibot'
import { MsgId, StatisticsTimeType } from './schemas.js'
import type { GetStatisticsResult, WeComResult } from './types.js'

// The messages operation table: one entry per plain endpoint (check the input, call one path).
// `idempotent`: may the call be sent again after it possibly reached WeCom?

/** POST message/recall: withdraws a message sent in the last 24 hours. */
export const recallMessage = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'message/recall',
  doc: 94867,
  idempotent: false,
  input: /* @__PURE__ */ v.object({ msgid: MsgId }),
  args: (msgid: string) => ({ msgid }),
  returns: {} as WeComResult,
})

/**
 * POST message/get_statistics: person-messages each app delivered today (0, the default) or
 * yesterday (1).
 */
export const getMessageStatistics = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'message/get_statistics',
  doc: 92369,
  idempotent: true,
  input: /* @__PURE__ */ v.object({ time_type: v.optional(StatisticsTimeType) }),
  args: (timeType?: 0 | 1) => ({ time_type: timeType }),
  returns: {} as GetStatisticsResult,
})
