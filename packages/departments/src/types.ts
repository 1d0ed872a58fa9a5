import type { WeComResult } from '@wecom-kit/core'

// Response shapes with WeCom's own field names (document/path/90208, 95350, 95351).

export interface Department {
  id: number
  name: string
  name_en?: string
  /** userids of the department's leaders. */
  department_leader?: string[]
  /** 0 for the root department. */
  parentid: number
  order: number
}

export interface SimpleDepartment {
  id: number
  parentid: number
  order: number
}

export interface CreateDepartmentResult extends WeComResult {
  id: number
}

export interface ListDepartmentsResult extends WeComResult {
  department: Department[]
}

export interface ListSimpleDepartmentsResult extends WeComResult {
  department_id: SimpleDepartment[]
}

export interface GetDepartmentResult extends WeComResult {
  department: Department
}

export type { WeComResult }
