import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// Tests run against the sources: `@wecom-kit/x` resolves to packages/x/src.
const src = (name: string) => fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url))

export default defineConfig({
  resolve: {
    alias: [
      {
        find: /^@wecom-kit\/core\/resource-kit$/,
        replacement: fileURLToPath(new URL('./packages/core/src/resource-kit.ts', import.meta.url)),
      },
      { find: /^@wecom-kit\/([a-z-]+)$/, replacement: src('$1') },
      { find: /^wecom-kit$/, replacement: src('wecom-kit') },
    ],
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    reporters: ['default', './scripts/summary-reporter.ts'],
    setupFiles: ['./test/support/fast-check-seed.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
})
