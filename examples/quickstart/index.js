// Quick start against the bundled simulator: the same code runs against WeCom itself when
// `baseUrl` is left out and real credentials are given.
import { createClient, isWeComApiError } from '@wecom-kit/core'
import { createWeComSimulator } from '@wecom-kit/testing'
import { users } from '@wecom-kit/users'

const sim = createWeComSimulator({ corpId: 'wwdemo', corpSecret: 'demo-secret', corpName: '示例科技' })
const server = await sim.listen()

try {
  const client = createClient({ corpId: 'wwdemo', corpSecret: 'demo-secret', baseUrl: server.url }).with(
    users,
  )

  // A small directory: 研发 with a 后端 team under it, and 销售.
  const rd = await client.request('department/create', { json: { name: '研发', parentid: 1 } })
  const backend = await client.request('department/create', { json: { name: '后端', parentid: rd.id } })
  const sales = await client.request('department/create', { json: { name: '销售', parentid: 1 } })

  await client.users.create({ userid: 'zhangsan', name: '张三', department: [rd.id], mobile: '13800000001' })
  await client.users.create({ userid: 'lisi', name: '李四', department: [backend.id], mobile: '13800000002' })
  await client.users.create({
    userid: 'wangwu',
    name: '王五',
    department: [sales.id],
    email: 'wangwu@example.com',
  })
  await client.users.update({ userid: 'lisi', position: '后端组长' })

  const { userlist } = await client.users.listByDepartment(1, { fetchChild: true })
  console.log(`Members of the whole corp (${userlist.length}):`)
  for (const member of userlist)
    console.log(`  ${member.userid.padEnd(10)} ${member.name}  departments ${member.department}`)

  const lisi = await client.users.get('lisi')
  console.log(`lisi is ${lisi.name}, ${lisi.position}`)

  console.log(
    'OAuth URL:',
    client.users.getAuthorizeUrl('https://app.example.com/callback', { state: 'home', agentId: 1000002 }),
  )

  try {
    await client.users.get('nobody')
  } catch (error) {
    if (!isWeComApiError(error)) throw error
    console.log(`A typed error: errcode ${error.errcode} (${error.hint})`)
  }
} finally {
  await server.close()
}
