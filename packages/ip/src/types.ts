import type { WeComResult } from '@wecom-kit/core'

// Response shapes with WeCom's own field names (document/path/92520, 92521).

export interface IpListResult extends WeComResult {
  ip_list: string[]
}

export type { WeComResult }
