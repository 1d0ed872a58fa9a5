// Tag customers from a CSV: each row names a customer by the mobile number their members noted
// (remark_mobiles) and the corp tags they should carry. The script walks every follow user's
// customers (listFollowUsers, then listByUsers over batches of ≤ 100 userids: one entry per
// customer and follow user), creates the tags that are missing, and marks each relation.
// Checked end to end against the simulator; with WECOM_CORP_ID / WECOM_CONTACT_SECRET it runs
// against your corp instead (read-only unless APPLY=1).
import { readFileSync } from 'node:fs'
import { createClient } from '@wecom-kit/core'
import { externalContact } from '@wecom-kit/external-contact'
import { createWeComSimulator } from '@wecom-kit/testing'

const GROUP = '导入标签'
const real = Boolean(process.env.WECOM_CORP_ID && process.env.WECOM_CONTACT_SECRET)
const apply = !real || process.env.APPLY === '1'

// ---- The corp: the simulator, seeded like a small sales team ---------------------------------

const sim = createWeComSimulator({ corpId: 'wwtagdemo', corpSecret: 'tag-demo-secret' })
let server
if (!real) {
  for (const [userid, name] of [
    ['zhangsan', '张三'],
    ['lisi', '李四'],
    ['wangwu', '王五'],
  ]) {
    sim.addUser({ userid, name, department: [1] })
  }
  const mobile = (n) => ({ remark_mobiles: [`1380000000${n}`] })
  sim.addExternalContact({
    name: '小明',
    follow: [
      { userid: 'zhangsan', ...mobile(1) },
      { userid: 'lisi', ...mobile(1) },
    ],
  })
  sim.addExternalContact({ name: '小红', follow: [{ userid: 'lisi', ...mobile(2) }] })
  sim.addExternalContact({ name: '小刚', follow: [{ userid: 'wangwu', ...mobile(3) }] })
  sim.addExternalContact({ name: '小丽', follow: ['wangwu'] }) // no mobile noted: not in the CSV
  sim.addCorpTagGroup(GROUP, ['VIP'])
  server = await sim.listen()
}
const client = createClient(
  real
    ? { corpId: process.env.WECOM_CORP_ID, corpSecret: process.env.WECOM_CONTACT_SECRET }
    : { corpId: sim.corpId, corpSecret: sim.corpSecret, baseUrl: server.url },
).with(externalContact)

// ---- The CSV ----------------------------------------------------------------------------------

/** `a,"b;c"` lines → cells (quotes may hold commas; `""` is a quote). */
function parseCsv(text) {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) =>
      [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map(([, cell]) =>
        cell.replace(/^"|"$/g, '').replaceAll('""', '"').trim(),
      ),
    )
}
const [header, ...rows] = parseCsv(readFileSync(new URL('./customers.csv', import.meta.url), 'utf8'))
const mobileColumn = header.indexOf('手机号')
const tagColumn = header.indexOf('标签')
const wanted = new Map(rows.map((row) => [row[mobileColumn], row[tagColumn].split(';').filter(Boolean)]))
console.log(`CSV: ${wanted.size} customers, tags ${[...new Set([...wanted.values()].flat())].join(', ')}`)

try {
  // ---- Tags: find or create every tag the CSV names, in one group --------------------------

  const tagIds = new Map()
  const { tag_group } = await client.externalContact.listCorpTags()
  for (const group of tag_group)
    for (const tag of group.tag) if (group.group_name === GROUP) tagIds.set(tag.name, tag.id)
  const missing = [...new Set([...wanted.values()].flat())].filter((name) => !tagIds.has(name))
  if (missing.length > 0 && apply) {
    const created = await client.externalContact.addCorpTag({
      group_name: GROUP,
      tag: missing.map((name) => ({ name })),
    })
    for (const tag of created.tag_group.tag) tagIds.set(tag.name, tag.id)
    console.log(`created tags: ${missing.join(', ')}`)
  }

  // ---- Walk every follow user's customers, mark each matching relation ---------------------

  const { follow_user } = await client.externalContact.listFollowUsers()
  console.log(`follow users: ${follow_user.join(', ')}`)
  let seen = 0
  let marked = 0
  const matched = new Set()
  for (let i = 0; i < follow_user.length; i += 100) {
    for await (const { external_contact, follow_info } of client.externalContact.listByUsers(
      follow_user.slice(i, i + 100),
    )) {
      seen++
      const mobile = (follow_info.remark_mobiles ?? []).find((m) => wanted.has(m))
      if (!mobile) continue
      matched.add(mobile)
      const add = wanted
        .get(mobile)
        .map((name) => tagIds.get(name))
        .filter(Boolean)
      const have = new Set(follow_info.tag_id ?? [])
      const add_tag = add.filter((id) => !have.has(id))
      if (add_tag.length === 0) continue
      if (apply)
        await client.externalContact.markTag({
          userid: follow_info.userid,
          external_userid: external_contact.external_userid,
          add_tag,
        })
      marked++
      console.log(`  ${external_contact.name} (${follow_info.userid}): +${wanted.get(mobile).join(', +')}`)
    }
  }
  const unmatched = [...wanted.keys()].filter((mobile) => !matched.has(mobile))
  console.log(
    `walked ${seen} (customer, follow user) pairs, marked ${marked}; not found: ${unmatched.join(', ') || 'none'}`,
  )

  if (!real) {
    // The simulator's own view: each relation carries exactly the CSV's tags.
    const tagsOf = (name, userid) =>
      sim
        .externalContacts()
        .find((c) => c.external_contact.name === name)
        .follow_user.find((f) => f.userid === userid)
        .tags.map((t) => t.tag_name)
        .sort()
    const expected = [
      ['小明', 'zhangsan', ['VIP', '华东']],
      ['小明', 'lisi', ['VIP', '华东']],
      ['小红', 'lisi', ['华东']],
      ['小刚', 'wangwu', ['VIP', '华南']],
      ['小丽', 'wangwu', []],
    ]
    for (const [name, userid, tags] of expected) {
      const got = tagsOf(name, userid)
      if (JSON.stringify(got) !== JSON.stringify([...tags].sort()))
        throw new Error(`${name}/${userid}: ${got} ≠ ${tags}`)
    }
    if (marked !== 4 || unmatched.join() !== '13900000009') throw new Error('unexpected counts')
    console.log('OK: every relation carries the CSV’s tags.')
  }
} catch (error) {
  console.error(error)
  process.exitCode = 1
} finally {
  await server?.close()
}
