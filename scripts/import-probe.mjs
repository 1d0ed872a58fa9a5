// Loads one built entry file in a fresh process and prints, as JSON, everything it did while
// loading: calls to timers, fetch, console, process listeners; new or changed globals and
// built-in prototypes; environment changes; handles left open. `"sideEffects": false` promises
// a bundler that dropping an unused import changes nothing, so the list must be empty.
// Usage: node scripts/import-probe.mjs <file>   (.cjs is required, anything else imported)
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'

const file = process.argv[2]
const effects = []
const restore = []
const write = process.stdout.write.bind(process.stdout)
const setImmediateOriginal = globalThis.setImmediate

// Node defines many globals (fetch, Request, AbortController…) as getters that replace
// themselves on first read; read them all now so that a module that merely reads one does
// not look like it changed it.
for (const key of Reflect.ownKeys(globalThis)) void globalThis[key]

function watch(object, key, label) {
  const original = object[key]
  if (typeof original !== 'function') return
  object[key] = function (...args) {
    effects.push(`calls ${label}`)
    return original.apply(this, args)
  }
  restore.push(() => {
    object[key] = original
  })
}

for (const key of ['fetch', 'setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask']) {
  watch(globalThis, key, key)
}
for (const key of ['log', 'info', 'warn', 'error', 'debug', 'trace']) watch(console, key, `console.${key}`)
for (const key of ['on', 'once', 'addListener', 'prependListener', 'emitWarning', 'exit']) {
  watch(process, key, `process.${key}`)
}
watch(process.stdout, 'write', 'process.stdout.write')
watch(process.stderr, 'write', 'process.stderr.write')

// Objects whose own properties a polyfill or a patch would touch.
const watched = {
  globalThis,
  Error,
  'Object.prototype': Object.prototype,
  'Array.prototype': Array.prototype,
  'Function.prototype': Function.prototype,
  'String.prototype': String.prototype,
  'Promise.prototype': Promise.prototype,
}
const snapshot = (object) =>
  new Map(Reflect.ownKeys(object).map((key) => [key, Object.getOwnPropertyDescriptor(object, key)]))
const before = Object.entries(watched).map(([label, object]) => [label, object, snapshot(object)])
const envBefore = JSON.stringify(process.env)
const countResources = () =>
  process.getActiveResourcesInfo().reduce((n, type) => n.set(type, (n.get(type) ?? 0) + 1), new Map())
const resourcesBefore = countResources()

try {
  if (file.endsWith('.cjs')) createRequire(import.meta.url)(file)
  else await import(pathToFileURL(file).href)
} catch (error) {
  effects.push(`fails to load: ${error?.message ?? error}`)
}
// Anything the module scheduled for "soon" shows up within a turn of the event loop.
await new Promise((resolve) => setImmediateOriginal(resolve))

for (const [label, object, old] of before) {
  const now = snapshot(object)
  for (const [key, descriptor] of now) {
    const was = old.get(key)
    const name = `${label}.${String(key)}`
    if (!was) effects.push(`adds ${name}`)
    else if (!['value', 'get', 'set'].every((part) => Object.is(was[part], descriptor[part]))) {
      effects.push(`changes ${name}`)
    }
  }
  for (const key of old.keys()) if (!now.has(key)) effects.push(`deletes ${label}.${String(key)}`)
}
if (JSON.stringify(process.env) !== envBefore) effects.push('changes process.env')
for (const fn of restore) fn()
for (const [type, count] of countResources()) {
  if (count > (resourcesBefore.get(type) ?? 0)) effects.push(`leaves a ${type} open`)
}

// Watched functions were restored above, so only this line reaches stdout.
write(`${JSON.stringify(effects)}\n`)
process.exit(0)
