import { type RequestOptions, type WeComClient, WeComNetworkError } from '@wecom-kit/core'
import { abortedError, defineOperation, parseInput, requestOptions } from '@wecom-kit/core/resource-kit'
import { getBatchResult } from './endpoints.js'
import { JobId, MediaId, PartyJobInput, UserJobInput, WaitInput } from './schemas.js'
import type { JobProgress, JobResult, JobStarted } from './types.js'

// Hand-written: a job's options object holds WeCom's fields (toInvite → to_invite, callback)
// and the request options together, and waiting polls. The plain endpoints are in endpoints.ts.

export interface UserJobOptions extends RequestOptions {
  /** Invite the members added (default true, as WeCom). */
  toInvite?: boolean | undefined
  /** Where WeCom posts the batch_job_result event. */
  callback?: { url: string; token: string; encodingaeskey: string } | undefined
}

export interface PartyJobOptions extends RequestOptions {
  callback?: { url: string; token: string; encodingaeskey: string } | undefined
}

function startUserJob(
  client: WeComClient,
  path: 'batch/syncuser' | 'batch/replaceuser',
  mediaId: string,
  options: UserJobOptions | undefined,
): Promise<JobStarted> {
  const media_id = parseInput(MediaId, mediaId, 'mediaId')
  const { toInvite: givenToInvite, callback: givenCallback, ...request } = options ?? {}
  // The checked copy is what is sent: the caller's object may carry more than was checked.
  const { toInvite, callback } =
    parseInput(UserJobInput, { toInvite: givenToInvite, callback: givenCallback }, 'options') ?? {}
  const json = {
    media_id,
    ...(toInvite === undefined ? {} : { to_invite: toInvite }),
    ...(callback ? { callback } : {}),
  }
  // A replay would start a second job over the same file: never after it may have landed.
  return client.request(path, { ...requestOptions(request), json })
}

/** POST batch/syncuser: add and update the members of an uploaded CSV; nobody is removed. */
export const syncUsers = /* @__PURE__ */ defineOperation(
  { method: 'POST', path: 'batch/syncuser', doc: 90980, idempotent: false },
  async (client: WeComClient, mediaId: string, options?: UserJobOptions): Promise<JobStarted> =>
    startUserJob(client, 'batch/syncuser', mediaId, options),
)

/**
 * POST batch/replaceuser: make the members exactly those of the CSV. WeCom refuses (45026)
 * an import that would delete too many people.
 */
export const replaceUsers = /* @__PURE__ */ defineOperation(
  { method: 'POST', path: 'batch/replaceuser', doc: 90981, idempotent: false },
  async (client: WeComClient, mediaId: string, options?: UserJobOptions): Promise<JobStarted> =>
    startUserJob(client, 'batch/replaceuser', mediaId, options),
)

/** POST batch/replaceparty: make the department tree exactly that of the CSV. */
export const replaceParty = /* @__PURE__ */ defineOperation(
  // Not replayed, like the member jobs: a second job over the same file.
  { method: 'POST', path: 'batch/replaceparty', doc: 90982, idempotent: false },
  async (client: WeComClient, mediaId: string, options?: PartyJobOptions): Promise<JobStarted> => {
    const media_id = parseInput(MediaId, mediaId, 'mediaId')
    const { callback: givenCallback, ...request } = options ?? {}
    const { callback } = parseInput(PartyJobInput, { callback: givenCallback }, 'options') ?? {}
    return client.request('batch/replaceparty', {
      ...requestOptions(request),
      json: callback ? { media_id, callback } : { media_id },
    })
  },
)

export interface WaitForResultOptions {
  /** Between polls, ms. Default 1 000. */
  intervalMs?: number | undefined
  /** Give up after, ms. Default 10 minutes. */
  timeoutMs?: number | undefined
  /** Called after every poll with the job's status and percentage. */
  onProgress?: ((progress: JobProgress) => void) | undefined
  signal?: AbortSignal | undefined
}

/**
 * Polls batch/getresult until the job is done (status 3) and resolves to the final result.
 * Rejects with a WeComNetworkError with `timeout: true` after `timeoutMs`, or `aborted: true`
 * when `signal` aborts; WeCom errors surface as they come.
 */
export const waitForBatchResult = /* @__PURE__ */ defineOperation(
  { method: 'GET', path: 'batch/getresult', doc: 90983, idempotent: true },
  async (client: WeComClient, jobId: string, options: WaitForResultOptions = {}): Promise<JobResult> => {
    const jobid = parseInput(JobId, jobId, 'jobId')
    parseInput(WaitInput, options, 'options')
    const { intervalMs = 1_000, timeoutMs = 600_000, onProgress, signal } = options
    const deadline = Date.now() + timeoutMs
    let last: JobResult | undefined
    for (;;) {
      const result = await getBatchResult(client, jobid, { signal })
      last = result
      onProgress?.({
        jobId: jobid,
        status: result.status,
        percentage: result.percentage,
        total: result.total,
      })
      if (result.status === 3) return result
      const wait = Math.min(intervalMs, deadline - Date.now())
      if (wait <= 0) {
        throw new WeComNetworkError(
          `batch job ${jobid} was not done after ${timeoutMs} ms (last seen: status ${last.status}, ${last.percentage}%)`,
          // Waiting ran out; nothing is in flight, so asking again is always safe.
          { path: 'batch/getresult', sent: 'no', timeout: true },
        )
      }
      await sleep(wait, signal)
    }
  },
)

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer)
      reject(abortedError('batch/getresult', 'no'))
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    if (signal?.aborted) onAbort()
    else signal?.addEventListener('abort', onAbort, { once: true })
  })
}
