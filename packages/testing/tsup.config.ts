import { defineConfig } from 'tsup'

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  treeshake: true,
  // listen() imports `node:http` lazily; the prefix tells Bun, Deno and bundlers it is a builtin.
  removeNodeProtocol: false,
})
