import { bindAll, defineResource } from '@wecom-kit/core/resource-kit'
import { createMenu, deleteMenu, getMenu } from './functions.js'

/** `createClient(...).with(menus)` adds `client.menus`. */
export const menus = /* @__PURE__ */ defineResource('menus', (client) =>
  bindAll(client, { create: createMenu, get: getMenu, delete: deleteMenu }),
)

export * from './functions.js'
export { KEY_TYPES, type Menu, MenuInput } from './schemas.js'
