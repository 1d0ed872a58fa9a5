import { defineConfig } from 'tsup'
import { packageBuild } from '../../tsup.base.js'

export default defineConfig({
  ...packageBuild,
  // listen() imports `node:http` lazily; the prefix tells Bun, Deno and bundlers it is a builtin.
  removeNodeProtocol: false,
})
