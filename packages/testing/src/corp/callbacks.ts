import type { CallbackRecord } from '../types.js'
import { type CallbackTarget, callbackKey, callbackRequest, eventXml } from '../wecom/callback-crypto.js'
import type { CorpState } from './state.js'

/**
 * Events WeCom pushes to an app's callback URL: kf_msg_or_event (微信客服), change_external_contact,
 * change_external_chat and change_external_tag (客户联系). Every event is recorded; with a target
 * set it is also encrypted and POSTed there as WeCom does; listeners see each one as it fires.
 */
export interface CallbackState {
  target: CallbackTarget | undefined
  readonly records: CallbackRecord[]
}

export function createCallbackState(): CallbackState {
  return { target: undefined, records: [] }
}

export type CallbackListener = (record: CallbackRecord) => void

export function checkTarget(target: CallbackTarget): CallbackTarget {
  if (typeof target !== 'object' || target === null)
    throw new TypeError('setCallback: give { url, token, encodingAesKey }')
  try {
    const url = new URL(target.url)
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error()
  } catch {
    throw new TypeError('setCallback: url must be an http(s) URL')
  }
  if (typeof target.token !== 'string' || !/^[A-Za-z0-9]{1,32}$/.test(target.token)) {
    throw new TypeError('setCallback: token must be 1–32 letters or digits')
  }
  callbackKey(target.encodingAesKey)
  return { url: target.url, token: target.token, encodingAesKey: target.encodingAesKey }
}

/**
 * Fires an event: records it, tells the listeners, and delivers it to the target when one is set.
 * Resolves once delivered (or refused by the network); never rejects.
 */
export async function fireCallback(
  state: CorpState,
  listeners: ReadonlySet<CallbackListener>,
  fields: Record<string, string | number | undefined>,
  now: number,
): Promise<CallbackRecord> {
  const event = {
    ToUserName: state.options.corpId,
    FromUserName: fields.FromUserName,
    CreateTime: Math.floor(now / 1000),
    MsgType: 'event',
    ...fields,
  }
  const xml = eventXml(event)
  const record: CallbackRecord = {
    event: Object.fromEntries(Object.entries(event).filter(([, value]) => value !== undefined)) as Record<
      string,
      string | number
    >,
    xml,
    at: now,
  }
  state.callbacks.records.push(record)
  for (const listener of listeners) {
    try {
      listener(record)
    } catch {
      // A listener's own failure is not WeCom's business.
    }
  }
  const target = state.callbacks.target
  if (target) {
    try {
      const response = await fetch(await callbackRequest(target, xml, state.options.corpId, now))
      record.delivery = { status: response.status, body: await response.text() }
    } catch (error) {
      record.delivery = { error: error instanceof Error ? error.message : String(error) }
    }
  }
  return record
}

export function callbackView(record: CallbackRecord): CallbackRecord {
  return structuredClone(record)
}
