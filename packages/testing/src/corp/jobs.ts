import type { BatchJob } from '../types.js'
import { type Answer, errorMessage, type Failure, fail, isFailure, ok } from '../wecom/answer.js'
import { newJobId } from './ids.js'
import { applyPartyRows, applyUserRows, readImportFile } from './imports.js'
import { findMedia } from './media.js'
import type { BatchCallback, BatchJobType, CorpState, StoredJob } from './state.js'
import { isObject, type JsonObject } from './values.js'

/** "系统仅保存最近5次批量任务的结果": older jobs answer 40089. */
const KEPT_JOBS = 5

/**
 * batch/syncuser, replaceuser, replaceparty: checks the request and the file now, runs the import
 * later (when getresult has seen the job through its steps, or `finishJobs()`).
 * 41006 no media_id, 40007 unknown or expired media_id or media that is not a `file`
 * ("媒体文件类型应符合接口要求"), 40058 a `to_invite` that is not a boolean, 40057 a callback whose
 * url is not http(s), 40092 a file that is not a usable CSV.
 */
export function submitJob(
  state: CorpState,
  type: BatchJobType,
  body: JsonObject,
  now: number,
): StoredJob | Failure {
  const mediaId = body.media_id
  if (mediaId === undefined || mediaId === '') return fail(41006)
  const media = findMedia(state, mediaId, now)
  if (media?.type !== 'file') return fail(40007)

  let toInvite = true
  if (type !== 'replace_party' && body.to_invite !== undefined) {
    if (typeof body.to_invite !== 'boolean') return fail(40058, 'to_invite')
    toInvite = body.to_invite
  }
  const callback = readCallback(body.callback)
  if (isFailure(callback)) return callback

  const rows = readImportFile(media.bytes, type)
  if (isFailure(rows)) return rows

  const job: StoredJob = {
    jobid: newJobId(),
    type,
    media_id: media.media_id,
    to_invite: toInvite,
    callback,
    rows,
    steps: state.jobSteps,
    polls: 0,
    status: 1,
    percentage: 0,
    errcode: 0,
    result: undefined,
  }
  state.jobs.set(job.jobid, job)
  forgetOldJobs(state)
  return job
}

/**
 * batch/getresult?jobid (document/path/90983). Each call moves the job one step: status 1 with
 * 0 %, then status 2 with a rising percentage, then status 3 with 100 % and `result` ("当任务完成后
 * 此字段有效"), when the import runs. A job that fails as a whole (45026) answers its errcode then.
 * 40088 unknown jobid, 40089 a job older than the last five.
 */
export function pollJob(state: CorpState, jobid: string | undefined): Answer | Failure {
  if (jobid && state.clearedJobs.has(jobid)) return fail(40089)
  const job = jobid ? state.jobs.get(jobid) : undefined
  if (!job) return fail(40088)

  job.polls++
  if (job.status !== 3) {
    if (job.polls > job.steps) {
      finishJobs(state, job)
    } else {
      job.status = job.polls === 1 ? 1 : 2
      job.percentage = Math.floor((100 * (job.polls - 1)) / job.steps)
    }
  }
  if (job.status === 3 && job.errcode !== 0) {
    return { errcode: job.errcode, errmsg: errorMessage(job.errcode), type: job.type }
  }
  return ok({
    status: job.status,
    type: job.type,
    total: job.rows.length,
    percentage: job.percentage,
    ...(job.status === 3 ? { result: structuredClone(job.result) } : {}),
  })
}

/** Runs every unfinished job, or those up to `last`, in submission order: imports apply in order. */
export function finishJobs(state: CorpState, last?: StoredJob): void {
  for (const job of state.jobs.values()) {
    if (job.status !== 3) runJob(state, job)
    if (job === last) return
  }
}

export function jobView(job: StoredJob): BatchJob {
  return {
    jobid: job.jobid,
    type: job.type,
    status: job.status,
    total: job.rows.length,
    percentage: job.percentage,
    media_id: job.media_id,
    ...(job.type === 'replace_party' ? {} : { to_invite: job.to_invite }),
    ...(job.callback ? { callback: { ...job.callback } } : {}),
    errcode: job.errcode,
    ...(job.result ? { result: structuredClone(job.result) as BatchJob['result'] } : {}),
  } as BatchJob
}

function runJob(state: CorpState, job: StoredJob): void {
  const outcome =
    job.type === 'replace_party'
      ? applyPartyRows(state, job.rows)
      : applyUserRows(state, job.rows, job.type === 'replace_user' ? 'replace' : 'sync')
  if (isFailure(outcome)) job.errcode = outcome.errcode
  else job.result = outcome
  job.status = 3
  job.percentage = 100
}

function forgetOldJobs(state: CorpState): void {
  while (state.jobs.size > KEPT_JOBS) {
    const [oldest] = state.jobs.values()
    if (!oldest) return
    // A job nobody polled still runs; only its result is forgotten.
    if (oldest.status !== 3) finishJobs(state, oldest)
    state.jobs.delete(oldest.jobid)
    state.clearedJobs.add(oldest.jobid)
  }
}

/** "callback: 回调信息 {url, token, encodingaeskey}"; WeCom checks the url (40057), not reproduced beyond its scheme. */
function readCallback(value: unknown): BatchCallback | undefined | Failure {
  if (value === undefined) return undefined
  if (!isObject(value)) return fail(40058, 'callback')
  const { url, token = '', encodingaeskey = '' } = value
  if (typeof url !== 'string' || !/^https?:\/\/[^/\s]+/i.test(url)) return fail(40057)
  if (typeof token !== 'string' || typeof encodingaeskey !== 'string') return fail(40058, 'callback')
  return { url, token, encodingaeskey }
}
