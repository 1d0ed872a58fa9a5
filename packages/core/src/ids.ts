import * as v from 'valibot'

// The identifiers every WeCom resource shares, checked the same way everywhere.
// Rules from the official 创建成员 / 创建部门 / 创建标签 pages (document/path/90195, 90205, 90210).

/** 1–64 of letters, digits and `_-@.`, starting with a letter or digit. */
export const UserId = v.pipe(
  v.string('userid must be a string'),
  v.minLength(1, 'userid must not be empty'),
  v.maxLength(64, 'userid must be at most 64 characters'),
  v.regex(
    /^[A-Za-z0-9][A-Za-z0-9_\-@.]*$/,
    'userid may only hold letters, digits and _-@., starting with a letter or digit',
  ),
)

/** A positive department id (1 is the root), a signed 32-bit integer as WeCom stores it. */
export const DepartmentId = v.pipe(
  v.number('department id must be a number'),
  v.integer('department id must be an integer'),
  v.minValue(1, 'department id must be at least 1'),
  v.maxValue(2 ** 31 - 1, 'department id must be at most 2147483647 (2^31 - 1)'),
)

/** A positive tag id, a signed 32-bit integer. */
export const TagId = v.pipe(
  v.number('tag id must be a number'),
  v.integer('tag id must be an integer'),
  v.minValue(1, 'tag id must be at least 1'),
  v.maxValue(2 ** 31 - 1, 'tag id must be at most 2147483647 (2^31 - 1)'),
)

/** An app's agentid. */
export const AgentId = v.pipe(
  v.number('agentId must be a number'),
  v.integer('agentId must be an integer'),
  v.minValue(0, 'agentId must not be negative'),
  v.maxValue(2 ** 31 - 1, 'agentId must be at most 2147483647 (2^31 - 1)'),
)
