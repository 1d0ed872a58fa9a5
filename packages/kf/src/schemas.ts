import { DepartmentId, maxBytes, maxChars, UserId, wellFormed } from '@wecom-kit/core/resource-kit'
import * as v from 'valibot'

// Rules from the official 微信客服 pages: 客服账号管理 (document/path/94661–94665), 接待人员管理
// (94645–94647), 会话分配与消息收发 (94669, 94670, 94677, 95122) and 客户基本信息获取 (95159).

/** Builds a schema at import, marked free of side effects so that unused ones are tree-shaken. */
/* @__NO_SIDE_EFFECTS__ */
function schema<T>(build: () => T): T {
  return build()
}

/** `[0-9a-zA-Z_-]`, the alphabet WeCom gives for its opaque ids and for msgid / scene. */
const SAFE_ID = /^[0-9A-Za-z_-]+$/

/** A customer service account's id (`wkAJ2GCAAA…`): "不多于64字节". */
export const OpenKfId = schema(() =>
  v.pipe(
    v.string('open_kfid must be a string'),
    v.minLength(1, 'open_kfid must not be empty'),
    v.maxLength(64, 'open_kfid must be at most 64 bytes'),
    v.regex(SAFE_ID, 'open_kfid may only hold letters, digits, _ and -'),
  ),
)
export type OpenKfId = v.InferOutput<typeof OpenKfId>

/**
 * A WeChat customer's id as customer service sees it (`wmAJ2GCAAA…`): the external_userid family
 * of 客户联系, never a member's userid.
 */
export const KfExternalUserId = schema(() =>
  v.pipe(
    v.string('external_userid must be a string'),
    v.minLength(1, 'external_userid must not be empty'),
    v.maxLength(64, 'external_userid must be at most 64 bytes'),
    v.regex(SAFE_ID, 'external_userid may only hold letters, digits, _ and -'),
  ),
)

const text = (what: string, max: number) =>
  v.pipe(
    v.string(`${what} must be a string`),
    v.minLength(1, `${what} must not be empty`),
    maxBytes(max, `${what} must be at most ${max} bytes`),
    wellFormed(what),
  )
const optionalText = (what: string, max: number) =>
  v.optional(v.pipe(v.string(`${what} must be a string`), maxBytes(max), wellFormed(what)))
const MediaId = schema(() => text('media_id', 128))
const Url = (what: string, max: number) =>
  v.pipe(text(what, max), v.regex(/^https?:\/\//i, `${what} must start with http:// or https://`))

/** kf/account/add: name "不多于16个字符", media_id of the avatar "不多于128个字节". */
export const KfAddAccountInput = schema(() =>
  v.object({
    name: v.pipe(
      v.string('name must be a string'),
      v.minLength(1, 'name must not be empty'),
      maxChars(16, 'name must be at most 16 characters'),
      wellFormed('name'),
    ),
    media_id: MediaId,
  }),
)
export type KfAddAccountInput = v.InferInput<typeof KfAddAccountInput>

/** kf/account/update: the fields given replace the account's. */
export const KfUpdateAccountInput = schema(() =>
  v.pipe(
    v.object({
      open_kfid: OpenKfId,
      name: v.optional(
        v.pipe(
          v.string('name must be a string'),
          v.minLength(1, 'name must not be empty'),
          maxChars(16, 'name must be at most 16 characters'),
          wellFormed('name'),
        ),
      ),
      media_id: v.optional(MediaId),
    }),
    v.check((input) => input.name !== undefined || input.media_id !== undefined, 'give a name or a media_id'),
  ),
)
export type KfUpdateAccountInput = v.InferInput<typeof KfUpdateAccountInput>

/** kf/account/list: offset ≥ 0, limit 1–100 (default 100). */
export const KfListAccountsInput = schema(() =>
  v.optional(
    v.object({
      offset: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0, 'offset must be at least 0'))),
      limit: v.optional(
        v.pipe(v.number(), v.integer(), v.minValue(1, 'limit is 1–100'), v.maxValue(100, 'limit is 1–100')),
      ),
    }),
    {},
  ),
)
export type KfListAccountsInput = v.InferInput<typeof KfListAccountsInput>

/** kf/add_contact_way: scene "不多于32字节", `[0-9a-zA-Z_-]*`. */
export const KfAddContactWayInput = schema(() =>
  v.object({
    open_kfid: OpenKfId,
    scene: v.optional(
      v.pipe(
        v.string('scene must be a string'),
        v.maxLength(32, 'scene must be at most 32 bytes'),
        v.regex(/^[0-9A-Za-z_-]*$/, 'scene may only hold letters, digits, _ and -'),
      ),
    ),
  }),
)
export type KfAddContactWayInput = v.InferInput<typeof KfAddContactWayInput>

/**
 * kf/servicer/add and kf/servicer/del: userid_list "可填充个数：0 ~ 100", department_id_list "0 ~ 100",
 * "userid_list和department_id_list至少需要填其中一个".
 */
export const KfServicersInput = schema(() =>
  v.pipe(
    v.object({
      open_kfid: OpenKfId,
      userid_list: v.optional(v.pipe(v.array(UserId), v.maxLength(100, 'at most 100 userids per call'))),
      department_id_list: v.optional(
        v.pipe(v.array(DepartmentId), v.maxLength(100, 'at most 100 departments per call')),
      ),
    }),
    v.check(
      (input) => (input.userid_list?.length ?? 0) + (input.department_id_list?.length ?? 0) > 0,
      'give at least one userid or department',
    ),
  ),
)
export type KfServicersInput = v.InferInput<typeof KfServicersInput>

/** A session: which account, which customer. */
export const KfSessionInput = schema(() =>
  v.object({ open_kfid: OpenKfId, external_userid: KfExternalUserId }),
)
export type KfSessionInput = v.InferInput<typeof KfSessionInput>

/**
 * kf/service_state/trans: 0 new, 1 smart assistant, 2 waiting in the pool, 3 a servicer, 4 ended;
 * a servicer is required for 3 ("当state=3时要求必填").
 */
export const KfTransServiceStateInput = schema(() =>
  v.pipe(
    v.object({
      open_kfid: OpenKfId,
      external_userid: KfExternalUserId,
      service_state: v.picklist([0, 1, 2, 3, 4], 'service_state must be 0, 1, 2, 3 or 4'),
      servicer_userid: v.optional(UserId),
    }),
    v.check(
      (input) => input.service_state !== 3 || input.servicer_userid !== undefined,
      'service_state 3 (a servicer) needs servicer_userid',
    ),
  ),
)
export type KfTransServiceStateInput = v.InferInput<typeof KfTransServiceStateInput>

/** kf/customer/batchget: external_userid_list "1 ~ 100". */
export const KfBatchGetCustomersInput = schema(() =>
  v.object({
    external_userid_list: v.pipe(
      v.array(KfExternalUserId, 'give an array of external_userids'),
      v.minLength(1, 'give at least one external_userid'),
      v.maxLength(100, 'at most 100 external_userids per call'),
    ),
    need_enter_session_context: v.optional(v.picklist([0, 1], 'need_enter_session_context must be 0 or 1')),
  }),
)

/** kf/sync_msg's options besides the account: the callback's token, a page size, the voice format. */
export const KfSyncOptionsInput = schema(() =>
  v.object({
    open_kfid: OpenKfId,
    token: v.optional(
      v.pipe(
        v.string('token must be a string'),
        v.minLength(1, 'token must not be empty'),
        v.maxLength(128, 'token must be at most 128 bytes'),
      ),
    ),
    limit: v.optional(
      v.pipe(v.number(), v.integer(), v.minValue(1, 'limit is 1–1000'), v.maxValue(1000, 'limit is 1–1000')),
    ),
    voice_format: v.optional(v.picklist([0, 1], 'voice_format must be 0 (amr) or 1 (silk)')),
  }),
)

/** A msgid you choose: "不多于32字节", `[0-9a-zA-Z_-]*`, unique within the account. */
const MsgId = schema(() =>
  v.pipe(
    v.string('msgid must be a string'),
    v.minLength(1, 'msgid must not be empty'),
    v.maxLength(32, 'msgid must be at most 32 bytes'),
    v.regex(SAFE_ID, 'msgid may only hold letters, digits, _ and -'),
  ),
)

const MenuText = (what: string, max: number) => text(what, max)
const MenuItem = schema(() =>
  v.variant('type', [
    v.object({
      type: v.literal('click'),
      click: v.object({
        id: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(128))),
        content: MenuText('click.content', 128),
      }),
    }),
    v.object({
      type: v.literal('view'),
      view: v.object({ url: Url('view.url', 2048), content: MenuText('view.content', 1024) }),
    }),
    v.object({
      type: v.literal('miniprogram'),
      miniprogram: v.object({
        appid: text('miniprogram.appid', 32),
        pagepath: text('miniprogram.pagepath', 1024),
        content: MenuText('miniprogram.content', 1024),
      }),
    }),
    v.object({
      type: v.literal('text'),
      text: v.object({
        content: MenuText('text.content', 256),
        no_newline: v.optional(v.picklist([0, 1])),
      }),
    }),
  ]),
)
const MsgMenu = schema(() =>
  v.object({
    head_content: optionalText('head_content', 1024),
    list: v.optional(v.pipe(v.array(MenuItem), v.maxLength(10, 'a menu has at most 10 items'))),
    tail_content: optionalText('tail_content', 1024),
  }),
)

const payloads = {
  text: () =>
    v.object({ msgtype: v.literal('text'), text: v.object({ content: text('text.content', 2048) }) }),
  image: () => v.object({ msgtype: v.literal('image'), image: v.object({ media_id: MediaId }) }),
  voice: () => v.object({ msgtype: v.literal('voice'), voice: v.object({ media_id: MediaId }) }),
  video: () => v.object({ msgtype: v.literal('video'), video: v.object({ media_id: MediaId }) }),
  file: () => v.object({ msgtype: v.literal('file'), file: v.object({ media_id: MediaId }) }),
  link: () =>
    v.object({
      msgtype: v.literal('link'),
      link: v.object({
        title: text('link.title', 128),
        desc: optionalText('link.desc', 512),
        url: Url('link.url', 2048),
        thumb_media_id: MediaId,
      }),
    }),
  miniprogram: () =>
    v.object({
      msgtype: v.literal('miniprogram'),
      miniprogram: v.object({
        appid: text('miniprogram.appid', 32),
        title: optionalText('miniprogram.title', 64),
        thumb_media_id: MediaId,
        pagepath: text('miniprogram.pagepath', 1024),
      }),
    }),
  msgmenu: () => v.object({ msgtype: v.literal('msgmenu'), msgmenu: MsgMenu }),
  location: () =>
    v.object({
      msgtype: v.literal('location'),
      location: v.object({
        name: optionalText('location.name', 256),
        address: optionalText('location.address', 256),
        latitude: v.pipe(v.number(), v.minValue(-90), v.maxValue(90, 'latitude is -90–90')),
        longitude: v.pipe(v.number(), v.minValue(-180), v.maxValue(180, 'longitude is -180–180')),
      }),
    }),
  ca_link: () =>
    v.object({
      msgtype: v.literal('ca_link'),
      ca_link: v.object({ link_url: Url('ca_link.link_url', 2048) }),
    }),
}

/**
 * kf/send_msg: `touser` (the customer's external_userid), `open_kfid`, `msgid?`, and one of text,
 * image, voice, video, file, link, miniprogram, msgmenu, location, ca_link.
 */
export const KfSendInput = schema(() =>
  v.intersect([
    v.object({ touser: KfExternalUserId, open_kfid: OpenKfId, msgid: v.optional(MsgId) }),
    v.variant(
      'msgtype',
      Object.values(payloads).map((make) => make()) as [
        ReturnType<(typeof payloads)['text']>,
        ...ReturnType<(typeof payloads)[keyof typeof payloads]>[],
      ],
      'msgtype must be text, image, voice, video, file, link, miniprogram, msgmenu, location or ca_link',
    ),
  ]),
)
export type KfSendInput = v.InferInput<typeof KfSendInput>

/** What kf/send_msg_on_event sends besides the code: msgid?, text or msgmenu. */
export const KfEventMessageInput = schema(() =>
  v.intersect([
    v.object({ msgid: v.optional(MsgId) }),
    v.variant('msgtype', [payloads.text(), payloads.msgmenu()], 'an event reply is text or msgmenu'),
  ]),
)
export type KfEventMessageInput = v.InferInput<typeof KfEventMessageInput>

/** kf/send_msg_on_event: code (single use), msgid?, text or msgmenu. */
export const KfSendOnEventInput = schema(() =>
  v.intersect([
    v.object({
      code: v.pipe(
        v.string('code must be a string'),
        v.minLength(1, 'code must not be empty'),
        v.maxLength(128),
      ),
    }),
    KfEventMessageInput,
  ]),
)
