// Bundle sizes as an app would ship them: esbuild bundles a small entry for the browser
// (minified, tree-shaken), then gzip. Reads the built packages (run `pnpm build` first).
// `--check` fails when an entry is over its budget. Budgets are the measured sizes plus ~5 %:
// a regression fails CI. ky, valibot and p-retry alone are about 9.5 KB of each core entry.
import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

// Each package name → its folder, whose package.json points at the built ESM ("module").
const packages = fileURLToPath(new URL('../packages/', import.meta.url))
const alias = Object.fromEntries(
  readdirSync(packages).map((dir) => [
    dir === 'wecom-kit' ? 'wecom-kit' : `@wecom-kit/${dir}`,
    `${packages}${dir}`,
  ]),
)

const ENTRIES = {
  'createClient + users': {
    code: `import { createClient } from '@wecom-kit/core'; import { users } from '@wecom-kit/users'
           export const c = createClient({ corpId: 'a', corpSecret: 'b' }).with(users)`,
    budget: 17_500,
  },
  'createClient + messages': {
    code: `import { createClient } from '@wecom-kit/core'; import { messages } from '@wecom-kit/messages'
           export const c = createClient({ corpId: 'a', corpSecret: 'b' }).with(messages)`,
    budget: 17_000,
  },
  'getUser alone (standalone function)': {
    code: `import { createClient } from '@wecom-kit/core'; import { getUser } from '@wecom-kit/users'
           export const f = (c) => getUser(c, 'x'); export { createClient }`,
    budget: 17_500,
  },
  'wecom-kit, whole (createWeComClient)': {
    code: `import { createWeComClient } from 'wecom-kit'; export const c = createWeComClient({ corpId: 'a', corpSecret: 'b' })`,
    budget: 25_000,
  },
  'wecom-kit, one import (createClient + users)': {
    code: `import { createClient, users } from 'wecom-kit'; export const c = createClient({ corpId: 'a', corpSecret: 'b' }).with(users)`,
    budget: 17_500,
  },
}

const rows = []
let over = false
for (const [name, { code, budget }] of Object.entries(ENTRIES)) {
  const result = await build({
    stdin: { contents: code, resolveDir: packages, loader: 'js' },
    alias,
    // @wecom-kit/callback uses node:crypto; entries that do not receive callbacks drop it.
    external: ['node:*'],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  })
  const bytes = result.outputFiles[0].contents
  const gzip = gzipSync(bytes, { level: 9 }).length
  rows.push({ name, minified: bytes.length, gzip, budget })
  if (gzip > budget) over = true
}

console.log('entry                                          minified      gzip    budget')
for (const r of rows) {
  const flag = r.gzip > r.budget ? '  OVER' : ''
  console.log(
    `${r.name.padEnd(44)} ${String(r.minified).padStart(10)} ${String(r.gzip).padStart(9)} ${String(r.budget).padStart(9)}${flag}`,
  )
}
if (process.env.SIZE_JSON) console.log(JSON.stringify(rows))
if (process.argv.includes('--check') && over) {
  console.error('A bundle is over its budget.')
  process.exit(1)
}
