// Runs in a child Node process (bundled from the sources by child-process.ts) against a fault
// server in the parent. It never calls process.exit: the parent measures how soon the process
// ends by itself once the last call settled, which it only does with no timer, socket or
// listener left behind. Reports are JSON lines on stdout.
import { writeSync } from 'node:fs'
import { createClient, isWeComError } from '@wecom-kit/core'
import { messages } from '@wecom-kit/messages'
import { type ChildConfig, CODE, LOAD_KINDS, LOAD_SCENARIOS } from './protocol.js'
import { AGENT_ID, CORP_ID, guardOf, outcomeOf, RETRY, runScenario, SCENARIOS, SECRET } from './scenarios.js'

let unhandled = 0
process.on('unhandledRejection', (reason) => {
  unhandled++
  report({ type: 'unhandled', reason: String((reason as Error)?.stack ?? reason) })
})
// Written synchronously: the last word of the process, after every timer and socket is gone.
process.on('exit', (code) => report({ type: 'exit', code, unhandled, at: performance.now() }))

function report(message: Record<string, unknown>) {
  writeSync(1, `${JSON.stringify(message)}\n`)
}

const config = JSON.parse(process.env.RELIABILITY_CHILD ?? 'null') as ChildConfig

async function faults(c: Extract<ChildConfig, { mode: 'faults' }>) {
  const base = (name: string, refused: boolean) =>
    refused ? `http://127.0.0.1:${c.refusedPort}/${name}/cgi-bin/` : `${c.origin}/${name}/cgi-bin/`
  const storm = async () => {
    const client = createClient({
      corpId: CORP_ID,
      corpSecret: SECRET,
      baseUrl: base('storm', false),
      // The first calls wait in the server until the thousandth arrives: unpaced, since pacing
      // would hold all but 50 of them back.
      timeout: 30_000,
      retry: RETRY,
      rateLimit: false,
    })
    const outcomes = await Promise.all(
      Array.from({ length: c.storm }, (_, i) =>
        outcomeOf(client.request('user/get', { query: { userid: `user${i}` } })),
      ),
    )
    report({
      type: 'storm',
      failed: outcomes.filter((o) => !o.ok),
      // Answers handed to the wrong call.
      mismatched: outcomes.filter((o, i) => o.ok && o.value.userid !== `user${i}`).length,
      at: performance.now(),
    })
  }
  // Sixteen rows at a time: all of them at once would slow a two-core machine enough for
  // calls that must not time out to do so.
  let next = 0
  const rows = async () => {
    for (let s = SCENARIOS[next++]; s; s = SCENARIOS[next++]) {
      const run = await runScenario(s, base(s.name, s.refused !== undefined))
      report({ type: 'scenario', name: s.name, run, at: performance.now() })
    }
  }
  await Promise.all(Array.from({ length: 16 }, rows))
  // Alone: 1 000 connections at once would slow the rows above past their timeouts.
  await storm()
}

async function load(c: Extract<ChildConfig, { mode: 'load' }>) {
  const clients = Object.fromEntries(
    Object.entries(LOAD_SCENARIOS).map(([kind, name]) => [
      kind,
      createClient({
        corpId: CORP_ID,
        corpSecret: SECRET,
        agentId: AGENT_ID,
        baseUrl: `${c.origin}/${name}/cgi-bin/`,
        // Long enough never to fire under load: the faults of the load are not timeouts.
        timeout: 10_000,
        retry: RETRY,
        // 10 000 calls and their retries in well under a minute: more than WeCom's budget.
        rateLimit: false,
      }).with(messages),
    ]),
  )
  // Preallocated: the record of outcomes must not grow the heap being measured.
  const codes = new Uint8Array(c.calls)

  const one = async (i: number) => {
    const kind = LOAD_KINDS[i % LOAD_KINDS.length]!
    const id = `c${i}`
    try {
      if (kind === 'get') {
        const user = await clients.get!.request<{ userid?: string }>('user/get', { query: { userid: id } })
        codes[i] = user.userid === id ? CODE.ok : CODE.mismatch
      } else {
        const text = { touser: 'zhangsan', msgtype: 'text' as const, text: { content: id } }
        const sent = await clients[kind]!.messages.send(
          kind === 'send' ? text : { ...text, enable_duplicate_check: 1 },
        )
        codes[i] = sent.msgid.startsWith('MSG') ? CODE.ok : CODE.mismatch
      }
    } catch (error) {
      codes[i] = isWeComError(error) ? CODE[guardOf(error)] : CODE.other
    }
  }

  const heap: { calls: number; heapUsed: number; rss: number }[] = []
  const started = performance.now()
  let next = 0
  for (const checkpoint of c.checkpoints) {
    const end = Math.min(checkpoint, c.calls)
    await Promise.all(
      Array.from({ length: c.concurrency }, async () => {
        while (next < end) await one(next++)
      }),
    )
    // Nothing in flight: what is left on the heap after a full collection is what the SDK keeps.
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setImmediate(resolve))
      globalThis.gc?.()
    }
    heap.push({ calls: end, heapUsed: process.memoryUsage().heapUsed, rss: process.memoryUsage().rss })
  }
  report({
    type: 'load',
    ms: Math.round(performance.now() - started),
    gc: typeof globalThis.gc === 'function',
    heap,
    codes: Buffer.from(codes).toString('base64'),
  })
}

await (config.mode === 'faults' ? faults(config) : load(config))
// What is still open now (idle keep-alive sockets, which undici does not let hold the process).
const active: Record<string, number> = {}
for (const resource of process.getActiveResourcesInfo()) active[resource] = (active[resource] ?? 0) + 1
report({ type: 'done', unhandled, active, at: performance.now() })
