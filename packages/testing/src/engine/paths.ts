/**
 * Paths as tests name them: `user/get`, relative to the base URL. `/user/get` and
 * `/cgi-bin/user/get` name the same API, so controls accept all three.
 */
export function normalizePath(path: string, basePath: string): string {
  const trimmed = path.replace(/^\/+/, '')
  const prefix = basePath.replace(/^\/+/, '')
  return prefix !== '' && trimmed.startsWith(prefix) ? trimmed.slice(prefix.length) : trimmed
}
