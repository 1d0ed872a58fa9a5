import { defineConfig } from 'tsup'
import { packageBuild } from '../../tsup.base.js'

// Two entries sharing one copy of the code (chunks, in CJS too): an error class made by the
// resource kit must be the very class an app imports from the root.
export default defineConfig({
  ...packageBuild,
  entry: ['src/index.ts', 'src/resource-kit.ts'],
  splitting: true,
})
