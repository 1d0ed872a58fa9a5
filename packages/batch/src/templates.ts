import { parseInput } from '@wecom-kit/core/resource-kit'
import * as v from 'valibot'
import { toCsv } from './csv.js'
import { DepartmentCsvRow, UserCsvRow } from './schemas.js'

/** Header of the member templates (batch/syncuser and batch/replaceuser), as WeCom ships it. */
export const USER_CSV_HEADER = [
  '姓名',
  '帐号',
  '手机号',
  '邮箱',
  '所在部门',
  '职位',
  '性别',
  '是否部门内领导',
  '排序',
  '别名',
  '地址',
  '座机',
  '禁用',
  '禁用项说明：(0-启用;1-禁用)',
] as const

/** Header of the department template (batch/replaceparty). */
export const DEPARTMENT_CSV_HEADER = ['部门名称', '部门ID', '父部门ID', '排序'] as const

const GENDER = { '1': '男', '2': '女' } as const

/**
 * Members → the CSV of WeCom's member template, ready for media.upload('file', …) and
 * batch.syncUsers / replaceUsers. Rows are checked first; a bad row throws a
 * WeComValidationError whose paths start with the row index.
 */
export function usersToCsv(rows: readonly UserCsvRow[]): string {
  const checked = parseInput(v.array(UserCsvRow), rows, 'user rows')
  return toCsv([
    USER_CSV_HEADER,
    ...checked.map((r) => [
      r.name,
      r.userid,
      r.mobile,
      r.email,
      (Array.isArray(r.department) ? r.department : [r.department]).join(';'),
      r.position,
      r.gender === undefined ? '' : GENDER[String(r.gender) as '1' | '2'],
      r.isLeaderInDept?.join(';'),
      r.order?.join(';'),
      r.alias,
      r.address,
      r.telephone,
      r.disabled === undefined ? '' : r.disabled ? 1 : 0,
      '',
    ]),
  ])
}

/** Departments → the CSV of WeCom's department template, for batch.replaceParty. */
export function departmentsToCsv(rows: readonly DepartmentCsvRow[]): string {
  const checked = parseInput(v.array(DepartmentCsvRow), rows, 'department rows')
  return toCsv([DEPARTMENT_CSV_HEADER, ...checked.map((r) => [r.name, r.id, r.parentid, r.order])])
}
