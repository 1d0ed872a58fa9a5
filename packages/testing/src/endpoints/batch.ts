import { pollJob, submitJob } from '../corp/jobs.js'
import { findMember } from '../corp/members.js'
import type { BatchJobType } from '../corp/state.js'
import { isIdList, isStringList } from '../corp/values.js'
import { fail, isFailure, ok } from '../wecom/answer.js'
import type { Endpoint } from './types.js'

/** batch/invite: "user 最多支持1000个 / party 最多支持100个 / tag 最多支持100个". */
const LIMITS = { user: 1000, party: 100, tag: 100 }

/**
 * POST batch/invite {user[], party[], tag[]} (document/path/90975). "如果部分接收人无权限或不存在，
 * 邀请仍然执行，但会返回无效的部分": the invalid* lists appear only when something is invalid.
 * All three empty answers 82001 "指定的成员/部门/标签全部为空".
 */
export const batchInvite: Endpoint = {
  path: 'batch/invite',
  method: 'POST',
  handle({ state, body }) {
    const { user = [], party = [], tag = [] } = body
    if (!isStringList(user)) return fail(40058, 'user')
    if (!isIdList(party)) return fail(40058, 'party')
    if (!isIdList(tag)) return fail(40058, 'tag')
    if (user.length === 0 && party.length === 0 && tag.length === 0) return fail(82001)
    if (user.length > LIMITS.user) return fail(40032)
    if (party.length > LIMITS.party) return fail(82002)
    if (tag.length > LIMITS.tag) return fail(82003)

    const invaliduser = user.filter((userid) => !findMember(state, userid))
    const invalidparty = party.filter((id) => !state.departments.has(id))
    const invalidtag = tag.filter((id) => !state.tags.has(id))
    return ok({
      ...(invaliduser.length > 0 ? { invaliduser } : {}),
      ...(invalidparty.length > 0 ? { invalidparty } : {}),
      ...(invalidtag.length > 0 ? { invalidtag } : {}),
    })
  },
}

/**
 * POST batch/syncuser, batch/replaceuser {media_id, to_invite?, callback?} and batch/replaceparty
 * {media_id, callback?} (document/path/90980, 90981, 90982) → jobid. The CSV is checked now and
 * imported when the job finishes; see corp/jobs and corp/imports.
 */
export const batchSyncUser = jobEndpoint('batch/syncuser', 'sync_user')
export const batchReplaceUser = jobEndpoint('batch/replaceuser', 'replace_user')
export const batchReplaceParty = jobEndpoint('batch/replaceparty', 'replace_party')

/** GET batch/getresult?jobid (document/path/90983): one step further per call. */
export const batchGetResult: Endpoint = {
  path: 'batch/getresult',
  method: 'GET',
  handle({ state, query }) {
    return pollJob(state, query.jobid)
  },
}

function jobEndpoint(path: string, type: BatchJobType): Endpoint {
  return {
    path,
    method: 'POST',
    handle({ state, body, now }) {
      const job = submitJob(state, type, body, now)
      return isFailure(job) ? job : ok({ jobid: job.jobid })
    },
  }
}
