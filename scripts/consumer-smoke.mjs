// Consumer smoke test: the tarballs `pnpm pack` makes, installed with npm into a project outside
// the workspace, used as an app would use them. An ESM and a CJS script drive every package
// against the simulator (from @wecom-kit/testing's tarball, on a real port); tsc type-checks a
// file using every package under module node16 (.mts and .cts) and moduleResolution bundler,
// strict, skipLibCheck off. The scripts run on Node 20, 22, 24 and 26, then on Bun (ESM and CJS)
// and Deno (ESM),
// installed from npm at run time (skipped, saying so, when that install fails). Reads the built
// packages (run `pnpm build` first).
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { packAll, root, run } from './packages.mjs'

const NPM_FLAGS = ['--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error']
// The scripts each runtime runs. Deno: ESM only (its import() from CJS gives the same copy of
// core, so the cross-copy check would not cross), and --exit because importing msw (in
// @wecom-kit/testing) keeps Deno's event loop alive after the script is done.
const RUNTIMES = {
  bun: [['smoke.mjs'], ['smoke.cjs']],
  deno: [['run', '--allow-all', 'smoke.mjs', '--exit']],
}
// Node lines the scripts run on: every line users run (20 until 2027-04, 22, 24, 26). The machine's
// own Node runs its line; the others come from the npm registry (the `node` package), and a
// line that cannot be installed fails the run: these are supported, not optional.
const NODE_LINES = (process.env.SMOKE_NODE_LINES ?? '20 22 24 26').split(/\s+/).filter(Boolean)
const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const failures = []

async function step(label, task) {
  const start = performance.now()
  try {
    const note = await task()
    console.log(
      `ok    ${label} (${((performance.now() - start) / 1000).toFixed(1)} s)${note ? `: ${note}` : ''}`,
    )
  } catch (error) {
    console.log(`FAIL  ${label} (${((performance.now() - start) / 1000).toFixed(1)} s)`)
    const output = `${error.stdout ?? ''}${error.stderr ?? ''}`
    failures.push(`${label}${error.killed ? ' (timed out)' : ''}\n${output || error.message}`)
  }
}

// ---- the scenario, written once and loaded both ways ------------------------------------------

const MODULES = {
  core: '@wecom-kit/core',
  users: '@wecom-kit/users',
  departments: '@wecom-kit/departments',
  tags: '@wecom-kit/tags',
  batch: '@wecom-kit/batch',
  media: '@wecom-kit/media',
  agents: '@wecom-kit/agents',
  menus: '@wecom-kit/menus',
  messages: '@wecom-kit/messages',
  jssdk: '@wecom-kit/jssdk',
  ip: '@wecom-kit/ip',
  appchat: '@wecom-kit/appchat',
  kf: '@wecom-kit/kf',
  externalContact: '@wecom-kit/external-contact',
  webhook: '@wecom-kit/webhook',
  callback: '@wecom-kit/callback',
  redis: '@wecom-kit/redis',
  suite: '@wecom-kit/suite',
  testing: '@wecom-kit/testing',
  all: 'wecom-kit',
  ioredis: 'ioredis',
}

// One call per resource through a real HTTP round trip; each check must come out exactly true.
// `otherCore` is core loaded the other way (CJS from ESM, ESM from CJS): errors made by one
// copy must pass the other copy's guards.
const SCENARIO = `
async function smoke(m, otherCore) {
  const sim = m.testing.createWeComSimulator({ corpId: 'wwsmoke', corpSecret: 'smoke-secret' })
  sim.addUser({ userid: 'zhangsan', name: '张三', department: [1] })
  const server = await sim.listen()
  const results = {}
  const check = async (name, fn) => {
    try { results[name] = await fn() } catch (error) { results[name] = 'threw ' + (error && error.message) }
  }
  try {
    const options = { corpId: 'wwsmoke', corpSecret: 'smoke-secret', agentId: 1000002, baseUrl: server.url }
    const resources = ['users', 'departments', 'tags', 'batch', 'media', 'agents', 'menus', 'messages', 'jssdk', 'ip', 'appchat', 'kf', 'externalContact']
    const client = m.core.createClient(options).with(...resources.map((name) => m[name][name]))
    await check('users', async () => (await client.users.get('zhangsan')).name === '张三')
    await check('departments', async () => (await client.departments.list()).department.some((d) => d.id === 1))
    await check('tags', async () => {
      const { tagid } = await client.tags.create('smoke')
      return (await client.tags.list()).taglist.some((t) => t.tagid === tagid)
    })
    await check('batch', async () => (await client.batch.inviteUsers({ user: ['zhangsan'] })).errcode === 0)
    await check('media', async () => {
      const { media_id } = await client.media.upload('file', new TextEncoder().encode('hello world'), { filename: 'a.txt' })
      return sim.getMedia(media_id).filename === 'a.txt'
    })
    await check('agents', async () => (await client.agents.get()).agentid === 1000002)
    await check('menus', async () => {
      await client.menus.create({ button: [{ type: 'click', name: 'Hi', key: 'hi' }] })
      return (await client.menus.get()).button.length === 1
    })
    await check('messages', async () => {
      await client.messages.send({ msgtype: 'text', touser: ['zhangsan'], text: { content: 'hi' } })
      return sim.sentMessages().length === 1
    })
    await check('jssdk', async () => {
      const url = 'https://example.com/page'
      const config = await client.jssdk.getConfig({ url, jsApiList: ['scanQRCode'] })
      return sim.verifyJsapiSignature({ url, nonceStr: config.nonceStr, timestamp: config.timestamp, signature: config.signature })
    })
    await check('ip', async () => (await client.ip.getCallbackIps()).ip_list.length > 0)
    await check('appchat', async () => {
      sim.addUser({ userid: 'lisi', name: '李四', department: [1] })
      const { chatid } = await client.appchat.create({ userlist: ['zhangsan', 'lisi'] })
      await client.appchat.send(chatid, { msgtype: 'text', text: { content: 'hi' } })
      return sim.appChatMessages(chatid).length === 1
    })
    await check('kf', async () => {
      const { open_kfid } = sim.addKfAccount({ name: 'smoke' })
      const { token, external_userid } = await sim.kfCustomerSays(open_kfid, 'hi')
      const got = []
      for await (const message of client.kf.syncMessages({ open_kfid, token })) got.push(message.text.content)
      await client.kf.send({ touser: external_userid, open_kfid, msgtype: 'text', text: { content: 'hello' } })
      return got.join() === 'hi' && sim.kfSentMessages(open_kfid).length === 1
    })
    await check('externalContact', async () => {
      const { external_contact } = sim.addExternalContact({ name: '小明', follow: ['zhangsan'] })
      const pairs = []
      for await (const pair of client.externalContact.listByUsers(['zhangsan'])) pairs.push(pair)
      const { follow_user } = await client.externalContact.get(external_contact.external_userid)
      return pairs.length === 1 && follow_user[0].userid === 'zhangsan'
    })
    await check('webhook', async () => {
      const { key } = sim.addWebhook()
      const bot = m.webhook.createWebhookBot({ key }, { baseUrl: server.url })
      await bot.send({ msgtype: 'markdown', markdown: { content: '**smoke**' } })
      return sim.webhookMessages(key).length === 1 && !JSON.stringify(bot).includes(key)
    })
    await check('api error', async () => {
      const error = await client.users.get('nobody').catch((e) => e)
      return error instanceof m.core.WeComApiError && m.core.isWeComApiError(error) && error.errcode === 60111
    })
    await check('validation before sending', async () => {
      const before = sim.requests.length
      const error = await client.users.get('').catch((e) => e)
      return m.core.isWeComValidationError(error) && sim.requests.length === before
    })
    await check('guards across ESM and CJS copies', async () => {
      const other = await otherCore()
      const error = new other.WeComApiError(60020, 'not allow to access from your ip', 'user/get')
      return other.WeComApiError !== m.core.WeComApiError && m.core.isWeComApiError(error) && m.core.isWeComError(error)
    })
    await check('callback', async () => {
      const crypto = m.callback.createCallbackCrypto({
        token: 'smoke', encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', receiveId: 'wwsmoke',
      })
      return crypto.decrypt(crypto.encrypt('<xml>hi</xml>')) === '<xml>hi</xml>'
    })
    await check('redis', async () => {
      const Redis = m.ioredis.Redis || m.ioredis.default
      const redis = new Redis({ lazyConnect: true }) // never connects: the store is only built
      const store = m.redis.redisTokenStore(redis, { prefix: 'smoke:' })
      redis.disconnect()
      const cursors = m.redis.redisCursorStore(redis, { prefix: 'smoke:' })
      return store.available === true && typeof store.lock === 'function' && typeof cursors.lock === 'function'
    })
    await check('suite', async () => {
      // A service provider: the suite's ticket, an authorization, the corp's own client.
      const world = m.testing.createProviderSimulator()
      const provider = await world.listen()
      try {
        const suite = m.suite.createSuiteClient({ ...world.suite, baseUrl: provider.url })
        await world.pushSuiteTicket()
        await suite.saveTicket(world.suiteTicket())
        const { authCode, corpId } = await world.authorize({ corpName: 'smoke' })
        const { permanent_code, auth_user_info } = await suite.getPermanentCode(authCode)
        const corp = suite.corpClient({ corpId, permanentCode: permanent_code }).with(m.users.users)
        const admin = await corp.users.get(auth_user_info.userid)
        return admin.userid === auth_user_info.userid && world.tokenFetches().corp[corpId] === 1
      } finally {
        await provider.close()
      }
    })
    await check('wecom-kit', async () => {
      const all = m.all.createWeComClient(options)
      return (await all.users.get('zhangsan')).name === '张三' && typeof m.all.createCallbackCrypto === 'function'
    })
  } finally {
    await server.close()
  }
  return results
}
`

const esmScript = `import { createRequire } from 'node:module'
${Object.entries(MODULES)
  .map(([key, name]) => `import * as ${key} from '${name}'`)
  .join('\n')}
${SCENARIO}
const results = await smoke({ ${Object.keys(MODULES).join(', ')} }, async () => createRequire(import.meta.url)('@wecom-kit/core'))
console.log(JSON.stringify(results))
if (process.argv.includes('--exit')) process.exit(0)
`

const cjsScript = `const m = {
${Object.entries(MODULES)
  .map(([key, name]) => `  ${key}: require('${name}'),`)
  .join('\n')}
}
${SCENARIO}
smoke(m, () => import('@wecom-kit/core')).then((results) => console.log(JSON.stringify(results)))
`

async function runScenario(command, args, cwd) {
  const { stdout } = await run(command, args, { cwd, timeout: 60_000 })
  const results = JSON.parse(stdout.trim().split('\n').at(-1))
  const failed = Object.entries(results).filter(([, ok]) => ok !== true)
  if (failed.length > 0) {
    throw new Error(failed.map(([name, result]) => `  ${name}: ${result}`).join('\n'))
  }
  return `${Object.keys(results).length} checks`
}

// ---- types: one file, compiled as .mts and .cts (node16) and as .ts (bundler) ---------------

// Each @ts-expect-error fails the build if its line type-checks: the types are real, not any.
const TYPES = `import { type ClientOptions, createClient, isWeComApiError, type TokenStore } from '@wecom-kit/core'
import { type GetUserResult, getUser, users } from '@wecom-kit/users'
import { type Department, departments } from '@wecom-kit/departments'
import { tags } from '@wecom-kit/tags'
import { batch, usersToCsv } from '@wecom-kit/batch'
import { media, type UploadResult } from '@wecom-kit/media'
import { agents } from '@wecom-kit/agents'
import { menus } from '@wecom-kit/menus'
import { messages, type SendResult } from '@wecom-kit/messages'
import { type JsConfig, jssdk, signJsapi } from '@wecom-kit/jssdk'
import { ip } from '@wecom-kit/ip'
import { appchat, type CreateAppChatResult } from '@wecom-kit/appchat'
import { isKfSendRefusedError, kf, type KfMessage } from '@wecom-kit/kf'
import { type CustomerByUser, externalContact, type GetCustomerResult } from '@wecom-kit/external-contact'
import { createWebhookBot, type WebhookBot } from '@wecom-kit/webhook'
import { createCallbackCrypto } from '@wecom-kit/callback'
import { redisCursorStore, redisTokenStore } from '@wecom-kit/redis'
import { createSuiteClient, isSuiteTicketError } from '@wecom-kit/suite'
import { createWeComSimulator, type SimulatorServer } from '@wecom-kit/testing'
import { createWeComClient, type WeComFullClient } from 'wecom-kit'
import type { Redis } from 'ioredis'

const options: ClientOptions = { corpId: 'ww', corpSecret: 'secret', agentId: 1000002 }
const client = createClient(options).with(users, departments, tags, batch, media, agents, menus, messages, jssdk, ip, appchat, kf, externalContact)

export async function typed(redis: Redis): Promise<void> {
  const member: GetUserResult = await client.users.get('zhangsan')
  const name: string | undefined = member.name
  const same: GetUserResult = await getUser(client, member.userid)
  // @ts-expect-error a userid is a string
  await client.users.get(42)
  // @ts-expect-error a client has only the namespaces it was given
  createClient(options).users
  const tree: Department[] = (await client.departments.list()).department
  const tagid: number = (await client.tags.create('t')).tagid
  const csv: string = usersToCsv([])
  const upload: UploadResult = await client.media.upload('file', new Uint8Array(8), { filename: 'a.txt' })
  const agentid: number = (await client.agents.get()).agentid
  const buttons: number = (await client.menus.get()).button.length
  const sent: SendResult = await client.messages.send({ msgtype: 'text', touser: ['zhangsan'], text: { content: 'hi' } })
  // @ts-expect-error a text message needs its text
  await client.messages.send({ msgtype: 'text', touser: 'zhangsan' })
  const config: JsConfig = await client.jssdk.getConfig({ url: 'https://example.com/', jsApiList: ['scanQRCode'] })
  const signature: string = signJsapi({ ticket: 't', nonceStr: 'n', timestamp: 1, url: 'https://example.com/' })
  const ips: string[] = (await client.ip.getCallbackIps()).ip_list
  const chat: CreateAppChatResult = await client.appchat.create({ userlist: ['zhangsan', 'lisi'] })
  // @ts-expect-error an app chat takes no template cards
  await client.appchat.send(chat.chatid, { msgtype: 'template_card', template_card: {} })
  for await (const message of client.kf.syncMessages({ open_kfid: 'wk1', cursorStore: redisCursorStore(redis) })) {
    const typed: KfMessage = message
    void typed
  }
  const refused: boolean = isKfSendRefusedError(await client.kf.send({ touser: 'wm1', open_kfid: 'wk1', msgtype: 'text', text: { content: 'x' } }).catch((e: unknown) => e))
  for await (const pair of client.externalContact.listByUsers(['zhangsan'])) {
    const typed: CustomerByUser = pair
    void typed
  }
  const customer: GetCustomerResult = await client.externalContact.get('wmAJ2GCAAA')
  // @ts-expect-error a contact way needs its type and scene
  await client.externalContact.addContactWay({ user: ['zhangsan'] })
  // @ts-expect-error a kf send needs its recipient
  await client.kf.send({ open_kfid: 'wk1', msgtype: 'text', text: { content: 'x' } })
  const bot: WebhookBot = createWebhookBot({ key: 'k' })
  await bot.send({ msgtype: 'text', text: { content: 'hi', mentioned_list: ['@all'] } })
  // @ts-expect-error markdown_v2 takes no mentions
  await bot.send({ msgtype: 'markdown_v2', markdown_v2: { content: 'x', mentioned_list: [] } })
  const error: unknown = await client.users.get('nobody').catch((e: unknown) => e)
  if (isWeComApiError(error)) {
    const code: number = error.errcode
    const hint: string | undefined = error.hint
    void [code, hint]
  }
  const crypto = createCallbackCrypto({ token: 't', encodingAesKey: 'k', receiveId: 'ww' })
  const plain: string = crypto.decrypt(crypto.encrypt('x'))
  const store: TokenStore = redisTokenStore(redis)
  const shared = createClient({ ...options, tokenStore: store })
  await ((await createWeComSimulator().listen()) satisfies SimulatorServer).close()
  const suite = createSuiteClient({ suiteId: 'ww', suiteSecret: 's', tokenStore: store })
  const corp = suite.corpClient({ corpId: 'wwcorp', permanentCode: 'p' }).with(users)
  const admins: number = (await suite.getAdminList({ auth_corpid: 'wwcorp', agentid: 1 })).admin.length
  const ticketMissing: boolean = isSuiteTicketError(await corp.users.get('zhangsan').catch((e: unknown) => e))
  // @ts-expect-error a corp client needs the corp's permanent code
  suite.corpClient({ corpId: 'wwcorp' })
  const full: WeComFullClient = createWeComClient(options)
  const tagCount: number = (await full.tags.list()).taglist.length
  void [name, same, tree, tagid, csv, upload, agentid, buttons, sent, config, signature, ips, plain, shared, tagCount, refused, customer, admins, ticketMissing]
}
`

const tsconfig = (compilerOptions, include) =>
  JSON.stringify({
    compilerOptions: {
      strict: true,
      skipLibCheck: false, // every .d.ts in node_modules is checked: ours, and what they import
      skipDefaultLibCheck: true, // but not TypeScript's own lib.*.d.ts: half the time, and not ours
      noEmit: true,
      target: 'es2022',
      lib: ['es2022', 'dom'],
      types: ['node'],
      ...compilerOptions,
    },
    include,
  })

// ---- the run ---------------------------------------------------------------------------------

const work = await mkdtemp(join(tmpdir(), 'wecom-kit-smoke-'))
const app = join(work, 'app')
try {
  const tarballs = join(work, 'tarballs')
  await mkdir(tarballs)
  await mkdir(app)
  let packages = []
  await step('pnpm pack every package', async () => {
    packages = await packAll(tarballs)
    return `${packages.length} tarballs`
  })

  // Runtimes install beside the app, in parallel with it; a failure only skips their run.
  const runtimes = Object.fromEntries(
    Object.keys(RUNTIMES).map((name) => {
      const dir = join(work, name)
      const installed = mkdir(dir)
        .then(() => run('npm', ['install', name, ...NPM_FLAGS], { cwd: dir }))
        .then(() => run(join(dir, 'node_modules/.bin', name), ['--version'], { cwd: dir }))
        .then(({ stdout }) => ({
          bin: join(dir, 'node_modules/.bin', name),
          version: stdout.match(/[\d.]+/)[0],
        }))
        .catch((error) => ({ error: (error.stderr || error.message).trim().split('\n').at(-1) }))
      return [name, installed]
    }),
  )

  const nodes = Object.fromEntries(
    NODE_LINES.map((line) => {
      if (process.version.startsWith(`v${line}.`)) {
        return [line, Promise.resolve({ bin: process.execPath, version: process.version.slice(1) })]
      }
      const dir = join(work, `node${line}`)
      const installed = mkdir(dir)
        .then(() => run('npm', ['install', `node@${line}`, ...NPM_FLAGS], { cwd: dir, timeout: 300_000 }))
        .then(() => run(join(dir, 'node_modules/.bin/node'), ['--version'], { cwd: dir }))
        .then(({ stdout }) => ({ bin: join(dir, 'node_modules/.bin/node'), version: stdout.trim().slice(1) }))
        .catch((error) => ({ error: (error.stderr || error.message).trim().split('\n').at(-1) }))
      return [line, installed]
    }),
  )

  await step('npm install the tarballs into a project outside the workspace', async () => {
    const dependencies = Object.fromEntries(packages.map((p) => [p.name, `file:../tarballs/${p.tarball}`]))
    dependencies['@types/node'] = rootManifest.devDependencies['@types/node']
    await writeFile(
      join(app, 'package.json'),
      JSON.stringify({ name: 'smoke-app', private: true, dependencies }),
    )
    await run('npm', ['install', ...NPM_FLAGS], { cwd: app, timeout: 300_000 })
    // A second core next to a resource package would break instanceof and double the bundle.
    const cores = findPackages(join(app, 'node_modules'), '@wecom-kit/core')
    if (cores.length !== 1)
      throw new Error(`@wecom-kit/core installed ${cores.length} times:\n${cores.join('\n')}`)
    return 'one copy of @wecom-kit/core'
  })

  await writeFile(join(app, 'smoke.mjs'), esmScript)
  await writeFile(join(app, 'smoke.cjs'), cjsScript)
  // The node16 lane is a Node backend's setup: @types/node and no DOM lib, so our types must
  // not lean on DOM-only names. @wecom-kit/testing exposes msw's types, which need the DOM lib
  // (and whose CJS declarations import the ESM-only rettime), so that lane leaves it out; the
  // bundler lane, with the DOM lib, checks it.
  const withoutTesting = TYPES.replace(/^.*(@wecom-kit\/testing|SimulatorServer).*\n/gm, '')
  await writeFile(join(app, 'types.mts'), withoutTesting)
  await writeFile(join(app, 'types.ts'), TYPES)
  await writeFile(join(app, 'types.cts'), withoutTesting)
  await writeFile(
    join(app, 'tsconfig.node16.json'),
    tsconfig({ module: 'node16', moduleResolution: 'node16', lib: ['es2022'] }, ['types.mts', 'types.cts']),
  )
  await writeFile(
    join(app, 'tsconfig.bundler.json'),
    tsconfig({ module: 'esnext', moduleResolution: 'bundler' }, ['types.ts']),
  )

  // Three lanes at once: the scripts (Node, then Bun and Deno), and each tsc program.
  const tsc = (config) =>
    run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', config], { cwd: app })
  const scripts = async () => {
    for (const [line, pending] of Object.entries(nodes)) {
      const node = await pending
      if (node.error) {
        await step(`node ${line}: install from npm`, () => Promise.reject(new Error(node.error)))
        continue
      }
      await step(`node ${node.version}: ESM script (import)`, () => runScenario(node.bin, ['smoke.mjs'], app))
      await step(`node ${node.version}: CJS script (require)`, () =>
        runScenario(node.bin, ['smoke.cjs'], app),
      )
    }
    for (const [name, list] of Object.entries(RUNTIMES)) {
      const runtime = await runtimes[name]
      if (runtime.error) {
        console.log(`SKIP  ${name}: could not install it from npm (${runtime.error})`)
        continue
      }
      for (const args of list) {
        const script = args.find((arg) => arg.startsWith('smoke.'))
        await step(`${name} ${runtime.version}: ${script}`, () => runScenario(runtime.bin, args, app))
      }
    }
  }
  await Promise.all([
    scripts(),
    step(
      'tsc, module node16 without the DOM lib (.mts imports, .cts requires)',
      async () => void (await tsc('tsconfig.node16.json')),
    ),
    step('tsc, moduleResolution bundler', async () => void (await tsc('tsconfig.bundler.json'))),
  ])
} finally {
  if (process.env.KEEP_SMOKE) console.log(`kept ${work}`)
  else await rm(work, { recursive: true, force: true })
}

/** Every folder under node_modules that holds the package `name`. */
function findPackages(modules, name) {
  const found = []
  const walk = (dir) => {
    if (existsSync(join(dir, name, 'package.json'))) found.push(join(dir, name))
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue
      const path = join(dir, entry.name)
      if (entry.name.startsWith('@')) {
        for (const scoped of readdirSync(path)) walkPackage(join(path, scoped))
      } else if (entry.name !== '.bin') walkPackage(path)
    }
  }
  const walkPackage = (pkg) => existsSync(join(pkg, 'node_modules')) && walk(join(pkg, 'node_modules'))
  walk(modules)
  return found
}

if (failures.length > 0) {
  console.error(`\n${failures.length} consumer smoke failure(s):`)
  for (const failure of failures) console.error(`\n- ${failure}`)
  process.exit(1)
}
console.log('\nThe packed packages work in a consumer project.')
