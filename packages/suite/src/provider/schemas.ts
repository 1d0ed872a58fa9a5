import { AgentId, maxBytes, UserId, wellFormed } from '@wecom-kit/core/resource-kit'
import * as v from 'valibot'

// Inputs of the provider calls, from the official pages: 服务商的凭证 (document/path/91200),
// 获取登录用户信息 (91125), 推广二维码 (90581, 90582), ID转换接口 (97061, 97062, 97063, 95900,
// 96169, 97064, 98729, 95195; a corp's own app: 95884, 101521) and 接口调用许可 (97182–97185, 95644–95649, 95552–95555,
// 95673, 95844, 95873, 95874, 96059, 96106). No message quotes the value: codes are credentials.

/** Builds a schema at import, marked free of side effects so that unused ones are tree-shaken. */
/* @__NO_SIDE_EFFECTS__ */
function schema<T>(build: () => T): T {
  return build()
}

/** A non-empty, well-formed string of at most `max` UTF-8 bytes. */
const text = (what: string, max: number) =>
  v.pipe(
    v.string(`${what} must be a string`),
    v.minLength(1, `${what} must not be empty`),
    maxBytes(max, `${what} must be at most ${max} bytes`),
    wellFormed(what),
  )

/** WeCom's opaque ids (corpids, open ids, codes, order and job ids): letters, digits, `_` and `-`. */
const opaqueId = (what: string, max: number) =>
  v.pipe(
    v.string(`${what} must be a string`),
    v.minLength(1, `${what} must not be empty`),
    v.maxLength(max, `${what} must be at most ${max} characters`),
    v.regex(/^[A-Za-z0-9_-]+$/, `${what} may only hold letters, digits, _ and -`),
  )

/** A list of 1 to `max` entries: WeCom caps every batch. */
const list = <T extends v.GenericSchema>(what: string, item: T, max: number) =>
  v.pipe(
    v.array(item, `${what} must be an array`),
    v.minLength(1, `${what} must not be empty`),
    v.maxLength(max, `${what} must hold at most ${max} entries`),
  )

const count = (what: string, min: number, max: number) =>
  v.pipe(
    v.number(`${what} must be a number`),
    v.integer(`${what} must be an integer`),
    v.minValue(min, `${what} must be at least ${min}`),
    v.maxValue(max, `${what} must be at most ${max}`),
  )

/** Unix seconds. */
const seconds = (what: string) => count(what, 0, 2 ** 32 - 1)

/** A corpid, plain (`ww…`) or the provider's encrypted one. */
export const ProviderCorpId = schema(() => opaqueId('corpid', 64))
/** A member's userid; the licence calls take the encrypted (open) userid. */
const MemberId = UserId
/** A licence activation code ("帐号激活码"). */
export const LicenseActiveCode = schema(() => opaqueId('active_code', 128))
export const LicenseOrderId = schema(() => opaqueId('order_id', 128))
const JobId = schema(() => opaqueId('jobid', 128))
/** 1 basic account (基础帐号), 2 interworking account (互通帐号, for customer contact). */
const AccountType = schema(() => v.picklist([1, 2], 'type must be 1 (basic) or 2 (external contact)'))
/** list_* page size: "最大值1000，默认值500". */
const PageLimit = schema(() => v.optional(count('limit', 1, 1000)))

// —— Provider level ————————————————————————————————————————————————————————————————

/** An auth_code from the login redirect (single use, 5 minutes). */
export const ProviderAuthCode = schema(() => text('auth_code', 512))

/** service/get_register_code: template_id ≤ 128 bytes, state letters and digits ≤ 128 bytes. */
export const RegisterCodeInput = schema(() =>
  v.object({
    template_id: text('template_id', 128),
    corp_name: v.optional(text('corp_name', 256)),
    admin_name: v.optional(text('admin_name', 256)),
    admin_mobile: v.optional(text('admin_mobile', 32)),
    state: v.optional(
      v.pipe(text('state', 128), v.regex(/^[A-Za-z0-9]+$/, 'state may only hold letters and digits')),
    ),
    follow_user: v.optional(MemberId),
  }),
)
export type RegisterCodeInput = v.InferInput<typeof RegisterCodeInput>

/** A register_code (≤ 512 bytes), queryable for 24 hours. */
export const RegisterCode = schema(() => text('register_code', 512))

// —— ID conversion ——————————————————————————————————————————————————————————————————

/** An external_userid (a customer's id). */
const ExternalUserId = schema(() => opaqueId('external_userid', 128))

/** batch/userid_to_openuserid: "最多不超过1000个". */
export const UserIdList = schema(() => list('userid_list', MemberId, 1000))

/** batch/openuserid_to_userid: ≤ 1000 open_userids, and the app that got them (optional). */
export const OpenUserIdToUserIdInput = schema(() =>
  v.object({
    open_userid_list: list('open_userid_list', MemberId, 1000),
    source_agentid: v.optional(AgentId),
  }),
)
export type OpenUserIdToUserIdInput = v.InferInput<typeof OpenUserIdToUserIdInput>

/** externalcontact/get_new_external_userid: "建议200个，最多不超过1000个". */
export const ExternalUserIdList = schema(() => list('external_userid_list', ExternalUserId, 1000))

/** externalcontact/groupchat/get_new_external_userid: a chat's members without a friendship. */
export const GroupChatNewExternalUserIdInput = schema(() =>
  v.object({
    chat_id: opaqueId('chat_id', 128),
    external_userid_list: list('external_userid_list', ExternalUserId, 1000),
  }),
)
export type GroupChatNewExternalUserIdInput = v.InferInput<typeof GroupChatNewExternalUserIdInput>

/** idconvert/unionid_to_external_userid: subject_type 0 the corp's subject (default), 1 the provider's. */
export const UnionIdInput = schema(() =>
  v.object({
    unionid: text('unionid', 128),
    openid: text('openid', 128),
    subject_type: v.optional(v.picklist([0, 1], 'subject_type must be 0 or 1')),
  }),
)
export type UnionIdInput = v.InferInput<typeof UnionIdInput>

/** idconvert/batch/external_userid_to_pending_id: "最多不超过100个", a chat_id for group members. */
export const PendingIdInput = schema(() =>
  v.object({
    external_userid: list('external_userid', ExternalUserId, 100),
    chat_id: v.optional(opaqueId('chat_id', 128)),
  }),
)
export type PendingIdInput = v.InferInput<typeof PendingIdInput>

/** idconvert/external_tagid: "最多不超过1000个". */
export const ExternalTagIdList = schema(() =>
  list('external_tagid_list', opaqueId('external_tagid', 128), 1000),
)

/** idconvert/open_kfid: "最多不超过1000个". */
export const OpenKfIdList = schema(() => list('open_kfid_list', opaqueId('open_kfid', 64), 1000))

/**
 * idconvert/convert_tmp_external_userid: business_type 1 会议, 2 收集表, 3 智能表 (98729 as of
 * 2025-07); user_type 1 客户, 2 企业互联, 3 上下游, 4 互联企业(圈子); at most 100 ids.
 */
export const TmpExternalUserIdInput = schema(() =>
  v.object({
    business_type: v.picklist([1, 2, 3], 'business_type must be 1, 2 or 3'),
    user_type: v.picklist([1, 2, 3, 4], 'user_type must be 1, 2, 3 or 4'),
    tmp_external_userid_list: list('tmp_external_userid_list', opaqueId('tmp_external_userid', 128), 100),
  }),
)
export type TmpExternalUserIdInput = v.InferInput<typeof TmpExternalUserIdInput>

/** externalcontact/to_service_external_userid: one id from the 代开发 app. */
export const ServiceExternalUserId = ExternalUserId

/** externalcontact/from_service_external_userid: the provider-subject id and the app that got it. */
export const FromServiceExternalUserIdInput = schema(() =>
  v.object({ external_userid: ExternalUserId, source_agentid: AgentId }),
)
export type FromServiceExternalUserIdInput = v.InferInput<typeof FromServiceExternalUserIdInput>

// —— Licences (接口许可) ———————————————————————————————————————————————————————————————

/**
 * license/create_new_order: counts up to 1 000 000 each and not both 0; a duration of
 * months × 31 + days days, from 31 to 1 860 (60 months).
 */
export const LicenseNewOrderInput = schema(() =>
  v.object({
    corpid: ProviderCorpId,
    buyer_userid: MemberId,
    account_count: v.pipe(
      v.object({
        base_count: v.optional(count('base_count', 0, 1_000_000)),
        external_contact_count: v.optional(count('external_contact_count', 0, 1_000_000)),
      }),
      v.check(
        (c) => (c.base_count ?? 0) + (c.external_contact_count ?? 0) > 0,
        'account_count: base_count and external_contact_count must not both be 0',
      ),
    ),
    account_duration: v.pipe(
      v.object({
        months: v.optional(count('months', 0, 60)),
        days: v.optional(count('days', 0, 1860)),
      }),
      v.check((d) => {
        const days = (d.months ?? 0) * 31 + (d.days ?? 0)
        return days >= 31 && days <= 1860
      }, 'account_duration must come to 31–1860 days (months × 31 + days)'),
    ),
  }),
)
export type LicenseNewOrderInput = v.InferInput<typeof LicenseNewOrderInput>

/** license/create_renew_order_job: ≤ 1000 accounts a call; a jobid to add to an earlier job. */
export const LicenseRenewOrderJobInput = schema(() =>
  v.object({
    corpid: ProviderCorpId,
    account_list: list('account_list', v.object({ userid: MemberId, type: AccountType }), 1000),
    jobid: v.optional(JobId),
  }),
)
export type LicenseRenewOrderJobInput = v.InferInput<typeof LicenseRenewOrderJobInput>

/** license/submit_order_job: a duration in months (and days) or a new expiry time. */
export const LicenseSubmitOrderJobInput = schema(() =>
  v.object({
    jobid: JobId,
    buyer_userid: MemberId,
    account_duration: v.pipe(
      v.object({
        months: v.optional(count('months', 0, 60)),
        days: v.optional(count('days', 0, 1860)),
        new_expire_time: v.optional(seconds('new_expire_time')),
      }),
      v.check(
        (d) => (d.months ?? 0) + (d.days ?? 0) > 0 || d.new_expire_time !== undefined,
        'account_duration needs months, days or new_expire_time',
      ),
    ),
  }),
)
export type LicenseSubmitOrderJobInput = v.InferInput<typeof LicenseSubmitOrderJobInput>

/** license/list_order: start_time and end_time together, at most 31 days apart. */
export const LicenseListOrdersInput = schema(() =>
  v.pipe(
    v.object({
      corpid: v.optional(ProviderCorpId),
      start_time: v.optional(seconds('start_time')),
      end_time: v.optional(seconds('end_time')),
      limit: PageLimit,
    }),
    v.check(
      (f) => (f.start_time === undefined) === (f.end_time === undefined),
      'start_time and end_time go together',
    ),
    v.check(
      (f) =>
        f.start_time === undefined ||
        f.end_time === undefined ||
        (f.end_time >= f.start_time && f.end_time - f.start_time <= 31 * 86_400),
      'end_time must be after start_time, at most 31 days later',
    ),
  ),
)
export type LicenseListOrdersInput = v.InferInput<typeof LicenseListOrdersInput>

export const LicenseOrderInput = schema(() => v.object({ order_id: LicenseOrderId }))
export type LicenseOrderInput = v.InferInput<typeof LicenseOrderInput>

export const LicenseOrderAccountsInput = schema(() =>
  v.object({ order_id: LicenseOrderId, limit: PageLimit }),
)
export type LicenseOrderAccountsInput = v.InferInput<typeof LicenseOrderAccountsInput>

export const LicenseCancelOrderInput = schema(() =>
  v.object({ corpid: ProviderCorpId, order_id: LicenseOrderId }),
)
export type LicenseCancelOrderInput = v.InferInput<typeof LicenseCancelOrderInput>

/** license/active_account: one code for one member ("一个userid允许激活一个基础帐号以及一个互通帐号"). */
export const LicenseActiveAccountInput = schema(() =>
  v.object({ active_code: LicenseActiveCode, corpid: ProviderCorpId, userid: MemberId }),
)
export type LicenseActiveAccountInput = v.InferInput<typeof LicenseActiveAccountInput>

/** license/batch_active_account: "单次激活的员工数量不超过1000". */
export const LicenseBatchActiveAccountInput = schema(() =>
  v.object({
    corpid: ProviderCorpId,
    active_list: list('active_list', v.object({ active_code: LicenseActiveCode, userid: MemberId }), 1000),
  }),
)
export type LicenseBatchActiveAccountInput = v.InferInput<typeof LicenseBatchActiveAccountInput>

export const LicenseActiveCodeInput = schema(() =>
  v.object({ corpid: ProviderCorpId, active_code: LicenseActiveCode }),
)
export type LicenseActiveCodeInput = v.InferInput<typeof LicenseActiveCodeInput>

/** license/batch_get_active_info_by_code: "最多不超过1000个". */
export const LicenseActiveCodesInput = schema(() =>
  v.object({ corpid: ProviderCorpId, active_code_list: list('active_code_list', LicenseActiveCode, 1000) }),
)
export type LicenseActiveCodesInput = v.InferInput<typeof LicenseActiveCodesInput>

export const LicenseActivatedAccountsInput = schema(() =>
  v.object({ corpid: ProviderCorpId, limit: PageLimit }),
)
export type LicenseActivatedAccountsInput = v.InferInput<typeof LicenseActivatedAccountsInput>

export const LicenseMemberInput = schema(() => v.object({ corpid: ProviderCorpId, userid: MemberId }))
export type LicenseMemberInput = v.InferInput<typeof LicenseMemberInput>

/** license/batch_transfer_license: "单次转移的帐号数限制在1000以内". */
export const LicenseTransferInput = schema(() =>
  v.object({
    corpid: ProviderCorpId,
    transfer_list: list(
      'transfer_list',
      v.pipe(
        v.object({ handover_userid: MemberId, takeover_userid: MemberId }),
        v.check(
          (t) => t.handover_userid !== t.takeover_userid,
          'takeover_userid must differ from handover_userid',
        ),
      ),
      1000,
    ),
  }),
)
export type LicenseTransferInput = v.InferInput<typeof LicenseTransferInput>

/** license/batch_share_active_code: ≤ 1000 codes; corp_link_type 0 上下游 (default), 1 企业互联. */
export const LicenseShareInput = schema(() =>
  v.object({
    from_corpid: ProviderCorpId,
    to_corpid: ProviderCorpId,
    share_list: list('share_list', v.object({ active_code: LicenseActiveCode }), 1000),
    corp_link_type: v.optional(v.picklist([0, 1], 'corp_link_type must be 0 or 1')),
  }),
)
export type LicenseShareInput = v.InferInput<typeof LicenseShareInput>

/** license/get_app_license_info: appid only for old multi-app suites. */
export const LicenseAppInfoInput = schema(() =>
  v.object({
    corpid: ProviderCorpId,
    suite_id: opaqueId('suite_id', 64),
    appid: v.optional(count('appid', 0, 2 ** 31 - 1)),
  }),
)
export type LicenseAppInfoInput = v.InferInput<typeof LicenseAppInfoInput>

export const LicenseCorpInput = schema(() => v.object({ corpid: ProviderCorpId }))
export type LicenseCorpInput = v.InferInput<typeof LicenseCorpInput>

/** license/set_auto_active_status: 0 off, 1 on. */
export const LicenseAutoActiveInput = schema(() =>
  v.object({
    corpid: ProviderCorpId,
    auto_active_status: v.picklist([0, 1], 'auto_active_status must be 0 or 1'),
  }),
)
export type LicenseAutoActiveInput = v.InferInput<typeof LicenseAutoActiveInput>
