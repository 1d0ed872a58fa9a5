// wecom-kit: everything in one import. Each line re-exports one package, so that a bundler
// keeps only what an app uses (every package is side-effect free).
export * from '@wecom-kit/agents'
export * from '@wecom-kit/batch'
export * from '@wecom-kit/core'
export * from '@wecom-kit/departments'
export * from '@wecom-kit/ip'
export * from '@wecom-kit/jssdk'
export * from '@wecom-kit/media'
export * from '@wecom-kit/menus'
export * from '@wecom-kit/messages'
export * from '@wecom-kit/tags'
export * from '@wecom-kit/users'
export { allResources, createWeComClient, type WeComFullClient } from './client.js'
