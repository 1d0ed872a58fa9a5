import { build } from 'esbuild'
const r = await build({ stdin: { contents: process.argv[2], resolveDir: process.cwd() + '/scripts', loader: 'js' }, bundle: true, minify: false, write: false, format: 'esm', platform: 'browser', external: ['ky','valibot','p-retry'],
  alias: { '@wecom-kit/core/resource-kit': process.cwd() + '/packages/core/dist/resource-kit.js', '@wecom-kit/core': process.cwd() + '/packages/core', '@wecom-kit/users': process.cwd() + '/packages/users' } })
process.stdout.write(r.outputFiles[0].text)
