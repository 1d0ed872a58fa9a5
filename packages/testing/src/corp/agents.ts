import type { Agent, NewAgent } from '../types.js'
import { type Failure, fail, isFailure } from '../wecom/answer.js'
import { isWithin } from './departments.js'
import { newLogoUrl } from './ids.js'
import { findMedia } from './media.js'
import { findMember } from './members.js'
import type { CorpState, StoredAgent, StoredMember } from './state.js'
import { charLength, isId, type JsonObject } from './values.js'

/** agent/set: "企业应用名称，长度不超过32个utf8字符"; 45022 "不允许为空，且不超过32个字符". */
const MAX_NAME_LENGTH = 32
/** agent/set: "企业应用详情，长度为4至120个utf8字符"; 45004. */
const DESCRIPTION_LENGTH = { min: 4, max: 120 }
const HTTP_URL = /^https?:\/\/\S+$/i

/** An agentid as a query or body gives it: a positive integer (a numeric string in a query). */
function readAgentId(value: unknown): number | undefined {
  const id = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value
  return isId(id) ? id : undefined
}

/**
 * The app an API names: 41011 "缺少agentid参数" when absent, 40056 "不合法的agentid" (an agentid
 * that is not an integer — "agentid为整型数字", in a JSON body a string is not — or no such app:
 * "在web管理端存在该应用").
 */
export function findAgent(state: CorpState, value: unknown, from: 'query' | 'body'): StoredAgent | Failure {
  if (value === undefined || value === '') return fail(41011)
  const id = from === 'query' || typeof value !== 'string' ? readAgentId(value) : undefined
  const agent = id === undefined ? undefined : state.agents.get(id)
  return agent ?? fail(40056)
}

/** The app a token without an agentid of its own speaks for: the first one (`corpSecret`'s). */
export function defaultAgent(state: CorpState): StoredAgent | undefined {
  return state.agents.values().next().value
}

/** Seeds an app (sim.addAgent, the `agents` option) under agent/set's rules. */
export function createAgent(state: CorpState, input: NewAgent): StoredAgent | Failure {
  if (!isId(input.agentid)) return fail(40056, 'agentid')
  if (state.agents.has(input.agentid)) return fail(40056, `agentid ${input.agentid} taken`)
  if (input.secret !== undefined) {
    const taken =
      input.secret === state.options.corpSecret ||
      [...state.agents.values()].some((agent) => agent.secret === input.secret)
    if (typeof input.secret !== 'string' || input.secret === '' || taken) return fail(40001, 'secret')
  }
  const agent: StoredAgent = {
    agentid: input.agentid,
    name: '',
    square_logo_url: input.square_logo_url ?? newLogoUrl(),
    description: '',
    allowUsers: input.allow_userinfos?.user.map((user) => user.userid) ?? [],
    allowParties: [...(input.allow_partys?.partyid ?? [])],
    allowTags: [...(input.allow_tags?.tagid ?? [])],
    close: input.close ?? 0,
    redirect_domain: '',
    report_location_flag: 0,
    isreportenter: 0,
    home_url: '',
    customized_publish_status: input.customized_publish_status,
    secret: input.secret,
  }
  if (!input.allow_userinfos && !input.allow_partys && !input.allow_tags) agent.allowParties = [1]
  const applied = applyAgentFields(state, agent, { ...input } as JsonObject, 0)
  if (isFailure(applied)) return applied
  state.agents.set(agent.agentid, agent)
  return agent
}

/**
 * POST agent/set (document/path/90228): only the fields sent change, all checked before any is
 * applied. 45022 name empty or over 32 characters, 45004 description outside 4–120 characters,
 * 40059 report_location_flag not 0/1 ("开关标志位只能填 0 或者 1"), 40058 isreportenter not 0/1,
 * 40094 home_url not http(s) ("链接需要带上协议头"), 40007 logo_mediaid not a live image.
 */
export function setAgent(state: CorpState, body: JsonObject, now: number): StoredAgent | Failure {
  const agent = findAgent(state, body.agentid, 'body')
  if (isFailure(agent)) return agent
  const draft = { ...agent }
  const applied = applyAgentFields(state, draft, body, now)
  if (isFailure(applied)) return applied
  Object.assign(agent, draft)
  return agent
}

function applyAgentFields(
  state: CorpState,
  agent: StoredAgent,
  input: JsonObject,
  now: number,
): undefined | Failure {
  if (input.name !== undefined) {
    const { name } = input
    if (typeof name !== 'string' || name === '' || charLength(name) > MAX_NAME_LENGTH) return fail(45022)
    agent.name = name
  } else if (agent.name === '') {
    return fail(45022, 'name')
  }
  if (input.description !== undefined) {
    const { description } = input
    const length = typeof description === 'string' ? charLength(description) : -1
    if (length < DESCRIPTION_LENGTH.min || length > DESCRIPTION_LENGTH.max) return fail(45004)
    agent.description = description as string
  }
  if (input.report_location_flag !== undefined) {
    if (input.report_location_flag !== 0 && input.report_location_flag !== 1) return fail(40059)
    agent.report_location_flag = input.report_location_flag
  }
  if (input.isreportenter !== undefined) {
    if (input.isreportenter !== 0 && input.isreportenter !== 1) return fail(40058, 'isreportenter')
    agent.isreportenter = input.isreportenter
  }
  if (input.home_url !== undefined) {
    if (typeof input.home_url !== 'string' || !HTTP_URL.test(input.home_url)) return fail(40094)
    agent.home_url = input.home_url
  }
  if (input.redirect_domain !== undefined) {
    if (typeof input.redirect_domain !== 'string') return fail(40058, 'redirect_domain')
    agent.redirect_domain = input.redirect_domain
  }
  if (input.close !== undefined) {
    if (input.close !== 0 && input.close !== 1) return fail(40058, 'close')
    agent.close = input.close
  }
  if (input.logo_mediaid !== undefined) {
    // "通过素材管理接口上传图片获得mediaid": a live media_id of an image.
    if (findMedia(state, input.logo_mediaid, now)?.type !== 'image') return fail(40007, 'logo_mediaid')
    agent.square_logo_url = newLogoUrl()
  }
  return undefined
}

/** agent/get's answer for an app, in WeCom's field order; the visible range as the directory has it now. */
export function agentView(state: CorpState, agent: StoredAgent): Agent {
  const users: Array<{ userid: string }> = []
  for (const userid of agent.allowUsers) {
    const member = findMember(state, userid)
    if (member && !users.some((user) => user.userid === member.userid)) users.push({ userid: member.userid })
  }
  return {
    agentid: agent.agentid,
    name: agent.name,
    square_logo_url: agent.square_logo_url,
    description: agent.description,
    allow_userinfos: { user: users },
    allow_partys: { partyid: agent.allowParties.filter((id) => state.departments.has(id)) },
    allow_tags: { tagid: agent.allowTags.filter((id) => state.tags.has(id)) },
    close: agent.close,
    redirect_domain: agent.redirect_domain,
    report_location_flag: agent.report_location_flag,
    isreportenter: agent.isreportenter,
    home_url: agent.home_url,
    ...(agent.customized_publish_status === undefined
      ? {}
      : { customized_publish_status: agent.customized_publish_status }),
  }
}

/** The app's visible range, resolved against the directory as it is now. */
interface VisibleRange {
  /** Departments whose whole subtree is visible: allowed ones and those of allowed tags. */
  parties: number[]
  /** Lower-cased userids visible by name: allowed members and members of allowed tags. */
  users: Set<string>
}

export function visibleRange(state: CorpState, agent: StoredAgent): VisibleRange {
  const parties = agent.allowParties.filter((id) => state.departments.has(id))
  const users = new Set(agent.allowUsers.map((userid) => userid.toLowerCase()))
  for (const tagid of agent.allowTags) {
    const tag = state.tags.get(tagid)
    if (!tag) continue
    for (const key of tag.users) users.add(key)
    for (const id of tag.parties) if (state.departments.has(id)) parties.push(id)
  }
  return { parties, users }
}

export function isVisibleMember(state: CorpState, range: VisibleRange, member: StoredMember): boolean {
  if (range.users.has(member.userid.toLowerCase())) return true
  return member.department.some((id) => isVisibleParty(state, range, id))
}

export function isVisibleParty(state: CorpState, range: VisibleRange, id: number): boolean {
  return range.parties.some((allowed) => isWithin(state, id, allowed))
}
