// Hostile input, as properties: every public method and every exported function, enumerated
// from the code rather than listed by hand, called with anything at all and with near misses of
// a valid call. Bad input is refused with a WeComValidationError before a single request (not
// even gettoken); accepted input reaches a well-behaved WeCom and settles with its answer. No
// raw TypeError or RangeError, no hang, no unhandled rejection, no polluted prototype.
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  allResources,
  isWeComError,
  isWeComNetworkError,
  isWeComValidationError,
  type WeComClient,
} from 'wecom-kit'
import { hazards, hostileArgs, POLLUTION_MARK, describe as show } from './support/arbitraries.js'
import { type AnswerMode, FAKE_BASE, type FakeWeCom, fakeWeCom } from './support/fake-wecom.js'
import { errorName, type Outcome, settle } from './support/settle.js'
import {
  AGENT_ID,
  EXPORTS,
  exportedFunctions,
  fullClient,
  type SurfaceMethod,
  surfaceMethods,
  validSamples,
} from './support/surface.js'

/** Runs per namespace method; the standalone forms and the pure helpers get their own counts. */
const RUNS = { method: 100, standalone: 20, helper: 150 } as const

// Snapshots of what a pollution attempt would change, taken before anything runs.
const PROTOTYPES = [Object.prototype, Array.prototype, Function.prototype, String.prototype]
const before = PROTOTYPES.map((p) => Reflect.ownKeys(p).map(String).sort().join(','))

const unhandled: unknown[] = []
const onUnhandled = (reason: unknown) => void unhandled.push(reason)
beforeAll(() => void process.on('unhandledRejection', onUnhandled))
afterAll(() => void process.off('unhandledRejection', onUnhandled))

let enumerationError: unknown
let methods: SurfaceMethod[] = []
try {
  methods = surfaceMethods()
} catch (error) {
  enumerationError = error
}
const samples = validSamples()

function hostileClient(server: FakeWeCom, withAgent: boolean): WeComClient {
  return fullClient({ fetch: server.fetch, baseUrl: FAKE_BASE, agentId: withAgent ? AGENT_ID : undefined })
}

/**
 * The property every call of a client method must have. Throws (failing the property) with a
 * message naming what went wrong.
 */
function checkClientCall(out: Outcome, server: FakeWeCom, mode: AnswerMode): void {
  const apiCalls = server.paths.filter((p) => p !== 'gettoken').length
  // What was sent is what was checked: never a body a caller's toJSON produced.
  if (server.smuggled.length > 0) throw new Error(`sent a body a toJSON made, to ${server.smuggled}`)
  if (out.ok) {
    // An error answer is never swallowed: in error mode only a call that sent nothing resolves.
    if (mode === 'error' && apiCalls > 0) throw new Error(`resolved although WeCom answered an error`)
    return
  }
  const error = out.error
  if (!isWeComError(error)) throw new Error(`threw a raw ${errorName(error)}`)
  if (isWeComValidationError(error)) {
    if (server.calls > 0) {
      throw new Error(`refused with a WeComValidationError after ${server.calls} request(s): ${server.paths}`)
    }
    return
  }
  // Anything but a validation error is WeCom's answer, so a request went out for it.
  if (isWeComNetworkError(error) && error.aborted) return
  if (mode === 'success') throw new Error(`rejected a success answer: ${errorName(error)}`)
  if (apiCalls === 0) throw new Error(`${error.name} without a request: ${error.message}`)
}

/** A helper's property: a result or a typed WeComError, nothing else, and quickly. */
function checkHelperCall(out: Outcome): void {
  if (out.ms > 2_000) throw new Error(`took ${Math.round(out.ms)} ms`)
  if (!out.ok && !isWeComError(out.error)) throw new Error(`threw a raw ${errorName(out.error)}`)
}

async function clientProperty(
  run: (client: WeComClient, args: unknown[]) => unknown,
  sample: () => unknown[],
  numRuns: number,
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(
      hostileArgs(sample),
      fc.constantFrom<AnswerMode>('error', 'success'),
      fc.boolean(),
      async (args, mode, withAgent) => {
        const server = fakeWeCom(mode)
        const client = hostileClient(server, withAgent)
        const out = await settle(() => run(client, args), 3_000)
        try {
          checkClientCall(out, server, mode)
        } catch (error) {
          throw new Error(`${(error as Error).message}\n  args: ${show(args)}`)
        }
      },
    ),
    {
      numRuns,
      // The valid call itself, answered both ways (the accepted path is always exercised), then
      // every known hazard at every part of it.
      examples: [
        [sample(), 'success', true],
        [sample(), 'error', true],
        ...hazards(sample).map((args): [unknown[], AnswerMode, boolean] => [args, 'error', true]),
      ],
    },
  )
}

describe('the public surface, enumerated', () => {
  it('every namespace of allResources is on the client with at least one method', () => {
    expect(enumerationError).toBeUndefined()
    expect([...new Set(methods.map((m) => m.namespace))]).toEqual(allResources.map((r) => r.name))
    // 49 today: a floor, so that an enumeration that silently finds less fails.
    expect(methods.length).toBeGreaterThanOrEqual(49)
  })

  it('every namespace method has a valid sample call, and every sample belongs to a method', () => {
    const keys = methods.map((m) => m.key)
    expect(
      keys.filter((k) => !(k in samples)),
      'methods without a sample in validSamples()',
    ).toEqual([])
    expect(
      Object.keys(samples).filter((k) => !keys.includes(k)),
      'samples of no method',
    ).toEqual([])
  })

  it('every function wecom-kit exports is classified, and every namespace method has its standalone export', () => {
    const names = exportedFunctions().map(([name]) => name)
    expect(
      names.filter((n) => !(n in EXPORTS)),
      'exports missing from EXPORTS',
    ).toEqual([])
    expect(
      Object.keys(EXPORTS).filter((n) => !names.includes(n)),
      'EXPORTS naming no export',
    ).toEqual([])
    const standalone = Object.values(EXPORTS).flatMap((c) => (c.kind === 'method' ? [c.of] : []))
    expect([...standalone].sort()).toEqual(methods.map((m) => m.key).sort())
  })

  it('every sample is accepted, reaches WeCom and resolves with its answer', async () => {
    for (const m of methods) {
      const server = fakeWeCom('success')
      const out = await settle(() => m.call(hostileClient(server, true), samples[m.key]!()))
      expect(out.ok ? 'resolved' : errorName(out.error), m.key).toBe('resolved')
      // getAuthorizeUrl builds a URL; every other method calls WeCom.
      if (m.key !== 'users.getAuthorizeUrl') expect(server.paths.length, m.key).toBeGreaterThan(0)
    }
  })
})

describe('every namespace method: WeComValidationError before any request, or WeCom’s answer', () => {
  for (const m of methods) {
    it(m.key, async () => {
      await clientProperty((client, args) => m.call(client, args), samples[m.key] ?? (() => []), RUNS.method)
    })
  }
})

describe('every standalone function: the same property, client first', () => {
  for (const [name, fn] of exportedFunctions()) {
    const c = EXPORTS[name]
    if (c?.kind !== 'method') continue
    it(`${name} (${c.of})`, async () => {
      await clientProperty(
        (client, args) => fn(client, ...args),
        samples[c.of] ?? (() => []),
        RUNS.standalone,
      )
    })
  }
})

describe('every exported helper: a result or a WeComError, never a raw exception', () => {
  for (const [name, fn] of exportedFunctions()) {
    const c = EXPORTS[name]
    if (c?.kind !== 'pure' && c?.kind !== 'bound') continue
    it(name, async () => {
      const first = c.kind === 'bound' ? c.first() : undefined
      const run = (all: unknown[]) => {
        const args = c.take === undefined ? all : all.slice(0, c.take)
        return c.kind === 'bound' ? fn(first, ...args) : fn(...args)
      }
      await fc.assert(
        fc.asyncProperty(hostileArgs(c.sample), async (args) => {
          const out = await settle(() => run(args), 2_000)
          try {
            checkHelperCall(out)
          } catch (error) {
            throw new Error(`${(error as Error).message}\n  args: ${show(args)}`)
          }
        }),
        {
          numRuns: RUNS.helper,
          examples: [[c.sample()], ...hazards(c.sample).map((args) => [args] as [unknown[]])],
        },
      )
      // The valid sample itself gives a result.
      const out = await settle(() => run(c.sample()))
      expect(out.ok ? 'result' : errorName(out.error)).toBe('result')
    })
  }
})

describe('after every run above', () => {
  it('no prototype was polluted', () => {
    expect(({} as Record<string, unknown>)[POLLUTION_MARK]).toBeUndefined()
    expect(([] as unknown as Record<string, unknown>)[POLLUTION_MARK]).toBeUndefined()
    expect(PROTOTYPES.map((p) => Reflect.ownKeys(p).map(String).sort().join(','))).toEqual(before)
  })

  it('no promise was left to reject unhandled', async () => {
    // Rejections surface a tick after they happen.
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(unhandled.map(errorName)).toEqual([])
  })
})
