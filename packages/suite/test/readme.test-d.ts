// Type tests: the README's snippets, compiled by `pnpm typecheck` (never run). Keep in step with
// README.md: a snippet that stops compiling here is wrong there.
import { createCallbackHandler, isKnownSuiteCallbackMessage } from '@wecom-kit/callback'
import { createClient } from '@wecom-kit/core'
import { messages } from '@wecom-kit/messages'
import {
  createProviderClient,
  createSuiteClient,
  getNewExternalUserIds,
  getSuitePermanentCode,
  idConvert,
  isSuiteTicketError,
  license,
  providerCredentials,
  userIdToOpenUserId,
} from '@wecom-kit/suite'
import { users } from '@wecom-kit/users'
import { expectTypeOf } from 'vitest'

// What the snippets take from the reader's app.
declare function saveCorp(corpId: string, permanentCode: string, agentId: number | undefined): Promise<void>
declare function forgetCorp(corpId: string): Promise<void>
declare function reportInstallFailure(error: unknown): void
declare const app: {
  get(
    path: string,
    handler: (
      req: { query: Record<string, unknown>; session: { user?: unknown } },
      res: { redirect(to: string): void },
    ) => Promise<void>,
  ): void
}
declare const corpId: string
declare const permanentCode: string
declare const agentId: number
declare const code: string

// 1. The suite and its tickets
const suite = createSuiteClient({
  suiteId: process.env.WECOM_SUITE_ID!,
  suiteSecret: process.env.WECOM_SUITE_SECRET!,
})

const onSuiteCallback = createCallbackHandler({
  suiteId: process.env.WECOM_SUITE_ID!,
  providerCorpId: process.env.WECOM_PROVIDER_CORP_ID!,
  token: process.env.WECOM_SUITE_TOKEN!,
  encodingAesKey: process.env.WECOM_SUITE_AES_KEY!,
  async onMessage(message) {
    if (!isKnownSuiteCallbackMessage(message)) return
    switch (message.InfoType) {
      case 'suite_ticket':
        await suite.saveTicket(message.SuiteTicket)
        break
      case 'create_auth':
      case 'reset_permanent_code':
        void install(message.AuthCode).catch(reportInstallFailure)
        break
      case 'cancel_auth':
        await forgetCorp(message.AuthCorpId)
        break
    }
  },
})
expectTypeOf(onSuiteCallback.node).toBeFunction()

async function tickets() {
  try {
    await suite.getPreAuthCode()
  } catch (error) {
    if (isSuiteTicketError(error)) console.warn(error.problem, error.hint)
    else throw error
  }
}

// 2. Installing
async function installUrl() {
  const { url } = await suite.getInstallUrl({
    redirect_uri: 'https://app.example.com/wecom/installed',
    state: 'signup42',
    session_info: { auth_type: 1 },
  })
  expectTypeOf(url).toEqualTypeOf<string>()
}

async function install(authCode: string) {
  const { permanent_code, auth_corp_info } = await suite.getPermanentCode(authCode)
  const { auth_info } = await suite.getAuthInfo({ auth_corpid: auth_corp_info.corpid, permanent_code })
  await saveCorp(auth_corp_info.corpid, permanent_code, auth_info.agent[0]?.agentid)
}

// 3. A client for each authorized corp
async function corpClient() {
  const corp = suite.corpClient({ corpId, permanentCode, agentId }).with(users, messages)
  const { userlist } = await corp.users.listByDepartment(1, { fetchChild: true })
  await corp.messages.send({ touser: '@all', msgtype: 'text', text: { content: '欢迎使用' } })
  expectTypeOf(userlist).toBeArray()
}

// 4. Third-party OAuth
async function oauth() {
  const who = await suite.getUserInfo3rd(code)
  if (who.user_ticket) {
    const detail = await suite.getUserDetail3rd(who.user_ticket)
    expectTypeOf(detail.mobile).toEqualTypeOf<string | undefined>()
  }
}

// 5. The provider client
const provider = createProviderClient({
  corpId: process.env.PROVIDER_CORP_ID!,
  providerSecret: process.env.PROVIDER_SECRET!,
})

app.get('/wecom/login', async (req, res) => {
  const { usertype, user_info, corp_info } = await provider.getLoginInfo(String(req.query.auth_code))
  req.session.user = { corpId: corp_info.corpid, openUserId: user_info.open_userid, usertype }
  res.redirect('/')
})

async function corps() {
  const { open_corpid } = await provider.corpIdToOpenCorpId('wwcorpid0123456789')
  const { register_code } = await provider.getRegisterCode({ template_id: 'tpl0123456789' })
  const registered = await provider.getRegisterInfo(register_code)
  expectTypeOf(open_corpid).toEqualTypeOf<string>()
  expectTypeOf(registered.corpid).toEqualTypeOf<string>()
}

// 6. ID translation
async function ids() {
  const corpIds = suite.corpClient({ corpId, permanentCode }).with(idConvert)
  const { open_userid_list, invalid_userid_list } = await corpIds.idConvert.userIdToOpenUserId([
    'zhangsan',
    'lisi',
  ])
  expectTypeOf(open_userid_list[0]!.open_userid).toEqualTypeOf<string>()
  expectTypeOf(invalid_userid_list).toEqualTypeOf<string[] | undefined>()
  await userIdToOpenUserId(corpIds, ['zhangsan'])
  await getNewExternalUserIds(corpIds, ['wmA'])
  await provider.finishExternalUserIdMigration(corpId)
}

// 7. Licences
async function licences(open_corpid: string) {
  const { order_id } = await provider.license.createNewOrder({
    corpid: open_corpid,
    buyer_userid: 'provider-admin',
    account_count: { base_count: 20, external_contact_count: 5 },
    account_duration: { months: 12 },
  })
  const { order } = await provider.license.getOrder({ order_id })
  if (order.order_status === 1) {
    const members = ['woAAAA', 'woBBBB']
    const codes: string[] = []
    for await (const account of provider.license.listOrderAccounts({ order_id })) {
      if (account.active_code) codes.push(account.active_code)
    }
    const { active_result } = await provider.license.batchActiveAccount({
      corpid: open_corpid,
      active_list: members.map((userid, i) => ({ active_code: codes[i]!, userid })),
    })
    expectTypeOf(active_result.filter((r) => r.errcode !== 0)).toBeArray()
  }
  const { active_status } = await provider.license.getActiveInfoByUser({
    corpid: open_corpid,
    userid: 'woAAAA',
  })
  expectTypeOf(active_status).toEqualTypeOf<0 | 1>()
  await provider.license.batchTransfer({
    corpid: open_corpid,
    transfer_list: [{ handover_userid: 'woAAAA', takeover_userid: 'woCCCC' }],
  })
  const own = createClient({ corpId, credentials: providerCredentials(corpId, 'secret') }).with(license)
  expectTypeOf(own.license.getOrder).toBeFunction()
}

// Reference: the standalone functions take the suite's own client.
async function standalone(authCode: string) {
  await getSuitePermanentCode(suite.client, authCode)
}

export { corpClient, corps, ids, installUrl, licences, oauth, standalone, tickets }
