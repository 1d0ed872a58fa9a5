// Type tests: compiled by `pnpm typecheck`, never run.
import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  type CallbackHandler,
  type CallbackMessage,
  createCallbackCrypto,
  createCallbackHandler,
  isKnownCallbackMessage,
  isKnownSuiteCallbackMessage,
  type KnownCallbackMessage,
  parseCallbackXml,
  textReply,
} from '@wecom-kit/callback'
import { expectTypeOf } from 'vitest'

declare const message: CallbackMessage

// Narrowing on WeCom's own fields, once unknown types are set aside.
if (isKnownCallbackMessage(message)) {
  expectTypeOf(message).toEqualTypeOf<KnownCallbackMessage>()
  if (message.MsgType === 'text') {
    expectTypeOf(message.Content).toEqualTypeOf<string>()
    expectTypeOf(message.MsgId).toEqualTypeOf<string>()
    expectTypeOf(message.CreateTime).toEqualTypeOf<number>()
  }
  if (message.MsgType === 'location') expectTypeOf(message.Location_X).toEqualTypeOf<number>()
  if (message.MsgType === 'event' && message.Event === 'change_contact') {
    if (message.ChangeType === 'create_user') expectTypeOf(message.UserID).toEqualTypeOf<string>()
    if (message.ChangeType === 'update_tag') expectTypeOf(message.TagId).toEqualTypeOf<string>()
    // @ts-expect-error not a ChangeType of change_contact
    if (message.ChangeType === 'add_external_contact') void 0
  }
  if (message.MsgType === 'event' && message.Event === 'batch_job_result') {
    expectTypeOf(message.BatchJob.ErrCode).toEqualTypeOf<number>()
  }
  if (message.MsgType === 'event' && message.Event === 'pic_weixin') {
    expectTypeOf(message.SendPicsInfo.PicList).toEqualTypeOf<{ PicMd5Sum: string }[]>()
  }
  // @ts-expect-error Content only exists on text messages
  message.Content
} else {
  expectTypeOf(message.MsgType).toEqualTypeOf<string>()
  expectTypeOf(message.SomethingNew).toEqualTypeOf<
    import('@wecom-kit/callback').XmlValue | import('@wecom-kit/callback').XmlValue[] | number | undefined
  >()
}

// Any message can be answered.
expectTypeOf(textReply(message, 'hi')).toEqualTypeOf<string>()
expectTypeOf(parseCallbackXml('<xml/>')).toEqualTypeOf<CallbackMessage>()

const cb = createCallbackCrypto({ token: 't', encodingAesKey: 'k', receiveId: 'ww' })
expectTypeOf(cb.verifyUrl(new URLSearchParams())).toEqualTypeOf<string>()
expectTypeOf(
  cb.decryptMessage('', { msg_signature: '', timestamp: '', nonce: '' }),
).toEqualTypeOf<CallbackMessage>()
// @ts-expect-error the query needs a nonce
cb.decryptMessage('', { msg_signature: '', timestamp: '' })

// onMessage may return a reply, nothing, or a promise of either.
const handler = createCallbackHandler({
  token: 't',
  encodingAesKey: 'k',
  corpId: 'ww',
  onMessage: async (m) => {
    if (m.MsgType === 'text') return textReply(m, 'ok')
  },
})
createCallbackHandler({ token: 't', encodingAesKey: 'k', receiveId: 'suite', onMessage: () => {} })
// @ts-expect-error corpId or receiveId is required
createCallbackHandler({ token: 't', encodingAesKey: 'k', onMessage: () => {} })
// @ts-expect-error a reply is XML text
createCallbackHandler({ token: 't', encodingAesKey: 'k', corpId: 'ww', onMessage: () => 42 })

expectTypeOf(handler).toEqualTypeOf<CallbackHandler>()
expectTypeOf(handler).toBeCallableWith(new Request('http://x'))
expectTypeOf(handler(new Request('http://x'))).resolves.toEqualTypeOf<Response>()
expectTypeOf(handler.node).parameters.toEqualTypeOf<[IncomingMessage, ServerResponse]>()

// A suite's 指令回调: typed notices, narrowed on InfoType once unknown ones are set aside.
createCallbackHandler({
  suiteId: 'wwsuite',
  providerCorpId: 'wwprovider',
  token: 't',
  encodingAesKey: 'k',
  onMessage: async (notice) => {
    expectTypeOf(notice).toEqualTypeOf<import('@wecom-kit/callback').SuiteCallbackMessage>()
    if (!isKnownSuiteCallbackMessage(notice)) return
    if (notice.InfoType === 'suite_ticket') expectTypeOf(notice.SuiteTicket).toEqualTypeOf<string>()
    if (notice.InfoType === 'create_auth') expectTypeOf(notice.AuthCode).toEqualTypeOf<string>()
    if (notice.InfoType === 'change_contact' && notice.ChangeType === 'create_user') {
      expectTypeOf(notice.AuthCorpId).toEqualTypeOf<string>()
      expectTypeOf(notice.OpenUserID).toEqualTypeOf<string | undefined>()
    }
    expectTypeOf(notice.TimeStamp).toEqualTypeOf<number>()
  },
})
const suite = { suiteId: 'wwsuite', providerCorpId: 'wwprovider', token: 't', encodingAesKey: 'k' }
// @ts-expect-error a notice has no passive reply
createCallbackHandler({ ...suite, onMessage: () => 'reply' })
const { providerCorpId: _, ...suiteOnly } = suite
// @ts-expect-error a suite handler needs the provider's corpid (WeCom checks the URL with it)
createCallbackHandler({ ...suiteOnly, onMessage: () => {} })
