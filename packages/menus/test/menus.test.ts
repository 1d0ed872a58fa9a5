import { createClient, WeComValidationError } from '@wecom-kit/core'
import { type Menu, menus } from '@wecom-kit/menus'
import { beforeEach, describe, expect, it } from 'vitest'
import { apiError, FAST_RETRY, rejectsBeforeSending, useSimulator } from '../../../test/support/resource.js'

const { sim } = useSimulator({ corpId: 'wwmenus', corpSecret: 'menus-secret' })
const client = () =>
  createClient({ corpId: 'wwmenus', corpSecret: 'menus-secret', agentId: 1000002, retry: FAST_RETRY }).with(
    menus,
  )

beforeEach(() => {
  sim.reset()
  sim.clearRequests()
})

const menu: Menu = {
  button: [
    { type: 'click', name: '今日待办', key: 'TODO' },
    {
      name: '工具',
      sub_button: [
        { type: 'view', name: '报销', url: 'https://app.example.com/expense' },
        { type: 'scancode_push', name: '扫一扫', key: 'SCAN' },
        { type: 'view_miniprogram', name: '小程序', appid: 'wx123', pagepath: 'pages/index' },
      ],
    },
  ],
}

describe('menus.create / get / delete', () => {
  it('creates, reads back and deletes the menu of the client’s app', async () => {
    await client().menus.create(menu)
    expect(sim.requests.at(-1)).toMatchObject({ path: 'menu/create', query: { agentid: '1000002' } })
    expect(sim.getMenu(1000002)).toEqual(menu.button)
    expect((await client().menus.get()).button).toEqual(menu.button)
    await client().menus.delete()
    expect(sim.getMenu(1000002)).toBeUndefined()
    expect((await apiError(client().menus.get())).errcode).toBe(46003)
  })

  it('acts on another app when given its agentId', async () => {
    sim.addAgent({ agentid: 1000005, name: '审批' })
    await client().menus.create(menu, 1000005)
    expect(sim.requests.at(-1)).toMatchObject({ path: 'menu/create', query: { agentid: '1000005' } })
    expect(sim.getMenu(1000005)).toEqual(menu.button)
    expect(sim.getMenu(1000002)).toBeUndefined()
    expect((await client().menus.get(1000005)).button).toEqual(menu.button)
    await client().menus.delete(1000005)
    expect(sim.getMenu(1000005)).toBeUndefined()
  })

  it('surfaces WeCom errors', async () => {
    expect((await apiError(client().menus.create(menu, 42))).errcode).toBe(40056)
    sim.failNext('menu/delete', { errcode: 48002, errmsg: 'api forbidden' })
    expect((await apiError(client().menus.delete())).errcode).toBe(48002)
  })
})

describe('menu validation points at the offending button', () => {
  const expectIssue = async (bad: unknown, path: string) => {
    const error = await client()
      .menus.create(bad as Menu)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WeComValidationError)
    expect((error as WeComValidationError).issues.map((i) => i.path)).toContain(path)
    expect(sim.requests).toHaveLength(0)
  }

  it.each([
    ['no buttons', { button: [] }, 'button'],
    ['four buttons', { button: Array(4).fill({ type: 'click', name: 'a', key: 'k' }) }, 'button'],
    [
      'six sub-buttons',
      { button: [{ name: 'p', sub_button: Array(6).fill({ type: 'click', name: 'a', key: 'k' }) }] },
      'button.0.sub_button',
    ],
    [
      'a top name of 18 bytes',
      { button: [{ type: 'click', name: '六个汉字名称', key: 'k' }] },
      'button.0.name',
    ],
    [
      'a sub name of 41 bytes',
      { button: [{ name: 'p', sub_button: [{ type: 'click', name: 'a'.repeat(41), key: 'k' }] }] },
      'button.0.sub_button.0.name',
    ],
    ['a click without key', { button: [{ type: 'click', name: 'a' }] }, 'button.0.key'],
    [
      'a view with a relative url',
      {
        button: [
          { type: 'click', name: 'a', key: 'k' },
          { name: 'p', sub_button: [{ type: 'view', name: 'v', url: '/x' }] },
        ],
      },
      'button.1.sub_button.0.url',
    ],
    [
      'a miniprogram without pagepath',
      { button: [{ type: 'view_miniprogram', name: 'm', appid: 'wx1' }] },
      'button.0.pagepath',
    ],
    ['a 129-byte key', { button: [{ type: 'click', name: 'a', key: 'k'.repeat(129) }] }, 'button.0.key'],
  ])('%s', async (_label, bad, path) => {
    await expectIssue(bad, path)
  })

  it('rejects an unknown type and a missing agentId before sending', async () => {
    await rejectsBeforeSending(sim, () =>
      client().menus.create({ button: [{ type: 'swipe', name: 'a', key: 'k' }] } as never),
    )
    const noAgent = createClient({ corpId: 'wwmenus', corpSecret: 'menus-secret' }).with(menus)
    await rejectsBeforeSending(sim, () => noAgent.menus.get())
    await rejectsBeforeSending(sim, () => noAgent.menus.delete())
  })

  it('accepts a 16-byte top name (5 Chinese characters and a letter)', async () => {
    await client().menus.create({ button: [{ type: 'click', name: '五个汉字名a', key: 'k' }] })
    expect(sim.getMenu(1000002)).toEqual([{ type: 'click', name: '五个汉字名a', key: 'k' }])
  })
})
