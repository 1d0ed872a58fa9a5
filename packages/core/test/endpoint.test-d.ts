import type { RequestOptions, WeComClient, WeComResult } from '@wecom-kit/core'
import { defineEndpoint } from '@wecom-kit/core/resource-kit'
import * as v from 'valibot'
import { expectTypeOf } from 'vitest'

declare const client: WeComClient

const rename = defineEndpoint({
  method: 'POST',
  path: 'thing/rename',
  doc: 1,
  idempotent: true,
  input: v.object({ id: v.number(), name: v.string(), note: v.optional(v.string()) }),
  args: (id: number, name: string, note?: string) => ({ id, name, note }),
  returns: {} as WeComResult & { renamed: boolean },
})
// Positional arguments keep their names and types; options come last; the answer is typed.
expectTypeOf(rename).parameters.toEqualTypeOf<
  [client: WeComClient, id: number, name: string, note?: string | undefined, options?: RequestOptions]
>()
expectTypeOf(rename(client, 1, 'a')).resolves.toEqualTypeOf<WeComResult & { renamed: boolean }>()
// @ts-expect-error name is required
rename(client, 1)

const create = defineEndpoint({
  method: 'POST',
  path: 'thing/create',
  doc: 2,
  idempotent: false,
  input: v.object({ name: v.string() }),
})
expectTypeOf(create).parameters.toEqualTypeOf<
  [client: WeComClient, input: { name: string }, options?: RequestOptions]
>()
// Without `returns`, a call resolves to WeCom's errcode and errmsg.
expectTypeOf(create(client, { name: 'a' })).resolves.toEqualTypeOf<WeComResult>()
// @ts-expect-error the input's fields are checked
create(client, { nam: 'a' })

const list = defineEndpoint({ method: 'GET', path: 'thing/list', doc: 3, idempotent: true })
expectTypeOf(list).parameters.toEqualTypeOf<[client: WeComClient, options?: RequestOptions]>()

defineEndpoint({
  method: 'POST',
  path: 'thing/x',
  doc: 4,
  idempotent: true,
  input: v.object({ id: v.number() }),
  // @ts-expect-error args must build the schema's input
  args: (id: string) => ({ id }),
})
