import type { ResolvedOptions } from '../options.js'
import type { Member } from '../types.js'

/** A department as stored; `department_leader` is derived from members when read. */
export interface StoredDepartment {
  id: number
  name: string
  name_en: string
  parentid: number
  order: number
}

/** A member as stored: the `user/get` shape plus what other endpoints need. */
export interface StoredMember extends Member {
  /** What `user/convert_to_openid` answers; fixed for the member's life, as in WeCom. */
  openid: string
}

export interface TokenRecord {
  expiresAt: number
}

export interface OAuthCodeRecord {
  userid: string
  scope: 'snsapi_base' | 'snsapi_privateinfo'
  deviceId: string
  expiresAt: number
}

/** Placeholder until the tags endpoints land: `batch/invite` already checks tag ids against it. */
export interface StoredTag {
  tagid: number
  tagname: string
}

/** The whole in-memory corp. Both faces share one, through `handle()`. */
export interface CorpState {
  readonly options: ResolvedOptions
  readonly departments: Map<number, StoredDepartment>
  /** Keyed by lower-cased userid: WeCom userids are case-insensitive. Insertion order = creation order. */
  readonly members: Map<string, StoredMember>
  readonly tags: Map<number, StoredTag>
  readonly tokens: Map<string, TokenRecord>
  readonly oauthCodes: Map<string, OAuthCodeRecord>
  /** `user/list_id` cursors → offset of the next page. */
  readonly cursors: Map<string, number>
}

/** Root department order as real corps show it (`"parentid":0,"order":100000000`). */
export const ROOT_ORDER = 100_000_000

export function createCorpState(options: ResolvedOptions): CorpState {
  const root: StoredDepartment = {
    id: 1,
    name: options.corpName,
    name_en: '',
    parentid: 0,
    order: ROOT_ORDER,
  }
  return {
    options,
    departments: new Map([[root.id, root]]),
    members: new Map(),
    tags: new Map(),
    tokens: new Map(),
    oauthCodes: new Map(),
    cursors: new Map(),
  }
}
