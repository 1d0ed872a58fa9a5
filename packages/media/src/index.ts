import { bindAll, defineResource } from '@wecom-kit/core/resource-kit'
import { getMedia, uploadImage, uploadMedia } from './functions.js'

/** `createClient(...).with(media)` adds `client.media`. */
export const media = /* @__PURE__ */ defineResource('media', (client) =>
  bindAll(client, {
    upload: uploadMedia,
    get: getMedia,
    uploadImage,
  }),
)

export { filenameFromDisposition } from './disposition.js'
export type { UploadSource } from './file.js'
export * from './functions.js'
export { IMAGE_URL_LIMIT, MEDIA_LIMITS, type MediaLimit, MIN_BYTES } from './limits.js'
export type * from './types.js'
