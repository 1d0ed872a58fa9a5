// The wecom-kit demo: what a real integration does, against the bundled simulator. Swap the
// simulator's URL for WeCom's (leave out baseUrl) and real credentials, and it runs for real.
import { createWeComSimulator } from '@wecom-kit/testing'
import { createWeComClient, isWeComApiError, usersToCsv } from 'wecom-kit'

const started = performance.now()
const sim = createWeComSimulator({ corpId: 'wwdemo', corpSecret: 'demo-secret', corpName: '示例科技' })
const server = await sim.listen()
const step = (text) => console.log(`\n▸ ${text}`)

try {
  const wecom = createWeComClient({
    corpId: 'wwdemo',
    corpSecret: 'demo-secret',
    agentId: 1000002,
    baseUrl: server.url,
  })

  step('Department tree')
  const dept = async (name, parentid) => (await wecom.departments.create({ name, parentid })).id
  const rd = await dept('研发中心', 1)
  const backend = await dept('后端', rd)
  const frontend = await dept('前端', rd)
  const sales = await dept('销售部', 1)
  const east = await dept('华东', sales)
  const south = await dept('华南', sales)
  console.log('  6 departments created')

  step('Members, one by one')
  const leads = [
    { userid: 'zhangsan', name: '张三', department: [rd], position: '研发总监', mobile: '13800000001' },
    { userid: 'lisi', name: '李四', department: [backend], position: '后端组长', mobile: '13800000002' },
    {
      userid: 'wangwu',
      name: '王五',
      department: [frontend],
      position: '前端组长',
      email: 'wangwu@example.com',
    },
    {
      userid: 'zhaoliu',
      name: '赵六',
      department: [sales, east],
      position: '销售总监',
      mobile: '13800000004',
    },
  ]
  for (const lead of leads) await wecom.users.create(lead)
  console.log(`  ${leads.length} members created`)

  step('Tags')
  const { tagid } = await wecom.tags.create('管理层')
  const tagged = await wecom.tags.addUsers(tagid, [...leads.map((l) => l.userid), 'nobody'])
  console.log(`  管理层: ${leads.length} tagged, refused: ${tagged.invalidUsers.join(', ')}`)

  step('Batch import: 300 members from CSV')
  const teams = [backend, frontend, east, south]
  const rows = Array.from({ length: 300 }, (_, i) => ({
    name: `员工${String(i + 1).padStart(3, '0')}`,
    userid: `staff${String(i + 1).padStart(3, '0')}`,
    mobile: `139${String(i + 1).padStart(8, '0')}`,
    department: teams[i % teams.length],
    position: i % 25 === 0 ? '组长' : '工程师',
  }))
  const csv = usersToCsv(rows)
  const { media_id } = await wecom.media.upload('file', new Blob([csv]), { filename: '通讯录.csv' })
  const { jobid } = await wecom.batch.syncUsers(media_id, { toInvite: false })
  const result = await wecom.batch.waitForResult(jobid, {
    intervalMs: 100,
    onProgress: ({ percentage }) => bar(percentage),
  })
  process.stdout.write('\n')
  const failed = (result.result ?? []).filter((r) => r.errcode !== 0)
  console.log(`  ${result.total} rows imported, ${failed.length} failed`)

  step('Messages')
  const text = await wecom.messages.send({
    toparty: [rd],
    msgtype: 'text',
    text: { content: '研发中心：周五 18:00 发布窗口，请提前合并代码。' },
  })
  const card = await wecom.messages.send({
    touser: ['zhangsan', 'zhaoliu', 'ghost'],
    msgtype: 'textcard',
    textcard: {
      title: '季度预算待审批',
      description: '<div class="gray">2026 Q4</div><div class="highlight">研发中心 ¥1,280,000</div>',
      url: 'https://app.example.com/budget/2026q4',
      btntxt: '审批',
    },
  })
  for (const sent of sim.sentMessages()) {
    console.log(
      `  ${sent.msgtype.padEnd(9)} → ${sent.recipients.length} people  (msgid ${sent.msgid.slice(0, 12)}…)`,
    )
  }
  console.log(
    `  the card could not reach: ${card.invalidUsers.join(', ')}; the text reached everyone: ${text.invalidUsers.length === 0}`,
  )

  step('JS-SDK page signature')
  const url = 'https://app.example.com/approve?id=42#/detail'
  const config = await wecom.jssdk.getConfig({ url, jsApiList: ['scanQRCode', 'previewFile'] })
  const verified = sim.verifyJsapiSignature({
    url,
    nonceStr: config.nonceStr,
    timestamp: config.timestamp,
    signature: config.signature,
  })
  console.log(`  wx.config ${JSON.stringify({ ...config, signature: `${config.signature.slice(0, 10)}…` })}`)
  console.log(`  signature verifies: ${verified}`)

  step('A typed error, with what to do about it')
  try {
    await wecom.users.get('nobody')
  } catch (error) {
    if (!isWeComApiError(error)) throw error
    console.log(`  ${error.name} ${error.errcode}: ${error.hint}`)
  }

  step('Summary: the department tree with head counts')
  const { department_id: tree } = await wecom.departments.listSimple()
  const { department: details } = await wecom.departments.list()
  const names = new Map(details.map((d) => [d.id, d.name]))
  const children = (id) => tree.filter((d) => d.parentid === id).sort((a, b) => b.order - a.order)
  const countOf = async (id) => (await wecom.users.listByDepartment(id, { fetchChild: true })).userlist.length
  const print = async (id, depth) => {
    console.log(`  ${'    '.repeat(depth)}${names.get(id)} (${await countOf(id)})`)
    for (const child of children(id)) await print(child.id, depth + 1)
  }
  await print(1, 0)
  console.log(
    `\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s: ${sim.requests.length} WeCom calls, ${sim.countCalls('gettoken')} gettoken.`,
  )
} finally {
  await server.close()
}

function bar(percentage) {
  const width = 30
  const full = Math.round((percentage / 100) * width)
  process.stdout.write(
    `\r  [${'█'.repeat(full)}${'░'.repeat(width - full)}] ${String(percentage).padStart(3)}%`,
  )
}
