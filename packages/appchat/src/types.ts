import type { WeComResult } from '@wecom-kit/core'

// Answers with WeCom's own field names (document/path/90245, 98914).

export interface CreateAppChatResult extends WeComResult {
  /** The chat's id: the one given, or the one WeCom made up. */
  chatid: string
}

export interface AppChatInfo {
  chatid: string
  name: string
  owner: string
  userlist: string[]
  /** 0 an ordinary chat, 1 a course chat (课程群聊). */
  chat_type?: number
}

export interface GetAppChatResult extends WeComResult {
  chat_info: AppChatInfo
}

export type { WeComResult }
