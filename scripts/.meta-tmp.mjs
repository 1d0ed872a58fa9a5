import { build } from 'esbuild'
import { gzipSync } from 'node:zlib'
const code = process.argv[2]
const r = await build({ stdin: { contents: code, resolveDir: '/work/main/scripts', loader: 'js' }, bundle: true, minify: true, write: false, format: 'esm', platform: 'browser', metafile: true,
  alias: { '@wecom-kit/core/resource-kit': '/work/main/packages/core/dist/resource-kit.js', '@wecom-kit/core': '/work/main/packages/core', '@wecom-kit/users': '/work/main/packages/users', '@wecom-kit/tags': '/work/main/packages/tags' } })
const out = Object.values(r.metafile.outputs)[0]
const rows = Object.entries(out.inputs).map(([f, i]) => [i.bytesInOutput, f]).sort((a, b) => b[0] - a[0])
for (const [b, f] of rows.slice(0, 25)) console.log(String(b).padStart(7), f.replace(/.*node_modules\/.pnpm\//, ''))
console.log('gzip', gzipSync(r.outputFiles[0].contents).length)
