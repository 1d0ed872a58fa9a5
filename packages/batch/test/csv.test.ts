import {
  csvField,
  DEPARTMENT_CSV_HEADER,
  departmentsToCsv,
  toCsv,
  USER_CSV_HEADER,
  type UserCsvRow,
  usersToCsv,
} from '@wecom-kit/batch'
import { WeComValidationError } from '@wecom-kit/core'
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'

const awkward = [
  'comma, inside',
  'a "quoted" word',
  'line\nbreak',
  'crlf\r\nbreak',
  '"starts with a quote',
  '研发部，销售部', // a full-width comma is just text
  '  spaces kept  ',
  '',
]

describe('toCsv', () => {
  it('round-trips awkward values through a real CSV parser', () => {
    const rows = awkward.map((value, i) => [String(i), value])
    const parsed = parse(toCsv(rows), { relax_column_count: false }) as string[][]
    expect(parsed).toEqual(rows)
  })

  it('ends every row with CRLF and quotes only what needs it', () => {
    expect(toCsv([['a', 'b,c', 'd"e']])).toBe('a,"b,c","d""e"\r\n')
  })
})

describe('usersToCsv', () => {
  const rows: UserCsvRow[] = [
    {
      name: '张三',
      userid: 'zhangsan',
      mobile: '13800000001',
      department: [1, 2],
      gender: '1',
      position: '工程师, 后端',
    },
    {
      name: '李 "四"',
      userid: 'lisi',
      email: 'lisi@example.com',
      department: 3,
      isLeaderInDept: [1],
      order: [10],
      disabled: true,
    },
    {
      name: '王五',
      userid: 'wangwu',
      mobile: '13800000003',
      department: [4],
      address: '广州市\n海珠区',
      gender: 2,
    },
  ]

  it("writes WeCom's member template: header, ;-joined departments, 男/女, 0/1 flags", () => {
    const parsed = parse(usersToCsv(rows)) as string[][]
    expect(parsed[0]).toEqual([...USER_CSV_HEADER])
    const byHeader = parsed.slice(1).map((r) => Object.fromEntries(USER_CSV_HEADER.map((h, i) => [h, r[i]])))
    expect(byHeader[0]).toMatchObject({
      姓名: '张三',
      帐号: 'zhangsan',
      手机号: '13800000001',
      所在部门: '1;2',
      性别: '男',
      职位: '工程师, 后端',
    })
    expect(byHeader[1]).toMatchObject({
      姓名: '李 "四"',
      邮箱: 'lisi@example.com',
      所在部门: '3',
      是否部门内领导: '1',
      排序: '10',
      禁用: '1',
    })
    expect(byHeader[2]).toMatchObject({ 地址: '广州市\n海珠区', 性别: '女', 禁用: '' })
  })

  it('checks rows first and names the bad row in the issue path', () => {
    const bad = [...rows, { name: '赵六', userid: 'bad id', mobile: '1380000', department: [] }]
    let error: unknown
    try {
      usersToCsv(bad as never)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(WeComValidationError)
    const paths = (error as WeComValidationError).issues.map((i) => i.path)
    expect(paths).toEqual(expect.arrayContaining(['3.userid', '3.department']))
  })

  it('needs a mobile or an email on every row', () => {
    expect(() => usersToCsv([{ name: 'A', userid: 'a', department: 1 }])).toThrow(WeComValidationError)
  })
})

describe('departmentsToCsv', () => {
  it("writes WeCom's department template", () => {
    const csv = departmentsToCsv([
      { name: '示例科技', id: 1, parentid: 0 },
      { name: '研发, 一部', id: 2, parentid: 1, order: 100 },
    ])
    expect(parse(csv)).toEqual([
      [...DEPARTMENT_CSV_HEADER],
      ['示例科技', '1', '0', ''],
      ['研发, 一部', '2', '1', '100'],
    ])
  })

  it('rejects a name WeCom forbids', () => {
    expect(() => departmentsToCsv([{ name: 'a/b|c', id: 2, parentid: 1 }])).toThrow(WeComValidationError)
  })
})

describe('hostile input (pinned)', () => {
  it('toCsv and csvField take strings, finite numbers, null and undefined; anything else is a WeComValidationError', () => {
    expect(toCsv([['a,b', 1, null, undefined]])).toBe('"a,b",1,,\r\n')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    const odd: [string, () => unknown, string][] = [
      ['rows that are not an array', () => toCsv(undefined as never), ''],
      ['a row that is not an array', () => toCsv(['a,b'] as never), '0'],
      ['an object field', () => toCsv([['a', Object.create(null)]] as never), '0.1'],
      ['a NaN field', () => toCsv([[Number.NaN]]), '0.0'],
      ['an object for csvField', () => csvField({ toString: () => 'x' } as never), ''],
      ['a symbol for csvField', () => csvField(Symbol('x') as never), ''],
    ]
    for (const [label, run, path] of odd) {
      let error: unknown
      try {
        run()
      } catch (e) {
        error = e
      }
      expect(error, label).toBeInstanceOf(WeComValidationError)
      expect((error as WeComValidationError).issues[0]!.path, label).toBe(path)
    }
  })
})
