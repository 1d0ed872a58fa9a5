import * as v from 'valibot'
import { type ValidationIssue, validationError, WeComValidationError } from './errors.js'

export type AnySchema = v.GenericSchema<unknown, unknown>

/**
 * Parses `input` with a valibot schema, or throws a `WeComValidationError` that lists every
 * issue with its path. Every resource method calls this before it sends a byte.
 */
export function parseInput<S extends AnySchema>(
  schema: S,
  input: unknown,
  what = 'input',
  config?: v.Config<v.InferIssue<S>>,
): v.InferOutput<S> {
  const result = v.safeParse(schema, input, config)
  if (result.success) return result.output
  throw new WeComValidationError(toIssues(result.issues), what)
}

/** valibot's issues as ours: a dotted path and a message each. */
export function toIssues(issues: readonly v.BaseIssue<unknown>[]): ValidationIssue[] {
  return issues.map((issue) => ({ path: v.getDotPath(issue) ?? '', message: issue.message }))
}

/** Only `{ signal, timeout }` of a resource method's options reach `client.request`. */
export function requestOptions(
  options: { signal?: AbortSignal | undefined; timeout?: number | undefined } | undefined,
): {
  signal?: AbortSignal | undefined
  timeout?: number | undefined
} {
  if (!options) return {}
  return { signal: options.signal, timeout: options.timeout }
}

/**
 * An optional options or filter argument: `{}` when it is left out, a validation error when it
 * is not an object (a JavaScript caller passing a string, say).
 */
export function optionalObject<T extends object>(value: T | undefined, what: string): T {
  if (value === undefined || value === null) return {} as T
  if (typeof value !== 'object') {
    throw validationError(typeof what === 'string' ? what : 'options', '', 'must be an object')
  }
  return value
}

/** Exported helpers take anything from JavaScript callers: a wrong type is a validation error. */
function expectString(text: unknown, what: string): asserts text is string {
  if (typeof text !== 'string') throw validationError(what, '', 'must be a string')
}

function expectLimit(max: unknown, message: unknown, what: string): void {
  const issues = []
  if (!(Number.isInteger(max) && (max as number) >= 0)) {
    issues.push({ path: 'max', message: 'must be an integer >= 0' })
  }
  if (message !== undefined && typeof message !== 'string') {
    issues.push({ path: 'message', message: 'must be a string' })
  }
  if (issues.length > 0) throw new WeComValidationError(issues, what)
}

/** Characters as people count them (code points), not UTF-16 units: WeCom's "UTF-8 characters". */
export function charLength(text: string): number {
  expectString(text, 'charLength input')
  let n = 0
  for (const _ of text) n++
  return n
}

/** A valibot action: at most `max` characters (code points). */
/* @__NO_SIDE_EFFECTS__ */
export function maxChars(max: number, message?: string) {
  expectLimit(max, message, 'maxChars')
  return v.check((text: string) => charLength(text) <= max, message ?? `must be at most ${max} characters`)
}

/** Byte length in UTF-8: WeCom counts many limits in bytes, not characters. */
export function utf8Length(text: string): number {
  expectString(text, 'utf8Length input')
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x80) bytes += 1
    else if (c < 0x800) bytes += 2
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      bytes += 4
      i++
    } else bytes += 3
  }
  return bytes
}

/** A valibot action: at most `max` UTF-8 bytes. */
/* @__NO_SIDE_EFFECTS__ */
export function maxBytes(max: number, message?: string) {
  expectLimit(max, message, 'maxBytes')
  return v.check(
    (text: string) => utf8Length(text) <= max,
    message ?? `must be at most ${max} bytes in UTF-8`,
  )
}

// A UTF-16 surrogate without its pair (category Cs under the u flag): encodeURIComponent throws
// a URIError on it, and JSON would carry it as an escape WeCom cannot read.
const LONE_SURROGATE = /\p{Cs}/u

/** True when `text` can be sent: it holds no lone surrogate. */
export function isWellFormed(text: string): boolean {
  return typeof text === 'string' && !LONE_SURROGATE.test(text)
}

/** A valibot action for text bound for a URL or a body: no lone surrogate. */
/* @__NO_SIDE_EFFECTS__ */
export function wellFormed(what: string) {
  expectString(what, 'wellFormed label')
  return v.check(isWellFormed, `${what} must be well-formed Unicode (no lone surrogates)`)
}

/**
 * True when `value` is what a JSON body carries as is: strings, finite numbers, booleans, null,
 * arrays and plain objects, no deeper than 32 levels. Fields a schema passes through unchecked
 * must be: a BigInt or a cycle would fail only when the body is built, after gettoken, and a
 * `toJSON` would send a body other than the one checked.
 */
export function isJsonData(value: unknown): boolean {
  return isJsonDataAt(value, 0)
}

function isJsonDataAt(value: unknown, depth: number): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true
  if (typeof value === 'number') return Number.isFinite(value)
  if (value === undefined) return depth > 0 // an absent optional field
  if (typeof value !== 'object' || depth > 32) return false
  if (Array.isArray(value)) return value.every((item) => isJsonDataAt(item, depth + 1))
  const proto = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null) return false
  return Object.values(value).every((item) => isJsonDataAt(item, depth + 1))
}
