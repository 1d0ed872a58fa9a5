// What `createClient + users` ships, by origin: esbuild bundles it for the browser (minified,
// tree-shaken) from the built packages, as scripts/size.mjs does, and its metafile tells which
// input each output byte came from. gzip does not add up by file, so each origin's gzip share
// is its share of the minified bytes applied to the gzipped total.
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const packages = fileURLToPath(new URL('../packages/', import.meta.url))
const ENTRY = `import { createClient } from '@wecom-kit/core'
import { users } from '@wecom-kit/users'
export const c = createClient({ corpId: 'a', corpSecret: 'b' }).with(users)`

/** An input file → the origin it counts for. */
function origin(file) {
  const dep = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(file)
  if (dep) return dep[1] === 'is-network-error' ? 'p-retry' : dep[1]
  const own = /packages\/([^/]+)\//.exec(file)
  return own ? `@wecom-kit/${own[1]}` : 'entry'
}

function bundle(alias) {
  return build({
    stdin: { contents: ENTRY, resolveDir: packages, loader: 'ts' },
    alias,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    metafile: true,
  })
}

/** Minified bytes per input file whose path matches `pattern`, largest first. */
function bytesOf(result, pattern) {
  const output = Object.values(result.metafile.outputs)[0]
  return Object.entries(output.inputs)
    .filter(([file]) => pattern.test(file))
    .map(([file, { bytesInOutput }]) => ({ file: file.replace(/.*packages\//, ''), minified: bytesInOutput }))
    .sort((a, b) => b.minified - a.minified)
}

export async function measureBundle() {
  const result = await bundle({
    '@wecom-kit/core': `${packages}core`,
    '@wecom-kit/users': `${packages}users`,
    '@wecom-kit/core/resource-kit': `${packages}core/dist/resource-kit.js`,
  })
  const output = Object.values(result.metafile.outputs)[0]
  const minified = {}
  for (const [file, { bytesInOutput }] of Object.entries(output.inputs)) {
    const name = origin(file)
    minified[name] = (minified[name] ?? 0) + bytesInOutput
  }
  const total = result.outputFiles[0].contents.length
  const gzip = gzipSync(result.outputFiles[0].contents).length
  const parts = Object.entries(minified)
    .filter(([name]) => name !== 'entry')
    .sort((a, b) => b[1] - a[1])
    .map(([name, bytes]) => ({ name, minified: bytes, gzip: Math.round((gzip * bytes) / total) }))
  // Core again from its sources, which the built chunks no longer tell apart: where its bytes are.
  const sources = await bundle({
    '@wecom-kit/core': `${packages}core/src/index.ts`,
    '@wecom-kit/users': `${packages}users/src/index.ts`,
    '@wecom-kit/core/resource-kit': `${packages}core/src/resource-kit.ts`,
  })
  const coreFiles = bytesOf(sources, /packages\/core\/src\//).filter((f) => f.minified > 0)
  return { entry: 'createClient + users', minified: total, gzip, parts, coreFiles }
}
