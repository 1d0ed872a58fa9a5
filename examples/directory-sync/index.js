// Directory sync from a CSV file of your own, against the bundled simulator: make the
// departments, turn the rows into WeCom's import template, upload it, run the sync job with a
// progress line, then tag the backend team.
import { readFile } from 'node:fs/promises'
import { batch, usersToCsv } from '@wecom-kit/batch'
import { createClient, isWeComPartialFailureError } from '@wecom-kit/core'
import { departments } from '@wecom-kit/departments'
import { media } from '@wecom-kit/media'
import { tags } from '@wecom-kit/tags'
import { createWeComSimulator } from '@wecom-kit/testing'

const sim = createWeComSimulator({ corpId: 'wwsync', corpSecret: 'sync-secret', corpName: '示例科技' })
const server = await sim.listen()

try {
  const client = createClient({ corpId: 'wwsync', corpSecret: 'sync-secret', baseUrl: server.url }).with(
    departments,
    tags,
    batch,
    media,
  )

  // 1. Departments for the teams in the file.
  const teams = { backend: await client.departments.create({ name: '后端', parentid: 1 }) }
  teams.sales = await client.departments.create({ name: '销售', parentid: 1 })

  // 2. Our own CSV (any layout) → WeCom's member template.
  const rows = parseSimpleCsv(await readFile(new URL('./people.csv', import.meta.url), 'utf8'))
  const csv = usersToCsv(
    rows.map((r) => ({ name: r.name, userid: r.userid, mobile: r.mobile, department: teams[r.team].id })),
  )

  // 3. Upload, sync, wait with progress.
  const { media_id } = await client.media.upload('file', new Blob([csv]), { filename: '通讯录.csv' })
  const { jobid } = await client.batch.syncUsers(media_id, { toInvite: false })
  const result = await client.batch.waitForResult(jobid, {
    intervalMs: 50,
    onProgress: ({ percentage }) => process.stdout.write(`\rsyncing… ${String(percentage).padStart(3)}%`),
  })
  process.stdout.write('\n')
  const failed = (result.result ?? []).filter((row) => row.errcode !== 0)
  console.log(`sync done: ${result.total} rows, ${failed.length} failed`)

  // 4. Tag the backend team; unknown userids come back as invalidUsers, not as an error.
  const { tagid } = await client.tags.create('后端值班')
  const added = await client.tags.addUsers(tagid, ['zhangsan', 'lisi', 'nobody'])
  console.log(
    `tagged: ${(await client.tags.getUsers(tagid)).userlist.map((u) => u.name).join(', ')}; refused: ${added.invalidUsers}`,
  )

  // 5. Deleting several departments stops at the first refusal and says what happened.
  try {
    await client.departments.delete([teams.sales.id, teams.backend.id])
  } catch (error) {
    if (!isWeComPartialFailureError(error)) throw error
    console.log(
      `delete stopped: deleted [${error.succeeded}], failed on ${error.failed}: ${error.cause.errmsg} (${error.cause.errcode})`,
    )
  }
} finally {
  await server.close()
}

/** A tiny parser for this example's simple file (a real app would use a CSV library). */
function parseSimpleCsv(text) {
  const [header, ...lines] = text.trim().split('\n')
  const names = header.split(',')
  return lines.map((line) => {
    const cells = line
      .match(/("([^"]|"")*"|[^,]*)(,|$)/g)
      .map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"'))
    return Object.fromEntries(names.map((n, i) => [n, cells[i]]))
  })
}
