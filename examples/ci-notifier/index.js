// Runs notify.js the way a CI job would (a child process with the CI's environment) against the
// local WeCom simulator, then checks what the group robot received. Exits non-zero on a mismatch.
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { createWeComSimulator } from '@wecom-kit/testing'

const run = promisify(execFile)
const notifyScript = fileURLToPath(new URL('./notify.js', import.meta.url))
const started = performance.now()

const sim = createWeComSimulator()
const server = await sim.listen()
const robot = sim.addWebhook({ name: 'CI 通知' })
// The robot's address on the simulator, as the CI secret would hold WeCom's.
const webhookUrl = `${server.url}webhook/send?key=${robot.key}`

let failures = 0
function check(condition, what) {
  console.log(`  ${condition ? '✓' : '✗'} ${what}`)
  if (!condition) failures++
}

/** One CI job: notify.js with these variables, as GitHub Actions would set them. */
async function job(title, variables) {
  console.log(`\n▸ ${title}`)
  const before = sim.webhookMessages(robot.key).length
  const { stdout, stderr } = await run(process.execPath, [notifyScript], {
    env: {
      PATH: process.env.PATH,
      WECOM_WEBHOOK_URL: webhookUrl,
      GITHUB_WORKFLOW: 'release',
      GITHUB_RUN_NUMBER: '128',
      GITHUB_REF_NAME: 'main',
      GITHUB_SHA: '9f1c2e3d4b5a69788776655443322110ffeeddcc',
      GITHUB_ACTOR: 'zhangsan',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'example/shop',
      GITHUB_RUN_ID: '4242',
      ...variables,
    },
  })
  console.log(stdout.trimEnd().replace(/^/gm, '  │ '))
  check(!`${stdout}${stderr}`.includes(robot.key), 'the job log does not show the robot key')
  return sim.webhookMessages(robot.key).slice(before)
}

try {
  const passed = await job('a build that passed: a template card', {
    BUILD_STATUS: 'success',
    BUILD_DURATION: '192',
  })
  check(passed.length === 1, 'one message posted')
  const card = passed[0]?.body.template_card
  check(passed[0]?.msgtype === 'template_card' && card?.card_type === 'text_notice', 'as a text_notice card')
  check(card?.main_title.title === 'release #128 通过', `titled "${card?.main_title.title}"`)
  check(
    JSON.stringify(card?.horizontal_content_list) ===
      JSON.stringify([
        { keyname: '分支', value: 'main' },
        { keyname: '提交', value: '9f1c2e3' },
        { keyname: '触发人', value: 'zhangsan' },
        { keyname: '耗时', value: '3 分 12 秒' },
      ]),
    'with branch, commit, author and duration',
  )
  check(card?.card_action.url === 'https://github.com/example/shop/actions/runs/4242', 'linking to the run')

  const failed = await job('a build that failed: a card, then an @-mention', {
    BUILD_STATUS: 'failure',
    NOTIFY_MENTION: 'zhangsan,lisi',
  })
  check(failed.length === 2, 'two messages posted')
  check(failed[0]?.body.template_card?.main_title.title === 'release #128 失败', 'the card says it failed')
  check(
    failed[1]?.msgtype === 'text' &&
      JSON.stringify(failed[1].body.text.mentioned_list) === '["zhangsan","lisi"]',
    'and the text @-mentions zhangsan and lisi',
  )

  const markdown = await job('NOTIFY_FORMAT=markdown', { BUILD_STATUS: 'success', NOTIFY_FORMAT: 'markdown' })
  check(markdown[0]?.msgtype === 'markdown', 'posted as markdown')
  check(
    markdown[0]?.body.markdown.content.startsWith('**release #128** <font color="info">通过</font>'),
    'with the result in colour',
  )

  console.log('\n▸ a revoked robot: the job fails, and its log still does not show the key')
  const revoked = await run(process.execPath, [notifyScript], {
    env: {
      PATH: process.env.PATH,
      WECOM_WEBHOOK_URL: `${server.url}webhook/send?key=revoked-robot-key-0001`,
    },
  }).catch((error) => error)
  check(revoked.code === 1, 'notify.js exits 1')
  check(
    /93000/.test(revoked.stderr) && !revoked.stderr.includes('revoked-robot-key-0001'),
    'reporting 93000, key hidden',
  )
  console.log(revoked.stderr.trimEnd().replace(/^/gm, '  │ '))

  const total = sim.webhookMessages(robot.key).length
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  console.log(`\n${total} messages in the group, ${failures} failed checks. Done in ${seconds} s.`)
} finally {
  await server.close()
}
if (failures > 0) process.exit(1)
