import type { WeComResult } from '@wecom-kit/core'

// Response shapes with WeCom's own field names (document/path/90975, 90983).

export interface InviteResult extends WeComResult {
  invaliduser?: string[]
  invalidparty?: number[]
  invalidtag?: number[]
}

export interface JobStarted extends WeComResult {
  jobid: string
}

/** 1 started, 2 running, 3 done. */
export type JobStatus = 1 | 2 | 3

export interface UserJobItem {
  userid: string
  errcode: number
  errmsg: string
}

/** `action` bits: 1 create, 2 rename, 4 move, 8 reorder. */
export interface PartyJobItem {
  action: number
  partyid: number
  errcode: number
  errmsg: string
}

interface JobResultBase extends WeComResult {
  status: JobStatus
  total: number
  /** 0–100. */
  percentage: number
}

export interface UserJobResult extends JobResultBase {
  type: 'sync_user' | 'replace_user' | 'invite_user'
  /** Present once the job is done (status 3): one entry per row. */
  result?: UserJobItem[]
}

export interface PartyJobResult extends JobResultBase {
  type: 'replace_party'
  result?: PartyJobItem[]
}

export type JobResult = UserJobResult | PartyJobResult

export interface JobProgress {
  jobId: string
  status: JobStatus
  percentage: number
  total: number
}

export type { WeComResult }
