import { parseInput, type RequestOptions, requestOptions, splitList, type WeComClient } from '@wecom-kit/core'
import * as v from 'valibot'
import { TagId, TagMembersInput, TagName } from './schemas.js'
import type {
  CreateTagResult,
  ListTagsResult,
  TagMembersResult,
  TagUsersResult,
  WeComResult,
} from './types.js'

const OptionalTagId = v.optional(TagId)

/** POST tag/create. WeCom picks the id unless one is given. Not replayed after a timeout. */
export async function createTag(
  client: WeComClient,
  name: string,
  id?: number,
  options?: RequestOptions,
): Promise<CreateTagResult> {
  const tagname = parseInput(TagName, name, 'name')
  const tagid = parseInput(OptionalTagId, id, 'id')
  return client.request('tag/create', {
    ...requestOptions(options),
    json: tagid === undefined ? { tagname } : { tagname, tagid },
  })
}

/** POST tag/update: rename a tag. */
export async function updateTag(
  client: WeComClient,
  id: number,
  name: string,
  options?: RequestOptions,
): Promise<WeComResult> {
  const tagid = parseInput(TagId, id, 'id')
  const tagname = parseInput(TagName, name, 'name')
  return client.request('tag/update', {
    ...requestOptions(options),
    json: { tagid, tagname },
    idempotent: true,
  })
}

/** GET tag/delete. Not replayed: a replay after success would fail with "tag not found". */
export async function deleteTag(
  client: WeComClient,
  id: number,
  options?: RequestOptions,
): Promise<WeComResult> {
  const tagid = parseInput(TagId, id, 'id')
  return client.request('tag/delete', { ...requestOptions(options), query: { tagid }, idempotent: false })
}

/** GET tag/list: every tag visible to the app. */
export async function listTags(client: WeComClient, options?: RequestOptions): Promise<ListTagsResult> {
  return client.request('tag/list', requestOptions(options))
}

/** GET tag/get: a tag's name, members and departments. */
export async function getTagUsers(
  client: WeComClient,
  id: number,
  options?: RequestOptions,
): Promise<TagUsersResult> {
  const tagid = parseInput(TagId, id, 'id')
  return client.request('tag/get', { ...requestOptions(options), query: { tagid } })
}

async function changeMembers(
  client: WeComClient,
  path: 'tag/addtagusers' | 'tag/deltagusers',
  id: number,
  members: TagMembersInput,
  options: RequestOptions | undefined,
): Promise<TagMembersResult> {
  const tagid = parseInput(TagId, id, 'id')
  const checked = parseInput(TagMembersInput, members, 'members')
  // Adding or removing the same members twice leaves the tag the same: safe to replay.
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
export async function addTagUsers(
  client: WeComClient,
  id: number,
  members: TagMembersInput,
  options?: RequestOptions,
): Promise<TagMembersResult> {
  return changeMembers(client, 'tag/addtagusers', id, members, options)
}

/** POST tag/deltagusers, the same shapes as `addUsers`; all refused → errcode 40031. */
export async function removeTagUsers(
  client: WeComClient,
  id: number,
  members: TagMembersInput,
  options?: RequestOptions,
): Promise<TagMembersResult> {
  return changeMembers(client, 'tag/deltagusers', id, members, options)
}
