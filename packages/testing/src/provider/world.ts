import { newAccessToken, newOAuthCode } from '../corp/ids.js'
import { findMember } from '../corp/members.js'
import type { CorpState, StoredMember } from '../corp/state.js'
import { corpStateOf, createWeComSimulator, type WeComSimulator } from '../simulator.js'
import { type Failure, fail } from '../wecom/answer.js'
import type { ResolvedProviderOptions } from './options.js'
import type { SuiteNoticeRecord } from './types.js'

// The provider world's own state: tickets, suite/provider tokens, codes, and the corps, each a full
// single-corp simulator whose directory only that corp's tokens can read.

/** "suite_ticket实际有效期为30分钟". */
export const TICKET_TTL_MS = 30 * 60 * 1000
/** get_pre_auth_code: "expires_in": 1200. */
export const PRE_AUTH_CODE_TTL_MS = 1200 * 1000
/** "临时授权码…10分钟内有效", once. */
export const AUTH_CODE_TTL_MS = 10 * 60 * 1000
/** auth/getuserinfo3rd's code: 5 minutes, once, as for auth/getuserinfo. */
export const OAUTH_CODE_TTL_MS = 5 * 60 * 1000
/** "user_ticket … 有效期为1800s". */
export const USER_TICKET_TTL_SECONDS = 1800
/** The app a corp gets when it installs the suite. */
export const SUITE_AGENT_ID = 1000002

export interface Expiring {
  expiresAt: number
}

export interface PreAuthCode extends Expiring {
  /** set_session_info's auth_type: 0 a real install, 1 a test install. */
  authType: number
}

export interface AuthCode extends Expiring {
  corpId: string
  state: string
}

export interface MemberCode extends Expiring {
  corpId: string
  userid: string
}

/** A corp of the world; `auth` once it installed the suite. */
export interface CorpEntry {
  readonly corpId: string
  readonly corpName: string
  readonly sim: WeComSimulator
  readonly openCorpId: string
  auth: CorpAuth | undefined
}

export interface CorpAuth {
  agentid: number
  /** undefined after cancel_auth or reset_permanent_code, until a new one is fetched. */
  permanentCode: string | undefined
  /** Who installed it: get_admin_list and auth_user_info. */
  admin: string
  state: string
  authType: number
}

export interface ProviderWorld {
  readonly options: ResolvedProviderOptions
  now(): number
  /** Ticket → when it stops working. */
  readonly tickets: Map<string, number>
  latestTicket: string | undefined
  /** When the next ticket is due on the clock. */
  nextTicketAt: number
  readonly suiteTokens: Map<string, Expiring>
  readonly providerTokens: Map<string, Expiring>
  readonly preAuthCodes: Map<string, PreAuthCode>
  readonly authCodes: Map<string, AuthCode>
  readonly oauthCodes: Map<string, MemberCode>
  readonly userTickets: Map<string, MemberCode>
  readonly loginCodes: Map<string, MemberCode>
  readonly corps: Map<string, CorpEntry>
  readonly notices: SuiteNoticeRecord[]
  callbackUrl: string | undefined
}

export function createWorld(options: ResolvedProviderOptions, now: () => number): ProviderWorld {
  return {
    options,
    now,
    tickets: new Map(),
    latestTicket: undefined,
    nextTicketAt: now() + options.ticketIntervalMs,
    suiteTokens: new Map(),
    providerTokens: new Map(),
    preAuthCodes: new Map(),
    authCodes: new Map(),
    oauthCodes: new Map(),
    userTickets: new Map(),
    loginCodes: new Map(),
    corps: new Map(),
    notices: [],
    callbackUrl: options.callbackUrl,
  }
}

/** A corp with a directory of its own, on the world's clock and base URL; no app until it installs. */
export function addCorp(world: ProviderWorld, corpId: string, corpName: string): CorpEntry {
  if (world.corps.has(corpId)) throw new Error(`addCorp: corp "${corpId}" exists`)
  const sim = createWeComSimulator({
    corpId,
    corpName,
    // A secret nobody knows: the corp is reached through get_corp_token only.
    corpSecret: newAccessToken(),
    baseUrl: world.options.baseUrl,
    tokenTtlSeconds: world.options.tokenTtlSeconds,
    clock: world.now,
    agents: [],
  })
  const entry: CorpEntry = {
    corpId,
    corpName,
    sim,
    openCorpId: `wp${newOAuthCode().slice(0, 30)}`,
    auth: undefined,
  }
  world.corps.set(corpId, entry)
  return entry
}

export function corpState(entry: CorpEntry): CorpState {
  return corpStateOf(entry.sim)
}

/** The corp of an installed suite, or why not: unknown or uninstalled corps answer 40084 like a bad code. */
export function authorizedCorp(
  world: ProviderWorld,
  corpId: unknown,
  permanentCode: unknown,
): { entry: CorpEntry; auth: CorpAuth } | Failure {
  if (typeof corpId !== 'string' || corpId === '') return fail(40058, 'auth_corpid')
  if (typeof permanentCode !== 'string' || permanentCode === '') return fail(41025)
  const entry = world.corps.get(corpId)
  const auth = entry?.auth
  if (!entry || !auth || auth.permanentCode === undefined || auth.permanentCode !== permanentCode) {
    return fail(40084)
  }
  return { entry, auth }
}

export function memberOf(entry: CorpEntry, userid: string): StoredMember | undefined {
  return findMember(corpState(entry), userid)
}

/** Takes a single-use code: unknown, spent and expired ones are all the same refusal. */
export function takeCode<T extends Expiring>(
  codes: Map<string, T>,
  code: string,
  now: number,
): T | undefined {
  const record = codes.get(code)
  codes.delete(code)
  return record && record.expiresAt > now ? record : undefined
}

/** "有效期内重复获取返回相同结果": a live token is handed out again with the seconds it has left. */
export function issueWorldToken(
  tokens: Map<string, Expiring>,
  ttlSeconds: number,
  now: number,
): { token: string; expires_in: number } {
  for (const [token, record] of tokens) {
    if (record.expiresAt > now) return { token, expires_in: Math.ceil((record.expiresAt - now) / 1000) }
  }
  const token = newAccessToken()
  tokens.set(token, { expiresAt: now + ttlSeconds * 1000 })
  return { token, expires_in: ttlSeconds }
}

/** 41022 missing, 40082 unknown, 42009 expired ("suite_access_token已过期"). */
export function checkSuiteToken(
  world: ProviderWorld,
  token: string | undefined,
  now: number,
): Failure | undefined {
  if (token === undefined || token === '') return fail(41022)
  const record = world.suiteTokens.get(token)
  if (!record) return fail(40082)
  return record.expiresAt <= now ? fail(42009) : undefined
}

/**
 * 41001 missing, 40082 unknown ("invalid suite_acccess_token or provider_access_token"), 42001
 * expired (what WeCom's staff name for an expired provider_access_token).
 */
export function checkProviderToken(
  world: ProviderWorld,
  token: string | undefined,
  now: number,
): Failure | undefined {
  if (token === undefined || token === '') return fail(41001)
  const record = world.providerTokens.get(token)
  if (!record) return fail(40082)
  return record.expiresAt <= now ? fail(42001) : undefined
}

export function newTicket(): string {
  return newAccessToken().slice(0, 64)
}

export function newCode(): string {
  // "长度为64至512个字节".
  return newAccessToken().slice(0, 64)
}
