import { createWeComSimulator } from '@wecom-kit/testing'
import { describe, expect, it } from 'vitest'
import { FACES, useFace } from './support/faces.js'
import { form } from './support/files.js'

const USER_HEADER =
  '姓名,帐号,手机号,邮箱,所在部门,职位,性别,是否部门内领导,排序,别名,地址,座机,禁用,禁用项说明：(0-启用;1-禁用)'
const PARTY_HEADER = '部门名称,部门ID,父部门ID,排序'
const csv = (header: string, ...rows: string[]) => [header, ...rows].join('\n')

describe.each(FACES)('batch import jobs ($name)', (face) => {
  const { sim, call } = useFace(face)

  const submit = async (path: string, file: string | Uint8Array, extra: Record<string, unknown> = {}) => {
    const media_id = sim.addMedia({ bytes: file, filename: 'import.csv' })
    return (await call(path, { json: { media_id, ...extra } })).body
  }
  const poll = async (jobid: string) => (await call('batch/getresult', { query: { jobid } })).body
  const runToEnd = async (jobid: string) => {
    for (;;) {
      const answer = await poll(jobid)
      if (answer.errcode !== 0 || answer.status === 3) return answer
    }
  }

  it('a sync_user job goes 1 → 2 → 3 over polls and changes the directory only when done', async () => {
    sim.addDepartment({ id: 2, name: '研发部' })
    sim.addUser({ userid: 'keep', name: '留下', mobile: '13900000000' })
    sim.addUser({ userid: 'lisi', name: '李四', mobile: '13700000000' })
    const submitted = await submit(
      'batch/syncuser',
      csv(
        USER_HEADER,
        '张三,zhangsan,13800000000,zs@example.com,2,工程师,男,1,10,,,,0,',
        '李四二,lisi,,,1;2,,,,,,,,,',
      ),
    )
    expect(submitted).toEqual({ errcode: 0, errmsg: 'ok', jobid: expect.stringMatching(/^\w{20,64}$/) })
    const { jobid } = submitted

    expect(await poll(jobid)).toEqual({
      errcode: 0,
      errmsg: 'ok',
      status: 1,
      type: 'sync_user',
      total: 2,
      percentage: 0,
    })
    expect(sim.getUser('zhangsan')).toBeUndefined()
    expect(await poll(jobid)).toMatchObject({ status: 2, percentage: 50 })
    expect(sim.getJob(jobid)).toMatchObject({ status: 2, percentage: 50, total: 2 })
    expect(sim.getJob(jobid)?.result).toBeUndefined()
    expect(sim.getUser('zhangsan')).toBeUndefined()

    const done = await poll(jobid)
    expect(done).toEqual({
      errcode: 0,
      errmsg: 'ok',
      status: 3,
      type: 'sync_user',
      total: 2,
      percentage: 100,
      result: [
        { userid: 'zhangsan', errcode: 0, errmsg: 'ok' },
        { userid: 'lisi', errcode: 0, errmsg: 'ok' },
      ],
    })
    expect(sim.getUser('zhangsan')).toMatchObject({
      name: '张三',
      mobile: '13800000000',
      email: 'zs@example.com',
      department: [2],
      position: '工程师',
      gender: '1',
      is_leader_in_dept: [1],
      order: [10],
      enable: 1,
    })
    // Only the fields the file gives change.
    expect(sim.getUser('lisi')).toMatchObject({ name: '李四二', mobile: '13700000000', department: [1, 2] })
    expect(sim.getUser('keep')).toBeDefined()
    // Done stays done.
    expect(await poll(jobid)).toEqual(done)
  })

  it('reports bad rows one by one and still imports the good ones', async () => {
    sim.addUser({ userid: 'taken', name: '已有', mobile: '13800000000' })
    const { jobid } = await submit(
      'batch/syncuser',
      csv(
        USER_HEADER,
        '好人,good,13600000000,,1,,,,,,,,,',
        '坏手机,badmobile,call-me-maybe!,,1,,,,,,,,,',
        ',noname,13500000000,,1,,,,,,,,,',
        '无联系,nocontact,,,1,,,,,,,,,',
        '空格,bad id,13400000000,,1,,,,,,,,,',
        '重号,dup,13800000000,,1,,,,,,,,,',
        '性别,gender,13300000000,,1,,未知性别,,,,,,,',
        '无部门,nodept,13200000000,,,,,,,,,,,',
        '错部门,baddept,13100000000,,x;2,,,,,,,,,',
      ),
    )
    const { result } = await runToEnd(jobid)
    expect(result.map((row: { userid: string; errcode: number }) => [row.userid, row.errcode])).toEqual([
      ['good', 0],
      ['badmobile', 60103],
      ['noname', 60112],
      ['nocontact', 60129],
      ['bad id', 40003],
      ['dup', 60104],
      ['gender', 40058],
      ['nodept', 41019],
      ['baddept', 60003],
    ])
    expect(result[1].errmsg).toBe('invalid mobile')
    expect(sim.users().map((member) => member.userid)).toEqual(['taken', 'good'])
  })

  it('reads quoted fields, escaped quotes, commas and line breaks in quotes, CRLF and a BOM', async () => {
    sim.addDepartment({ id: 2, name: '研发部' })
    sim.addDepartment({ id: 3, name: '测试部' })
    const file =
      '\uFEFF' +
      [
        `"姓名","帐号",手机号,"所在部门",地址,别名,是否部门内领导,排序,禁用`,
        `"王, 五",wangwu,13800000001,"2;3","深圳市
南山区 ""科技园""",老王,1;0,10;20,1`,
        `赵六,zhaoliu,13800000002,2,"",,,,`,
      ].join('\r\n') +
      '\r\n'
    const { jobid } = await submit('batch/syncuser', file)
    const { result } = await runToEnd(jobid)
    expect(result.map((row: { errcode: number }) => row.errcode)).toEqual([0, 0])
    expect(sim.getUser('wangwu')).toMatchObject({
      name: '王, 五',
      department: [2, 3],
      address: '深圳市\n南山区 "科技园"',
      alias: '老王',
      is_leader_in_dept: [1, 0],
      order: [10, 20],
      enable: 0,
      status: 2,
    })
    expect(sim.getUser('zhaoliu')).toMatchObject({ name: '赵六', department: [2], address: '' })
  })

  it('creates departments the file names but the corp lacks, under 待设置部门', async () => {
    const { jobid } = await submit(
      'batch/syncuser',
      csv('姓名,帐号,手机号,所在部门', '张三,zhangsan,138,7;8'),
    )
    expect((await runToEnd(jobid)).result[0].errcode).toBe(0)
    const departments = sim.departments()
    const holder = departments.find((d) => d.name === '待设置部门')
    expect(holder).toMatchObject({ parentid: 1, id: 9 })
    expect(departments.filter((d) => d.parentid === holder?.id).map((d) => d.id)).toEqual([7, 8])
    expect(sim.getUser('zhangsan')?.department).toEqual([7, 8])
  })

  it('replace_user makes the members exactly the file', async () => {
    for (const [i, userid] of ['a', 'b', 'c', 'd', 'e'].entries()) {
      sim.addUser({ userid, name: userid, mobile: `1380000000${i}` })
    }
    sim.addTag({ tagname: '全员', userlist: ['a', 'b', 'c'] })
    const { jobid } = await submit(
      'batch/replaceuser',
      csv('姓名,帐号,手机号,所在部门', 'A,a,,', 'B,b,,', 'F,f,13800000009,1'),
      { to_invite: false },
    )
    const done = await runToEnd(jobid)
    expect(done).toMatchObject({ errcode: 0, status: 3, type: 'replace_user', total: 3 })
    expect(sim.users().map((member) => [member.userid, member.name])).toEqual([
      ['a', 'A'],
      ['b', 'B'],
      ['f', 'F'],
    ])
    expect(sim.tags()[0]?.userlist).toEqual(['a', 'b'])
    expect(sim.getJob(jobid)).toMatchObject({ to_invite: false, errcode: 0 })
  })

  it.each([
    ['55 of 60 (over 50 and over 20 %)', 60, 5, true],
    ['50 of 60 (exactly 50: neither rule)', 60, 10, false],
    ['3 of 3 (under 50, over 80 %)', 3, 0, true],
    ['4 of 5 (exactly 80 %)', 5, 1, false],
    ['51 of 300 (over 50, but 17 %)', 300, 249, false],
  ])('replace_user guards against deleting %s', async (_, present, kept, refused) => {
    for (let i = 0; i < present; i++) sim.addUser({ userid: `u${i}`, name: `u${i}`, mobile: `1${i}` })
    const rows = Array.from({ length: kept }, (_, i) => `u${i},u${i},1${i}`)
    const file = csv('姓名,帐号,手机号,所在部门', ...rows, '新人,newcomer,99999,1')
    const { jobid } = await submit('batch/replaceuser', file)
    const answer = await runToEnd(jobid)
    if (refused) {
      expect(answer.errcode).toBe(45026)
      expect(answer.type).toBe('replace_user')
      expect(sim.users()).toHaveLength(present)
      expect(sim.getUser('newcomer')).toBeUndefined()
      expect(sim.getJob(jobid)).toMatchObject({ status: 3, errcode: 45026 })
      expect(sim.getJob(jobid)?.result).toBeUndefined()
    } else {
      expect(answer.errcode).toBe(0)
      expect(sim.users()).toHaveLength(kept + 1)
    }
  })

  it('replace_party makes the tree the file, parents first, with action bits', async () => {
    sim.addDepartment({ id: 2, name: '研发部', order: 5 })
    sim.addDepartment({ id: 3, name: '前端组', parentid: 2 })
    sim.addDepartment({ id: 4, name: '旧部门' })
    sim.addDepartment({ id: 5, name: '有人的旧部门' })
    sim.addUser({ userid: 'stay', name: '留守', department: [5], mobile: '13800000000' })
    const { jobid } = await submit(
      'batch/replaceparty',
      csv(
        PARTY_HEADER,
        '大前端,3,6,0', // moved under a department created further down, renamed
        '研发中心,2,1,7', // renamed and reordered
        '平台部,6,2,', // created
        '坏名字|,8,1,', // refused
        '孤儿,9,99,', // parent nowhere
      ),
    )
    const done = await runToEnd(jobid)
    expect(done).toMatchObject({ errcode: 0, status: 3, type: 'replace_party', total: 5 })
    expect(done.result).toEqual([
      { action: 2 | 4, partyid: 3, errcode: 0, errmsg: 'ok' },
      { action: 2 | 8, partyid: 2, errcode: 0, errmsg: 'ok' },
      { action: 1, partyid: 6, errcode: 0, errmsg: 'ok' },
      { action: 0, partyid: 8, errcode: 60009, errmsg: expect.any(String) },
      { action: 1, partyid: 9, errcode: 60004, errmsg: expect.any(String) },
    ])
    expect(sim.departments().map(({ id, name, parentid }) => [id, name, parentid])).toEqual([
      [1, '模拟企业', 0],
      [2, '研发中心', 1],
      [3, '大前端', 6],
      [5, '有人的旧部门', 1], // kept while a member is in it
      [6, '平台部', 2],
    ])
    expect(sim.departments().find((d) => d.id === 2)?.order).toBe(7)

    // The next member import that empties it deletes it.
    const { jobid: sync } = await submit('batch/syncuser', csv('姓名,帐号,所在部门', '留守,stay,1'))
    await runToEnd(sync)
    expect(sim.departments().map((d) => d.id)).toEqual([1, 2, 3, 6])
  })

  it('replace_party refuses parent loops within the file', async () => {
    const { jobid } = await submit('batch/replaceparty', csv(PARTY_HEADER, 'A,2,3,', 'B,3,2,', 'C,4,1,'))
    const { result } = await runToEnd(jobid)
    expect(result.map((row: { partyid: number; errcode: number }) => [row.partyid, row.errcode])).toEqual([
      [2, 60010],
      [3, 60010],
      [4, 0],
    ])
  })

  it('refuses what cannot start a job', async () => {
    const imageId = sim.addMedia({ bytes: 'not a csv', filename: 'a.png', type: 'image' })
    const fileId = sim.addMedia({ bytes: csv('姓名,帐号', '张三,zhangsan'), filename: 'a.csv' })
    const cases: Array<[string, Record<string, unknown>, number]> = [
      ['batch/syncuser', {}, 41006],
      ['batch/syncuser', { media_id: 'unknown' }, 40007],
      ['batch/replaceuser', { media_id: imageId }, 40007],
      ['batch/replaceparty', { media_id: imageId }, 40007],
      ['batch/syncuser', { media_id: fileId, to_invite: 'yes' }, 40058],
      [
        'batch/syncuser',
        { media_id: fileId, callback: { url: 'not a url', token: 't', encodingaeskey: 'k' } },
        40057,
      ],
      ['batch/replaceparty', { media_id: fileId }, 40092], // a member file has no department columns
    ]
    for (const [path, json, errcode] of cases) {
      expect([path, (await call(path, { json })).body.errcode]).toEqual([path, errcode])
    }
    expect(sim.jobs()).toEqual([])
  })

  it.each([
    ['an empty file', ''],
    ['a header only', USER_HEADER],
    ['no 帐号 column', csv('姓名,手机号', '张三,138')],
    ['a quote never closed', csv('姓名,帐号', '"张三,zhangsan')],
    ['bytes that are not UTF-8 (GBK)', new Uint8Array([0xd5, 0xc5, 0xc8, 0xfd, 0x2c, 0x61])],
  ])('refuses %s with 40092', async (_, file) => {
    expect((await submit('batch/syncuser', file)).errcode).toBe(40092)
  })

  it('getresult: 40088 for an unknown jobid, 40089 once five newer jobs exist', async () => {
    expect((await poll('nope')).errcode).toBe(40088)
    expect((await call('batch/getresult')).body.errcode).toBe(40088)
    const jobids: string[] = []
    for (let i = 0; i < 6; i++) {
      jobids.push(
        (await submit('batch/syncuser', csv('姓名,帐号,手机号,所在部门', `u${i},u${i},1${i},1`))).jobid,
      )
    }
    expect((await poll(jobids[0] as string)).errcode).toBe(40089)
    // The forgotten job still ran.
    expect(sim.getUser('u0')).toBeDefined()
    expect(sim.jobs().map((job) => job.jobid)).toEqual(jobids.slice(1))
    expect((await poll(jobids[1] as string)).errcode).toBe(0)
  })

  it('jobs apply in submission order, whichever is polled to the end first', async () => {
    const first = await submit('batch/syncuser', csv('姓名,帐号,手机号,所在部门', '一,zhangsan,138,1'))
    const second = await submit('batch/syncuser', csv('姓名,帐号', '二,zhangsan'))
    await runToEnd(second.jobid)
    expect(sim.getUser('zhangsan')?.name).toBe('二')
    expect(sim.getJob(first.jobid)?.status).toBe(3)
  })

  it('setJobSteps(0) finishes on the first poll; finishJobs() runs jobs nobody polls', async () => {
    sim.setJobSteps(0)
    const quick = await submit('batch/syncuser', csv('姓名,帐号,手机号,所在部门', '张三,zhangsan,138,1'))
    expect(await poll(quick.jobid)).toMatchObject({ status: 3, percentage: 100 })
    sim.setJobSteps(5)
    const slow = await submit('batch/syncuser', csv('姓名,帐号,手机号,所在部门', '李四,lisi,139,1'), {
      callback: { url: 'https://example.com/wecom', token: 'tok', encodingaeskey: 'k'.repeat(43) },
    })
    expect(sim.getJob(slow.jobid)).toMatchObject({
      status: 1,
      callback: { url: 'https://example.com/wecom', token: 'tok' },
    })
    sim.finishJobs()
    expect(sim.getUser('lisi')).toBeDefined()
    expect(sim.getJob(slow.jobid)).toMatchObject({ status: 3, percentage: 100, errcode: 0 })
    expect(await poll(slow.jobid)).toMatchObject({ status: 3, result: [{ userid: 'lisi', errcode: 0 }] })
  })

  it('imports a CSV uploaded through media/upload', async () => {
    const file = new TextEncoder().encode(csv(USER_HEADER, '张三,zhangsan,13800000000,,1,,,,,,,,0,'))
    const uploaded = await call('media/upload', {
      query: { type: 'file' },
      body: form(file, '通讯录.csv', 'text/csv'),
    })
    const { jobid } = (await call('batch/replaceuser', { json: { media_id: uploaded.body.media_id } })).body
    expect((await runToEnd(jobid)).result).toEqual([{ userid: 'zhangsan', errcode: 0, errmsg: 'ok' }])
    expect(sim.users().map((member) => member.userid)).toEqual(['zhangsan'])
  })
})

describe.each(FACES)('batch jobs with jobSteps: 4 ($name)', (face) => {
  const { sim, call } = useFace(face, { jobSteps: 4 })

  it('percentage climbs 0, 25, 50, 75, then 100 with the result', async () => {
    const media_id = sim.addMedia({
      bytes: '姓名,帐号,手机号,所在部门\n张三,zhangsan,138,1\n',
      filename: 'a.csv',
    })
    const { jobid } = (await call('batch/syncuser', { json: { media_id } })).body
    const seen: Array<[number, number]> = []
    for (let i = 0; i < 5; i++) {
      const { body } = await call('batch/getresult', { query: { jobid } })
      seen.push([body.status, body.percentage])
    }
    expect(seen).toEqual([
      [1, 0],
      [2, 25],
      [2, 50],
      [2, 75],
      [3, 100],
    ])
  })
})

describe('jobSteps', () => {
  it('must be a whole number, 0 or more', () => {
    expect(() => createWeComSimulator({ jobSteps: -1 })).toThrow(RangeError)
    const sim = createWeComSimulator()
    expect(() => sim.setJobSteps(1.5)).toThrow(RangeError)
  })

  it('setJobSteps lasts until reset()', async () => {
    const sim = createWeComSimulator({ jobSteps: 3 })
    sim.setJobSteps(0)
    sim.reset()
    const token = (await (
      await sim.handle(new Request(`${sim.baseUrl}gettoken?corpid=wwsimcorp&corpsecret=sim-secret`))
    ).json()) as {
      access_token: string
    }
    const media_id = sim.addMedia({
      bytes: '姓名,帐号,手机号,所在部门\n张三,zhangsan,138,1\n',
      filename: 'a.csv',
    })
    const submitted = await sim.handle(
      new Request(`${sim.baseUrl}batch/syncuser?access_token=${token.access_token}`, {
        method: 'POST',
        body: JSON.stringify({ media_id }),
      }),
    )
    const { jobid } = (await submitted.json()) as { jobid: string }
    const polled = await sim.handle(
      new Request(`${sim.baseUrl}batch/getresult?access_token=${token.access_token}&jobid=${jobid}`),
    )
    expect(await polled.json()).toMatchObject({ status: 1, percentage: 0 })
  })
})
