import { agents } from '@wecom-kit/agents'
import { appchat } from '@wecom-kit/appchat'
import { batch } from '@wecom-kit/batch'
import { type ClientOptions, createClient } from '@wecom-kit/core'
import { departments } from '@wecom-kit/departments'
import { externalContact } from '@wecom-kit/external-contact'
import { ip } from '@wecom-kit/ip'
import { jssdk } from '@wecom-kit/jssdk'
import { kf } from '@wecom-kit/kf'
import { media } from '@wecom-kit/media'
import { menus } from '@wecom-kit/menus'
import { messages } from '@wecom-kit/messages'
import { tags } from '@wecom-kit/tags'
import { users } from '@wecom-kit/users'

/** Every resource of wecom-kit, in the order `createWeComClient` attaches them. */
export const allResources = [
  users,
  departments,
  tags,
  batch,
  agents,
  menus,
  messages,
  media,
  jssdk,
  ip,
  appchat,
  kf,
  externalContact,
] as const

/**
 * A client with every namespace attached: `users`, `departments`, `tags`, `batch`, `agents`,
 * `menus`, `messages`, `media`, `jssdk`, `ip`, `appchat`, `kf`, `externalContact`. For the smallest bundle, use `createClient`
 * from `@wecom-kit/core` with only the resources you need.
 */
export function createWeComClient(options: ClientOptions) {
  return createClient(options).with(...allResources)
}

export type WeComFullClient = ReturnType<typeof createWeComClient>
