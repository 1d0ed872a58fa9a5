import { AgentId, charLength, maxBytes, maxChars } from '@wecom-kit/core/resource-kit'
import * as v from 'valibot'

// Rules from the official 应用管理 pages (document/path/90227, 90228, 90229).

const Url = (what: string) =>
  v.pipe(
    v.string(),
    v.url(`${what} must be an absolute URL`),
    v.regex(/^https?:\/\//i, `${what} must be http(s)`),
  )

/** agent/set fields; `agentid` is filled from the client when left out. */
export const SetAgentInput = v.pipe(
  v.object({
    agentid: v.optional(AgentId),
    report_location_flag: v.optional(v.picklist([0, 1], 'report_location_flag must be 0 or 1')),
    logo_mediaid: v.optional(v.pipe(v.string(), v.minLength(1))),
    name: v.optional(v.pipe(v.string(), v.minLength(1, 'name must not be empty'), maxChars(32))),
    description: v.optional(
      v.pipe(
        v.string(),
        v.check((d) => charLength(d) >= 4, 'description must be at least 4 characters'),
        maxChars(120),
      ),
    ),
    redirect_domain: v.optional(v.pipe(v.string(), v.minLength(1), maxBytes(255))),
    isreportenter: v.optional(v.picklist([0, 1], 'isreportenter must be 0 or 1')),
    home_url: v.optional(Url('home_url')),
  }),
  v.check(
    (f) => Object.entries(f).some(([k, value]) => k !== 'agentid' && value !== undefined),
    'give at least one field to change',
  ),
)
export type SetAgentInput = v.InferInput<typeof SetAgentInput>

export { AgentId }
