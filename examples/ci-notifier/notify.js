#!/usr/bin/env node
// Posts a CI build result to a WeCom group robot (群机器人): what a CI job runs as its last step.
//
//   WECOM_WEBHOOK_URL=https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=… node notify.js
//
// The robot's address is a secret (whoever has the key posts to the group): keep it in the CI's
// secret store. The build comes from the CI's own variables (GitHub Actions, GitLab CI) or from
// explicit ones:
//
//   BUILD_STATUS     success | failure | cancelled (GitHub: set it from `job.status`)
//   BUILD_NAME       pipeline or workflow name          BUILD_NUMBER  run number
//   BUILD_BRANCH     branch                             BUILD_COMMIT  commit sha
//   BUILD_AUTHOR     who triggered it                   BUILD_URL     link to the run
//   BUILD_DURATION   seconds
//   NOTIFY_FORMAT    card (default: a template card) | markdown
//   NOTIFY_MENTION   userids to @ when the build did not pass, comma-separated ("@all" works)
//
// Exits 0 once WeCom accepted the message(s), 1 otherwise; never prints the key.
import { isWeComError } from '@wecom-kit/core'
import { createWebhookBot, redactWebhookUrl } from '@wecom-kit/webhook'

const env = process.env

/** The build, from explicit variables first, then GitHub Actions', then GitLab CI's. */
export function buildFromEnv(e = env) {
  const github = e.GITHUB_SERVER_URL && e.GITHUB_REPOSITORY && e.GITHUB_RUN_ID
  return {
    status: (e.BUILD_STATUS ?? e.CI_JOB_STATUS ?? 'success').toLowerCase(),
    name: e.BUILD_NAME ?? e.GITHUB_WORKFLOW ?? e.CI_PROJECT_PATH ?? 'build',
    number: e.BUILD_NUMBER ?? e.GITHUB_RUN_NUMBER ?? e.CI_PIPELINE_IID ?? '',
    branch: e.BUILD_BRANCH ?? e.GITHUB_REF_NAME ?? e.CI_COMMIT_REF_NAME ?? '',
    commit: (e.BUILD_COMMIT ?? e.GITHUB_SHA ?? e.CI_COMMIT_SHA ?? '').slice(0, 7),
    author: e.BUILD_AUTHOR ?? e.GITHUB_ACTOR ?? e.GITLAB_USER_LOGIN ?? '',
    url:
      e.BUILD_URL ??
      (github
        ? `${e.GITHUB_SERVER_URL}/${e.GITHUB_REPOSITORY}/actions/runs/${e.GITHUB_RUN_ID}`
        : e.CI_PIPELINE_URL),
    durationSeconds: e.BUILD_DURATION ? Number(e.BUILD_DURATION) : undefined,
  }
}

const LOOK = {
  success: { word: '通过', english: 'passed', color: 'info', desc_color: 3 },
  failure: { word: '失败', english: 'failed', color: 'warning', desc_color: 2 },
  cancelled: { word: '取消', english: 'cancelled', color: 'comment', desc_color: 0 },
}

function duration(seconds) {
  if (seconds === undefined || !Number.isFinite(seconds)) return undefined
  const m = Math.floor(seconds / 60)
  return m ? `${m} 分 ${Math.round(seconds % 60)} 秒` : `${Math.round(seconds)} 秒`
}

/** A text_notice template card: the title, the key facts, a button to the run. */
export function buildCard(build) {
  const look = LOOK[build.status] ?? LOOK.failure
  const title = `${build.name}${build.number ? ` #${build.number}` : ''} ${look.word}`
  const facts = [
    ['分支', build.branch],
    ['提交', build.commit],
    ['触发人', build.author],
    ['耗时', duration(build.durationSeconds)],
  ].filter(([, value]) => value)
  return {
    msgtype: 'template_card',
    template_card: {
      card_type: 'text_notice',
      source: { desc: 'CI', desc_color: look.desc_color },
      // WeCom suggests at most 26 characters for a title.
      main_title: { title: [...title].slice(0, 26).join(''), desc: `build ${look.english}` },
      emphasis_content: { title: look.word, desc: '构建结果' },
      horizontal_content_list: facts
        .slice(0, 6)
        .map(([keyname, value]) => ({ keyname, value: String(value) })),
      ...(build.url
        ? {
            jump_list: [{ type: 1, url: build.url, title: '查看构建' }],
            card_action: { type: 1, url: build.url },
          }
        : { card_action: { type: 1, url: 'https://work.weixin.qq.com' } }),
    },
  }
}

/** The same as markdown, for groups where cards are not wanted. */
export function buildMarkdown(build) {
  const look = LOOK[build.status] ?? LOOK.failure
  const lines = [
    `**${build.name}${build.number ? ` #${build.number}` : ''}** <font color="${look.color}">${look.word}</font>`,
    build.branch && `> 分支：${build.branch}`,
    build.commit && `> 提交：\`${build.commit}\``,
    build.author && `> 触发人：${build.author}`,
    duration(build.durationSeconds) && `> 耗时：${duration(build.durationSeconds)}`,
    build.url && `[查看构建](${build.url})`,
  ]
  return { msgtype: 'markdown', markdown: { content: lines.filter(Boolean).join('\n') } }
}

/** Posts the result; on a build that did not pass, @-mentions whoever should look. */
export async function notify({ target, build, format = 'card', mention = [], log = console.log, fetch }) {
  const robot = createWebhookBot(target, fetch ? { fetch } : {})
  log(`posting ${build.status} of ${build.name} to ${robot.toJSON().url}`)
  await robot.send(format === 'markdown' ? buildMarkdown(build) : buildCard(build))
  if (build.status !== 'success' && mention.length > 0) {
    await robot.send({
      msgtype: 'text',
      text: {
        content: `${build.name} ${LOOK[build.status]?.word ?? build.status}，请查看`,
        mentioned_list: mention,
      },
    })
  }
}

async function main() {
  const url = env.WECOM_WEBHOOK_URL
  const key = env.WECOM_WEBHOOK_KEY
  if (!url && !key) {
    console.error('Set WECOM_WEBHOOK_URL (the robot webhook address) or WECOM_WEBHOOK_KEY.')
    return 1
  }
  const target = url ? { url } : { key }
  const mention = (env.NOTIFY_MENTION ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean)
  try {
    await notify({ target, build: buildFromEnv(), format: env.NOTIFY_FORMAT, mention })
    console.log('posted')
    return 0
  } catch (error) {
    // wecom-kit's errors never hold the key; anything else is shown redacted to be sure.
    const message = isWeComError(error) ? error.message : redactWebhookUrl(String(error?.message ?? error))
    console.error(`could not post: ${message}`)
    return 1
  }
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await main()
