// The public surface, enumerated rather than listed: every namespace method of a full client
// and every function wecom-kit and @wecom-kit/core/resource-kit export. A method or export added later is picked up here, and
// the tables below (a valid sample per method, a class per export) make the tests fail until it
// has an entry: new surface cannot slip past the hostile-input and secret-hygiene tests.
import * as resourceKit from '@wecom-kit/core/resource-kit'
import * as app from 'wecom-kit'
import { allResources, type ClientOptions, createWeComClient, type WeComClient } from 'wecom-kit'

const wecomKit = { ...app, ...resourceKit }

export const CORP_ID = 'wwhostile0123456789'
export const AGENT_ID = 1000002

/** One namespace method, as `client[namespace][method]` on a client made by createWeComClient. */
export interface SurfaceMethod {
  /** `users.get` */
  key: string
  namespace: string
  method: string
  call(client: WeComClient, args: readonly unknown[]): unknown
}

/**
 * Every namespace of allResources and every function in it, read off a real client. Throws when
 * a namespace is missing or has no method at all: enumeration that finds nothing proves nothing.
 */
export function surfaceMethods(options: Partial<ClientOptions> = {}): SurfaceMethod[] {
  const client = createWeComClient({ corpId: CORP_ID, corpSecret: 'enumeration-only', ...options })
  const methods: SurfaceMethod[] = []
  for (const resource of allResources) {
    const namespace = (client as unknown as Record<string, unknown>)[resource.name]
    if (typeof namespace !== 'object' || namespace === null) {
      throw new Error(`client.${resource.name} is not a namespace object`)
    }
    const names = Object.keys(namespace).filter(
      (name) => typeof (namespace as Record<string, unknown>)[name] === 'function',
    )
    if (names.length === 0) throw new Error(`client.${resource.name} has no methods`)
    for (const method of names) {
      methods.push({
        key: `${resource.name}.${method}`,
        namespace: resource.name,
        method,
        call: (c, args) =>
          (
            (c as unknown as Record<string, Record<string, (...a: unknown[]) => unknown>>)[resource.name]![
              method
            ] as (...a: unknown[]) => unknown
          )(...args),
      })
    }
  }
  return methods
}

/** A full client on a given fetch; small retries so that failures settle fast. */
export function fullClient(options: Partial<ClientOptions> = {}) {
  return createWeComClient({
    corpId: CORP_ID,
    corpSecret: 'hostile-corp-secret',
    retry: { retries: 1, minTimeout: 1, maxTimeout: 2 },
    timeout: 2_000,
    ...options,
  })
}

/** Callback settings for batch jobs: the EncodingAESKey there is a secret like any other. */
export interface BatchCallback {
  url: string
  token: string
  encodingaeskey: string
}

const DEFAULT_BATCH_CALLBACK: BatchCallback = {
  url: 'https://example.com/wecom/batch',
  token: 'BatchCallbackToken0123',
  encodingaeskey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
}

/** Template card response_codes handed out by the samples. */
let cardCodes = 0

/** A customer service account and a WeChat customer, as WeCom spells their ids. */
const KF = 'wkAJ2GCAAAsample0123'
const CUSTOMER = 'wmAJ2GCAAAsample0123'

/**
 * Valid arguments for every namespace method, by `namespace.method`: accepted by the method's
 * own checks, so that a call reaches the server. A factory, so each call gets fresh values.
 */
export function validSamples(
  callback: BatchCallback = DEFAULT_BATCH_CALLBACK,
): Record<string, () => unknown[]> {
  const page = 'https://example.com/page?x=1#frag'
  return {
    'users.create': () => [{ userid: 'zhangsan', name: '张三', department: [1], mobile: '13800000000' }],
    'users.update': () => [{ userid: 'zhangsan', name: '张三丰', department: [1, 2], order: [0, 1] }],
    'users.delete': () => [['zhangsan', 'lisi']],
    'users.get': () => ['zhangsan'],
    'users.listByDepartment': () => [1, { fetchChild: true }],
    'users.listDetailByDepartment': () => [1, { fetchChild: false }],
    'users.invite': () => ['zhangsan'],
    'users.getIdByCode': () => ['CODE0123'],
    'users.getAuthorizeUrl': () => ['https://example.com/oauth', { state: 'abc123', scope: 'snsapi_base' }],
    'users.getIdByMobile': () => ['+86 138-0000-0000'],
    'users.convertToOpenId': () => ['zhangsan'],
    'users.authSucc': () => ['zhangsan'],
    'users.listIds': () => [{ limit: 100 }],
    'departments.create': () => [{ name: '研发部', parentid: 1, order: 1, id: 2 }],
    'departments.update': () => [2, { name: '研发中心' }],
    'departments.delete': () => [[3, 2]],
    'departments.list': () => [1],
    'departments.listSimple': () => [],
    'departments.get': () => [2],
    'tags.create': () => ['标签', 5],
    'tags.update': () => [5, '新标签'],
    'tags.delete': () => [5],
    'tags.list': () => [],
    'tags.getUsers': () => [5],
    'tags.addUsers': () => [5, ['zhangsan', 'lisi']],
    'tags.removeUsers': () => [5, { userlist: ['zhangsan'], partylist: [2] }],
    'batch.inviteUsers': () => [{ user: ['zhangsan'], party: [2], tag: [5] }],
    'batch.syncUsers': () => ['MEDIA_ID_1', { toInvite: false, callback: { ...callback } }],
    'batch.replaceUsers': () => ['MEDIA_ID_1', { callback: { ...callback } }],
    'batch.replaceParty': () => ['MEDIA_ID_1', { callback: { ...callback } }],
    'batch.getResult': () => ['JOBID_1'],
    'batch.waitForResult': () => ['JOBID_1', { intervalMs: 10, timeoutMs: 1_000 }],
    'agents.get': () => [AGENT_ID],
    'agents.set': () => [{ name: '应用', description: '一个应用的描述', home_url: 'https://example.com/' }],
    'agents.list': () => [],
    'menus.create': () => [
      {
        button: [
          { type: 'click', name: '今日', key: 'TODAY' },
          { name: '菜单', sub_button: [{ type: 'view', name: '搜索', url: 'https://example.com/s' }] },
        ],
      },
      AGENT_ID,
    ],
    'menus.get': () => [],
    'menus.delete': () => [AGENT_ID],
    'messages.send': () => [{ touser: ['zhangsan'], msgtype: 'text', text: { content: '你好' }, safe: 0 }],
    'messages.recall': () => ['MSGID_1'],
    // A fresh code per call: a client refuses one it has used.
    'messages.updateTemplateCard': () => [
      {
        userids: ['zhangsan'],
        response_code: `RESPONSE_CODE_${++cardCodes}`,
        button: { replace_name: '已处理' },
      },
    ],
    'messages.getStatistics': () => [1],
    'messages.sendToLinkedCorp': () => [
      {
        touser: ['wwpartner/zhangsan', 'lisi'],
        toparty: ['wwpartner/2'],
        msgtype: 'text',
        text: { content: '你好' },
      },
    ],
    'appchat.create': () => [
      { name: '发布群', owner: 'zhangsan', userlist: ['zhangsan', 'lisi'], chatid: 'release42' },
    ],
    'appchat.update': () => [
      'release42',
      { name: '发布群', add_user_list: ['wangwu'], del_user_list: ['lisi'] },
    ],
    'appchat.get': () => ['release42'],
    'appchat.send': () => [
      'release42',
      { msgtype: 'markdown', markdown: { content: '**发布完成**' }, safe: 0 },
    ],
    'media.upload': () => ['file', new Uint8Array(16).fill(65), { filename: '通讯录.csv' }],
    'media.get': () => ['MEDIA_ID_1'],
    'media.uploadImage': () => [new Uint8Array(32).fill(1), { filename: 'logo.png' }],
    'jssdk.getTicket': () => [],
    'jssdk.getAgentTicket': () => [AGENT_ID],
    'jssdk.getConfig': () => [{ url: page, jsApiList: ['scanQRCode'], debug: false }],
    'jssdk.getAgentConfig': () => [{ url: page, jsApiList: ['selectExternalContact'] }],
    'jssdk.signConfig': () => [page],
    'jssdk.signAgentConfig': () => [page, { agentId: AGENT_ID }],
    'ip.getCallbackIps': () => [],
    'ip.getApiDomainIps': () => [],
    'kf.addAccount': () => [{ name: '售后客服', media_id: 'MEDIA_ID_1' }],
    'kf.updateAccount': () => [{ open_kfid: KF, name: '售前客服' }],
    'kf.deleteAccount': () => [KF],
    'kf.listAccounts': () => [{ offset: 0, limit: 50 }],
    'kf.addContactWay': () => [{ open_kfid: KF, scene: 'shop_1' }],
    'kf.addServicers': () => [{ open_kfid: KF, userid_list: ['zhangsan'], department_id_list: [2] }],
    'kf.deleteServicers': () => [{ open_kfid: KF, userid_list: ['zhangsan'] }],
    'kf.listServicers': () => [KF],
    'kf.syncMessages': () => [
      { open_kfid: KF, token: 'ENCApHxnGDNAVNY4AaSJKj4T', limit: 100, voice_format: 0 },
    ],
    'kf.send': () => [{ touser: CUSTOMER, open_kfid: KF, msgtype: 'text', text: { content: '你好' } }],
    'kf.sendOnEvent': () => ['WELCOME_CODE_1', { msgtype: 'text', text: { content: '欢迎光临' } }],
    'kf.getServiceState': () => [{ open_kfid: KF, external_userid: CUSTOMER }],
    'kf.transServiceState': () => [
      { open_kfid: KF, external_userid: CUSTOMER, service_state: 3, servicer_userid: 'zhangsan' },
    ],
    'kf.batchGetCustomers': () => [[CUSTOMER], { needEnterSessionContext: true }],
    'externalContact.listFollowUsers': () => [],
    'externalContact.list': () => ['zhangsan'],
    'externalContact.get': () => [CUSTOMER],
    'externalContact.listByUsers': () => [['zhangsan', 'lisi'], { limit: 50 }],
    'externalContact.remark': () => [
      { userid: 'zhangsan', external_userid: CUSTOMER, remark: '老客户', remark_mobiles: ['13800000000'] },
    ],
    'externalContact.addContactWay': () => [
      { type: 1, scene: 2, remark: '门店', state: 'store42', user: ['zhangsan'] },
    ],
    'externalContact.getContactWay': () => ['CONFIG_ID_1'],
    'externalContact.listContactWays': () => [
      { start_time: 1_700_000_000, end_time: 1_700_086_400, limit: 100 },
    ],
    'externalContact.updateContactWay': () => [
      { config_id: 'CONFIG_ID_1', remark: '旗舰店', user: ['zhangsan'] },
    ],
    'externalContact.deleteContactWay': () => ['CONFIG_ID_1'],
    'externalContact.closeTempChat': () => ['zhangsan', CUSTOMER],
    'externalContact.listGroupChats': () => [
      { status_filter: 0, owner_filter: { userid_list: ['zhangsan'] }, limit: 100 },
    ],
    'externalContact.getGroupChat': () => ['wrOgQhDgAAsample0123', { needName: true }],
    'externalContact.listCorpTags': () => [{ group_id: ['etGROUPsample'] }],
    'externalContact.addCorpTag': () => [{ group_name: '客户等级', tag: [{ name: 'VIP', order: 1 }] }],
    'externalContact.editCorpTag': () => [{ id: 'etTAGsample', name: '重要客户' }],
    'externalContact.deleteCorpTag': () => [{ tag_id: ['etTAGsample'] }],
    'externalContact.markTag': () => [
      { userid: 'zhangsan', external_userid: CUSTOMER, add_tag: ['etTAGsample'] },
    ],
    'externalContact.addMsgTemplate': () => [
      {
        chat_type: 'single',
        external_userid: [CUSTOMER],
        sender: 'zhangsan',
        text: { content: '双十一优惠' },
      },
    ],
    'externalContact.listGroupMessages': () => [
      { chat_type: 'single', start_time: 1_700_000_000, end_time: 1_700_086_400, limit: 50 },
    ],
    'externalContact.getGroupMessageTask': () => ['msgGCAAAsample0123', { limit: 100 }],
    'externalContact.getGroupMessageSendResult': () => ['msgGCAAAsample0123', 'zhangsan', { limit: 100 }],
    'externalContact.sendWelcomeMessage': () => [
      { welcome_code: 'WELCOMECODE_1', text: { content: '欢迎' } },
    ],
    'externalContact.transferCustomer': () => [
      { handover_userid: 'zhangsan', takeover_userid: 'lisi', external_userid: [CUSTOMER] },
    ],
    'externalContact.getTransferResult': () => ['zhangsan', 'lisi'],
    'externalContact.transferResignedCustomer': () => [
      { handover_userid: 'zhangsan', takeover_userid: 'lisi', external_userid: [CUSTOMER] },
    ],
    'externalContact.getResignedTransferResult': () => ['zhangsan', 'lisi'],
    'externalContact.listUnassigned': () => [{ pageSize: 100 }],
    'externalContact.getUserBehaviorData': () => [
      { userid: ['zhangsan'], start_time: 1_700_000_000, end_time: 1_700_086_400 },
    ],
    'externalContact.convertToOpenId': () => [CUSTOMER],
    'externalContact.toPendingIds': () => [[CUSTOMER], { chatId: 'wrOgQhDgAAsample0123' }],
  }
}

/** How each function exported by wecom-kit is exercised by the hostile-input properties. */
export type ExportClass =
  /** The standalone form of a namespace method: `fn(client, ...args)`. */
  | { kind: 'method'; of: string }
  /**
   * Any arguments: a result or a WeComError, never another exception. `take` keeps only the
   * first arguments when the later ones are code rather than data.
   */
  | { kind: 'pure'; sample: () => unknown[]; take?: number }
  /** Any arguments after a fixed first one (a client, a schema): the rest is the input. */
  | { kind: 'bound'; first: () => unknown; sample: () => unknown[]; take?: number }
  /** Not run with arbitrary input, and why. */
  | { kind: 'skipped'; why: string }

const VALID_XML =
  '<xml><ToUserName><![CDATA[wwcorp]]></ToUserName><FromUserName><![CDATA[zhangsan]]></FromUserName>' +
  '<CreateTime>1409659813</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[hi]]></Content>' +
  '<MsgId>4561255354251345929</MsgId><AgentID>218</AgentID></xml>'
const REPLY_TO = { ToUserName: 'wwcorp', FromUserName: 'zhangsan' }

export const EXPORTS: Record<string, ExportClass> = {
  // Standalone functions of the namespaces.
  createUser: { kind: 'method', of: 'users.create' },
  updateUser: { kind: 'method', of: 'users.update' },
  deleteUser: { kind: 'method', of: 'users.delete' },
  getUser: { kind: 'method', of: 'users.get' },
  listUsersByDepartment: { kind: 'method', of: 'users.listByDepartment' },
  listUsersDetailByDepartment: { kind: 'method', of: 'users.listDetailByDepartment' },
  inviteUser: { kind: 'method', of: 'users.invite' },
  getUserIdByCode: { kind: 'method', of: 'users.getIdByCode' },
  getAuthorizeUrl: { kind: 'method', of: 'users.getAuthorizeUrl' },
  getUserIdByMobile: { kind: 'method', of: 'users.getIdByMobile' },
  convertToOpenId: { kind: 'method', of: 'users.convertToOpenId' },
  authSucc: { kind: 'method', of: 'users.authSucc' },
  listUserIds: { kind: 'method', of: 'users.listIds' },
  createDepartment: { kind: 'method', of: 'departments.create' },
  updateDepartment: { kind: 'method', of: 'departments.update' },
  deleteDepartment: { kind: 'method', of: 'departments.delete' },
  listDepartments: { kind: 'method', of: 'departments.list' },
  listSimpleDepartments: { kind: 'method', of: 'departments.listSimple' },
  getDepartment: { kind: 'method', of: 'departments.get' },
  createTag: { kind: 'method', of: 'tags.create' },
  updateTag: { kind: 'method', of: 'tags.update' },
  deleteTag: { kind: 'method', of: 'tags.delete' },
  listTags: { kind: 'method', of: 'tags.list' },
  getTagUsers: { kind: 'method', of: 'tags.getUsers' },
  addTagUsers: { kind: 'method', of: 'tags.addUsers' },
  removeTagUsers: { kind: 'method', of: 'tags.removeUsers' },
  inviteUsers: { kind: 'method', of: 'batch.inviteUsers' },
  syncUsers: { kind: 'method', of: 'batch.syncUsers' },
  replaceUsers: { kind: 'method', of: 'batch.replaceUsers' },
  replaceParty: { kind: 'method', of: 'batch.replaceParty' },
  getBatchResult: { kind: 'method', of: 'batch.getResult' },
  waitForBatchResult: { kind: 'method', of: 'batch.waitForResult' },
  getAgent: { kind: 'method', of: 'agents.get' },
  setAgent: { kind: 'method', of: 'agents.set' },
  listAgents: { kind: 'method', of: 'agents.list' },
  createMenu: { kind: 'method', of: 'menus.create' },
  getMenu: { kind: 'method', of: 'menus.get' },
  deleteMenu: { kind: 'method', of: 'menus.delete' },
  sendMessage: { kind: 'method', of: 'messages.send' },
  recallMessage: { kind: 'method', of: 'messages.recall' },
  updateTemplateCard: { kind: 'method', of: 'messages.updateTemplateCard' },
  getMessageStatistics: { kind: 'method', of: 'messages.getStatistics' },
  sendToLinkedCorp: { kind: 'method', of: 'messages.sendToLinkedCorp' },
  createAppChat: { kind: 'method', of: 'appchat.create' },
  updateAppChat: { kind: 'method', of: 'appchat.update' },
  getAppChat: { kind: 'method', of: 'appchat.get' },
  sendAppChatMessage: { kind: 'method', of: 'appchat.send' },
  uploadMedia: { kind: 'method', of: 'media.upload' },
  getMedia: { kind: 'method', of: 'media.get' },
  uploadImage: { kind: 'method', of: 'media.uploadImage' },
  getJsapiTicket: { kind: 'method', of: 'jssdk.getTicket' },
  getAgentTicket: { kind: 'method', of: 'jssdk.getAgentTicket' },
  getJsConfig: { kind: 'method', of: 'jssdk.getConfig' },
  getAgentConfig: { kind: 'method', of: 'jssdk.getAgentConfig' },
  signConfig: { kind: 'method', of: 'jssdk.signConfig' },
  signAgentConfig: { kind: 'method', of: 'jssdk.signAgentConfig' },
  getCallbackIps: { kind: 'method', of: 'ip.getCallbackIps' },
  getApiDomainIps: { kind: 'method', of: 'ip.getApiDomainIps' },
  addKfAccount: { kind: 'method', of: 'kf.addAccount' },
  updateKfAccount: { kind: 'method', of: 'kf.updateAccount' },
  deleteKfAccount: { kind: 'method', of: 'kf.deleteAccount' },
  listKfAccounts: { kind: 'method', of: 'kf.listAccounts' },
  addKfContactWay: { kind: 'method', of: 'kf.addContactWay' },
  addKfServicers: { kind: 'method', of: 'kf.addServicers' },
  deleteKfServicers: { kind: 'method', of: 'kf.deleteServicers' },
  listKfServicers: { kind: 'method', of: 'kf.listServicers' },
  syncKfMessages: { kind: 'method', of: 'kf.syncMessages' },
  sendKfMessage: { kind: 'method', of: 'kf.send' },
  sendKfEventMessage: { kind: 'method', of: 'kf.sendOnEvent' },
  getKfServiceState: { kind: 'method', of: 'kf.getServiceState' },
  transKfServiceState: { kind: 'method', of: 'kf.transServiceState' },
  batchGetKfCustomers: { kind: 'method', of: 'kf.batchGetCustomers' },
  listFollowUsers: { kind: 'method', of: 'externalContact.listFollowUsers' },
  listCustomers: { kind: 'method', of: 'externalContact.list' },
  getCustomer: { kind: 'method', of: 'externalContact.get' },
  listCustomersByUsers: { kind: 'method', of: 'externalContact.listByUsers' },
  remarkCustomer: { kind: 'method', of: 'externalContact.remark' },
  addContactWay: { kind: 'method', of: 'externalContact.addContactWay' },
  getContactWay: { kind: 'method', of: 'externalContact.getContactWay' },
  listContactWays: { kind: 'method', of: 'externalContact.listContactWays' },
  updateContactWay: { kind: 'method', of: 'externalContact.updateContactWay' },
  deleteContactWay: { kind: 'method', of: 'externalContact.deleteContactWay' },
  closeTempChat: { kind: 'method', of: 'externalContact.closeTempChat' },
  listGroupChats: { kind: 'method', of: 'externalContact.listGroupChats' },
  getGroupChat: { kind: 'method', of: 'externalContact.getGroupChat' },
  listCorpTags: { kind: 'method', of: 'externalContact.listCorpTags' },
  addCorpTag: { kind: 'method', of: 'externalContact.addCorpTag' },
  editCorpTag: { kind: 'method', of: 'externalContact.editCorpTag' },
  deleteCorpTag: { kind: 'method', of: 'externalContact.deleteCorpTag' },
  markTag: { kind: 'method', of: 'externalContact.markTag' },
  addMsgTemplate: { kind: 'method', of: 'externalContact.addMsgTemplate' },
  listGroupMessages: { kind: 'method', of: 'externalContact.listGroupMessages' },
  getGroupMessageTask: { kind: 'method', of: 'externalContact.getGroupMessageTask' },
  getGroupMessageSendResult: { kind: 'method', of: 'externalContact.getGroupMessageSendResult' },
  sendWelcomeMessage: { kind: 'method', of: 'externalContact.sendWelcomeMessage' },
  transferCustomer: { kind: 'method', of: 'externalContact.transferCustomer' },
  getTransferResult: { kind: 'method', of: 'externalContact.getTransferResult' },
  transferResignedCustomer: { kind: 'method', of: 'externalContact.transferResignedCustomer' },
  getResignedTransferResult: { kind: 'method', of: 'externalContact.getResignedTransferResult' },
  listUnassignedCustomers: { kind: 'method', of: 'externalContact.listUnassigned' },
  getUserBehaviorData: { kind: 'method', of: 'externalContact.getUserBehaviorData' },
  convertExternalUserIdToOpenId: { kind: 'method', of: 'externalContact.convertToOpenId' },
  externalUserIdToPendingId: { kind: 'method', of: 'externalContact.toPendingIds' },

  // Pure helpers of the resource packages.
  usersToCsv: {
    kind: 'pure',
    sample: () => [[{ name: '张三', userid: 'zhangsan', mobile: '13800000000', department: [1, 2] }]],
  },
  departmentsToCsv: { kind: 'pure', sample: () => [[{ name: '研发部', id: 2, parentid: 1, order: 1 }]] },
  csvField: { kind: 'pure', sample: () => ['a,"b"'] },
  toCsv: { kind: 'pure', sample: () => [[['a', 1, null, undefined]]] },
  signJsapi: {
    kind: 'pure',
    sample: () => [
      { ticket: 'TICKET', nonceStr: 'abc', timestamp: 1414587457, url: 'https://example.com/#x' },
    ],
  },
  sha1Hex: { kind: 'pure', sample: () => ['abc'] },
  createNonce: { kind: 'pure', sample: () => [16] },
  filenameFromDisposition: { kind: 'pure', sample: () => ['attachment; filename="a.csv"'] },
  memoryCursorStore: { kind: 'pure', sample: () => [] },
  kfCursorKey: { kind: 'pure', sample: () => [CORP_ID, KF] },
  isKfSendRefusedError: { kind: 'pure', sample: () => [new Error('x')] },

  // The group robot: its key and options from configuration, its messages from the caller.
  createWebhookBot: {
    kind: 'pure',
    sample: () => [{ key: 'hostile-robot-key-0001' }, { pacer: false, onRateLimit: 'fail', timeout: 10 }],
  },
  webhookImage: {
    kind: 'pure',
    sample: () => [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])],
  },
  isWebhookRateLimitError: { kind: 'pure', sample: () => [new Error('x')] },
  redactWebhookUrl: {
    kind: 'pure',
    sample: () => ['https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc'],
  },

  // The callback package: input from the network, options from configuration.
  createCallbackCrypto: {
    kind: 'pure',
    sample: () => [
      { token: 'QDG6eK', encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C', receiveId: 'ww1' },
    ],
  },
  createCallbackHandler: {
    kind: 'pure',
    sample: () => [
      {
        token: 'QDG6eK',
        encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
        corpId: 'ww1',
        onMessage: () => undefined,
        bodyLimit: 1024,
      },
    ],
  },
  memoryDedupStore: { kind: 'pure', sample: () => [{ maxEntries: 10 }] },
  parseCallbackXml: { kind: 'pure', sample: () => [VALID_XML] },
  isKnownCallbackMessage: { kind: 'pure', sample: () => [{ MsgType: 'text' }] },
  parseSuiteCallbackXml: {
    kind: 'pure',
    sample: () => [
      '<xml><SuiteId><![CDATA[wwsuite]]></SuiteId><InfoType><![CDATA[suite_ticket]]></InfoType>' +
        '<TimeStamp>1403610513</TimeStamp><SuiteTicket><![CDATA[ticket0123]]></SuiteTicket></xml>',
    ],
  },
  isKnownSuiteCallbackMessage: { kind: 'pure', sample: () => [{ InfoType: 'suite_ticket' }] },
  textReply: { kind: 'pure', sample: () => [{ ...REPLY_TO }, '你好', { createTime: 1 }] },
  imageReply: { kind: 'pure', sample: () => [{ ...REPLY_TO }, 'MEDIA'] },
  voiceReply: { kind: 'pure', sample: () => [{ ...REPLY_TO }, 'MEDIA'] },
  videoReply: {
    kind: 'pure',
    sample: () => [{ ...REPLY_TO }, { MediaId: 'M', Title: 't', Description: 'd' }],
  },
  newsReply: {
    kind: 'pure',
    sample: () => [
      { ...REPLY_TO },
      [{ Title: 't', Description: 'd', Url: 'https://e.com', PicUrl: 'https://e.com/p' }],
    ],
  },

  // Core.
  createWeComClient: {
    kind: 'pure',
    sample: () => [{ corpId: CORP_ID, corpSecret: 's', agentId: AGENT_ID }],
  },
  createClient: { kind: 'pure', sample: () => [{ corpId: CORP_ID, corpSecret: 's', timeout: 10 }] },
  resolveAgentId: {
    kind: 'bound',
    first: () => fullClient({ agentId: AGENT_ID }),
    sample: () => [AGENT_ID],
  },
  // `what` and `config` are the caller's code; the input is what is checked.
  parseInput: { kind: 'bound', first: () => wecomKit.UserId, sample: () => ['zhangsan'], take: 1 },
  requestOptions: { kind: 'pure', sample: () => [{ timeout: 10 }] },
  charLength: { kind: 'pure', sample: () => ['你好'] },
  utf8Length: { kind: 'pure', sample: () => ['你好'] },
  maxBytes: { kind: 'pure', sample: () => [10, 'too long'] },
  maxChars: { kind: 'pure', sample: () => [10, 'too long'] },
  isWellFormed: { kind: 'pure', sample: () => ['张三'] },
  wellFormed: { kind: 'pure', sample: () => ['userid'] },
  isJsonData: { kind: 'pure', sample: () => [{ a: [1, 'b', null] }] },
  joinList: { kind: 'pure', sample: () => [['a', 1]] },
  splitList: { kind: 'pure', sample: () => ['a|b'] },
  optionalObject: { kind: 'pure', sample: () => [{ limit: 10 }, 'options'] },
  scrubError: { kind: 'pure', sample: () => [new Error('GET /x?access_token=abc failed')] },
  redactUrl: { kind: 'pure', sample: () => ['https://x/?access_token=abc&corpsecret=def'] },
  hintFor: { kind: 'pure', sample: () => [60020, 'user/get'] },
  parseWeComJson: { kind: 'pure', sample: () => ['{"errcode":0,"msgid":12345678901234567890}'] },
  isRetryable: { kind: 'pure', sample: () => [new wecomKit.WeComApiError(-1, 'busy', 'user/get'), true] },
  isWeComError: { kind: 'pure', sample: () => [new Error('x')] },
  isWeComApiError: { kind: 'pure', sample: () => [new Error('x')] },
  isWeComHttpError: { kind: 'pure', sample: () => [new Error('x')] },
  isWeComNetworkError: { kind: 'pure', sample: () => [new Error('x')] },
  isWeComValidationError: { kind: 'pure', sample: () => [new Error('x')] },
  isWeComPartialFailureError: { kind: 'pure', sample: () => [new Error('x')] },
  isWeComCallbackError: { kind: 'pure', sample: () => [new Error('x')] },
  tokenKey: { kind: 'pure', sample: () => [CORP_ID, 'secret', 'access_token'] },
  memoryTokenStore: { kind: 'pure', sample: () => [] },
  readAtMost: {
    kind: 'pure',
    sample: () => [new Blob([new Uint8Array([1, 2])]).stream(), 10],
  },
  defineResource: { kind: 'pure', sample: () => ['things', () => ({})] },

  corpSecretCredentials: { kind: 'pure', sample: () => [CORP_ID, 'secret'] },
  defineEndpoint: { kind: 'skipped', why: 'takes code (an operation table entry with a schema), not data' },
  defineOperation: { kind: 'skipped', why: 'takes code (a function to label), not data' },
  freshToken: { kind: 'skipped', why: 'reads a WeCom answer inside a credential strategy, not caller input' },
  createRateLimiter: { kind: 'pure', sample: () => [{}] },
  sharedRateLimiter: { kind: 'pure', sample: () => [] },
  unlessAborted: { kind: 'skipped', why: 'takes a promise and an AbortSignal (code), not data' },
  linkSignal: { kind: 'skipped', why: 'takes an AbortSignal (the caller’s own object), not data' },
  abortedError: { kind: 'skipped', why: 'error factory: used by wecom-kit, not fed input' },
  validationError: { kind: 'skipped', why: 'error factory: used by wecom-kit, not fed input' },
  createTokenProvider: {
    kind: 'skipped',
    why: 'takes code (a store and a fetch function), not data; createClient checks what it passes',
  },
  bindAll: { kind: 'skipped', why: 'takes code (a client and functions), not data' },
  cursorList: {
    kind: 'skipped',
    why: 'takes a client; the lists built on it are enumerated as namespace methods',
  },
  WeComError: { kind: 'skipped', why: 'error class: constructed by wecom-kit, not from input' },
  WeComApiError: { kind: 'skipped', why: 'error class: constructed by wecom-kit, not from input' },
  WeComHttpError: { kind: 'skipped', why: 'error class: constructed by wecom-kit, not from input' },
  WeComNetworkError: { kind: 'skipped', why: 'error class: constructed by wecom-kit, not from input' },
  WeComValidationError: { kind: 'skipped', why: 'error class: constructed by wecom-kit, not from input' },
  WeComPartialFailureError: { kind: 'skipped', why: 'error class: constructed by wecom-kit, not from input' },
  WeComCallbackError: { kind: 'skipped', why: 'error class: constructed by wecom-kit, not from input' },
  KfSendRefusedError: { kind: 'skipped', why: 'error class: constructed by wecom-kit, not from input' },
  WebhookRateLimitError: { kind: 'skipped', why: 'error class: constructed by wecom-kit, not from input' },
}

/** Every function wecom-kit exports, by name. */
export function exportedFunctions(): [string, (...args: unknown[]) => unknown][] {
  return Object.entries(wecomKit).filter(
    (entry): entry is [string, (...args: unknown[]) => unknown] => typeof entry[1] === 'function',
  )
}
