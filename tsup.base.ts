import type { Options } from 'tsup'

/** The build every package shares: ESM + CJS + .d.ts/.d.cts from src/index.ts. */
export const packageBuild: Options = {
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  treeshake: true,
  // Keep `node:` on builtins (callback, testing): it tells Bun, Deno and bundlers what they are.
  removeNodeProtocol: false,
}
