// CSV in the shape of WeCom's import templates (batch/syncuser, replaceuser, replaceparty).
// RFC 4180: fields with a comma, a quote or a line break are quoted, quotes doubled; rows end
// with CRLF. Department ids are joined with `;`, as the templates want.

/** One field, quoted when it must be. */
export function csvField(value: string | number | undefined | null): string {
  const text = value === undefined || value === null ? '' : String(value)
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** Rows of fields to CSV text, CRLF after every row. */
export function toCsv(rows: readonly (readonly (string | number | undefined | null)[])[]): string {
  let out = ''
  for (const row of rows) out += `${row.map(csvField).join(',')}\r\n`
  return out
}
