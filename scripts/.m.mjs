import { build } from 'esbuild'
import { gzipSync } from 'node:zlib'
const r = await build({ stdin: { contents: process.argv[2], resolveDir: process.cwd(), loader: 'ts' }, bundle: true, minify: true, write: false, format: 'esm', platform: 'browser', metafile: true, treeShaking: true,
  alias: { '@wecom-kit/core/resource-kit': process.cwd() + '/packages/core/src/resource-kit.ts', '@wecom-kit/core': process.cwd() + '/packages/core/src/index.ts', '@wecom-kit/users': process.cwd() + '/packages/users/src/index.ts' } })
const out = Object.values(r.metafile.outputs)[0]
const rows = Object.entries(out.inputs).map(([f, i]) => [i.bytesInOutput, f]).sort((a, b) => b[0] - a[0])
for (const [b, f] of rows) if (!f.includes('node_modules')) console.log(String(b).padStart(7), f)
let dep = 0; for (const [b, f] of rows) if (f.includes('node_modules')) dep += b
console.log('deps min', dep, 'total gzip', gzipSync(r.outputFiles[0].contents).length)
