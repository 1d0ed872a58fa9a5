import { DEFAULT_BASE_URL } from '../options.js'
import { callbackKey } from '../wecom/callback-crypto.js'
import type { ProviderSimulatorOptions, SuiteCredentials } from './types.js'

export interface ResolvedProviderOptions {
  readonly providerCorpId: string
  readonly providerSecret: string
  readonly suite: Readonly<SuiteCredentials>
  readonly suiteName: string
  readonly callbackUrl: string | undefined
  /** Always ends with `/`. */
  readonly baseUrl: string
  readonly basePath: string
  readonly tokenTtlSeconds: number
  readonly ticketIntervalMs: number
  readonly clock: () => number
}

/** A valid EncodingAESKey (43 base64 characters) that tests need not invent. */
export const DEFAULT_SUITE_AES_KEY = 'c2ltdWxhdGVkLXN1aXRlLWVuY29kaW5nLWFlcy1rZXk'

export function resolveProviderOptions(options: ProviderSimulatorOptions = {}): ResolvedProviderOptions {
  const given = options.baseUrl ?? DEFAULT_BASE_URL
  const baseUrl = given.endsWith('/') ? given : `${given}/`
  const tokenTtlSeconds = options.tokenTtlSeconds ?? 7200
  if (!(tokenTtlSeconds > 0)) throw new RangeError('tokenTtlSeconds must be positive')
  const ticketIntervalMs = options.ticketIntervalMs ?? 600_000
  if (!(ticketIntervalMs > 0) || !Number.isFinite(ticketIntervalMs))
    throw new RangeError('ticketIntervalMs must be a positive number')
  const suite: SuiteCredentials = {
    suiteId: options.suite?.suiteId ?? 'wwsimsuite',
    suiteSecret: options.suite?.suiteSecret ?? 'sim-suite-secret',
    token: options.suite?.token ?? 'simSuiteToken',
    encodingAesKey: options.suite?.encodingAesKey ?? DEFAULT_SUITE_AES_KEY,
  }
  callbackKey(suite.encodingAesKey)
  if (options.callbackUrl !== undefined) checkUrl(options.callbackUrl)
  return {
    providerCorpId: options.providerCorpId ?? 'wwsimprovider',
    providerSecret: options.providerSecret ?? 'sim-provider-secret',
    suite,
    suiteName: options.suiteName ?? '模拟第三方应用',
    callbackUrl: options.callbackUrl,
    baseUrl,
    basePath: new URL(baseUrl).pathname,
    tokenTtlSeconds,
    ticketIntervalMs,
    // Looked up on every call: fake timers replace Date.now after creation.
    clock: options.clock ?? (() => Date.now()),
  }
}

export function checkUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return url
  } catch {
    // Refused below.
  }
  throw new TypeError('the suite callback URL must be an http(s) URL')
}
