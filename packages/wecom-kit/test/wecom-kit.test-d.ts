// Type tests: compiled by `pnpm typecheck`, never run.
import { expectTypeOf } from 'vitest'
import { type CreateAppChatResult, createWeComClient, type GetUserResult, type SendResult } from 'wecom-kit'

const wecom = createWeComClient({ corpId: 'ww', corpSecret: 's' })
expectTypeOf(wecom.users.get('a')).resolves.toEqualTypeOf<GetUserResult>()
expectTypeOf(
  wecom.messages.send({ touser: 'a', msgtype: 'text', text: { content: 'x' } }),
).resolves.toEqualTypeOf<SendResult>()
// @ts-expect-error a text message needs text.content
wecom.messages.send({ touser: 'a', msgtype: 'text' })
// @ts-expect-error the payload must match the msgtype
wecom.messages.send({ touser: 'a', msgtype: 'markdown', text: { content: 'x' } })
// @ts-expect-error not a namespace of wecom-kit
wecom.callbacks
expectTypeOf(wecom.appchat.create({ userlist: ['a', 'b'] })).resolves.toEqualTypeOf<CreateAppChatResult>()
