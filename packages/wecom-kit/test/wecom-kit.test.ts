import { describe, expect, it } from 'vitest'
import {
  createClient,
  createWebhookBot,
  createWeComClient,
  isWeComApiError,
  isWeComValidationError,
  users,
  usersToCsv,
  WeComValidationError,
} from 'wecom-kit'
import { FAST_RETRY, useSimulator } from '../../../test/support/resource.js'

const { sim } = useSimulator({ corpId: 'wwall', corpSecret: 'all-secret' })
const options = { corpId: 'wwall', corpSecret: 'all-secret', agentId: 1000002, retry: FAST_RETRY }

describe('createWeComClient', () => {
  it('attaches every namespace, sharing one token', async () => {
    const wecom = createWeComClient(options)
    for (const name of [
      'users',
      'departments',
      'tags',
      'batch',
      'agents',
      'menus',
      'messages',
      'media',
      'jssdk',
      'ip',
      'appchat',
    ]) {
      expect(wecom).toHaveProperty(name)
    }
    sim.addUser({ userid: 'zhangsan', name: '张三', department: [1], mobile: '13800000001' })
    await wecom.users.get('zhangsan')
    await wecom.messages.send({ touser: 'zhangsan', msgtype: 'text', text: { content: '你好' } })
    await wecom.departments.listSimple()
    await wecom.jssdk.getConfig({ url: 'https://a.example/', jsApiList: ['scanQRCode'] })
    expect(sim.countCalls('gettoken')).toBe(1)
  })

  it('validates its options like createClient', () => {
    expect(() => createWeComClient({ corpId: '', corpSecret: '' })).toThrow(WeComValidationError)
  })

  it('re-exports core, the resources, their helpers and the guards', async () => {
    expect(typeof createClient({ corpId: 'wwall', corpSecret: 'x' }).with(users).users.get).toBe('function')
    expect(
      usersToCsv([{ name: '张三', userid: 'zhangsan', mobile: '13800000001', department: 1 }]),
    ).toContain('zhangsan')
    const error = await createWeComClient(options)
      .users.get('nobody')
      .catch((e: unknown) => e)
    expect(isWeComApiError(error)).toBe(true)
    expect(isWeComValidationError(error)).toBe(false)
  })

  it('re-exports the group robot, which is no namespace (it has no corp and no token)', async () => {
    sim.addWebhook({ key: 'all-robot' })
    const bot = createWebhookBot({ key: 'all-robot' }, { pacer: false })
    await bot.send({ msgtype: 'text', text: { content: 'from wecom-kit' } })
    expect(sim.webhookMessages('all-robot')).toHaveLength(1)
    expect(createWeComClient(options)).not.toHaveProperty('webhook')
  })
})
