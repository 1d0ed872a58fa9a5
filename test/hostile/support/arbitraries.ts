// Hostile values for property tests: anything at all, and near misses of a valid input (the
// right shape with one or a few parts replaced by the wrong type, a huge or odd string, an odd
// number, junk nesting or a prototype-pollution key).
import fc from 'fast-check'

/** The key a pollution attempt tries to plant on Object.prototype. */
export const POLLUTION_MARK = 'hostilePolluted'

const factories = <T>(...make: (() => T)[]): fc.Arbitrary<T> => fc.constantFrom(...make).map((f) => f())

/** Objects whose own keys try to reach a prototype when copied, merged or assigned carelessly. */
export const pollutingObject: fc.Arbitrary<Record<string, unknown>> = factories(
  () => JSON.parse(`{"__proto__": {"${POLLUTION_MARK}": "yes"}}`),
  () => JSON.parse(`{"constructor": {"prototype": {"${POLLUTION_MARK}": "yes"}}}`),
  () => JSON.parse(`{"__proto__": {"${POLLUTION_MARK}": "yes"}, "a": {"__proto__": {"toString": 1}}}`),
  () => ({ prototype: { [POLLUTION_MARK]: 'yes' }, toString: 'x', valueOf: 1, hasOwnProperty: 2 }),
  () => Object.assign(Object.create(null), { [POLLUTION_MARK]: 'yes' }),
)

const nastyString = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  '\uD800',
  '\uDFFF\uD800',
  '𝌆',
  '👨‍👩‍👧‍👦',
  'مرحبا',
  '\u202Eevil',
  'a\r\nb: c',
  '%00%zz',
  '../../etc/passwd',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template placeholder is the hostile text
  '${process.env}',
  '<xml><![CDATA[x]]></xml>',
  '__proto__',
  'constructor',
  'toString',
  '@all',
  '1e400',
  '-0',
  'NaN',
  '0x10',
  '9007199254740993',
  'https://',
  'javascript:alert(1)',
)

/** Long strings of one, two, three and four UTF-8 bytes per character, and lone surrogates. */
const hugeString = fc
  .tuple(fc.constantFrom(65, 129, 1_025, 70_000, 1_000_000), fc.constantFrom('a', 'é', '中', '😀', '\uD800'))
  .map(([n, c]) => c.repeat(n))

const oddNumber = fc.oneof(
  fc.constantFrom(
    -1,
    0,
    -0,
    0.5,
    1.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    2 ** 31,
    2 ** 32,
    2 ** 53,
    2 ** 53 + 2,
    -(2 ** 53),
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    Number.EPSILON,
  ),
  fc.double(),
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 }),
)

/** Deep nesting: far past any schema, deep enough to trouble a naive recursive walk. */
const deepNesting = fc.tuple(fc.constantFrom(50, 2_000, 20_000), fc.boolean()).map(([depth, asArray]) => {
  let value: unknown = 'bottom'
  for (let i = 0; i < depth; i++) value = asArray ? [value] : { a: value }
  // fast-check prints counterexamples recursively: tell it how to show this one briefly.
  Object.defineProperty(value, fc.toStringMethod, {
    value: () => `<${asArray ? 'array' : 'object'} nested ${depth} deep>`,
  })
  return value
})

const oddObject = factories<unknown>(
  () => null,
  () => undefined,
  () => true,
  () => 0n,
  () => Symbol('hostile'),
  () => [],
  () => ({}),
  () => Object.create(null),
  () => new Date(Number.NaN),
  () => new Map([['a', 1]]),
  () => new Set([1]),
  () => /x/g,
  () => () => 'a function',
  () => new String('boxed'),
  () => new Number(1),
  () => new Uint8Array(3),
  () => new ArrayBuffer(8),
  () => new Blob(['blob bytes']),
  () => Promise.resolve('a promise'),
  () => new Error('an error'),
  () => Object.assign(new Array(3), { 2: 1 }), // sparse
  () => Object.freeze({ frozen: true }),
)

/** One hostile value of any kind. */
export const junk: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.anything({
      maxDepth: 3,
      maxKeys: 5,
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withObjectString: true,
      withSparseArray: true,
      withTypedArray: true,
    }),
  },
  { weight: 2, arbitrary: nastyString },
  { weight: 1, arbitrary: hugeString },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 2, arbitrary: oddNumber },
  { weight: 2, arbitrary: oddObject },
  { weight: 1, arbitrary: pollutingObject },
  { weight: 1, arbitrary: deepNesting },
)

/** Paths to every value inside `value` (the root included), through arrays and plain objects. */
function paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []) {
  out.push(prefix)
  if (Array.isArray(value)) for (let i = 0; i < value.length; i++) paths(value[i], [...prefix, i], out)
  else if (isPlain(value)) for (const key of Object.keys(value)) paths(value[key], [...prefix, key], out)
  return out
}

function isPlain(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype
}

/**
 * What a caller's `toJSON` produces: a fresh random mark on every call, remembered. The fake
 * WeCom flags a body holding a mark made while the SDK call ran. A generator may call a toJSON
 * itself (the `stringify` mutation does) and so put a mark into a perfectly valid string, but
 * only a mark made before the call: one made during it cannot be guessed, whatever the seed.
 */
const marks: string[] = []
function smuggledMark(): string {
  const mark = `HOSTILE_REPLACED_BODY_${globalThis.crypto.randomUUID()}`
  marks.push(mark)
  return mark
}
/** How many marks were made so far: pass it to `marksSince` to get those made after. */
export const marksMade = (): number => marks.length
export const marksSince = (count: number): readonly string[] => marks.slice(count)

/** Values a JSON body cannot carry as they are: they fail to serialise, or change on the way. */
const unsendable: fc.Arbitrary<unknown> = fc.oneof(
  factories<unknown>(
    () => 1n,
    () => () => ({ smuggled: smuggledMark() }),
    () => Symbol('unsendable'),
    () => new Date(0),
    () => new Map([['a', 1]]),
    () => ({ toJSON: () => ({ smuggled: smuggledMark() }) }),
    () => Number.NaN,
    () => {
      const cycle: Record<string, unknown> = {}
      cycle.self = cycle
      return cycle
    },
  ),
  deepNesting,
)

/** Ways to send more than was checked: a `toJSON`, or a value JSON turns into something else or fails on. */
const smuggled = factories<[string, unknown]>(
  () => ['toJSON', () => ({ smuggled: smuggledMark() })],
  () => ['extra', { toJSON: () => ({ smuggled: smuggledMark() }) }],
  () => ['extra', { nested: { toJSON: () => smuggledMark() } }],
  () => ['extra', 1n],
  () => {
    const cycle: Record<string, unknown> = {}
    cycle.self = cycle
    return ['extra', cycle]
  },
)

/** Pieces that break a string in a URL, a query, a CSV, an XML or a terminal. */
const ODD_PIECES = [
  '\ud800',
  '\udfff',
  '\u0000',
  ' ',
  '%',
  '%zz',
  '#',
  '?',
  '&',
  '=',
  '/',
  '../',
  '中',
  '😀',
  '\u202e',
  '\r\n',
  '"',
  "'",
  '<',
  ']]>',
]

interface SimilarPick {
  mode: 'insert' | 'replace'
  at: number
  piece: string
  text: string
  number: number
  numberMode: 'replace' | 'negate' | 'fraction' | 'huge'
}
const similarPick: fc.Arbitrary<SimilarPick> = fc.record({
  mode: fc.constantFrom('insert', 'insert', 'insert', 'replace'),
  at: fc.nat(),
  piece: fc.constantFrom(...ODD_PIECES),
  text: fc.oneof(nastyString, hugeString, fc.string({ unit: 'binary', minLength: 1, maxLength: 20 })),
  number: oddNumber,
  numberMode: fc.constantFrom('replace', 'negate', 'fraction', 'huge'),
})

/**
 * An odd value of the same type: a string stays a string (mostly the valid one with an odd
 * piece inside, so that its other checks still pass), a number stays a number.
 */
function similar(current: unknown, pick: SimilarPick): unknown {
  if (typeof current === 'string') {
    if (pick.mode === 'replace') return pick.text
    const at = pick.at % (current.length + 1)
    return current.slice(0, at) + pick.piece + current.slice(at)
  }
  if (typeof current === 'number') {
    if (pick.numberMode === 'negate') return -current
    if (pick.numberMode === 'fraction') return current + 0.5
    if (pick.numberMode === 'huge') return current * 2 ** 32
    return pick.number
  }
  return current
}

type Mutation =
  | { kind: 'replace'; value: unknown }
  | { kind: 'similar'; pick: SimilarPick }
  | { kind: 'smuggle'; key: string; value: unknown }
  | { kind: 'remove' }
  | { kind: 'addKey'; key: string; value: unknown }
  | { kind: 'pollute'; with: Record<string, unknown> }
  | { kind: 'nullPrototype' }
  | { kind: 'stringify' }
  | { kind: 'wrap' }

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 8, arbitrary: junk.map((value) => ({ kind: 'replace', value }) as const) },
  { weight: 6, arbitrary: similarPick.map((pick) => ({ kind: 'similar', pick }) as const) },
  { weight: 2, arbitrary: smuggled.map(([key, value]) => ({ kind: 'smuggle', key, value }) as const) },
  { weight: 1, arbitrary: fc.constant({ kind: 'remove' } as const) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom('__proto__', 'constructor', 'prototype', 'extra', 'toJSON', 'then'),
        fc.oneof(junk, unsendable),
      )
      .map(([key, value]) => ({ kind: 'addKey', key, value }) as const),
  },
  { weight: 1, arbitrary: pollutingObject.map((w) => ({ kind: 'pollute', with: w }) as const) },
  { weight: 1, arbitrary: fc.constant({ kind: 'nullPrototype' } as const) },
  { weight: 1, arbitrary: fc.constant({ kind: 'stringify' } as const) },
  { weight: 1, arbitrary: fc.constant({ kind: 'wrap' } as const) },
)

function define(target: object, key: string, value: unknown) {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

function apply(root: unknown[], path: (string | number)[], m: Mutation): unknown[] {
  if (path.length === 0) return root // the argument list itself stays a list
  try {
    mutateAt(root, path, m)
  } catch {
    // An earlier mutation may have put a frozen object or a BigInt there: leave it as it is.
  }
  return root
}

function mutateAt(root: unknown[], path: (string | number)[], m: Mutation): void {
  const parent = path.slice(0, -1).reduce<any>((at, key) => at?.[key], root)
  const key = path[path.length - 1]!
  if (parent === null || typeof parent !== 'object') return
  const current = parent[key]
  switch (m.kind) {
    case 'replace':
      parent[key] = m.value
      break
    case 'remove':
      if (Array.isArray(parent)) parent.splice(Number(key), 1)
      else delete parent[key]
      break
    case 'addKey':
      if (current !== null && typeof current === 'object') {
        define(current, m.key, m.value)
        // fast-check prints arrays with map, which an own `constructor` breaks (species).
        if (Array.isArray(current) && m.key === 'constructor') {
          Object.defineProperty(current, fc.toStringMethod, {
            value: () => `<array of ${current.length} with an own "constructor">`,
          })
        }
      } else parent[key] = m.value
      break
    case 'pollute':
      if (isPlain(current)) for (const k of Object.keys(m.with)) define(current, k, m.with[k])
      else parent[key] = m.with
      break
    case 'nullPrototype':
      parent[key] = isPlain(current) ? Object.assign(Object.create(null), current) : Object.create(null)
      break
    case 'stringify':
      parent[key] = typeof current === 'number' ? String(current) : JSON.stringify(current ?? null)
      break
    case 'wrap':
      parent[key] = [current]
      break
    case 'similar':
      parent[key] = similar(current, m.pick)
      break
    case 'smuggle':
      // Onto the nearest object: the value itself, or the object holding it.
      define(current !== null && typeof current === 'object' ? current : parent, m.key, m.value)
      break
  }
}

/**
 * Near misses of a valid argument list: one to three of its parts mutated. `sample` makes a
 * fresh list on each call, so mutations never leak from one run into another.
 */
export function nearMiss(sample: () => unknown[]): fc.Arbitrary<unknown[]> {
  const where = paths(sample()).filter((p) => p.length > 0)
  if (where.length === 0) return fc.array(junk, { maxLength: 2 })
  return fc
    .array(fc.tuple(fc.constantFrom(...where), mutation), { minLength: 1, maxLength: 3 })
    .map((mutations) => mutations.reduce((args, [path, m]) => apply(args, path, m), sample()))
}

/**
 * Known hazards, one per part of a valid call, always run first: a lone surrogate at the end of
 * every string (encodeURIComponent throws on it), NaN, -1 and 1.5 for every number, a `toJSON`,
 * a BigInt and a `__proto__` key smuggled onto every object.
 */
export function hazards(sample: () => unknown[]): unknown[][] {
  const out: unknown[][] = []
  for (const path of paths(sample()).filter((p) => p.length > 0)) {
    const at = path.reduce<any>((value, key) => value?.[key], sample())
    const variants: Mutation[] = []
    if (typeof at === 'string') {
      variants.push({ kind: 'similar', pick: { ...PICK, at: at.length, piece: '\ud800' } })
    } else if (typeof at === 'number') {
      for (const number of [Number.NaN, -1]) variants.push({ kind: 'replace', value: number })
      variants.push({ kind: 'similar', pick: { ...PICK, numberMode: 'fraction' } })
    } else if (isPlain(at)) {
      variants.push({ kind: 'smuggle', key: 'toJSON', value: () => ({ smuggled: smuggledMark() }) })
      variants.push({ kind: 'smuggle', key: 'extra', value: 1n })
      variants.push({ kind: 'pollute', with: JSON.parse(`{"__proto__": {"${POLLUTION_MARK}": "yes"}}`) })
    }
    for (const m of variants) out.push(apply(sample(), path, m))
  }
  return out
}
const PICK: SimilarPick = { mode: 'insert', at: 0, piece: '', text: '', number: 0, numberMode: 'replace' }

/** Argument lists for a function whose valid arguments look like `sample()`. */
export function hostileArgs(sample: () => unknown[]): fc.Arbitrary<unknown[]> {
  const arity = sample().length
  return fc.oneof(
    { weight: 2, arbitrary: fc.array(junk, { maxLength: arity + 2 }) },
    { weight: 5, arbitrary: nearMiss(sample) },
  )
}

/** A short, safe description of a value for failure messages (huge strings cut). */
export function describe(value: unknown): string {
  try {
    const text = fc.stringify(value)
    return text.length > 300 ? `${text.slice(0, 300)}…(${text.length} chars)` : text
  } catch {
    return Object.prototype.toString.call(value)
  }
}
