import { maxBytes } from '@wecom-kit/core/resource-kit'
import * as v from 'valibot'

// Rules from the official 创建菜单 page (document/path/90231): 1–3 buttons, each a leaf or a
// parent of 1–5 sub-buttons; names ≤ 16 bytes at the top and ≤ 40 bytes below; key ≤ 128
// bytes; url ≤ 1024 bytes; each type with the fields it needs.

const Key = v.pipe(v.string('key must be a string'), v.minLength(1, 'key must not be empty'), maxBytes(128))
const Url = v.pipe(
  v.string('url must be a string'),
  v.regex(/^https?:\/\/\S+$/i, 'url must be an absolute http(s) URL'),
  maxBytes(1024),
)

const Name = (max: number) =>
  v.pipe(v.string('name must be a string'), v.minLength(1, 'name must not be empty'), maxBytes(max))

/** Button types that send an event with a `key`. */
export const KEY_TYPES = [
  'click',
  'scancode_push',
  'scancode_waitmsg',
  'pic_sysphoto',
  'pic_photo_or_album',
  'pic_weixin',
  'location_select',
] as const

/** A button that does something: the variant is chosen by `type`. */
const Leaf = (maxName: number) =>
  v.variant(
    'type',
    [
      v.object({ type: v.picklist(KEY_TYPES), name: Name(maxName), key: Key }),
      v.object({ type: v.literal('view'), name: Name(maxName), url: Url }),
      v.object({
        type: v.literal('view_miniprogram'),
        name: Name(maxName),
        appid: v.pipe(v.string('appid must be a string'), v.minLength(1, 'appid must not be empty')),
        pagepath: v.pipe(v.string('pagepath must be a string'), v.minLength(1, 'pagepath must not be empty')),
      }),
    ],
    `type must be one of ${[...KEY_TYPES, 'view', 'view_miniprogram'].join(', ')}`,
  )

const Parent = v.object({
  name: Name(16),
  sub_button: v.pipe(
    v.array(Leaf(40)),
    v.minLength(1, 'sub_button must hold 1–5 buttons'),
    v.maxLength(5, 'sub_button must hold 1–5 buttons'),
  ),
})

const TopLeaf = Leaf(16)

/** A top-level button: a parent when it has `sub_button`, else a leaf. */
const TopButton = v.lazy((input: unknown) =>
  typeof input === 'object' && input !== null && 'sub_button' in input ? Parent : TopLeaf,
)

export const MenuInput = v.object({
  button: v.pipe(
    v.array(TopButton),
    v.minLength(1, 'a menu has 1–3 buttons'),
    v.maxLength(3, 'a menu has 1–3 buttons'),
  ),
})

type LeafButton = v.InferInput<typeof TopLeaf>
/** A menu as WeCom takes it: `{ button: [...] }`. */
export interface Menu {
  button: (LeafButton | { name: string; sub_button: LeafButton[] })[]
}
