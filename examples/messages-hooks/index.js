// Message sending through a flaky WeCom, every attempt visible through the client's hooks.
// The simulator runs as a real HTTP server and is told to fail the next calls of message/send:
// "system busy" answers, a 502 from a proxy, a connection dropped after the request was written.
// What to look for: busy answers are retried; a send that may already have reached people is not
// blindly replayed, unless WeCom's duplicate check makes the replay harmless.
import {
  createClient,
  isWeComApiError,
  isWeComError,
  isWeComHttpError,
  isWeComNetworkError,
} from '@wecom-kit/core'
import { messages } from '@wecom-kit/messages'
import { createWeComSimulator } from '@wecom-kit/testing'

const started = performance.now()
const sim = createWeComSimulator({ corpId: 'wwdemo', corpSecret: 'demo-secret', corpName: '示例科技' })
sim.addUser({ userid: 'zhangsan', name: '张三', mobile: '13800000001' })
sim.addUser({ userid: 'lisi', name: '李四', mobile: '13800000002' })
const server = await sim.listen()

// One readable line per attempt, per answer and per retry. `url` comes from the SDK with the
// token already replaced by `***`: nothing here can leak it into a log.
const where = (url) => url.slice(new URL(url).origin.length)
const hooks = {
  beforeRequest: ({ method, url, attempt }) =>
    console.log(`    → ${method} ${where(url)}  attempt ${attempt}`),
  afterResponse: ({ status, errcode, attempt, durationMs }) =>
    console.log(
      `    ← HTTP ${status}${errcode === undefined ? '' : `, errcode ${errcode}`}  attempt ${attempt}, ${durationMs.toFixed(0)} ms`,
    ),
  onRetry: ({ attempt, retriesLeft, error }) =>
    console.log(
      `    ↻ attempt ${attempt} failed (${describe(error)}); retrying, ${retriesLeft} retries left`,
    ),
}

function describe(error) {
  if (isWeComApiError(error)) return `errcode ${error.errcode}${error.hint ? `, hint: ${error.hint}` : ''}`
  if (isWeComHttpError(error)) return `HTTP ${error.status}`
  if (isWeComNetworkError(error)) return `no answer${error.code ? ` (${error.code})` : ''}`
  return error.message
}

// Small backoff so that the example runs in a moment; the defaults are 200 ms up to 3 s.
const base = {
  corpId: sim.corpId,
  corpSecret: sim.corpSecret,
  agentId: 1000002,
  baseUrl: server.url,
  retry: { retries: 3, minTimeout: 20, maxTimeout: 100 },
  hooks,
}
const plain = createClient(base).with(messages)
const deduplicated = createClient({ ...base, duplicateCheck: true }).with(messages)

const text = (content) => ({ touser: ['zhangsan', 'lisi'], msgtype: 'text', text: { content } })
const card = (title) => ({
  touser: 'zhangsan',
  msgtype: 'textcard',
  textcard: {
    title,
    description: '<div class="gray">2026-05-20</div><div class="highlight">¥1,280.00 待你审批</div>',
    url: 'https://app.example.com/expense/42',
    btntxt: '审批',
  },
})

const outcomes = []
async function scenario(title, client, message, expected, why) {
  console.log(`\n▸ ${title}`)
  try {
    const sent = await client.messages.send(message)
    console.log(`  ✓ sent, msgid ${sent.msgid.slice(0, 12)}…`)
    outcomes.push({ title, outcome: 'sent' })
  } catch (error) {
    if (!isWeComError(error)) throw error
    console.log(`  ✗ ${error.name}: ${error.message}`)
    outcomes.push({ title, outcome: error.name })
  }
  if (why) console.log(`  why: ${why}`)
  const last = outcomes.at(-1).outcome
  check(last === expected, `"${title}" ended with ${last}, expected ${expected}`)
}

function check(condition, what) {
  if (!condition) throw new Error(`check failed: ${what}`)
}

try {
  // -1 means WeCom refused the call without acting on it: replaying it cannot duplicate anything.
  sim.failNext('message/send', { errcode: -1 }, 2)
  await scenario(
    'WeCom busy twice (errcode -1): retried, then sent',
    plain,
    text('周五 18:00 发布窗口'),
    'sent',
  )

  // `processed: true`: WeCom delivered the message, then the answer was lost on the way back.
  // The client cannot tell that from a 502 before delivery, so it must not send again: a replay
  // would put the same card in front of people twice. The caller gets a typed error and decides.
  sim.failNext('message/send', { status: 502, body: '<html>502 Bad Gateway</html>', processed: true })
  await scenario(
    'A 502 after WeCom delivered, no duplicate check: not replayed',
    plain,
    card('报销单待审批 #41'),
    'WeComHttpError',
    'a 5xx may come after WeCom delivered (here it did): a replay could show the card twice',
  )

  sim.failNext('message/send', { drop: true, processed: true })
  await scenario(
    'Connection dropped after the send was written, no duplicate check: not replayed',
    plain,
    text('机房巡检：今晚 22:00 断电演练'),
    'WeComNetworkError',
    'the request was written before the connection died: WeCom may have delivered it (here it did)',
  )

  // With `duplicateCheck: true` every send carries enable_duplicate_check: 1, so WeCom answers an
  // identical body within the interval with the first send's msgid instead of delivering again.
  // Now a replay is safe, and the client treats these sends like reads.
  sim.failNext('message/send', { drop: true, processed: true })
  sim.failNext('message/send', { status: 502, processed: true })
  await scenario(
    'Dropped, then 502, both after delivery, duplicateCheck on: replayed, delivered once',
    deduplicated,
    text('服务器告警：磁盘 92%'),
    'sent',
    'WeCom answered the replays with the first msgid instead of delivering again',
  )

  sim.failNext('message/send', { errcode: -1 })
  sim.failNext('message/send', { drop: true, processed: true })
  await scenario(
    'Busy, then dropped after delivery, duplicateCheck on',
    deduplicated,
    card('报销单待审批 #42'),
    'sent',
  )

  // What WeCom actually delivered: every message reached people once, whatever the client saw.
  console.log('\n▸ What the simulator delivered')
  const deliveries = sim.deliveries()
  for (const d of deliveries) {
    const what = d.msgtype === 'text' ? d.body.text.content : d.body.textcard.title
    const absorbed = sim.sentMessages().find((m) => m.msgid === d.msgids[0]).duplicates
    console.log(`  delivered ${d.count}×, replays absorbed ${absorbed}  ${d.msgtype.padEnd(8)} ${what}`)
  }
  check(
    deliveries.length === outcomes.length,
    `${outcomes.length} messages delivered, got ${deliveries.length}`,
  )
  check(
    deliveries.every((d) => d.count === 1),
    'every message delivered exactly once',
  )
  check(sim.sentMessages().length === outcomes.length, 'no extra deliveries')

  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  console.log(
    `\n${outcomes.length} messages, each delivered exactly once; ${sim.countCalls('message/send')} message/send calls, ` +
      `${outcomes.filter((o) => o.outcome !== 'sent').length} failures left to the caller. Done in ${seconds} s.`,
  )
} finally {
  await server.close()
}
