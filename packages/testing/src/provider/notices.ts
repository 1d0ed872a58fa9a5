import { callbackRequest, callbackSignature, encryptCallback, eventXml } from '../wecom/callback-crypto.js'
import type { SuiteCallbackCheck, SuiteNoticeRecord } from './types.js'
import type { ProviderWorld } from './world.js'

export type NoticeListener = (record: SuiteNoticeRecord) => void

/**
 * Fires a 指令回调: `<xml><SuiteId/><InfoType/><TimeStamp/>…</xml>` (document/path/90628, 90642,
 * 94758, 90639–90641), encrypted with the suite's EncodingAESKey and receiveId = the suite id,
 * signed with its Token and POSTed to the callback URL. Records it and tells the listeners first;
 * resolves once delivered (or refused by the network), never rejects.
 */
export async function fireNotice(
  world: ProviderWorld,
  listeners: ReadonlySet<NoticeListener>,
  infoType: string,
  fields: Record<string, string | number | undefined>,
): Promise<SuiteNoticeRecord> {
  const now = world.now()
  const { suite } = world.options
  const notice = { SuiteId: suite.suiteId, InfoType: infoType, TimeStamp: Math.floor(now / 1000), ...fields }
  const xml = eventXml(notice)
  const record: SuiteNoticeRecord = {
    notice: Object.fromEntries(Object.entries(notice).filter(([, value]) => value !== undefined)) as Record<
      string,
      string | number
    >,
    xml,
    at: now,
  }
  world.notices.push(record)
  for (const listener of listeners) {
    try {
      listener(structuredClone(record))
    } catch {
      // A listener's own failure is not WeCom's business.
    }
  }
  const url = world.callbackUrl
  if (url) {
    try {
      const target = { url, token: suite.token, encodingAesKey: suite.encodingAesKey }
      // The envelope names the receiver: the suite id, as the receiveId inside.
      const response = await fetch(await callbackRequest(target, xml, suite.suiteId, now))
      record.delivery = { status: response.status, body: await response.text() }
    } catch (error) {
      record.delivery = { error: error instanceof Error ? error.message : String(error) }
    }
  }
  return record
}

/**
 * The URL check of the provider admin's 保存: GET `?msg_signature&timestamp&nonce&echostr`, the
 * echostr encrypted with receiveId = the provider's corpid. WeCom's answer in its developer
 * community (2020): "配置的url对应的get请求都需以服务商本身的corpid来解密"; the notices
 * themselves carry the suite id.
 */
export async function verifyCallbackUrl(world: ProviderWorld): Promise<SuiteCallbackCheck> {
  const url = world.callbackUrl
  if (!url) throw new Error('verifySuiteCallback: set the URL first with setSuiteCallback(url)')
  const { suite, providerCorpId } = world.options
  const expected = String(crypto.getRandomValues(new Uint32Array(2)).join(''))
  const echostr = await encryptCallback(expected, suite.encodingAesKey, providerCorpId)
  const timestamp = String(Math.floor(world.now() / 1000))
  const nonce = String(crypto.getRandomValues(new Uint32Array(1))[0])
  const target = new URL(url)
  target.searchParams.set('msg_signature', callbackSignature(suite.token, timestamp, nonce, echostr))
  target.searchParams.set('timestamp', timestamp)
  target.searchParams.set('nonce', nonce)
  target.searchParams.set('echostr', echostr)
  const response = await fetch(target, { method: 'GET' })
  const body = await response.text()
  return { ok: response.status === 200 && body === expected, status: response.status, body, expected }
}
