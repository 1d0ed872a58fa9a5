import type { WeComResult } from '@wecom-kit/core'

// Response shapes with WeCom's own field names (document/path/90227, 90229).

export interface Agent extends WeComResult {
  agentid: number
  name: string
  square_logo_url: string
  description: string
  /** Members who can see the app. */
  allow_userinfos: { user: { userid: string }[] }
  allow_partys: { partyid: number[] }
  allow_tags: { tagid: number[] }
  /** 1 when the app is disabled. */
  close: 0 | 1
  redirect_domain: string
  report_location_flag: 0 | 1
  isreportenter: 0 | 1
  home_url: string
  customized_publish_status?: 0 | 1 | 2
}

export interface AgentSummary {
  agentid: number
  name: string
  square_logo_url: string
}

export interface ListAgentsResult extends WeComResult {
  agentlist: AgentSummary[]
}

export type { WeComResult }
