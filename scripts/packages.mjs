// What the packaging scripts share: the published packages of the workspace, and packing them
// the way `pnpm publish` would (pnpm pack rewrites `workspace:` ranges to real versions).
import { execFile } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

export const run = promisify(execFile)
export const root = fileURLToPath(new URL('..', import.meta.url))
const packagesDir = join(root, 'packages')

/** Every non-private package under packages/: `{ dir, path, name, manifest, tarball }`. */
export function publishedPackages() {
  return readdirSync(packagesDir)
    .filter((dir) => existsSync(join(packagesDir, dir, 'package.json')))
    .map((dir) => {
      const path = join(packagesDir, dir)
      const manifest = JSON.parse(readFileSync(join(path, 'package.json'), 'utf8'))
      // pnpm names the tarball @scope/name@1.2.3 → scope-name-1.2.3.tgz
      const tarball = `${manifest.name.replace('@', '').replace('/', '-')}-${manifest.version}.tgz`
      return { dir, path, name: manifest.name, manifest, tarball }
    })
    .filter((pkg) => !pkg.manifest.private)
}

/** The pnpm that package.json's packageManager names, through npx as CI runs it. */
export function pnpm(args, options = {}) {
  const { packageManager } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  return run('npx', ['-y', packageManager, ...args], { cwd: root, maxBuffer: 64 << 20, ...options })
}

/** Packs every published package into `destination` with one pnpm call; returns the packages. */
export async function packAll(destination) {
  const packages = publishedPackages()
  const filters = packages.flatMap((pkg) => ['--filter', `./packages/${pkg.dir}`])
  await pnpm(['-r', ...filters, 'pack', '--pack-destination', destination])
  for (const pkg of packages) {
    if (!existsSync(join(destination, pkg.tarball))) throw new Error(`pnpm pack made no ${pkg.tarball}`)
  }
  return packages
}

/** Runs `task` over `items`, at most `limit` at a time, keeping the order of the results. */
export async function mapLimit(items, limit, task) {
  const results = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await task(items[index], index)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}
