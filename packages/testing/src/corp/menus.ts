import type { MenuButton, MenuButtonType } from '../types.js'
import { type Failure, fail, isFailure } from '../wecom/answer.js'
import { byteLength, isObject } from './values.js'

/**
 * menu/create's rules (document/path/90231) and the errcodes the global errcode page gives for them
 * (document/path/90313): 40016 "不合法的按钮个数 — 菜单按钮1-3个", 40017 "不合法的按钮类型",
 * 40018 "不合法的按钮名字长度 — 长度应不超过16个字节", 40019 "不合法的按钮KEY长度 — 长度应不超过128字节",
 * 40020 "不合法的按钮URL长度 — 长度应不超过1024字节", 40022 "不合法的子菜单级数 — 只能包含一级菜单和二级菜单",
 * 40023 "不合法的子菜单按钮个数 — 子菜单按钮1-5个", and 40024–40027 for the same faults in a sub-button
 * (name up to 40 bytes there). 40054/40055 "不合法的(子)菜单url域名 — 链接需要带上协议头".
 */
const LIMITS = {
  buttons: 3,
  subButtons: 5,
  nameBytes: { top: 16, sub: 40 },
  keyBytes: 128,
  urlBytes: 1024,
}

/** Which errcode each fault answers, for a top-level button and for a sub-button. */
const CODES = {
  top: { type: 40017, name: 40018, key: 40019, url: 40020, domain: 40055 },
  sub: { type: 40024, name: 40025, key: 40026, url: 40027, domain: 40054 },
}

/** Types that report an event with the button's key ("key: click等点击类型必须"). */
const KEY_TYPES: readonly MenuButtonType[] = [
  'click',
  'scancode_push',
  'scancode_waitmsg',
  'pic_sysphoto',
  'pic_photo_or_album',
  'pic_weixin',
  'location_select',
]
const TYPES: readonly string[] = [...KEY_TYPES, 'view', 'view_miniprogram']
const HTTP_URL = /^https?:\/\//i

/** Checks menu/create's `button` and returns the menu as it is kept: known fields only. */
export function checkMenu(value: unknown): MenuButton[] | Failure {
  if (!Array.isArray(value) || value.length < 1 || value.length > LIMITS.buttons) return fail(40016)
  const menu: MenuButton[] = []
  for (const item of value) {
    if (!isObject(item)) return fail(40017)
    if (item.sub_button !== undefined) {
      const { sub_button } = item
      if (!Array.isArray(sub_button) || sub_button.length < 1 || sub_button.length > LIMITS.subButtons) {
        return fail(40023)
      }
      const name = checkName(item.name, 'top')
      if (typeof name !== 'string') return name
      const subs: MenuButton[] = []
      for (const sub of sub_button) {
        if (isObject(sub) && sub.sub_button !== undefined) return fail(40022)
        const button = checkLeaf(sub, 'sub')
        if (isFailure(button)) return button
        subs.push(button)
      }
      menu.push({ name, sub_button: subs })
    } else {
      const button = checkLeaf(item, 'top')
      if (isFailure(button)) return button
      menu.push(button)
    }
  }
  return menu
}

function checkLeaf(item: unknown, level: 'top' | 'sub'): MenuButton | Failure {
  const codes = CODES[level]
  if (!isObject(item) || typeof item.type !== 'string' || !TYPES.includes(item.type)) return fail(codes.type)
  const type = item.type as MenuButtonType
  const name = checkName(item.name, level)
  if (typeof name !== 'string') return name
  const button: MenuButton = { type, name }
  if (KEY_TYPES.includes(type)) {
    const { key } = item
    if (typeof key !== 'string' || key === '' || byteLength(key) > LIMITS.keyBytes) return fail(codes.key)
    button.key = key
  } else if (type === 'view') {
    const { url } = item
    if (typeof url !== 'string' || url === '' || byteLength(url) > LIMITS.urlBytes) return fail(codes.url)
    if (!HTTP_URL.test(url)) return fail(codes.domain)
    button.url = url
  } else {
    // view_miniprogram: "appid … pagepath … view_miniprogram类型必须".
    const { appid, pagepath } = item
    if (typeof appid !== 'string' || appid === '') return fail(40058, 'appid')
    if (typeof pagepath !== 'string' || pagepath === '') return fail(40058, 'pagepath')
    button.appid = appid
    button.pagepath = pagepath
  }
  return button
}

function checkName(value: unknown, level: 'top' | 'sub'): string | Failure {
  if (typeof value !== 'string' || value === '' || byteLength(value) > LIMITS.nameBytes[level]) {
    return fail(CODES[level].name)
  }
  return value
}
