import { describe, expect, it } from 'vitest'
import { FACES, useFace } from './support/faces.js'

const AGENT = 1000002

const click = (name: string, key = 'K') => ({ type: 'click', name, key })
const view = (name: string, url = 'https://example.com') => ({ type: 'view', name, url })

describe.each(FACES)('menus ($name)', (face) => {
  const { sim, call } = useFace(face)
  const create = (button: unknown, agentid: number | string = AGENT) =>
    call('menu/create', { query: { agentid }, json: { button } })

  it('creates, gets as stored, and deletes', async () => {
    const button = [
      click('今日歌曲', 'V1001_TODAY_MUSIC'),
      {
        name: '菜单',
        sub_button: [
          view('搜索', 'http://www.soso.com/'),
          {
            type: 'view_miniprogram',
            name: '小程序',
            appid: 'wx286b93c14bbf93aa',
            pagepath: 'pages/lunar/index',
          },
          { type: 'scancode_push', name: '扫码推事件', key: 'rselfmenu_0_1' },
          { type: 'location_select', name: '发送位置', key: 'rselfmenu_2_0' },
          { type: 'pic_weixin', name: '微信相册发图', key: 'rselfmenu_1_2' },
        ],
      },
      {
        name: '发图',
        sub_button: [
          { type: 'pic_sysphoto', name: '系统拍照发图', key: 'rselfmenu_1_0' },
          { type: 'pic_photo_or_album', name: '拍照或者相册发图', key: 'rselfmenu_1_1' },
          { type: 'scancode_waitmsg', name: '扫码带提示', key: 'rselfmenu_0_0', ignored: 'x' },
        ],
      },
    ]
    expect((await create(button)).body).toEqual({ errcode: 0, errmsg: 'ok' })
    const stored: any = structuredClone(button)
    delete stored[2].sub_button[2].ignored
    expect((await call('menu/get', { query: { agentid: AGENT } })).body).toEqual({
      errcode: 0,
      errmsg: 'ok',
      button: stored,
    })
    expect(sim.getMenu(AGENT)).toEqual(stored)
    expect((await call('menu/delete', { query: { agentid: AGENT } })).body).toEqual({
      errcode: 0,
      errmsg: 'ok',
    })
    expect((await call('menu/get', { query: { agentid: AGENT } })).body.errcode).toBe(46003)
    expect((await call('menu/delete', { query: { agentid: AGENT } })).body.errcode).toBe(0)
  })

  it('replaces the menu and keeps apps apart', async () => {
    sim.addAgent({ agentid: 1000003, name: '第二个应用' })
    await create([click('一')])
    await create([click('二')], 1000003)
    await create([click('三'), click('四')])
    expect(sim.getMenu(AGENT)).toEqual([click('三'), click('四')])
    expect(sim.getMenu(1000003)).toEqual([click('二')])
  })

  it('takes names of exactly 16 bytes (top) and 40 bytes (sub)', async () => {
    const reply = await create([{ name: '一二三四五A', sub_button: [click('一二三四五六七八九十一二三A')] }])
    expect(reply.body.errcode).toBe(0)
  })

  it.each([
    ['no button', undefined, 40016],
    ['no buttons', [], 40016],
    ['four buttons', [click('1'), click('2'), click('3'), click('4')], 40016],
    ['an unknown type', [{ type: 'media_id', name: 'x', media_id: 'm' }], 40017],
    ['no type and no sub_button', [{ name: 'x' }], 40017],
    ['a name over 16 bytes', [click('一二三四五六')], 40018],
    ['an empty name', [click('')], 40018],
    ['a click without key', [{ type: 'click', name: 'x' }], 40019],
    ['a key over 128 bytes', [click('x', 'k'.repeat(129))], 40019],
    ['a view without url', [{ type: 'view', name: 'x' }], 40020],
    ['a url over 1024 bytes', [view('x', `https://e.com/${'a'.repeat(1011)}`)], 40020],
    ['a url without scheme', [view('x', 'www.example.com')], 40055],
    ['a third level', [{ name: 'x', sub_button: [{ name: 'y', sub_button: [click('z')] }] }], 40022],
    ['no sub-buttons', [{ name: 'x', sub_button: [] }], 40023],
    ['six sub-buttons', [{ name: 'x', sub_button: Array(6).fill(click('y')) }], 40023],
    ['a sub-button of unknown type', [{ name: 'x', sub_button: [{ type: 'nope', name: 'y' }] }], 40024],
    [
      'a sub-button name over 40 bytes',
      [{ name: 'x', sub_button: [click('一二三四五六七八九十一二三四')] }],
      40025,
    ],
    [
      'a sub-button without key',
      [{ name: 'x', sub_button: [{ type: 'location_select', name: 'y' }] }],
      40026,
    ],
    [
      'a sub-button url over 1024 bytes',
      [{ name: 'x', sub_button: [view('y', `https://e.com/${'a'.repeat(1011)}`)] }],
      40027,
    ],
    ['a sub-button url without scheme', [{ name: 'x', sub_button: [view('y', 'ftp://e.com')] }], 40054],
    ['a miniprogram without pagepath', [{ type: 'view_miniprogram', name: 'x', appid: 'wx1' }], 40058],
    ['a parent name over 16 bytes', [{ name: '一二三四五六', sub_button: [click('y')] }], 40018],
  ])('refuses %s', async (_, button, errcode) => {
    expect((await create(button)).body.errcode).toBe(errcode)
    expect(sim.getMenu(AGENT)).toBeUndefined()
  })

  it('answers 41011 without agentid and 40056 for an unknown app', async () => {
    expect((await call('menu/create', { json: { button: [click('x')] } })).body.errcode).toBe(41011)
    expect((await create([click('x')], 42)).body.errcode).toBe(40056)
    expect((await call('menu/get', { query: { agentid: 'abc' } })).body.errcode).toBe(40056)
    expect((await call('menu/delete')).body.errcode).toBe(41011)
  })
})
