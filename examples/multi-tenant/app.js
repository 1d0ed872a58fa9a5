// The service provider's app, as every one of its processes runs it: the suite client (its ticket
// and every token in Redis, so that the whole fleet shares them), the app's own record of the corps
// that installed it (a Redis hash), and the handler of the suite's 指令回调 URL.
import { createCallbackHandler, isKnownSuiteCallbackMessage } from '@wecom-kit/callback'
import { messages } from '@wecom-kit/messages'
import { redisTokenStore } from '@wecom-kit/redis'
import { createSuiteClient, idConvert } from '@wecom-kit/suite'
import { users } from '@wecom-kit/users'

const PREFIX = 'multi-tenant-example:'

/**
 * `config`: the provider's corpid and the suite's settings in the provider admin (suiteId, suiteSecret, and the Token and
 * EncodingAESKey of its callback URL), and `baseUrl` (WeCom's by default; the simulator here).
 * `redis`: an ioredis client. `hooks`: as for any wecom-kit client.
 */
export function createApp(config, redis, { hooks } = {}) {
  const suite = createSuiteClient({
    suiteId: config.suiteId,
    suiteSecret: config.suiteSecret,
    baseUrl: config.baseUrl,
    // The suite_ticket, the suite token and each corp's token: one copy for the whole fleet.
    tokenStore: redisTokenStore(redis, { prefix: PREFIX }),
    hooks,
  })

  // The corps that installed the app, by corpid. This is the app's own data, not a cache: keep
  // it as you keep secrets (a permanent code gives access to that corp until it uninstalls).
  const tenants = {
    async save(corpId, tenant) {
      await redis.hset(`${PREFIX}tenants`, corpId, JSON.stringify(tenant))
    },
    async list() {
      const all = await redis.hgetall(`${PREFIX}tenants`)
      return Object.entries(all).map(([corpId, json]) => ({ corpId, ...JSON.parse(json) }))
    },
  }

  // An install: the auth code (single use, 10 minutes) for the permanent code, then the agent the
  // corp gave the app (messages are sent as that agent).
  async function install(authCode) {
    const { permanent_code, auth_corp_info } = await suite.getPermanentCode(authCode)
    const { auth_info } = await suite.getAuthInfo({
      auth_corpid: auth_corp_info.corpid,
      permanent_code,
    })
    await tenants.save(auth_corp_info.corpid, {
      name: auth_corp_info.corp_name,
      permanentCode: permanent_code,
      agentId: auth_info.agent[0]?.agentid,
    })
  }

  // WeCom wants `success` within 1000 ms of an install notice: the handler answers first and the
  // code (single use, 10 minutes) is exchanged right after. A fleet would rather push the code on
  // a queue (a Redis list) that a worker takes it from, so that a crash in between loses nothing.
  const installing = new Set()
  function startInstall(authCode) {
    const done = install(authCode)
      .catch((error) => console.error(`install failed: ${error.name}: ${error.message}`))
      .finally(() => installing.delete(done))
    installing.add(done)
  }

  // Mount it at the suite's 指令回调 URL. A ticket arrives every 10 minutes; whichever process
  // receives it, saveTicket puts it in Redis, where every process's suite client reads it.
  const callback = createCallbackHandler({
    suiteId: config.suiteId,
    // WeCom checks the URL (the console's 保存) with the provider's corpid, not the suite id.
    providerCorpId: config.providerCorpId,
    token: config.token,
    encodingAesKey: config.encodingAesKey,
    async onMessage(notice) {
      if (!isKnownSuiteCallbackMessage(notice)) return
      switch (notice.InfoType) {
        case 'suite_ticket':
          await suite.saveTicket(notice.SuiteTicket)
          break
        case 'create_auth':
        case 'reset_permanent_code':
          startInstall(notice.AuthCode)
          break
        // cancel_auth, change_auth, change_contact: update `tenants` and your own data.
      }
    },
  })

  /** A client for one tenant. Cheap to make per request: the same options give the same client. */
  const corp = (tenant) =>
    suite
      .corpClient({ corpId: tenant.corpId, permanentCode: tenant.permanentCode, agentId: tenant.agentId })
      .with(users, messages, idConvert)

  /** Resolves once the installs started so far are done (this demo waits on it). */
  const installed = () => Promise.all(installing)

  return { suite, tenants, callback, installed, corp }
}
