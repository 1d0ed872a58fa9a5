// The built packages, loaded the way a consumer's app loads them: `import` and `require`
// from a project outside the workspace, resolving through each package's `exports` map.
import { execFile } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const packagesDir = fileURLToPath(new URL('../packages/', import.meta.url))
const PACKAGES = readdirSync(packagesDir).filter((name) =>
  existsSync(join(packagesDir, name, 'package.json')),
)
/** Resource packages: each exports a resource named like its folder. The others are not resources. */
const NOT_RESOURCES = ['core', 'testing', 'wecom-kit', 'callback', 'redis', 'aibot', 'webhook', 'suite']
const RESOURCES = PACKAGES.filter((name) => !NOT_RESOURCES.includes(name))
/** A resource package's folder → its namespace (and export): `external-contact` → `externalContact`. */
const NAMESPACES = Object.fromEntries(
  RESOURCES.map((name) => [name, name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase())]),
)

let consumer: string

beforeAll(async () => {
  for (const name of PACKAGES) {
    if (!existsSync(join(packagesDir, name, 'dist/index.js'))) {
      throw new Error(`packages/${name} is not built: run \`pnpm build\` first (\`pnpm test\` does)`)
    }
  }
  consumer = await mkdtemp(join(tmpdir(), 'wecom-kit-consumer-'))
  await mkdir(join(consumer, 'node_modules/@wecom-kit'), { recursive: true })
  for (const name of PACKAGES) {
    // Installed under its package name: @wecom-kit/<folder>, and wecom-kit itself.
    const target = name === 'wecom-kit' ? 'node_modules/wecom-kit' : `node_modules/@wecom-kit/${name}`
    await symlink(join(packagesDir, name), join(consumer, target), 'dir')
  }
})

afterAll(async () => {
  if (consumer) await rm(consumer, { recursive: true, force: true })
})

// One scenario, written once for both module systems: a simulator on a real port, a client
// with users, a read and a typed failure.
const scenario = `
  const sim = createWeComSimulator({ corpId: 'wwpack', corpSecret: 'pack-secret' })
  sim.addUser({ userid: 'zhangsan', name: '张三', department: [1], mobile: '13800000000' })
  const server = await sim.listen()
  try {
    const client = createClient({ corpId: 'wwpack', corpSecret: 'pack-secret', baseUrl: server.url }).with(users)
    const member = await client.users.get('zhangsan')
    const error = await client.users.get('nobody').catch((e) => e)
    console.log(JSON.stringify({ name: member.name, errcode: error.errcode, api: isWeComApiError(error) }))
  } finally {
    await server.close()
  }
`

async function node(file: string, source: string): Promise<unknown> {
  await writeFile(join(consumer, file), source)
  const { stdout } = await run(process.execPath, [file], { cwd: consumer, timeout: 20_000 })
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '')
}

describe('built packages in a consumer project', () => {
  it('load through import (ESM)', async () => {
    const result = await node(
      'esm.mjs',
      `import { createClient, isWeComApiError } from '@wecom-kit/core'
       import { users } from '@wecom-kit/users'
       import { createWeComSimulator } from '@wecom-kit/testing'
       ${scenario}`,
    )
    expect(result).toEqual({ name: '张三', errcode: 60111, api: true })
  })

  it('load through require (CJS)', async () => {
    const result = await node(
      'cjs.cjs',
      `const { createClient, isWeComApiError } = require('@wecom-kit/core')
       const { users } = require('@wecom-kit/users')
       const { createWeComSimulator } = require('@wecom-kit/testing')
       ;(async () => { ${scenario} })()`,
    )
    expect(result).toEqual({ name: '张三', errcode: 60111, api: true })
  })

  it('every resource package loads through import and require, and attaches to a client', async () => {
    const names = JSON.stringify(NAMESPACES)
    const check = (load: string) => `
      const names = ${names}
      const seen = {}
      for (const [name, namespace] of Object.entries(names)) {
        const mod = ${load}
        const client = core.createClient({ corpId: 'ww', corpSecret: 's' }).with(mod[namespace])
        seen[name] = typeof client[namespace] === 'object' && Object.keys(client[namespace]).length > 0
      }
      console.log(JSON.stringify(seen))`
    const expected = Object.fromEntries(RESOURCES.map((name) => [name, true]))
    const esm = await node(
      'each.mjs',
      `import * as core from '@wecom-kit/core'
(async () => { ${check("await import('@wecom-kit/' + name)")} })()`,
    )
    const cjs = await node(
      'each.cjs',
      `const core = require('@wecom-kit/core')
${check("require('@wecom-kit/' + name)")}`,
    )
    expect(esm).toEqual(expected)
    expect(cjs).toEqual(expected)
  })

  it('the all-in-one wecom-kit loads both ways with every namespace attached', async () => {
    const script = (load: string) =>
      `${load}\nconst c = createWeComClient({ corpId: 'ww', corpSecret: 's' })\n` +
      `console.log(JSON.stringify(${JSON.stringify(Object.values(NAMESPACES))}.filter((n) => typeof c[n] !== 'object')))`
    expect(await node('all.mjs', script("import { createWeComClient } from 'wecom-kit'"))).toEqual([])
    expect(await node('all.cjs', script("const { createWeComClient } = require('wecom-kit')"))).toEqual([])
  })

  it('recognise errors across the ESM and CJS copies of core', async () => {
    const result = await node(
      'dual.mjs',
      `import { createRequire } from 'node:module'
       import * as esm from '@wecom-kit/core'
       const cjs = createRequire(import.meta.url)('@wecom-kit/core')
       const error = new cjs.WeComApiError(60020, 'not allow to access from your ip', 'user/get')
       console.log(JSON.stringify({
         separateCopies: esm.WeComApiError !== cjs.WeComApiError,
         instanceOf: error instanceof esm.WeComApiError,
         guard: esm.isWeComApiError(error),
       }))`,
    )
    expect(result).toEqual({ separateCopies: true, instanceOf: false, guard: true })
  })

  it('the resource kit is a subpath sharing one copy of core with the root, in ESM and in CJS', async () => {
    const script = (load: (what: string) => string) => `
      const app = ${load('@wecom-kit/core')}
      const kit = ${load('@wecom-kit/core/resource-kit')}
      let parsed
      try { kit.parseInput(kit.UserId, '') } catch (error) { parsed = error }
      console.log(JSON.stringify({
        // A resource package's validation error is the class the app imports.
        sameClass: parsed instanceof app.WeComValidationError,
        kitNotInApp: typeof app.defineEndpoint === 'undefined' && typeof app.parseInput === 'undefined',
        kitHasTools: typeof kit.defineEndpoint === 'function' && typeof kit.defineResource === 'function',
      }))`
    const expected = { sameClass: true, kitNotInApp: true, kitHasTools: true }
    expect(await node('kit.mjs', `(async () => { ${script((m) => `await import('${m}')`)} })()`)).toEqual(
      expected,
    )
    expect(
      await node(
        'kit.cjs',
        script((m) => `require('${m}')`),
      ),
    ).toEqual(expected)
  })
})
