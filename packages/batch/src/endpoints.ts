import { defineEndpoint } from '@wecom-kit/core/resource-kit'
import * as v from 'valibot'
import { InviteInput, JobId } from './schemas.js'
import type { InviteResult, JobResult } from './types.js'

// The batch operation table: one entry per plain endpoint (check the input, call one path).
// `idempotent`: may the call be sent again after it possibly reached WeCom?

/**
 * POST batch/invite. Members refused (unknown, not visible) come back in invaliduser /
 * invalidparty / invalidtag while the rest are invited. Not replayed: it notifies people.
 */
export const inviteUsers = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'batch/invite',
  doc: 90975,
  idempotent: false,
  input: InviteInput,
  returns: {} as InviteResult,
})

/** GET batch/getresult: the job's status, and its per-row results once done. */
export const getBatchResult = /* @__PURE__ */ defineEndpoint({
  method: 'GET',
  path: 'batch/getresult',
  doc: 90983,
  idempotent: true,
  input: /* @__PURE__ */ v.object({ jobid: JobId }),
  args: (jobId: string) => ({ jobid: jobId }),
  returns: {} as JobResult,
})
