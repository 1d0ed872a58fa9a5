// kf-responder, checked end to end against the simulator: customers write to a customer-service
// account, WeCom's kf_msg_or_event reaches the responder (responder.js, a child process), which
// reads with kf.syncMessages and answers. Mid-sync the responder is killed with SIGKILL; the
// customers keep writing; a new responder starts where the dead one stopped. In the end every
// customer message has exactly one answer, in order.
import { fork } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createWeComSimulator } from '@wecom-kit/testing'

const sim = createWeComSimulator({ corpId: 'wwkfdemo', corpSecret: 'kf-demo-secret' })
const wecom = await sim.listen()
const dir = mkdtempSync(join(tmpdir(), 'kf-responder-'))
const callback = { token: 'kfDemoToken', encodingAesKey: randomBytes(32).toString('base64').slice(0, 43) }
const account = sim.addKfAccount({ name: '售后客服' })

function startResponder(label) {
  const child = fork(fileURLToPath(new URL('./responder.js', import.meta.url)), [], {
    env: {
      ...process.env,
      WECOM_CORP_ID: sim.corpId,
      WECOM_KF_SECRET: sim.corpSecret,
      WECOM_BASE_URL: wecom.url,
      WECOM_CALLBACK_TOKEN: callback.token,
      WECOM_CALLBACK_AES_KEY: callback.encodingAesKey,
      CURSOR_FILE: join(dir, 'cursors.json'),
      KF_ACCOUNTS: account.open_kfid,
      THINK_MS: '120',
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const responder = { child, label, handling: [], caughtUp: undefined, exited: undefined }
  responder.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)))
  responder.ready = new Promise((resolve, reject) => {
    child.on('message', (event) => {
      if (event.event === 'listening') {
        sim.setCallback({ url: event.url, ...callback }) // WeCom's callback URL now points here
        resolve()
      } else if (event.event === 'handling') {
        responder.handling.push(event.content)
        console.log(`  ${label}: handling "${event.content}"`)
        responder.onHandling?.(event.content)
      } else if (event.event === 'caught-up') {
        responder.caughtUp?.()
      } else {
        console.log(`  ${label}:`, event)
      }
    })
    child.once('exit', () => reject(new Error(`${label} exited before listening`)))
  })
  responder.ready.catch(() => {})
  return responder
}

const customers = [{ nickname: '小明' }, { nickname: '小红' }].map((c) => ({
  ...c,
  external_userid: undefined,
}))
async function say(customer, text) {
  const said = await sim.kfCustomerSays(account.open_kfid, text, {
    customer: customer.external_userid
      ? { external_userid: customer.external_userid }
      : { nickname: customer.nickname },
  })
  customer.external_userid = said.external_userid
  return said
}

try {
  console.log('1. The responder starts; two customers write.')
  const first = startResponder('responder #1')
  await first.ready
  let killed
  const dead = new Promise((resolve) => {
    first.onHandling = (content) => {
      if (content === '小红: 第2条' && !killed) {
        killed = content
        console.log(`  -- SIGKILL while it works on "${content}" --`)
        first.child.kill('SIGKILL')
        resolve()
      }
    }
  })
  for (let i = 1; i <= 3; i++) {
    for (const customer of customers) await say(customer, `${customer.nickname}: 第${i}条`)
  }
  await dead
  await first.exited

  console.log('2. While nothing runs, the customers keep writing (WeCom gets no answer from the dead URL).')
  for (const customer of customers) await say(customer, `${customer.nickname}: 还在吗`)

  console.log('3. A new responder starts: it reads from where the dead one stopped.')
  const second = startResponder('responder #2')
  const caughtUp = new Promise((resolve) => {
    second.caughtUp = resolve
  })
  await second.ready
  await caughtUp
  console.log('4. One more message arrives through the callback as usual.')
  await say(customers[0], '小明: 谢谢')
  const total = sim.kfMessages(account.open_kfid).filter((m) => m.origin === 3).length
  const deadline = Date.now() + 10_000
  while (sim.kfSentMessages().length < total && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  second.child.kill('SIGTERM')
  await second.exited

  // Every customer message answered exactly once, in the order written.
  const asked = sim
    .kfMessages(account.open_kfid)
    .filter((m) => m.origin === 3)
    .map((m) => m.text.content)
  const answered = sim
    .kfSentMessages(account.open_kfid)
    .map((m) => m.body.text.content.replace(/^收到：/, ''))
  console.log(`\nasked    ${asked.length}: ${asked.join(' | ')}`)
  console.log(`answered ${answered.length}: ${answered.join(' | ')}`)
  console.log(
    `handled again after the kill: "${second.handling[0]}" (the message in hand when the process died)`,
  )
  const ok =
    JSON.stringify(asked) === JSON.stringify(answered) &&
    second.handling[0] === killed &&
    sim.callbacks().some((c) => 'error' in (c.delivery ?? {}))
  if (!ok) throw new Error('every customer message must be answered exactly once, in order')
  console.log('\nOK: killed mid-sync and restarted, no message lost, none answered twice.')
} catch (error) {
  console.error(error)
  process.exitCode = 1
} finally {
  await wecom.close()
  rmSync(dir, { recursive: true, force: true })
}
