import type { NewAgent, SimulatorOptions } from './types.js'

export const DEFAULT_BASE_URL = 'https://qyapi.weixin.qq.com/cgi-bin/'

export interface ResolvedOptions {
  readonly corpId: string
  readonly corpSecret: string
  readonly corpName: string
  /** Always ends with `/`. */
  readonly baseUrl: string
  /** The base URL's path, e.g. `/cgi-bin/`: the HTTP face answers under it on any host. */
  readonly basePath: string
  readonly tokenTtlSeconds: number
  readonly legacyFetchChild: boolean
  readonly jobSteps: number
  /** Seeded into every new corp state (also after `reset()`). */
  readonly agents: readonly NewAgent[]
  readonly clock: () => number
}

/** The app a new simulator has: visible to the whole corp, like a freshly created self-built app. */
export const DEFAULT_AGENT: Readonly<NewAgent> = {
  agentid: 1000002,
  name: '模拟应用',
  description: '企业微信模拟器的默认应用',
}

export function resolveOptions(options: SimulatorOptions = {}): ResolvedOptions {
  const baseUrl = withTrailingSlash(options.baseUrl ?? DEFAULT_BASE_URL)
  const tokenTtlSeconds = options.tokenTtlSeconds ?? 7200
  if (!(tokenTtlSeconds > 0)) throw new RangeError('tokenTtlSeconds must be positive')
  const jobSteps = options.jobSteps ?? DEFAULT_JOB_STEPS
  checkJobSteps(jobSteps)
  return {
    corpId: options.corpId ?? 'wwsimcorp',
    corpSecret: options.corpSecret ?? 'sim-secret',
    corpName: options.corpName ?? '模拟企业',
    baseUrl,
    basePath: new URL(baseUrl).pathname,
    tokenTtlSeconds,
    legacyFetchChild: options.legacyFetchChild ?? false,
    jobSteps,
    agents: (options.agents ?? [DEFAULT_AGENT]).map((agent) => structuredClone(agent)),
    // Looked up on every call: fake timers (vi.setSystemTime) replace Date.now after creation.
    clock: options.clock ?? (() => Date.now()),
  }
}

/** A batch job answers "started", then "running", then is done on the third getresult. */
const DEFAULT_JOB_STEPS = 2

export function checkJobSteps(steps: number): void {
  if (!Number.isInteger(steps) || steps < 0) throw new RangeError('jobSteps must be an integer >= 0')
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`
}
