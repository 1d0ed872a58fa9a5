// CSV in the shape of WeCom's import templates (batch/syncuser, replaceuser, replaceparty).
// RFC 4180: fields with a comma, a quote or a line break are quoted, quotes doubled; rows end
// with CRLF. Department ids are joined with `;`, as the templates want.

import type { WeComValidationError } from '@wecom-kit/core'
import { validationError } from '@wecom-kit/core/resource-kit'

/** A CSV field: numbers are written as they print, null and undefined as an empty field. */
export type CsvField = string | number | undefined | null

function invalid(path: string, message: string): WeComValidationError {
  return validationError('CSV', path, message)
}

function text(value: unknown, path: string): string {
  if (value === undefined || value === null) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  throw invalid(path, 'a field must be a string, a finite number, null or undefined')
}

/** One field, quoted when it must be. */
export function csvField(value: CsvField): string {
  return quote(text(value, ''))
}

function quote(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field
}

/** Rows of fields to CSV text, CRLF after every row. */
export function toCsv(rows: readonly (readonly CsvField[])[]): string {
  if (!Array.isArray(rows)) throw invalid('', 'rows must be an array of rows')
  let out = ''
  rows.forEach((row: unknown, r) => {
    if (!Array.isArray(row)) throw invalid(String(r), 'a row must be an array of fields')
    out += `${Array.from(row, (field, f) => quote(text(field, `${r}.${f}`))).join(',')}\r\n`
  })
  return out
}
