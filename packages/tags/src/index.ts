import { bindAll, defineResource } from '@wecom-kit/core'
import {
  addTagUsers,
  createTag,
  deleteTag,
  getTagUsers,
  listTags,
  removeTagUsers,
  updateTag,
} from './functions.js'

/** `createClient(...).with(tags)` adds `client.tags`. */
export const tags = /* @__PURE__ */ defineResource('tags', (client) =>
  bindAll(client, {
    create: createTag,
    update: updateTag,
    delete: deleteTag,
    list: listTags,
    getUsers: getTagUsers,
    addUsers: addTagUsers,
    removeUsers: removeTagUsers,
  }),
)

export * from './functions.js'
export { TagId, TagMembersInput, TagName } from './schemas.js'
export type * from './types.js'
