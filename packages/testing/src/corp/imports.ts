import type { Failure } from '../wecom/answer.js'
import { fail, isFailure } from '../wecom/answer.js'
import { CsvError, parseCsvBytes } from '../wecom/csv.js'
import { errcodeMessage } from '../wecom/errcodes.js'
import {
  ACTION,
  checkName,
  childrenOf,
  createDepartment,
  hasMembers,
  removeDepartment,
  updateDepartment,
} from './departments.js'
import { createMember, deleteMember, findMember, updateMember } from './members.js'
import type {
  BatchJobType,
  CorpState,
  ImportRow,
  PartyJobResult,
  StoredDepartment,
  UserJobResult,
} from './state.js'
import { isId, isUint32, type JsonObject } from './values.js'

/**
 * Columns of WeCom's member templates (姓名,帐号,手机号,邮箱,所在部门,职位,性别,是否部门内领导,排序,
 * 别名,地址,座机,禁用,禁用项说明：(0-启用;1-禁用)), matched by name in any order: "可自行添加扩展字段",
 * so unknown columns are ignored (the last one of the template only explains 禁用). Newer templates
 * write 账号 for 帐号.
 */
const USER_COLUMNS: Readonly<Record<string, string>> = {
  姓名: 'name',
  帐号: 'userid',
  账号: 'userid',
  手机号: 'mobile',
  邮箱: 'email',
  所在部门: 'department',
  职位: 'position',
  性别: 'gender',
  是否部门内领导: 'is_leader_in_dept',
  排序: 'order',
  别名: 'alias',
  地址: 'address',
  座机: 'telephone',
  禁用: 'disabled',
}

/** The department template: 部门名称,部门ID,父部门ID,排序. */
const PARTY_COLUMNS: Readonly<Record<string, string>> = {
  部门名称: 'name',
  部门ID: 'id',
  父部门ID: 'parentid',
  排序: 'order',
}

/** "CSV文件中，部门名称、部门ID、父部门ID为必填字段"; a member file needs at least the userid. */
const REQUIRED: Record<'user' | 'party', string[]> = { user: ['userid'], party: ['name', 'id', 'parentid'] }

/** Text fields a member row sets as they are. */
const TEXT_FIELDS = ['name', 'mobile', 'email', 'position', 'alias', 'address', 'telephone'] as const

/** Where imports put departments they do not know: "会在其他（待设置部门下）新建此部门". */
const UNSET_PARENT_NAME = '待设置部门'

/**
 * The rows of an import file, keyed by field. 40092 "导入文件存在不合法的内容" when it is not CSV,
 * lacks a required column or has no data row ("不允许上传空文件").
 */
export function readImportFile(bytes: Uint8Array, type: BatchJobType): ImportRow[] | Failure {
  let records: string[][]
  try {
    records = parseCsvBytes(bytes)
  } catch (error) {
    if (error instanceof CsvError) return fail(40092, error.message)
    throw error
  }
  records = records.filter((record) => record.some((cell) => cell.trim() !== ''))
  const [header, ...data] = records
  if (!header) return fail(40092, 'empty file')

  const kind = type === 'replace_party' ? 'party' : 'user'
  const known = kind === 'party' ? PARTY_COLUMNS : USER_COLUMNS
  const columns = header.map((title) => known[normalizeTitle(title)])
  for (const field of REQUIRED[kind]) {
    if (!columns.includes(field)) return fail(40092, `no ${field} column`)
  }
  if (data.length === 0) return fail(40092, 'no data row')

  return data.map((cells) => {
    const row: ImportRow = {}
    columns.forEach((field, index) => {
      if (field !== undefined && !(field in row)) row[field] = (cells[index] ?? '').trim()
    })
    return row
  })
}

/** `姓名*`, `部门ID(必填)`, ` 排序 ` all name their column. */
function normalizeTitle(title: string): string {
  return title
    .trim()
    .replace(/[（(]必填[)）]$/, '')
    .replace(/\*$/, '')
    .trim()
}

/**
 * sync_user and replace_user (document/path/90980, 90981): members are keyed by userid; a member
 * in the file is added or updated with the fields the file gives (empty cells change nothing:
 * "文件中没指定的字段，不更新"); replace_user then deletes the members the file leaves out, unless
 * that would delete "多于50人，且多于现有人数的20%" or "少于50人，且多于现有人数的80%": then nothing
 * happens and the job fails with 45026. Each row gets its own errcode, as user/create would answer.
 */
export function applyUserRows(
  state: CorpState,
  rows: ImportRow[],
  mode: 'sync' | 'replace',
): UserJobResult[] | Failure {
  let leaving: string[] = []
  if (mode === 'replace') {
    const listed = new Set(rows.map((row) => (row.userid ?? '').toLowerCase()).filter((key) => key !== ''))
    leaving = [...state.members.keys()].filter((key) => !listed.has(key))
    const present = state.members.size
    const deleting = leaving.length
    if ((deleting > 50 && deleting > present * 0.2) || (deleting < 50 && deleting > present * 0.8)) {
      return fail(45026, `${deleting} of ${present} members would be deleted`)
    }
  }

  // Departments created for unknown ids must not take an id a later row asks for.
  const mentioned = rows.flatMap((row) => departmentIds(row.department ?? '') ?? [])
  const reservedUpTo = Math.max(0, ...mentioned)
  const result = rows.map((row) => applyUserRow(state, row, reservedUpTo))
  for (const key of leaving) deleteMember(state, key)
  settlePendingPartyDeletes(state)
  return result
}

function applyUserRow(state: CorpState, row: ImportRow, reservedUpTo: number): UserJobResult {
  const userid = row.userid ?? ''
  const outcome = (errcode: number): UserJobResult => ({
    userid,
    errcode,
    errmsg: errcode === 0 ? 'ok' : errcodeMessage(errcode),
  })

  const fields: JsonObject = { userid }
  for (const field of TEXT_FIELDS) {
    const value = row[field]
    if (value) fields[field] = value
  }
  if (row.department) {
    const ids = departmentIds(row.department)
    if (!ids) return outcome(60003)
    ensureDepartments(state, ids, reservedUpTo)
    fields.department = ids
  }
  if (row.order) {
    const orders = splitList(row.order).map(Number)
    if (!orders.every(isUint32)) return outcome(40058)
    fields.order = orders
  }
  if (row.is_leader_in_dept) {
    const flags = splitList(row.is_leader_in_dept).map((flag) => FLAGS[flag])
    if (!flags.every((flag) => flag !== undefined)) return outcome(40058)
    fields.is_leader_in_dept = flags
  }
  if (row.gender) {
    const gender = GENDERS[row.gender]
    if (gender === undefined) return outcome(40058)
    fields.gender = gender
  }
  if (row.disabled) {
    const disabled = FLAGS[row.disabled]
    if (disabled === undefined) return outcome(40058)
    fields.enable = disabled === 1 ? 0 : 1
  }

  const member = findMember(state, userid)
  const applied = member
    ? updateMember(state, { ...fields, userid: member.userid }, { strict: true })
    : createMember(state, fields, { strict: true })
  return outcome(isFailure(applied) ? applied.errcode : 0)
}

const FLAGS: Readonly<Record<string, 0 | 1>> = { '0': 0, '1': 1, 否: 0, 是: 1, 启用: 0, 禁用: 1 }
const GENDERS: Readonly<Record<string, string>> = { '0': '0', '1': '1', '2': '2', 男: '1', 女: '2' }

/** `2;3` (also `；`) → [2, 3]; undefined when one is not a department id. */
function departmentIds(cell: string): number[] | undefined {
  if (cell === '') return []
  const ids = splitList(cell).map((item) => (/^\d+$/.test(item) ? Number(item) : Number.NaN))
  return ids.every(isId) ? ids : undefined
}

function splitList(cell: string): string[] {
  return cell
    .split(/[;；]/)
    .map((item) => item.trim())
    .filter((item) => item !== '')
}

/** Unknown department ids become departments named after their id under 待设置部门. */
function ensureDepartments(state: CorpState, ids: number[], reservedUpTo: number): void {
  const missing = ids.filter((id) => !state.departments.has(id))
  if (missing.length === 0) return
  const root = rootOf(state)
  let holder = childrenOf(state, root.id).find((department) => department.name === UNSET_PARENT_NAME)
  if (!holder) {
    const id = Math.max(reservedUpTo, ...state.departments.keys()) + 1
    const created = createDepartment(state, { name: UNSET_PARENT_NAME, parentid: root.id, id })
    if (isFailure(created)) return
    holder = created
  }
  for (const id of missing) createDepartment(state, { name: String(id), parentid: holder.id, id })
}

function rootOf(state: CorpState): StoredDepartment {
  for (const department of state.departments.values()) if (department.parentid === 0) return department
  throw new Error('the corp has no root department')
}

interface PartyRow {
  index: number
  id: number | undefined
  name: string
  parentid: number | undefined
  order: number | undefined
  /** Set when the row cannot be applied as read. */
  errcode: number
}

/**
 * replace_party (document/path/90982): keyed by department id, "任务完成后企业的通讯录组织架构与提交的
 * 文件完全保持一致": departments in the file are created or updated (rows are applied parents first,
 * whatever their order in the file); departments left out are deleted when empty, otherwise kept
 * until a later member import empties them ("当下次导入成员把人从部门移出后自动删除"). "排序为可选字段，
 * 置空或填0不修改排序". One result per row with the action bits it carried out.
 */
export function applyPartyRows(state: CorpState, rows: ImportRow[]): PartyJobResult[] {
  const root = rootOf(state)
  const parsed = rows.map((row, index) => readPartyRow(row, index))
  const seen = new Set<number>()
  for (const row of parsed) {
    if (row.id === undefined) continue
    if (seen.has(row.id) && row.errcode === 0) row.errcode = 60008
    seen.add(row.id)
  }
  const results: PartyJobResult[] = parsed.map((row) => ({
    action: 0,
    partyid: row.id ?? 0,
    errcode: row.errcode,
    errmsg: row.errcode === 0 ? 'ok' : errcodeMessage(row.errcode),
  }))

  // Parents first: a row waits while its new parent is a row not applied yet.
  let waiting = parsed.filter((row) => row.errcode === 0)
  for (let progress = true; progress; ) {
    progress = false
    const waitingIds = new Set(waiting.map((row) => row.id))
    for (const row of waiting) {
      if (row.id !== root.id && waitingIds.has(row.parentid)) continue
      const outcome = applyPartyRow(state, row, root)
      const result = results[row.index]
      if (result) Object.assign(result, outcome)
      waiting = waiting.filter((other) => other !== row)
      waitingIds.delete(row.id)
      progress = true
    }
  }
  // Whatever still waits has a parent chain that loops among the file's rows.
  for (const row of waiting) {
    const result = results[row.index]
    if (result) Object.assign(result, { errcode: 60010, errmsg: errcodeMessage(60010) })
  }

  // The file is the whole tree now: what an earlier import left pending is judged again.
  state.pendingPartyDeletes.clear()
  for (const department of [...state.departments.values()]) {
    if (department.id !== root.id && !seen.has(department.id)) state.pendingPartyDeletes.add(department.id)
  }
  settlePendingPartyDeletes(state)
  return results
}

function readPartyRow(row: ImportRow, index: number): PartyRow {
  const id = /^\d+$/.test(row.id ?? '') ? Number(row.id) : undefined
  const parentid = /^\d+$/.test(row.parentid ?? '') ? Number(row.parentid) : undefined
  const orderCell = row.order ?? ''
  const order = orderCell === '' || orderCell === '0' ? undefined : Number(orderCell)
  const parsed: PartyRow = { index, id, name: row.name ?? '', parentid, order, errcode: 0 }
  if (id === undefined || !isId(id)) parsed.errcode = 60123
  else if (parentid === undefined) parsed.errcode = 60004
  else if (order !== undefined && !isUint32(order)) parsed.errcode = 40058
  else {
    const name = checkName(parsed.name, 'name')
    if (isFailure(name)) parsed.errcode = name.errcode
  }
  return parsed
}

function applyPartyRow(
  state: CorpState,
  row: PartyRow,
  root: StoredDepartment,
): Pick<PartyJobResult, 'action' | 'errcode' | 'errmsg'> {
  const done = (action: number, failure?: Failure) => ({
    action,
    errcode: failure?.errcode ?? 0,
    errmsg: failure ? errcodeMessage(failure.errcode) : 'ok',
  })
  const current = row.id === undefined ? undefined : state.departments.get(row.id)
  if (!current) {
    const created = createDepartment(state, {
      id: row.id,
      name: row.name,
      parentid: row.parentid,
      order: row.order,
    })
    return isFailure(created) ? done(ACTION.create, created) : done(ACTION.create)
  }
  const intended =
    (row.name !== current.name ? ACTION.rename : 0) |
    (current.id !== root.id && row.parentid !== current.parentid ? ACTION.move : 0) |
    (row.order !== undefined && row.order !== current.order ? ACTION.reorder : 0)
  const updated = updateDepartment(state, {
    id: current.id,
    name: row.name,
    // The root stays the root whatever its row says.
    ...(current.id === root.id ? {} : { parentid: row.parentid }),
    ...(row.order === undefined ? {} : { order: row.order }),
  })
  return isFailure(updated) ? done(intended, updated) : done(updated.action)
}

/** Deletes the departments waiting for deletion that have become empty, deepest first. */
function settlePendingPartyDeletes(state: CorpState): void {
  for (let deleted = true; deleted; ) {
    deleted = false
    for (const id of state.pendingPartyDeletes) {
      if (!state.departments.has(id)) {
        state.pendingPartyDeletes.delete(id)
      } else if (!hasMembers(state, id) && childrenOf(state, id).length === 0) {
        removeDepartment(state, id)
        deleted = true
      }
    }
  }
}
