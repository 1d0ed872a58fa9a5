// 接口调用许可 on the provider client: every call sent with the provider_access_token, WeCom's
// field names in, WeCom's answer out; orders, activations and transfers never replayed blindly.
import { isWeComApiError, WeComHttpError, WeComValidationError } from '@wecom-kit/core'
import {
  activeLicenseAccount,
  createProviderClient,
  listLicenseActivatedAccounts,
  type ProviderClient,
} from '@wecom-kit/suite'
import { beforeEach, describe, expect, it } from 'vitest'
import { all, rejection } from './support/helpers.js'
import {
  BASE,
  FAST_RETRY,
  PROVIDER_CORP,
  PROVIDER_SECRET,
  useProviderFake,
  wecomError,
} from './support/provider-fake.js'

const { fake } = useProviderFake()
let provider: ProviderClient

beforeEach(() => {
  provider = createProviderClient({
    corpId: PROVIDER_CORP,
    providerSecret: PROVIDER_SECRET,
    baseUrl: BASE,
    retry: FAST_RETRY,
  })
})

const CORP = 'wpOpenCorp0123'
const USER = 'woUser0001'

interface Case {
  name: string
  path: string
  /** Replayed after a possible landing (a timeout, a 5xx)? */
  idempotent: boolean
  call: (p: ProviderClient) => Promise<unknown>
  /** The JSON body WeCom must receive. */
  body: unknown
  answer: Record<string, unknown>
  /** Inputs refused before any request. */
  bad: ((p: ProviderClient) => unknown)[]
}

const newOrder = {
  corpid: CORP,
  buyer_userid: 'buyer',
  account_count: { base_count: 10, external_contact_count: 5 },
  account_duration: { months: 2, days: 20 },
}

const cases: Case[] = [
  {
    name: 'createNewOrder',
    path: 'license/create_new_order',
    idempotent: false,
    call: (p) => p.license.createNewOrder(newOrder),
    body: newOrder,
    answer: { order_id: 'ORDER1' },
    bad: [
      (p) =>
        p.license.createNewOrder({
          ...newOrder,
          account_count: { base_count: 0, external_contact_count: 0 },
        }),
      (p) => p.license.createNewOrder({ ...newOrder, account_count: { base_count: 1_000_001 } }),
      (p) => p.license.createNewOrder({ ...newOrder, account_duration: { days: 30 } }),
      (p) => p.license.createNewOrder({ ...newOrder, account_duration: { months: 60, days: 1 } }),
      (p) => p.license.createNewOrder({ ...newOrder, buyer_userid: '' }),
    ],
  },
  {
    name: 'createRenewOrderJob',
    path: 'license/create_renew_order_job',
    idempotent: false,
    call: (p) =>
      p.license.createRenewOrderJob({
        corpid: CORP,
        account_list: [{ userid: USER, type: 1 }],
        jobid: 'JOB1',
      }),
    body: { corpid: CORP, account_list: [{ userid: USER, type: 1 }], jobid: 'JOB1' },
    answer: { jobid: 'JOB1', invalid_account_list: [] },
    bad: [
      (p) => p.license.createRenewOrderJob({ corpid: CORP, account_list: [] }),
      (p) => p.license.createRenewOrderJob({ corpid: CORP, account_list: [{ userid: USER, type: 3 as 1 }] }),
      (p) =>
        p.license.createRenewOrderJob({
          corpid: CORP,
          account_list: Array.from({ length: 1001 }, (_, i) => ({ userid: `u${i}`, type: 1 as const })),
        }),
    ],
  },
  {
    name: 'submitOrderJob',
    path: 'license/submit_order_job',
    idempotent: false,
    call: (p) =>
      p.license.submitOrderJob({ jobid: 'JOB1', buyer_userid: 'buyer', account_duration: { months: 12 } }),
    body: { jobid: 'JOB1', buyer_userid: 'buyer', account_duration: { months: 12 } },
    answer: { order_id: 'ORDER2' },
    bad: [
      (p) => p.license.submitOrderJob({ jobid: 'JOB1', buyer_userid: 'buyer', account_duration: {} }),
      (p) => p.license.submitOrderJob({ jobid: '', buyer_userid: 'buyer', account_duration: { months: 1 } }),
    ],
  },
  {
    name: 'getOrder',
    path: 'license/get_order',
    idempotent: true,
    call: (p) => p.license.getOrder({ order_id: 'ORDER1' }),
    body: { order_id: 'ORDER1' },
    answer: { order: { order_id: 'ORDER1', order_type: 1, order_status: 1, corpid: CORP, price: 10000 } },
    bad: [(p) => p.license.getOrder({ order_id: '' }), (p) => p.license.getOrder('ORDER1' as never)],
  },
  {
    name: 'cancelOrder',
    path: 'license/cancel_order',
    idempotent: false,
    call: (p) => p.license.cancelOrder({ corpid: CORP, order_id: 'ORDER1' }),
    body: { corpid: CORP, order_id: 'ORDER1' },
    answer: {},
    bad: [(p) => p.license.cancelOrder({ corpid: CORP } as never)],
  },
  {
    name: 'activeAccount',
    path: 'license/active_account',
    idempotent: false,
    call: (p) => p.license.activeAccount({ active_code: 'CODE1', corpid: CORP, userid: USER }),
    body: { active_code: 'CODE1', corpid: CORP, userid: USER },
    answer: {},
    bad: [
      (p) => p.license.activeAccount({ active_code: '', corpid: CORP, userid: USER }),
      (p) => p.license.activeAccount({ active_code: 'CODE 1', corpid: CORP, userid: USER }),
      (p) => p.license.activeAccount({ active_code: 'CODE1', corpid: CORP, userid: 'a b' }),
    ],
  },
  {
    name: 'batchActiveAccount',
    path: 'license/batch_active_account',
    idempotent: false,
    call: (p) =>
      p.license.batchActiveAccount({ corpid: CORP, active_list: [{ active_code: 'CODE1', userid: USER }] }),
    body: { corpid: CORP, active_list: [{ active_code: 'CODE1', userid: USER }] },
    answer: { active_result: [{ active_code: 'CODE1', userid: USER, errcode: 0 }] },
    bad: [
      (p) => p.license.batchActiveAccount({ corpid: CORP, active_list: [] }),
      (p) =>
        p.license.batchActiveAccount({
          corpid: CORP,
          active_list: Array.from({ length: 1001 }, (_, i) => ({ active_code: `C${i}`, userid: `u${i}` })),
        }),
    ],
  },
  {
    name: 'getActiveInfoByCode',
    path: 'license/get_active_info_by_code',
    idempotent: true,
    call: (p) => p.license.getActiveInfoByCode({ corpid: CORP, active_code: 'CODE1' }),
    body: { corpid: CORP, active_code: 'CODE1' },
    answer: { active_info: { active_code: 'CODE1', type: 1, status: 2, userid: USER, create_time: 1 } },
    bad: [(p) => p.license.getActiveInfoByCode({ corpid: '', active_code: 'CODE1' })],
  },
  {
    name: 'batchGetActiveInfoByCode',
    path: 'license/batch_get_active_info_by_code',
    idempotent: true,
    call: (p) => p.license.batchGetActiveInfoByCode({ corpid: CORP, active_code_list: ['CODE1', 'NOPE'] }),
    body: { corpid: CORP, active_code_list: ['CODE1', 'NOPE'] },
    answer: { active_info_list: [], invalid_active_code_list: ['NOPE'] },
    bad: [
      (p) =>
        p.license.batchGetActiveInfoByCode({
          corpid: CORP,
          active_code_list: Array.from({ length: 1001 }, (_, i) => `C${i}`),
        }),
    ],
  },
  {
    name: 'getActiveInfoByUser',
    path: 'license/get_active_info_by_user',
    idempotent: true,
    call: (p) => p.license.getActiveInfoByUser({ corpid: CORP, userid: USER }),
    body: { corpid: CORP, userid: USER },
    answer: { active_status: 1, active_info_list: [] },
    bad: [(p) => p.license.getActiveInfoByUser({ corpid: CORP } as never)],
  },
  {
    name: 'batchTransfer',
    path: 'license/batch_transfer_license',
    idempotent: false,
    call: (p) =>
      p.license.batchTransfer({
        corpid: CORP,
        transfer_list: [{ handover_userid: USER, takeover_userid: 'woUser0002' }],
      }),
    body: { corpid: CORP, transfer_list: [{ handover_userid: USER, takeover_userid: 'woUser0002' }] },
    answer: { transfer_result: [{ handover_userid: USER, takeover_userid: 'woUser0002', errcode: 0 }] },
    bad: [
      (p) =>
        p.license.batchTransfer({
          corpid: CORP,
          transfer_list: [{ handover_userid: USER, takeover_userid: USER }],
        }),
      (p) => p.license.batchTransfer({ corpid: CORP, transfer_list: [] }),
    ],
  },
  {
    name: 'batchShareActiveCode',
    path: 'license/batch_share_active_code',
    idempotent: false,
    call: (p) =>
      p.license.batchShareActiveCode({
        from_corpid: CORP,
        to_corpid: 'wpDown',
        share_list: [{ active_code: 'CODE1' }],
      }),
    body: { from_corpid: CORP, to_corpid: 'wpDown', share_list: [{ active_code: 'CODE1' }] },
    answer: { share_result: [{ active_code: 'CODE1', errcode: 0, errmsg: 'ok' }] },
    bad: [
      (p) =>
        p.license.batchShareActiveCode({
          from_corpid: CORP,
          to_corpid: 'wpDown',
          share_list: [{ active_code: 'CODE1' }],
          corp_link_type: 2 as 0,
        }),
    ],
  },
  {
    name: 'getAppLicenseInfo',
    path: 'license/get_app_license_info',
    idempotent: true,
    call: (p) => p.license.getAppLicenseInfo({ corpid: CORP, suite_id: 'wwsuite1' }),
    body: { corpid: CORP, suite_id: 'wwsuite1' },
    answer: { license_status: 1, trail_info: { start_time: 1, end_time: 2 } },
    bad: [(p) => p.license.getAppLicenseInfo({ corpid: CORP } as never)],
  },
  {
    name: 'setAutoActiveStatus',
    path: 'license/set_auto_active_status',
    idempotent: true,
    call: (p) => p.license.setAutoActiveStatus({ corpid: CORP, auto_active_status: 1 }),
    body: { corpid: CORP, auto_active_status: 1 },
    answer: {},
    bad: [(p) => p.license.setAutoActiveStatus({ corpid: CORP, auto_active_status: true as never })],
  },
  {
    name: 'getAutoActiveStatus',
    path: 'license/get_auto_active_status',
    idempotent: true,
    call: (p) => p.license.getAutoActiveStatus({ corpid: CORP }),
    body: { corpid: CORP },
    answer: { auto_active_status: 0 },
    bad: [(p) => p.license.getAutoActiveStatus({} as never)],
  },
]

describe.each(cases)('license.$name', (c) => {
  it(`POSTs ${c.path} with the provider token and resolves to WeCom's answer`, async () => {
    fake.on(c.path, () => c.answer)
    const answer = await c.call(provider)
    expect(answer).toMatchObject({ errcode: 0, ...c.answer })
    const [sent] = fake.sentTo(c.path)
    expect(sent?.method).toBe('POST')
    expect(sent?.json).toEqual(c.body)
    expect(Object.keys(sent!.query)).toEqual(['provider_access_token'])
  })

  it('surfaces a WeCom error', async () => {
    fake.on(c.path, () => wecomError(701008, 'license error'))
    const error = await rejection(c.call(provider))
    expect(isWeComApiError(error) && error.errcode).toBe(701008)
    expect(isWeComApiError(error) && error.path).toBe(c.path)
  })

  it('refuses bad input before any request', async () => {
    for (const call of c.bad) {
      const error = await rejection(Promise.resolve().then(() => call(provider)))
      expect(error).toBeInstanceOf(WeComValidationError)
    }
    expect(fake.providerTokenFetches + fake.requests.length).toBe(0)
  })

  it(
    c.idempotent ? 'is sent again after a 5xx' : 'is not sent again after a 5xx (it may have landed)',
    async () => {
      let calls = 0
      fake.on(c.path, () => (++calls === 1 ? new Response('bad gateway', { status: 502 }) : c.answer))
      const outcome = await c.call(provider).then(
        () => 'resolved',
        () => 'rejected',
      )
      expect(fake.sentTo(c.path)).toHaveLength(c.idempotent ? 2 : 1)
      expect(outcome).toBe(c.idempotent ? 'resolved' : 'rejected')
    },
  )
})

/** A paged list: `pages` in order, each answered for the cursor the one before returned. */
function pages(path: string, field: string, list: unknown[][], options: { hasMoreOnly?: boolean } = {}) {
  fake.on(path, (json) => {
    const index = json.cursor === undefined ? 0 : Number(String(json.cursor).slice(1))
    const last = index === list.length - 1
    return {
      [field]: list[index],
      has_more: last ? 0 : 1,
      next_cursor: last ? (options.hasMoreOnly ? 'c-stale' : '') : `c${index + 1}`,
    }
  })
}

describe('license lists (async iterables over cursor pages)', () => {
  it('listOrders yields every order across pages, sending the filter and the cursor', async () => {
    pages('license/list_order', 'order_list', [
      [{ order_id: 'o1', order_type: 1 }],
      [{ order_id: 'o2', order_type: 2 }],
      [{ order_id: 'o3', order_type: 1 }],
    ])
    const orders = await all(
      provider.license.listOrders({ corpid: CORP, start_time: 1_000, end_time: 2_000, limit: 1 }),
    )
    expect(orders.map((o) => o.order_id)).toEqual(['o1', 'o2', 'o3'])
    expect(fake.sentTo('license/list_order').map((r) => r.json)).toEqual([
      { corpid: CORP, start_time: 1_000, end_time: 2_000, limit: 1 },
      { corpid: CORP, start_time: 1_000, end_time: 2_000, limit: 1, cursor: 'c1' },
      { corpid: CORP, start_time: 1_000, end_time: 2_000, limit: 1, cursor: 'c2' },
    ])
  })

  it('fetches pages lazily: breaking off early asks no further page', async () => {
    pages('license/list_order_account', 'account_list', [
      [
        { active_code: 'A1', type: 1 },
        { active_code: 'A2', type: 1 },
      ],
      [{ active_code: 'A3', type: 2 }],
    ])
    const iterable = provider.license.listOrderAccounts({ order_id: 'ORDER1' })
    expect(fake.requests).toHaveLength(0)
    for await (const account of iterable) {
      expect(account.active_code).toBe('A1')
      break
    }
    expect(fake.sentTo('license/list_order_account')).toHaveLength(1)
  })

  it('stops on has_more 0 even when WeCom still sends a cursor', async () => {
    pages(
      'license/list_actived_account',
      'account_list',
      [[{ userid: 'u1', type: 1 }], [{ userid: 'u2', type: 2 }]],
      {
        hasMoreOnly: true,
      },
    )
    const accounts = await all(listLicenseActivatedAccounts(provider, { corpid: CORP }))
    expect(accounts.map((a) => a.userid)).toEqual(['u1', 'u2'])
    expect(fake.sentTo('license/list_actived_account')).toHaveLength(2)
  })

  it('a cursor that does not move ends with an error, not a loop', async () => {
    fake.on('license/list_order', () => ({
      order_list: [{ order_id: 'o1' }],
      has_more: 1,
      next_cursor: 'same',
    }))
    const error = await rejection(all(provider.license.listOrders()))
    expect(error).toBeInstanceOf(WeComHttpError)
    expect(fake.sentTo('license/list_order')).toHaveLength(2)
  })

  it('surfaces a WeCom error from a page', async () => {
    fake.on('license/list_actived_account', () => wecomError(40013, 'invalid corpid'))
    const error = await rejection(all(provider.license.listActivatedAccounts({ corpid: CORP })))
    expect(isWeComApiError(error) && error.errcode).toBe(40013)
  })

  it('refuses bad filters before any request', async () => {
    const bad: (() => unknown)[] = [
      () => provider.license.listOrders({ start_time: 1_000 }),
      () => provider.license.listOrders({ start_time: 0, end_time: 32 * 86_400 }),
      () => provider.license.listOrders({ start_time: 2_000, end_time: 1_000 }),
      () => provider.license.listOrders({ limit: 1001 }),
      () => provider.license.listOrders('x' as never),
      () => provider.license.listOrderAccounts({} as never),
      () => provider.license.listActivatedAccounts({ corpid: CORP, limit: 0 }),
    ]
    for (const call of bad)
      expect(await rejection(Promise.resolve().then(call))).toBeInstanceOf(WeComValidationError)
    expect(fake.providerTokenFetches + fake.requests.length).toBe(0)
  })
})

describe('a licence activation flow', () => {
  it('orders accounts, lists the codes once paid, activates members and checks them', async () => {
    // WeCom's side: an order that becomes paid, with one code per bought account.
    const codes = ['LC001', 'LC002']
    const bound = new Map<string, string>()
    fake.on('license/create_new_order', () => ({ order_id: 'ORDER9' }))
    fake.on('license/list_order_account', () => ({
      account_list: codes.map((active_code) => ({ active_code, type: 1 })),
      has_more: 0,
      next_cursor: '',
    }))
    fake.on('license/active_account', (json) => {
      if (bound.has(String(json.active_code))) return wecomError(701024, 'code already bound')
      bound.set(String(json.active_code), String(json.userid))
      return {}
    })
    fake.on('license/get_active_info_by_user', (json) => {
      const code = [...bound].find(([, user]) => user === json.userid)?.[0]
      return code
        ? { active_status: 1, active_info_list: [{ active_code: code, type: 1, userid: json.userid }] }
        : { active_status: 0 }
    })

    const { order_id } = await provider.license.createNewOrder({
      corpid: CORP,
      buyer_userid: 'buyer',
      account_count: { base_count: 2 },
      account_duration: { months: 12 },
    })
    const members = ['woUserA', 'woUserB']
    let i = 0
    for await (const account of provider.license.listOrderAccounts({ order_id })) {
      await activeLicenseAccount(provider, {
        active_code: account.active_code!,
        corpid: CORP,
        userid: members[i++]!,
      })
    }
    const info = await provider.license.getActiveInfoByUser({ corpid: CORP, userid: 'woUserB' })
    expect(info.active_status).toBe(1)
    expect(info.active_info_list?.[0]?.active_code).toBe('LC002')
    const again = await rejection(
      provider.license.activeAccount({ active_code: 'LC001', corpid: CORP, userid: 'woUserC' }),
    )
    expect(isWeComApiError(again) && again.errcode).toBe(701024)
    expect(fake.providerTokenFetches).toBe(1)
  })
})
