// WeCom passes some lists as `|`-joined strings (message recipients, invalid tag members).
import { WeComValidationError } from './errors.js'

const notAList = (message: string) => new WeComValidationError([{ path: '', message }], 'list')

/** `"a|b"` → `['a', 'b']`; empty or missing → `[]`. */
export function splitList(value: string | undefined | null): string[] {
  if (value === undefined || value === null || value === '') return []
  if (typeof value !== 'string') throw notAList('splitList takes a string')
  return value.split('|').filter((item) => item !== '')
}

/** `['a', 'b']` → `"a|b"`; a string passes through unchanged. */
export function joinList(value: string | readonly (string | number)[]): string {
  if (typeof value === 'string') return value
  if (!Array.isArray(value)) throw notAList('joinList takes a string or an array')
  for (const item of value) {
    if (typeof item !== 'string' && typeof item !== 'number')
      throw notAList('joinList items must be strings or numbers')
  }
  return value.join('|')
}
