// Type tests: compiled by `pnpm typecheck`, never run.
import { createClient, type WeComClient } from '@wecom-kit/core'
import { type DepartmentUser, type GetUserResult, getUser, type SimpleMember, users } from '@wecom-kit/users'
import { expectTypeOf } from 'vitest'

const client = createClient({ corpId: 'ww', corpSecret: 's' }).with(users)

expectTypeOf(client.users.get('zhangsan')).resolves.toEqualTypeOf<GetUserResult>()
expectTypeOf(client.users.listByDepartment(1, { fetchChild: true })).resolves.toHaveProperty('userlist')
expectTypeOf<Awaited<ReturnType<typeof client.users.listByDepartment>>['userlist']>().toEqualTypeOf<
  SimpleMember[]
>()
expectTypeOf(client.users.listIds()).toEqualTypeOf<AsyncIterable<DepartmentUser>>()
expectTypeOf(client.users.getAuthorizeUrl('https://a.example/')).toEqualTypeOf<string>()
expectTypeOf(client.users.delete).parameter(0).toEqualTypeOf<string | readonly string[]>()

// The standalone function takes any client, with or without namespaces.
expectTypeOf(getUser).parameter(0).toEqualTypeOf<WeComClient>()
expectTypeOf(getUser(client, 'lisi')).resolves.toEqualTypeOf<GetUserResult>()

// Required fields are required at compile time too.
// @ts-expect-error name and department are required
client.users.create({ userid: 'x', mobile: '1' })
// @ts-expect-error userid is required on update
client.users.update({ name: 'x' })
// @ts-expect-error signal belongs to the options object
client.users.get('x', AbortSignal.timeout(1))
