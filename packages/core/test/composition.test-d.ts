// Type tests, checked by `tsc -p tsconfig.json` (not run by vitest).
import {
  createClient,
  type RequestOptions,
  type Resource,
  type WeComClient,
  type WithResources,
} from '@wecom-kit/core'
import { bindAll, defineResource } from '@wecom-kit/core/resource-kit'
import { expectTypeOf } from 'vitest'

interface AlphaUser {
  userid: string
  department: number[]
}

function getAlpha(client: WeComClient, userid: string, options?: RequestOptions) {
  return client.request<AlphaUser>('alpha/get', { query: { userid }, ...options })
}
const alpha = defineResource('alpha', (client) => bindAll(client, { get: getAlpha }))
const beta = defineResource('beta', (client) => ({
  count: async (): Promise<number> => (await client.request<{ n: number }>('beta/count')).n,
}))

expectTypeOf(alpha).toEqualTypeOf<
  Resource<'alpha', { get: (userid: string, options?: RequestOptions) => Promise<AlphaUser> }>
>()

const base = createClient({ corpId: 'ww', corpSecret: 's' })
const chained = base.with(alpha).with(beta)
const atOnce = base.with(alpha, beta)

expectTypeOf(chained.alpha.get).parameters.toEqualTypeOf<
  [userid: string, options?: RequestOptions | undefined]
>()
expectTypeOf(chained.alpha.get).returns.resolves.toEqualTypeOf<AlphaUser>()
expectTypeOf(chained.beta.count).returns.resolves.toBeNumber()
expectTypeOf(atOnce.alpha.get).returns.resolves.toEqualTypeOf<AlphaUser>()
expectTypeOf(atOnce.beta.count).returns.resolves.toBeNumber()

// The client's own members survive composition.
expectTypeOf(chained.request).toEqualTypeOf<WeComClient['request']>()
expectTypeOf(chained.getAccessToken).returns.resolves.toBeString()
expectTypeOf(chained.options.corpId).toBeString()
expectTypeOf(chained).toExtend<WeComClient>()

// Namespaces are read-only.
// @ts-expect-error alpha is readonly
chained.alpha = { get: getAlpha.bind(null, base) }

// A namespace that was not attached is a type error.
const onlyAlpha = base.with(alpha)
// @ts-expect-error beta was not attached
onlyAlpha.beta.count()
// @ts-expect-error nothing was attached
base.alpha.get('zhangsan')

// Arguments are checked.
// @ts-expect-error userid is a string
onlyAlpha.alpha.get(42)
expectTypeOf<WithResources<[typeof alpha]>>().toEqualTypeOf<{
  readonly alpha: ReturnType<typeof alpha.create>
}>()
expectTypeOf<WithResources<[]>>().toBeUnknown()

// request's type parameter types the answer; the default is a plain record.
expectTypeOf(base.request('x')).resolves.toEqualTypeOf<Record<string, unknown>>()
expectTypeOf(base.request<{ ticket: string }>('x')).resolves.toEqualTypeOf<{ ticket: string }>()
// @ts-expect-error unknown request option
base.request('x', { methd: 'GET' })
// @ts-expect-error only GET and POST
base.request('x', { method: 'PUT' })

// createClient needs a corpId; corpSecret or credentials is checked when it runs (options are
// often built up in steps, so the type does not force the choice).
// @ts-expect-error corpId missing
createClient({ corpSecret: 's' })
