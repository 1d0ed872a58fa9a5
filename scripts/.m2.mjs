import { build } from 'esbuild'
const r = await build({ stdin: { contents: process.argv[2], resolveDir: process.cwd(), loader: 'ts' }, bundle: true, minify: false, minifySyntax: true, write: false, format: 'esm', platform: 'browser', external: ['ky','valibot','p-retry'],
  alias: { '@wecom-kit/core/resource-kit': process.cwd() + '/packages/core/src/resource-kit.ts', '@wecom-kit/core': process.cwd() + '/packages/core/src/index.ts' } })
process.stdout.write(r.outputFiles[0].text)
