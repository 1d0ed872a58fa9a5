// Child-process tests (fleets, leases, kills) run a worker script in real Node processes. The
// worker is bundled from the sources once per test file: CommonJS, so that ioredis and Node's
// own modules load as they do for users, with @wecom-kit/* resolved to packages/*/src.
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const packages = fileURLToPath(new URL('../../packages/', import.meta.url))

/** Bundles `entry` to `outfile` with the named workspace packages taken from their sources. */
export async function bundleWorker(entry: string, outfile: string, names: readonly string[]): Promise<void> {
  const alias: Record<string, string> = {
    '@wecom-kit/core/resource-kit': `${packages}core/src/resource-kit.ts`,
  }
  for (const name of names) alias[`@wecom-kit/${name}`] = `${packages}${name}/src/index.ts`
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    alias,
    logLevel: 'warning',
  })
}
