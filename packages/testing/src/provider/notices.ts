import { callbackRequest, eventXml } from '../wecom/callback-crypto.js'
import type { SuiteNoticeRecord } from './types.js'
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
