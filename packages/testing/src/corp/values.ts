/** Small guards for JSON bodies: WeCom checks types itself, so the simulator must too. */

export type JsonObject = Record<string, unknown>

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** WeCom orders are "[0, 2^32)". */
export function isUint32(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) < 2 ** 32
}

/** Department ids are 32-bit integers, positive. */
export function isId(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) > 0 && (value as number) < 2 ** 32
}

export function isIdList(value: unknown): value is number[] {
  return Array.isArray(value) && value.every(isId)
}

export function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string')
}

/** A query parameter as a department id, or undefined when absent or not a number. */
export function queryId(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined
  const id = Number(value)
  return isId(id) ? id : undefined
}

/** Length in characters as WeCom counts "utf8 characters": code points, not UTF-16 units. */
export function charLength(value: string): number {
  return Array.from(value).length
}

export function byteLength(value: string): number {
  return new TextEncoder().encode(value).length
}
