import { bindAll, defineResource } from '@wecom-kit/core/resource-kit'
import { createTag, deleteTag, getTagUsers, listTags, updateTag } from './endpoints.js'
import { addTagUsers, removeTagUsers } from './functions.js'

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

export * from './endpoints.js'
export * from './functions.js'
export { TagId, TagMembersInput, TagName } from './schemas.js'
export type * from './types.js'
