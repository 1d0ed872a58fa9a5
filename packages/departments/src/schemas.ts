import { DepartmentId } from '@wecom-kit/core/resource-kit'
import * as v from 'valibot'

// Rules from the official 创建部门 / 更新部门 pages (document/path/90205, 90206).

const Uint32 = (what: string) =>
  v.pipe(
    v.number(`${what} must be a number`),
    v.integer(`${what} must be an integer`),
    v.minValue(0, `${what} must not be negative`),
    v.maxValue(2 ** 32 - 1, `${what} must be below 2^32`),
  )

/** 1–64 characters, none of \ : * ? " < > | */
const Name = (what: string) =>
  v.pipe(
    v.string(`${what} must be a string`),
    v.minLength(1, `${what} must not be empty`),
    v.maxLength(64, `${what} must be at most 64 characters`),
    v.regex(/^[^\\:*?"<>|]*$/, `${what} may not contain \\ : * ? " < > |`),
  )

export const CreateDepartmentInput = v.object({
  name: Name('name'),
  name_en: v.optional(Name('name_en')),
  parentid: DepartmentId,
  order: v.optional(Uint32('order')),
  /** Chosen by WeCom when left out; must be greater than 1 when given. */
  id: v.optional(v.pipe(DepartmentId, v.minValue(2, 'id must be greater than 1 (1 is the root)'))),
})
export type CreateDepartmentInput = v.InferInput<typeof CreateDepartmentInput>

/** What department/update can change; `id` names the department. */
const updatable = {
  name: v.optional(Name('name')),
  name_en: v.optional(Name('name_en')),
  parentid: v.optional(DepartmentId),
  order: v.optional(Uint32('order')),
}

const AT_LEAST_ONE = 'give at least one field to change'

export const UpdateDepartmentFields = v.pipe(
  v.object(updatable),
  v.check((f) => Object.values(f).some((value) => value !== undefined), AT_LEAST_ONE),
)
export type UpdateDepartmentFields = v.InferInput<typeof UpdateDepartmentFields>

/** The body of department/update: the id and the fields to change. */
export const UpdateDepartmentInput = v.pipe(
  v.object({ id: DepartmentId, ...updatable }),
  v.check((f) => Object.entries(f).some(([k, value]) => k !== 'id' && value !== undefined), AT_LEAST_ONE),
)

export const DeleteDepartmentsInput = v.union(
  [DepartmentId, v.pipe(v.array(DepartmentId), v.minLength(1, 'give at least one department id'))],
  'give a department id or an array of them',
)

export const OptionalDepartmentId = v.optional(DepartmentId)

export { DepartmentId }
