// Package checks for every published package, on the tarballs `pnpm pack` makes (what
// `pnpm publish` would upload): the package.json fields we promise, the tarball's contents,
// publint --strict, Are the Types Wrong, and that nothing runs at import time. Reads the
// built packages (run `pnpm build` first). Exits non-zero on any problem.
import { readFileSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { publint } from 'publint'
import { formatMessage } from 'publint/utils'
import { mapLimit, packAll, root, run } from './packages.mjs'

const CHECKS = ['fields', 'tarball', 'publint', 'attw', 'import-time']
const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const INTERNAL = /^(@wecom-kit\/|wecom-kit$)/
const parallel = availableParallelism()

/** package.json as we want every published package: see README's "Packages" and DESIGN.md. */
function checkFields(pkg) {
  const m = pkg.manifest
  const problems = []
  const expect = (ok, message) => ok || problems.push(message)
  const name = pkg.dir === 'wecom-kit' ? 'wecom-kit' : `@wecom-kit/${pkg.dir}`
  expect(m.name === name, `name is ${m.name}; packages/${pkg.dir} publishes ${name}`)
  expect(typeof m.description === 'string' && m.description !== '', 'description is missing')
  expect(m.license === 'MIT', `license is ${JSON.stringify(m.license)}, not "MIT"`)
  expect(
    m.repository?.type === 'git' &&
      m.repository.url?.startsWith('git+https://') &&
      m.repository.directory === `packages/${pkg.dir}`,
    `repository must be { type: "git", url: "git+https://…", directory: "packages/${pkg.dir}" }`,
  )
  expect(
    m.engines?.node === rootManifest.engines.node,
    `engines.node is ${JSON.stringify(m.engines?.node)}, not the workspace's "${rootManifest.engines.node}"`,
  )
  expect(m.type === 'module', 'type must be "module" (dist/index.js is ESM)')
  // true only if loading the package does nothing: see the import-time check
  expect(m.sideEffects === false, 'sideEffects must be false')
  expect(
    Array.isArray(m.files) && ['dist', 'README.md', 'CHANGELOG.md'].every((f) => m.files.includes(f)),
    'files must list dist, README.md and CHANGELOG.md',
  )

  // Types per condition: import → .d.ts beside .js, require → .d.cts beside .cjs, types first.
  const entries = Object.entries(m.exports ?? {}).filter(([path]) => path !== './package.json')
  expect(entries.length > 0 && m.exports['./package.json'], 'exports must map "." and "./package.json"')
  for (const [path, target] of entries) {
    const stem = target?.import?.default?.replace(/\.js$/, '')
    expect(
      Object.keys(target ?? {}).join() === 'import,require' &&
        Object.keys(target.import).join() === 'types,default' &&
        Object.keys(target.require).join() === 'types,default' &&
        target.import.default === `${stem}.js` &&
        target.import.types === `${stem}.d.ts` &&
        target.require.default === `${stem}.cjs` &&
        target.require.types === `${stem}.d.cts`,
      `exports["${path}"] must be { import: { types: X.d.ts, default: X.js }, require: { types: X.d.cts, default: X.cjs } }`,
    )
  }
  const main = m.exports?.['.']
  expect(
    m.main === main?.require?.default &&
      m.module === main?.import?.default &&
      m.types === main?.import?.types,
    'main, module and types must name the files exports["."] does (for node10-style resolvers)',
  )

  // Caret ranges on each other: one copy of core per app, and changesets keeps them current.
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const [dep, range] of Object.entries(m[field] ?? {})) {
      if (INTERNAL.test(dep)) expect(range === 'workspace:^', `${field}.${dep} is ${range}, not workspace:^`)
    }
  }
  return problems
}

/** What the tarball holds: only dist, README, CHANGELOG; `workspace:` ranges rewritten. */
async function checkTarball(tarball, versions) {
  const problems = []
  const { stdout: list } = await run('tar', ['-tzf', tarball])
  const files = list
    .split('\n')
    .filter(Boolean)
    .map((f) => f.replace(/^package\//, ''))
  for (const file of ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE']) {
    if (!files.includes(file)) problems.push(`does not ship ${file}`)
  }
  const stray = files.filter((f) => !/^(dist\/|package\.json$|README\.md$|CHANGELOG\.md$|LICENSE)/.test(f))
  if (stray.length > 0) problems.push(`ships files outside dist: ${stray.join(', ')}`)

  const { stdout: json } = await run('tar', ['-xzOf', tarball, 'package/package.json'])
  const packed = JSON.parse(json)
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const [dep, range] of Object.entries(packed[field] ?? {})) {
      if (range.startsWith('workspace:')) problems.push(`published ${field}.${dep} is still ${range}`)
      else if (versions.has(dep) && range !== `^${versions.get(dep)}`) {
        problems.push(`published ${field}.${dep} is ${range}, not ^${versions.get(dep)}`)
      }
    }
  }
  return problems
}

async function checkPublint(tarball) {
  const bytes = await readFile(tarball)
  const { messages, pkg } = await publint({
    pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) },
    strict: true,
  })
  // With strict, warnings come back as errors; suggestions are shown but do not fail.
  for (const m of messages.filter((m) => m.type === 'suggestion')) {
    console.log(`  publint suggests: ${formatMessage(m, pkg)}`)
  }
  return messages.filter((m) => m.type !== 'suggestion').map((m) => formatMessage(m, pkg))
}

// Are the Types Wrong, through the engine its CLI (a root devDependency) runs, in this process:
// one TypeScript load for all packages instead of one per package. Same analysis as
// `attw --pack` with the default (strict) profile and no ignore rules: node10, node16 from CJS,
// node16 from ESM and bundler must all resolve to the right types.
const cli = createRequire(import.meta.url).resolve('@arethetypeswrong/cli/package.json')
const attwCore = createRequire(cli)
const load = (specifier) => import(pathToFileURL(attwCore.resolve(specifier)).href)
const { checkPackage, createPackageFromTarballData } = await load('@arethetypeswrong/core')
const { problemKindInfo } = await load('@arethetypeswrong/core/problems')

async function checkAttw(tarball) {
  const analysis = await checkPackage(createPackageFromTarballData(new Uint8Array(await readFile(tarball))))
  if (!analysis.types) return ['ships no types']
  // node10 (TypeScript's legacy `moduleResolution: node`) cannot see subpath exports at all: a
  // subpath such as @wecom-kit/core/resource-kit is for node16/bundler projects. The root entry
  // is still held to node10.
  const problems = analysis.problems.filter(
    (p) => !(p.kind === 'NoResolution' && p.resolutionKind === 'node10' && p.entrypoint !== '.'),
  )
  return problems.map((p) => {
    const where = [p.entrypoint, p.resolutionKind].filter(Boolean).join(', ')
    return `${problemKindInfo[p.kind].title} (${p.kind}${where ? `; ${where}` : ''}): ${problemKindInfo[p.kind].docsUrl}`
  })
}

/** Loads the ESM and the CJS entry, each in a fresh Node, and lists what loading them did. */
async function checkImportTime(pkg) {
  const problems = []
  const main = pkg.manifest.exports['.']
  for (const entry of [main.import.default, main.require.default]) {
    const file = join(pkg.path, entry)
    const { stdout } = await run(process.execPath, [join(root, 'scripts/import-probe.mjs'), file])
    // The last line: whatever the module itself printed comes before it.
    for (const effect of JSON.parse(stdout.trim().split('\n').at(-1))) {
      problems.push(`${entry} ${effect} when loaded`)
    }
  }
  return problems
}

async function timed(label, task) {
  const start = performance.now()
  const result = await task()
  console.log(`${label} (${((performance.now() - start) / 1000).toFixed(1)} s)`)
  return result
}

const packDir = await mkdtemp(join(tmpdir(), 'wecom-kit-pack-'))
const problems = [] // { name, check, message }
try {
  const packages = await timed('packed every package with pnpm pack', () => packAll(packDir))
  const versions = new Map(packages.map((pkg) => [pkg.name, pkg.manifest.version]))
  const add = (pkg, check, messages) => {
    for (const message of messages) problems.push({ name: pkg.name, check, message })
  }
  const tgz = (pkg) => join(packDir, pkg.tarball)

  await timed('checked fields and tarball contents', async () => {
    for (const pkg of packages) {
      add(pkg, 'fields', checkFields(pkg))
      add(pkg, 'tarball', await checkTarball(tgz(pkg), versions))
    }
  })
  await timed('ran publint --strict', async () => {
    for (const pkg of packages) add(pkg, 'publint', await checkPublint(tgz(pkg)))
  })
  await timed('ran attw (Are the Types Wrong)', async () => {
    for (const pkg of packages) add(pkg, 'attw', await checkAttw(tgz(pkg)))
  })
  await timed('loaded every ESM and CJS entry (import-time effects)', async () => {
    const results = await mapLimit(packages, parallel, checkImportTime)
    for (const [i, pkg] of packages.entries()) add(pkg, 'import-time', results[i])
  })

  const width = Math.max(24, ...packages.map((pkg) => pkg.name.length + 2))
  console.log(`\n${'package'.padEnd(width)}${CHECKS.map((c) => c.padEnd(13)).join('')}`)
  for (const pkg of packages) {
    const cells = CHECKS.map((check) =>
      (problems.some((p) => p.name === pkg.name && p.check === check) ? 'FAIL' : 'ok').padEnd(13),
    )
    console.log(`${pkg.name.padEnd(width)}${cells.join('')}`)
  }
} finally {
  await rm(packDir, { recursive: true, force: true })
}

if (problems.length > 0) {
  console.error(`\n${problems.length} packaging problem(s):`)
  for (const p of problems) console.error(`- ${p.name} [${p.check}] ${p.message}`)
  process.exit(1)
}
console.log('\nEvery package is clean.')
