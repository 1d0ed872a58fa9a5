/**
 * The CSV files batch/syncuser, replaceuser and replaceparty import (RFC 4180, read leniently the
 * way spreadsheet exports need): `,` between fields; records end with CRLF, LF or a lone CR; a
 * field in double quotes may hold commas, line breaks and `""` for a quote; a quote inside an
 * unquoted field is an ordinary character. UTF-8 only, with or without a BOM.
 */

export class CsvError extends Error {
  override readonly name = 'CsvError'
}

/** Decodes UTF-8 (a leading BOM is dropped) and parses; throws CsvError on bad bytes or an open quote. */
export function parseCsvBytes(bytes: Uint8Array): string[][] {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new CsvError('the file is not UTF-8')
  }
  return parseCsv(text)
}

/** Records of fields. A final line break does not start another record; blank lines are `['']`. */
export function parseCsv(input: string): string[][] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input
  const records: string[][] = []
  let record: string[] = []
  let field = ''
  let i = 0
  const endField = () => {
    record.push(field)
    field = ''
  }
  const endRecord = () => {
    endField()
    records.push(record)
    record = []
  }

  while (i < text.length) {
    const char = text[i]
    if (char === '"' && field === '' && atFieldStart(text, i)) {
      // A quoted field: runs to the next quote that is not doubled.
      i++
      for (;;) {
        const close = text.indexOf('"', i)
        if (close < 0) throw new CsvError('a quoted field is never closed')
        field += text.slice(i, close)
        if (text[close + 1] === '"') {
          field += '"'
          i = close + 2
        } else {
          i = close + 1
          break
        }
      }
      continue
    }
    if (char === ',') {
      endField()
      i++
    } else if (char === '\r' || char === '\n') {
      endRecord()
      i += char === '\r' && text[i + 1] === '\n' ? 2 : 1
    } else {
      // Copy a run of ordinary characters at once.
      let end = i + 1
      while (end < text.length && !isSpecial(text.charCodeAt(end))) end++
      field += text.slice(i, end)
      i = end
    }
  }
  if (field !== '' || record.length > 0) endRecord()
  return records
}

/** A quote opens a quoted field only as a field's first character. */
function atFieldStart(text: string, index: number): boolean {
  if (index === 0) return true
  const previous = text[index - 1]
  return previous === ',' || previous === '\n' || previous === '\r'
}

function isSpecial(code: number): boolean {
  return code === 0x2c || code === 0x0a || code === 0x0d || code === 0x22
}
