import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  hintFor,
  isWeComApiError,
  isWeComError,
  isWeComHttpError,
  isWeComNetworkError,
  isWeComValidationError,
  WeComApiError,
  WeComError,
  WeComHttpError,
  WeComNetworkError,
  WeComValidationError,
} from '@wecom-kit/core'
import { parseInput } from '@wecom-kit/core/resource-kit'
import * as v from 'valibot'
import { describe, expect, it, vi } from 'vitest'

/** Bundles core's sources into a CommonJS file, as tsup's CJS output would be, and loads it. */
async function loadCjsCopyOfCore(): Promise<typeof import('@wecom-kit/core')> {
  // esbuild comes with tsup (a dev dependency of the workspace).
  const esbuild = createRequire(createRequire(import.meta.url).resolve('tsup'))('esbuild') as {
    build(options: Record<string, unknown>): Promise<{ outputFiles: { text: string }[] }>
  }
  const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url))
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'es2022',
    write: false,
  })
  const dir = await mkdtemp(join(tmpdir(), 'wecom-kit-cjs-'))
  try {
    const file = join(dir, 'core.cjs')
    await writeFile(file, result.outputFiles[0]!.text)
    return createRequire(import.meta.url)(file)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

const guards = {
  isWeComError,
  isWeComApiError,
  isWeComHttpError,
  isWeComNetworkError,
  isWeComValidationError,
}

function guardResults(value: unknown) {
  return Object.fromEntries(Object.entries(guards).map(([name, guard]) => [name, guard(value)]))
}

describe('guards', () => {
  it('recognise each kind, and only that kind', () => {
    expect(guardResults(new WeComApiError(60020, 'ip', 'user/get'))).toEqual({
      isWeComError: true,
      isWeComApiError: true,
      isWeComHttpError: false,
      isWeComNetworkError: false,
      isWeComValidationError: false,
    })
    expect(guardResults(new WeComHttpError(502, 'user/get'))).toMatchObject({
      isWeComError: true,
      isWeComHttpError: true,
      isWeComApiError: false,
    })
    expect(guardResults(new WeComNetworkError('x', { path: 'user/get', sent: 'maybe' }))).toMatchObject({
      isWeComError: true,
      isWeComNetworkError: true,
      isWeComHttpError: false,
    })
    expect(guardResults(new WeComValidationError([{ path: '', message: 'x' }]))).toMatchObject({
      isWeComError: true,
      isWeComValidationError: true,
      isWeComNetworkError: false,
    })
  })

  it.each([
    ['a plain Error', new Error('x')],
    ['a look-alike without the brand', Object.assign(new Error('x'), { name: 'WeComApiError', kind: 'api' })],
    ['null', null],
    ['undefined', undefined],
    ['a string', 'WeComApiError'],
    ['a brand that is not exactly true', { [Symbol.for('wecom-kit.error')]: 'yes', kind: 'api' }],
  ])('reject %s', (_, value) => {
    expect(Object.values(guardResults(value)).some(Boolean)).toBe(false)
  })

  it('accept an error branded by another copy of core (the shared Symbol.for brand)', () => {
    const foreign = Object.assign(new Error('from another copy'), {
      name: 'WeComApiError',
      kind: 'api',
      errcode: 60020,
    })
    Object.defineProperty(foreign, Symbol.for('wecom-kit.error'), { value: true })
    expect(foreign instanceof WeComError).toBe(false)
    expect(isWeComError(foreign)).toBe(true)
    expect(isWeComApiError(foreign)).toBe(true)
    expect(isWeComHttpError(foreign)).toBe(false)
  })

  it('work across a second, separately loaded copy of the error classes', async () => {
    vi.resetModules()
    const copy = await import('../src/errors.js')
    expect(copy.WeComApiError).not.toBe(WeComApiError)

    const theirs = new copy.WeComApiError(42001, 'expired', 'user/get')
    expect(theirs instanceof WeComApiError).toBe(false)
    expect(theirs instanceof WeComError).toBe(false)
    expect(isWeComError(theirs)).toBe(true)
    expect(isWeComApiError(theirs)).toBe(true)
    expect(
      isWeComNetworkError(new copy.WeComNetworkError('t', { path: 'p', sent: 'maybe', timeout: true })),
    ).toBe(true)
    expect(isWeComHttpError(new copy.WeComHttpError(500, 'p'))).toBe(true)
    expect(isWeComValidationError(new copy.WeComValidationError([]))).toBe(true)

    // And the other direction: the copy's guards accept our errors.
    expect(copy.isWeComApiError(new WeComApiError(1, '', 'p'))).toBe(true)
    expect(copy.isWeComHttpError(new WeComApiError(1, '', 'p'))).toBe(false)
  })

  it('work between a CommonJS build and the ESM sources loaded side by side', async () => {
    const cjs = await loadCjsCopyOfCore()
    expect(cjs.WeComError).not.toBe(WeComError)

    let fromCjs: unknown
    try {
      cjs.createClient({ corpId: '', corpSecret: 'x' })
    } catch (error) {
      fromCjs = error
    }
    expect(fromCjs instanceof WeComValidationError).toBe(false)
    expect(isWeComValidationError(fromCjs)).toBe(true)
    expect(isWeComError(fromCjs)).toBe(true)

    const fromEsm = new WeComHttpError(502, 'user/get')
    expect(fromEsm instanceof cjs.WeComHttpError).toBe(false)
    expect(cjs.isWeComHttpError(fromEsm)).toBe(true)
    expect(cjs.isWeComApiError(fromEsm)).toBe(false)
  })

  it('the brand is not an enumerable property (it does not show up in spreads or JSON)', () => {
    const error = new WeComApiError(60020, 'ip', 'user/get')
    expect(Object.getOwnPropertySymbols({ ...error })).toEqual([])
    expect(JSON.stringify(error)).not.toContain('wecom-kit')
  })
})

describe('error fields and toJSON', () => {
  it('WeComApiError', () => {
    const error = new WeComApiError(60020, 'not allow to access from your ip', 'user/get')
    expect(error).toBeInstanceOf(Error)
    expect(error).toBeInstanceOf(WeComError)
    expect(error.name).toBe('WeComApiError')
    expect(error.message).toMatch(/^WeCom user\/get failed: errcode 60020, not allow to access from your ip/)
    expect(error.hint).toMatch(/trusted IPs/)
    expect(error.toJSON()).toEqual({
      name: 'WeComApiError',
      kind: 'api',
      message: error.message,
      path: 'user/get',
      errcode: 60020,
      errmsg: 'not allow to access from your ip',
      hint: error.hint,
    })
    expect(JSON.parse(JSON.stringify(error))).toEqual(JSON.parse(JSON.stringify(error.toJSON())))
  })

  it('WeComApiError without a known hint', () => {
    const error = new WeComApiError(12345, 'something', 'x/y')
    expect(error.hint).toBeUndefined()
    expect(error.message).toBe('WeCom x/y failed: errcode 12345, something')
  })

  it('WeComHttpError', () => {
    const error = new WeComHttpError(502, 'user/get', 'a body that is not JSON')
    expect(error.toJSON()).toEqual({
      name: 'WeComHttpError',
      kind: 'http',
      message: 'WeCom user/get answered HTTP 502: a body that is not JSON',
      path: 'user/get',
      status: 502,
    })
  })

  it('WeComNetworkError keeps its cause out of toJSON', () => {
    const cause = new Error('connect ECONNREFUSED 127.0.0.1:1')
    const error = new WeComNetworkError('WeCom user/get failed', {
      path: 'user/get',
      sent: 'no',
      cause,
      code: 'ECONNREFUSED',
    })
    expect(error.cause).toBe(cause)
    expect(error.toJSON()).toEqual({
      name: 'WeComNetworkError',
      kind: 'network',
      message: 'WeCom user/get failed',
      path: 'user/get',
      timeout: false,
      aborted: false,
      code: 'ECONNREFUSED',
      sent: 'no',
    })
    expect(new WeComNetworkError('t', { path: 'p', sent: 'maybe', timeout: true }).toJSON()).toMatchObject({
      timeout: true,
      aborted: false,
    })
  })

  it('WeComValidationError lists every issue with its path in the message', () => {
    const error = new WeComValidationError(
      [
        { path: 'department.0', message: 'must be a positive integer' },
        { path: 'userid', message: 'is required' },
        { path: '', message: 'mobile or email is required' },
      ],
      'user',
    )
    expect(error.message).toBe(
      'Invalid user: department.0: must be a positive integer; userid: is required; mobile or email is required',
    )
    expect(error.path).toBeUndefined()
    expect(error.toJSON()).toEqual({
      name: 'WeComValidationError',
      kind: 'validation',
      message: error.message,
      path: undefined,
      issues: error.issues,
    })
  })

  it('parseInput turns valibot issues into dotted paths', () => {
    const schema = v.object({
      userid: v.pipe(v.string(), v.nonEmpty('userid must not be empty')),
      department: v.array(v.pipe(v.number('department ids are numbers'), v.integer())),
      extattr: v.object({ attrs: v.array(v.object({ name: v.string('name is a string') })) }),
    })
    let error: unknown
    try {
      parseInput(schema, { userid: '', department: [1, 'x'], extattr: { attrs: [{ name: 1 }] } }, 'user')
    } catch (e) {
      error = e
    }
    expect(isWeComValidationError(error)).toBe(true)
    const issues = (error as WeComValidationError).issues
    expect(issues).toEqual([
      { path: 'userid', message: 'userid must not be empty' },
      { path: 'department.1', message: 'department ids are numbers' },
      { path: 'extattr.attrs.0.name', message: 'name is a string' },
    ])
    expect((error as Error).message).toContain('department.1: department ids are numbers')
    expect((error as Error).message).toMatch(/^Invalid user: /)
    expect(parseInput(schema, { userid: 'a', department: [1], extattr: { attrs: [] } })).toEqual({
      userid: 'a',
      department: [1],
      extattr: { attrs: [] },
    })
  })
})

describe('hints', () => {
  it('cover the codes users meet most', () => {
    expect(hintFor(60020, 'user/get')).toMatch(/trusted IPs/)
    expect(hintFor(40001, 'gettoken')).toMatch(/corpSecret/)
    expect(hintFor(48002, 'user/create')).toMatch(/contacts-sync secret/)
    expect(hintFor(45009, 'message/send')).toMatch(/frequency limit/)
    expect(hintFor(999999, 'x')).toBeUndefined()
  })
})
