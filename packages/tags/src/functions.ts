import type { RequestOptions, WeComClient } from '@wecom-kit/core'
import { defineOperation, parseInput, requestOptions, splitList } from '@wecom-kit/core/resource-kit'
import { TagId, TagMembersInput } from './schemas.js'
import type { TagMembersResult } from './types.js'

// Hand-written: these reshape WeCom's answer (the refused members as arrays).

async function changeMembers(
  client: WeComClient,
  path: 'tag/addtagusers' | 'tag/deltagusers',
  id: number,
  members: TagMembersInput,
  options: RequestOptions | undefined,
): Promise<TagMembersResult> {
  const tagid = parseInput(TagId, id, 'id')
  const checked = parseInput(TagMembersInput, members, 'members')
  const answer = await client.request<Omit<TagMembersResult, 'invalidUsers' | 'invalidParties'>>(path, {
    ...requestOptions(options),
    json: { tagid, ...checked },
    idempotent: true,
  })
  return { ...answer, invalidUsers: splitList(answer.invalidlist), invalidParties: answer.invalidparty ?? [] }
}

/**
 * POST tag/addtagusers: `addUsers(7, ['zhangsan', 'lisi'])` or
 * `addUsers(7, { userlist, partylist })`. Members WeCom refused come back in `invalidUsers` /
 * `invalidParties`; when all are refused WeCom answers errcode 40070, thrown as an error.
 */
export const addTagUsers = /* @__PURE__ */ defineOperation(
  // Adding the same members twice leaves the tag the same: safe to replay.
  { method: 'POST', path: 'tag/addtagusers', doc: 90214, idempotent: true },
  (
    client: WeComClient,
    id: number,
    members: TagMembersInput,
    options?: RequestOptions,
  ): Promise<TagMembersResult> => changeMembers(client, 'tag/addtagusers', id, members, options),
)

/** POST tag/deltagusers, the same shapes as `addUsers`; all refused → errcode 40031. */
export const removeTagUsers = /* @__PURE__ */ defineOperation(
  { method: 'POST', path: 'tag/deltagusers', doc: 90215, idempotent: true },
  (
    client: WeComClient,
    id: number,
    members: TagMembersInput,
    options?: RequestOptions,
  ): Promise<TagMembersResult> => changeMembers(client, 'tag/deltagusers', id, members, options),
)
