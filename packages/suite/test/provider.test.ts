// The provider client: the provider_access_token through core's token manager, and the
// provider-level calls (login, corpid translation, register codes, the external_userid migration).
import { createClient, isWeComApiError, WeComValidationError } from '@wecom-kit/core'
import { defineResource, tokenKey } from '@wecom-kit/core/resource-kit'
import {
  corpIdToOpenCorpId,
  createProviderClient,
  getRegisterCode,
  type ProviderClientOptions,
  providerCredentials,
} from '@wecom-kit/suite'
import { describe, expect, it } from 'vitest'
import { rejection } from './support/helpers.js'
import {
  BASE,
  FAST_RETRY,
  PROVIDER_CORP,
  PROVIDER_SECRET,
  useProviderFake,
  wecomError,
} from './support/provider-fake.js'
import { recordingStore } from './support/stores.js'

const { fake } = useProviderFake()

const makeProvider = (extra: Partial<ProviderClientOptions> = {}) =>
  createProviderClient({
    corpId: PROVIDER_CORP,
    providerSecret: PROVIDER_SECRET,
    baseUrl: BASE,
    retry: FAST_RETRY,
    ...extra,
  })

const loginInfo = {
  usertype: 1,
  user_info: { userid: 'zhangsan', open_userid: 'woAAAA', name: '张三', avatar: 'https://x/a.png' },
  corp_info: { corpid: 'wwcorpA' },
  agent: [{ agentid: 1000002, auth_type: 1 }],
  auth_info: { department: [{ id: 1, writable: true }] },
}

describe('the provider token', () => {
  it('1 000 concurrent calls on a cold client make one get_provider_token', async () => {
    fake.tokenDelayMs = 20
    fake.on('service/corpid_to_opencorpid', (json) => ({ open_corpid: `open_${json.corpid}` }))
    const provider = makeProvider()
    const answers = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => provider.corpIdToOpenCorpId(`wwcorp${i}`)),
    )
    expect(fake.providerTokenFetches).toBe(1)
    expect(answers[7]?.open_corpid).toBe('open_wwcorp7')
    expect(new Set(fake.requests.map((r) => r.query.provider_access_token)).size).toBe(1)
  })

  it('sends the token as provider_access_token, and as access_token for get_login_info only', async () => {
    fake.tokenDelayMs = 20
    fake.on('service/get_login_info', () => loginInfo)
    const provider = makeProvider()
    // Both parameters cold at once: still one token request.
    const [open, login] = await Promise.all([
      provider.corpIdToOpenCorpId('wwcorpA'),
      provider.getLoginInfo('AUTHCODE'),
    ])
    expect(fake.providerTokenFetches).toBe(1)
    expect(open.errcode).toBe(0)
    expect(login.user_info.userid).toBe('zhangsan')
    const [corpCall] = fake.sentTo('service/corpid_to_opencorpid')
    const [loginCall] = fake.sentTo('service/get_login_info')
    expect(Object.keys(corpCall!.query)).toEqual(['provider_access_token'])
    expect(Object.keys(loginCall!.query)).toEqual(['access_token'])
    expect(loginCall!.query.access_token).toBe(corpCall!.query.provider_access_token)
    expect(loginCall!.json).toEqual({ auth_code: 'AUTHCODE' })
    expect(await provider.getAccessToken()).toBe(corpCall!.query.provider_access_token)
  })

  it.each([40014, 42001])('errcode %i: drops the token, fetches once, replays once', async (errcode) => {
    const provider = makeProvider()
    await provider.corpIdToOpenCorpId('wwcorpA')
    const [first] = fake.providerTokens
    fake.rejectOnce(first!, errcode)
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => provider.corpIdToOpenCorpId('wwcorpA')),
    )
    expect(answers.every((a) => a.errcode === 0)).toBe(true)
    expect(fake.providerTokenFetches).toBe(2)
    // Each of the 20 landed once, on the new token.
    expect(fake.requests.filter((r) => r.query.provider_access_token !== first)).toHaveLength(20)
  })

  it('get_login_info on a stale token refreshes and replays too', async () => {
    fake.on('service/get_login_info', () => loginInfo)
    const provider = makeProvider()
    const token = await provider.getAccessToken()
    fake.rejectOnce(token, 40014)
    const login = await provider.getLoginInfo('AUTHCODE')
    expect(login.corp_info.corpid).toBe('wwcorpA')
    expect(fake.providerTokenFetches).toBe(2)
    expect(fake.sentTo('service/get_login_info')).toHaveLength(2)
  })

  it('a call answered 40082 ("invalid provider_access_token") refreshes once and replays once', async () => {
    fake.on('service/corpid_to_opencorpid', () => ({ open_corpid: 'wpOPEN' }))
    const provider = makeProvider()
    const stale = await provider.getAccessToken()
    fake.rejectOnce(stale, 40082)
    await expect(provider.corpIdToOpenCorpId('wwcorpA')).resolves.toMatchObject({ open_corpid: 'wpOPEN' })
    const sent = fake.sentTo('service/corpid_to_opencorpid')
    expect(sent).toHaveLength(2)
    expect(sent[1]?.query.provider_access_token).not.toBe(stale)
    expect(fake.providerTokenFetches).toBe(2)
  })

  it('a token WeCom keeps refusing surfaces after one replay, never a loop', async () => {
    fake.on('service/corpid_to_opencorpid', () => wecomError(40014, 'invalid access_token'))
    const provider = makeProvider()
    const error = await rejection(provider.corpIdToOpenCorpId('wwcorpA'))
    expect(isWeComApiError(error) && error.errcode).toBe(40014)
    expect(fake.sentTo('service/corpid_to_opencorpid')).toHaveLength(2)
    expect(fake.providerTokenFetches).toBe(2)
  })

  it('a refused secret is not sent again for a minute', async () => {
    const provider = makeProvider({ providerSecret: 'wrong-secret-0123456789' })
    const first = await rejection(provider.corpIdToOpenCorpId('wwcorpA'))
    expect(isWeComApiError(first) && first.errcode).toBe(40091)
    const again = await rejection(provider.corpIdToOpenCorpId('wwcorpB'))
    expect(isWeComApiError(again) && again.errcode).toBe(40091)
    expect(fake.providerTokenFetches).toBe(1)
    expect(fake.requests).toHaveLength(0)
  })

  it('keeps the token under its own key in a shared store: a second process fetches nothing', async () => {
    const store = recordingStore()
    await makeProvider({ tokenStore: store }).corpIdToOpenCorpId('wwcorpA')
    await makeProvider({ tokenStore: store }).corpIdToOpenCorpId('wwcorpA')
    expect(fake.providerTokenFetches).toBe(1)
    const [key] = [...store.entries.keys()]
    expect(key).toMatch(/provider_access_token/)
    expect(key).toContain(PROVIDER_CORP)
    expect(await providerCredentials(PROVIDER_CORP, PROVIDER_SECRET).cacheKey('access_token')).toBe(key)
    // Never the key of a corp app's token, even for the same corpid and secret.
    expect(key).not.toBe(await tokenKey(PROVIDER_CORP, PROVIDER_SECRET, 'access_token'))
  })

  it('puts no secret in store keys, hook events or errors', async () => {
    const store = recordingStore()
    const seen: unknown[] = []
    const hooks = {
      beforeRequest: (info: unknown) => void seen.push(info),
      afterResponse: (info: unknown) => void seen.push(info),
      onRetry: (info: unknown) => void seen.push(info),
    }
    fake.on('service/corpid_to_opencorpid', () => wecomError(48001, 'api forbidden'))
    const provider = makeProvider({ tokenStore: store, hooks })
    const error = await rejection(provider.corpIdToOpenCorpId('wwcorpA'))
    const refused = await rejection(
      makeProvider({ providerSecret: `${PROVIDER_SECRET}-old`, hooks }).corpIdToOpenCorpId('wwcorpA'),
    )
    const token = [...fake.providerTokens][0]!
    const everything = JSON.stringify([[...store.keys], seen, error, refused, String(error), String(refused)])
    expect(everything).not.toContain(PROVIDER_SECRET)
    expect(everything).not.toContain(token)
    expect(JSON.stringify(seen)).toContain('provider_access_token=***')
    expect(store.keys.size).toBeGreaterThan(0)
  })

  it('rejects bad options without quoting the secret', async () => {
    for (const providerSecret of ['', 42, undefined]) {
      const error = await rejection(
        Promise.resolve().then(() =>
          createProviderClient({ corpId: PROVIDER_CORP, providerSecret } as unknown as ProviderClientOptions),
        ),
      )
      expect(error).toBeInstanceOf(WeComValidationError)
      expect((error as WeComValidationError).issues.map((i) => i.path)).toContain('providerSecret')
    }
    const badCorp = await rejection(
      Promise.resolve().then(() => createProviderClient({ corpId: '', providerSecret: PROVIDER_SECRET })),
    )
    expect(badCorp).toBeInstanceOf(WeComValidationError)
    expect(JSON.stringify(badCorp)).not.toContain(PROVIDER_SECRET)
    expect(fake.providerTokenFetches).toBe(0)
  })

  it('with(…) keeps the provider calls and licences on the copy', async () => {
    fake.on('service/get_login_info', () => loginInfo)
    fake.on('service/contact/search', (json) => ({ query_result: { user: { userid: [json.query_word] } } }))
    const search = defineResource('contactSearch', (client) => ({
      search: (word: string) => client.request('service/contact/search', { json: { query_word: word } }),
    }))
    const provider = makeProvider().with(search)
    await provider.contactSearch.search('zhang')
    expect((await provider.getLoginInfo('CODE')).usertype).toBe(1)
    expect(typeof provider.license.activeAccount).toBe('function')
    expect(fake.sentTo('service/contact/search')[0]?.query.provider_access_token).toBeDefined()
    expect(fake.providerTokenFetches).toBe(1)
  })
})

describe('getLoginInfo', () => {
  it('resolves to who logged in', async () => {
    fake.on('service/get_login_info', () => loginInfo)
    const login = await makeProvider().getLoginInfo('AUTHCODE')
    expect(login).toMatchObject(loginInfo)
  })

  it('surfaces a used or unknown auth_code as WeCom says it (40078)', async () => {
    fake.on('service/get_login_info', () => wecomError(40078, 'invalid auth_code'))
    const error = await rejection(makeProvider().getLoginInfo('USED'))
    expect(isWeComApiError(error) && error.errcode).toBe(40078)
    // The provider's hint: the code works once, and which call each kind of code goes to.
    expect(isWeComApiError(error) && error.hint).toMatch(/works once.*getLoginInfo/)
    expect(String(error)).not.toContain('USED')
  })

  it('does not send a single-use code again after a 5xx', async () => {
    fake.on('service/get_login_info', () => new Response('bad gateway', { status: 502 }))
    await rejection(makeProvider().getLoginInfo('AUTHCODE'))
    expect(fake.sentTo('service/get_login_info')).toHaveLength(1)
  })

  it('refuses a missing or empty code before any request', async () => {
    const provider = makeProvider()
    for (const code of ['', undefined, 12]) {
      const error = await rejection(Promise.resolve().then(() => provider.getLoginInfo(code as string)))
      expect(error).toBeInstanceOf(WeComValidationError)
    }
    expect(fake.providerTokenFetches).toBe(0)
  })
})

describe('corpIdToOpenCorpId', () => {
  it('translates a corpid, as a method and as a standalone function', async () => {
    fake.on('service/corpid_to_opencorpid', (json) => ({ open_corpid: `wp_${json.corpid}` }))
    const provider = makeProvider()
    expect((await provider.corpIdToOpenCorpId('wwcorpA')).open_corpid).toBe('wp_wwcorpA')
    expect((await corpIdToOpenCorpId(provider, 'wwcorpB')).open_corpid).toBe('wp_wwcorpB')
    expect(fake.sentTo('service/corpid_to_opencorpid').map((r) => r.json)).toEqual([
      { corpid: 'wwcorpA' },
      { corpid: 'wwcorpB' },
    ])
  })

  it('works on any client whose credentials are providerCredentials', async () => {
    fake.on('service/corpid_to_opencorpid', () => ({ open_corpid: 'wpX' }))
    const client = createClient({
      corpId: PROVIDER_CORP,
      credentials: providerCredentials(PROVIDER_CORP, PROVIDER_SECRET),
      baseUrl: BASE,
    })
    expect((await corpIdToOpenCorpId(client, 'wwcorpA')).open_corpid).toBe('wpX')
  })

  it('surfaces 48001 (no authorization between the corp and the provider)', async () => {
    fake.on('service/corpid_to_opencorpid', () => wecomError(48001, 'api forbidden'))
    const error = await rejection(makeProvider().corpIdToOpenCorpId('wwstranger'))
    expect(isWeComApiError(error) && error.errcode).toBe(48001)
  })

  it('refuses a bad corpid before any request', async () => {
    const provider = makeProvider()
    for (const corpId of ['', 'ww corp', 'x'.repeat(65), null]) {
      const error = await rejection(
        Promise.resolve().then(() => provider.corpIdToOpenCorpId(corpId as string)),
      )
      expect(error).toBeInstanceOf(WeComValidationError)
    }
    expect(fake.providerTokenFetches + fake.requests.length).toBe(0)
  })
})

describe('register codes (推广二维码)', () => {
  it('gets a register code and the corp it created', async () => {
    fake.on('service/get_register_code', () => ({ register_code: 'REGCODE', expires_in: 600 }))
    fake.on('service/get_register_info', (json) => ({
      corpid: 'wwnewcorp',
      auth_user_info: { userid: 'admin' },
      template_id: 'tpl1',
      state: json.register_code === 'REGCODE' ? 'S1' : undefined,
    }))
    const provider = makeProvider()
    const { register_code } = await provider.getRegisterCode({ template_id: 'tpl1', state: 'S1' })
    expect(register_code).toBe('REGCODE')
    expect(fake.sentTo('service/get_register_code')[0]?.json).toEqual({ template_id: 'tpl1', state: 'S1' })
    const info = await provider.getRegisterInfo(register_code)
    expect(info).toMatchObject({ corpid: 'wwnewcorp', state: 'S1' })
    expect((await getRegisterCode(provider, { template_id: 'tpl1' })).expires_in).toBe(600)
  })

  it('surfaces WeCom errors (84024: not a newly created corp)', async () => {
    fake.on('service/get_register_info', () => wecomError(84024, 'not new corp'))
    const error = await rejection(makeProvider().getRegisterInfo('REGCODE'))
    expect(isWeComApiError(error) && error.errcode).toBe(84024)
  })

  it('refuses bad input before any request', async () => {
    const provider = makeProvider()
    const bad: (() => unknown)[] = [
      () => provider.getRegisterCode({ template_id: '' }),
      () => provider.getRegisterCode({ template_id: 't', state: 'not letters!' }),
      () => provider.getRegisterCode({ template_id: 'x'.repeat(129) }),
      () => provider.getRegisterInfo(''),
    ]
    for (const call of bad)
      expect(await rejection(Promise.resolve().then(call))).toBeInstanceOf(WeComValidationError)
    expect(fake.providerTokenFetches).toBe(0)
  })
})

describe('finishExternalUserIdMigration', () => {
  it('marks a corp migrated, and surfaces WeCom errors', async () => {
    fake.on('service/externalcontact/finish_external_userid_migration', (json) =>
      json.corpid === 'wwcorpA' ? {} : wecomError(40013, 'invalid corpid'),
    )
    const provider = makeProvider()
    expect((await provider.finishExternalUserIdMigration('wwcorpA')).errcode).toBe(0)
    const error = await rejection(provider.finishExternalUserIdMigration('wwother'))
    expect(isWeComApiError(error) && error.errcode).toBe(40013)
    const bad = await rejection(Promise.resolve().then(() => provider.finishExternalUserIdMigration('')))
    expect(bad).toBeInstanceOf(WeComValidationError)
    expect(fake.sentTo('service/externalcontact/finish_external_userid_migration')).toHaveLength(2)
  })
})
