import { defineEndpoint } from '@wecom-kit/core/resource-kit'
import * as v from 'valibot'
import { TagId, TagName } from './schemas.js'
import type { CreateTagResult, ListTagsResult, TagUsersResult, WeComResult } from './types.js'

// The tags operation table: one entry per plain endpoint (check the input, call one path).
// `idempotent`: may the call be sent again after it possibly reached WeCom?

/** POST tag/create. WeCom picks the id unless one is given. Not replayed: a second create fails. */
export const createTag = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'tag/create',
  doc: 90210,
  idempotent: false,
  input: v.object({ tagname: TagName, tagid: v.optional(TagId) }),
  args: (tagname: string, tagid?: number) => ({ tagname, tagid }),
  returns: {} as CreateTagResult,
})

/** POST tag/update: rename a tag. Renaming twice to the same name lands the same. */
export const updateTag = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'tag/update',
  doc: 90211,
  idempotent: true,
  input: v.object({ tagid: TagId, tagname: TagName }),
  args: (tagid: number, tagname: string) => ({ tagid, tagname }),
  returns: {} as WeComResult,
})

/** GET tag/delete. Not replayed: a replay after success would fail with "tag not found". */
export const deleteTag = /* @__PURE__ */ defineEndpoint({
  method: 'GET',
  path: 'tag/delete',
  doc: 90212,
  idempotent: false,
  input: v.object({ tagid: TagId }),
  args: (tagid: number) => ({ tagid }),
  returns: {} as WeComResult,
})

/** GET tag/get: a tag's name, members and departments. */
export const getTagUsers = /* @__PURE__ */ defineEndpoint({
  method: 'GET',
  path: 'tag/get',
  doc: 90213,
  idempotent: true,
  input: v.object({ tagid: TagId }),
  args: (tagid: number) => ({ tagid }),
  returns: {} as TagUsersResult,
})

/** GET tag/list: every tag visible to the app. */
export const listTags = /* @__PURE__ */ defineEndpoint({
  method: 'GET',
  path: 'tag/list',
  doc: 90216,
  idempotent: true,
  returns: {} as ListTagsResult,
})
