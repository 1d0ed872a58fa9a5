// ID conversion on a corp's access_token: client.with(idConvert) and the standalone functions.
import { createClient, isWeComApiError, WeComValidationError } from '@wecom-kit/core'
import { getNewExternalUserIds, idConvert, userIdToOpenUserId } from '@wecom-kit/suite'
import { beforeEach, describe, expect, it } from 'vitest'
import { rejection } from './support/helpers.js'
import {
  BASE,
  CORP_ID,
  CORP_SECRET,
  FAST_RETRY,
  useProviderFake,
  wecomError,
} from './support/provider-fake.js'

const { fake } = useProviderFake()

const makeClient = () =>
  createClient({ corpId: CORP_ID, corpSecret: CORP_SECRET, baseUrl: BASE, retry: FAST_RETRY }).with(idConvert)
let client: ReturnType<typeof makeClient>

beforeEach(() => {
  client = makeClient()
})

type Client = typeof client

interface Case {
  name: string
  path: string
  call: (c: Client) => Promise<unknown>
  body: unknown
  answer: Record<string, unknown>
  errcode: number
  bad: ((c: Client) => unknown)[]
}

const many = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`)

const cases: Case[] = [
  {
    name: 'userIdToOpenUserId',
    path: 'batch/userid_to_openuserid',
    call: (c) => c.idConvert.userIdToOpenUserId(['zhangsan', 'nobody']),
    body: { userid_list: ['zhangsan', 'nobody'] },
    answer: {
      open_userid_list: [{ userid: 'zhangsan', open_userid: 'woZS' }],
      invalid_userid_list: ['nobody'],
    },
    errcode: 48002,
    bad: [
      (c) => c.idConvert.userIdToOpenUserId([]),
      (c) => c.idConvert.userIdToOpenUserId(many(1001, 'u')),
      (c) => c.idConvert.userIdToOpenUserId('zhangsan' as never),
      (c) => c.idConvert.userIdToOpenUserId(['bad id']),
    ],
  },
  {
    name: 'openUserIdToUserId',
    path: 'batch/openuserid_to_userid',
    call: (c) => c.idConvert.openUserIdToUserId({ open_userid_list: ['woZS'], source_agentid: 1000002 }),
    body: { open_userid_list: ['woZS'], source_agentid: 1000002 },
    answer: { userid_list: [{ open_userid: 'woZS', userid: 'zhangsan' }], invalid_open_userid_list: [] },
    errcode: 40125,
    bad: [
      (c) => c.idConvert.openUserIdToUserId({ open_userid_list: [] }),
      (c) => c.idConvert.openUserIdToUserId({ open_userid_list: ['woZS'], source_agentid: -1 }),
    ],
  },
  {
    name: 'newExternalUserIds',
    path: 'externalcontact/get_new_external_userid',
    call: (c) => c.idConvert.newExternalUserIds(['wmOld1']),
    body: { external_userid_list: ['wmOld1'] },
    answer: { items: [{ external_userid: 'wmOld1', new_external_userid: 'wmNew1' }] },
    errcode: 40096,
    bad: [
      (c) => c.idConvert.newExternalUserIds(many(1001, 'wm')),
      (c) => c.idConvert.newExternalUserIds(['']),
    ],
  },
  {
    name: 'newGroupChatExternalUserIds',
    path: 'externalcontact/groupchat/get_new_external_userid',
    call: (c) =>
      c.idConvert.newGroupChatExternalUserIds({ chat_id: 'wrChat1', external_userid_list: ['wmOld1'] }),
    body: { chat_id: 'wrChat1', external_userid_list: ['wmOld1'] },
    answer: { items: [{ external_userid: 'wmOld1', new_external_userid: 'wmNew1' }] },
    errcode: 40050,
    bad: [(c) => c.idConvert.newGroupChatExternalUserIds({ external_userid_list: ['wmOld1'] } as never)],
  },
  {
    name: 'unionIdToExternalUserId',
    path: 'idconvert/unionid_to_external_userid',
    call: (c) => c.idConvert.unionIdToExternalUserId({ unionid: 'oUNION', openid: 'oOPEN', subject_type: 1 }),
    body: { unionid: 'oUNION', openid: 'oOPEN', subject_type: 1 },
    answer: { external_userid: 'wmCustomer', pending_id: 'pPending' },
    errcode: 40073,
    bad: [
      (c) => c.idConvert.unionIdToExternalUserId({ unionid: 'oUNION' } as never),
      (c) =>
        c.idConvert.unionIdToExternalUserId({ unionid: 'oUNION', openid: 'oOPEN', subject_type: 2 as 0 }),
    ],
  },
  {
    name: 'externalUserIdsToPendingIds',
    path: 'idconvert/batch/external_userid_to_pending_id',
    call: (c) => c.idConvert.externalUserIdsToPendingIds({ external_userid: ['wmA'], chat_id: 'wrChat1' }),
    body: { external_userid: ['wmA'], chat_id: 'wrChat1' },
    answer: { result: [{ external_userid: 'wmA', pending_id: 'pA' }] },
    errcode: 40096,
    bad: [(c) => c.idConvert.externalUserIdsToPendingIds({ external_userid: many(101, 'wm') })],
  },
  {
    name: 'externalTagIdsToOpen',
    path: 'idconvert/external_tagid',
    call: (c) => c.idConvert.externalTagIdsToOpen(['etTag1', 'etGone']),
    body: { external_tagid_list: ['etTag1', 'etGone'] },
    answer: {
      items: [{ external_tagid: 'etTag1', open_external_tagid: 'etOpen1' }],
      invalid_external_tagid_list: ['etGone'],
    },
    errcode: 40068,
    bad: [(c) => c.idConvert.externalTagIdsToOpen([])],
  },
  {
    name: 'openKfIdsToNew',
    path: 'idconvert/open_kfid',
    call: (c) => c.idConvert.openKfIdsToNew(['wkOld']),
    body: { open_kfid_list: ['wkOld'] },
    answer: { items: [{ open_kfid: 'wkOld', new_open_kfid: 'wkNew' }], invalid_open_kfid_list: [] },
    errcode: 95000,
    bad: [(c) => c.idConvert.openKfIdsToNew(['x'.repeat(65)])],
  },
  {
    name: 'convertTmpExternalUserIds',
    path: 'idconvert/convert_tmp_external_userid',
    call: (c) =>
      c.idConvert.convertTmpExternalUserIds({
        business_type: 1,
        user_type: 1,
        tmp_external_userid_list: ['ouT1'],
      }),
    body: { business_type: 1, user_type: 1, tmp_external_userid_list: ['ouT1'] },
    answer: {
      results: [{ tmp_external_userid: 'ouT1', external_userid: 'wmC' }],
      invalid_tmp_external_userid_list: [],
    },
    errcode: 40058,
    bad: [
      (c) =>
        c.idConvert.convertTmpExternalUserIds({
          business_type: 4 as 1,
          user_type: 1,
          tmp_external_userid_list: ['ouT1'],
        }),
      (c) =>
        c.idConvert.convertTmpExternalUserIds({
          business_type: 1,
          user_type: 1,
          tmp_external_userid_list: many(101, 'ou'),
        }),
    ],
  },
  {
    name: 'toServiceExternalUserId',
    path: 'externalcontact/to_service_external_userid',
    call: (c) => c.idConvert.toServiceExternalUserId('wmDaikaifa'),
    body: { external_userid: 'wmDaikaifa' },
    answer: { external_userid: 'wmService' },
    errcode: 40096,
    bad: [(c) => c.idConvert.toServiceExternalUserId('')],
  },
  {
    name: 'fromServiceExternalUserId',
    path: 'externalcontact/from_service_external_userid',
    call: (c) =>
      c.idConvert.fromServiceExternalUserId({ external_userid: 'wmService', source_agentid: 1000003 }),
    body: { external_userid: 'wmService', source_agentid: 1000003 },
    answer: { external_userid: 'wmCorp' },
    errcode: 40096,
    bad: [(c) => c.idConvert.fromServiceExternalUserId({ external_userid: 'wmService' } as never)],
  },
]

describe.each(cases)('idConvert.$name', (c) => {
  it(`POSTs ${c.path} with the corp's access_token and resolves to WeCom's answer`, async () => {
    fake.on(c.path, () => c.answer)
    expect(await c.call(client)).toMatchObject({ errcode: 0, ...c.answer })
    const [sent] = fake.sentTo(c.path)
    expect(sent?.json).toEqual(c.body)
    expect(Object.keys(sent!.query)).toEqual(['access_token'])
  })

  it('surfaces a WeCom error', async () => {
    fake.on(c.path, () => wecomError(c.errcode))
    const error = await rejection(c.call(client))
    expect(isWeComApiError(error) && error.errcode).toBe(c.errcode)
  })

  it('refuses bad input before any request', async () => {
    for (const call of c.bad) {
      expect(await rejection(Promise.resolve().then(() => call(client)))).toBeInstanceOf(WeComValidationError)
    }
    expect(fake.corpTokenFetches + fake.requests.length).toBe(0)
  })

  it('is a lookup: sent again after a 5xx', async () => {
    let calls = 0
    fake.on(c.path, () => (++calls === 1 ? new Response('bad gateway', { status: 502 }) : c.answer))
    await c.call(client)
    expect(fake.sentTo(c.path)).toHaveLength(2)
  })
})

describe('standalone functions', () => {
  it('take any client, without the namespace', async () => {
    fake.on('batch/userid_to_openuserid', (json) => ({
      open_userid_list: (json.userid_list as string[]).map((userid) => ({
        userid,
        open_userid: `wo_${userid}`,
      })),
    }))
    fake.on('externalcontact/get_new_external_userid', () => ({ items: [] }))
    const plain = createClient({ corpId: CORP_ID, corpSecret: CORP_SECRET, baseUrl: BASE })
    const { open_userid_list } = await userIdToOpenUserId(plain, ['lisi'])
    expect(open_userid_list).toEqual([{ userid: 'lisi', open_userid: 'wo_lisi' }])
    expect((await getNewExternalUserIds(plain, ['wmX'])).items).toEqual([])
    expect(userIdToOpenUserId.operation).toMatchObject({
      path: 'batch/userid_to_openuserid',
      idempotent: true,
    })
    expect(fake.corpTokenFetches).toBe(1)
  })
})
