import * as v from 'valibot'
import { WeComValidationError } from './errors.js'

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
  throw new WeComValidationError(
    result.issues.map((issue) => ({ path: v.getDotPath(issue) ?? '', message: issue.message })),
    what,
  )
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

/** Characters as people count them (code points), not UTF-16 units: WeCom's "UTF-8 characters". */
export function charLength(text: string): number {
  let n = 0
  for (const _ of text) n++
  return n
}

/** A valibot action: at most `max` characters (code points). */
// @__NO_SIDE_EFFECTS__
export function maxChars(max: number, message?: string) {
  return v.check((text: string) => charLength(text) <= max, message ?? `must be at most ${max} characters`)
}

/** Byte length in UTF-8: WeCom counts many limits in bytes, not characters. */
export function utf8Length(text: string): number {
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
// @__NO_SIDE_EFFECTS__
export function maxBytes(max: number, message?: string) {
  return v.check(
    (text: string) => utf8Length(text) <= max,
    message ?? `must be at most ${max} bytes in UTF-8`,
  )
}
