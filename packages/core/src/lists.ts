// WeCom passes some lists as `|`-joined strings (message recipients, invalid tag members).

/** `"a|b"` → `['a', 'b']`; empty or missing → `[]`. */
export function splitList(value: string | undefined | null): string[] {
  if (!value) return []
  return value.split('|').filter((item) => item !== '')
}

/** `['a', 'b']` → `"a|b"`; a string passes through unchanged. */
export function joinList(value: string | readonly (string | number)[]): string {
  return typeof value === 'string' ? value : value.join('|')
}
