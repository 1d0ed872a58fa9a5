import { randomBytes } from 'node:crypto'
import {
  createCallbackHandler,
  isKnownSuiteCallbackMessage,
  parseSuiteCallbackXml,
  type SuiteCallbackMessage,
} from '@wecom-kit/callback'
import { isWeComCallbackError, isWeComValidationError } from '@wecom-kit/core'
import { describe, expect, it } from 'vitest'
import { fakeWeCom, now, textXml } from './support/wecom.js'

// A third-party app's 指令回调: notices with InfoType, encrypted with receiveId = the suite id,
// answered `success`.

const token = 'suiteTok3n'
const encodingAesKey = randomBytes(32).toString('base64').slice(0, 43)
const suiteId = 'ww4asffe99e54c0f4c'
const providerCorpId = 'wwprovider0123456'
// WeCom's side: the envelope's receiver and the receiveId are the suite id.
const wecom = fakeWeCom({ token, encodingAesKey, corpId: suiteId })
const base = 'http://provider.example/suite/receive'

/** The docs' examples (document/path/90628, 90642, 94758, 90639), with fresh times. */
const xml = {
  ticket: (ticket: string) =>
    `<xml><SuiteId><![CDATA[${suiteId}]]></SuiteId><InfoType> <![CDATA[suite_ticket]]></InfoType>` +
    `<TimeStamp>${now()}</TimeStamp><SuiteTicket><![CDATA[${ticket}]]></SuiteTicket></xml>`,
  createAuth: `<xml><SuiteId><![CDATA[${suiteId}]]></SuiteId><AuthCode><![CDATA[AUTHCODE]]></AuthCode><InfoType><![CDATA[create_auth]]></InfoType><TimeStamp>1403610513</TimeStamp><State><![CDATA[123]]></State><ExtraInfo></ExtraInfo></xml>`,
  cancelAuth: `<xml><SuiteId><![CDATA[${suiteId}]]></SuiteId><InfoType><![CDATA[cancel_auth]]></InfoType><TimeStamp>1403610513</TimeStamp><AuthCorpId><![CDATA[wxf8b4f85f3a794e77]]></AuthCorpId></xml>`,
  reset: `<xml><SuiteId><![CDATA[${suiteId}]]></SuiteId><AuthCode><![CDATA[AUTHCODE2]]></AuthCode><InfoType><![CDATA[reset_permanent_code]]></InfoType><TimeStamp>1403610513</TimeStamp></xml>`,
  createUser:
    `<xml><SuiteId><![CDATA[${suiteId}]]></SuiteId><AuthCorpId><![CDATA[wxf8b4f85f3a794e77]]></AuthCorpId>` +
    '<InfoType><![CDATA[change_contact]]></InfoType><TimeStamp>1403610513</TimeStamp>' +
    '<ChangeType><![CDATA[create_user]]></ChangeType><UserID><![CDATA[zhangsan]]></UserID>' +
    '<OpenUserID><![CDATA[woxxx]]></OpenUserID><Name><![CDATA[张三]]></Name><Department><![CDATA[1,2,3]]></Department>' +
    '<ExtAttr><Item><Name><![CDATA[爱好]]></Name><Type>0</Type><Text><Value><![CDATA[旅游]]></Value></Text></Item></ExtAttr></xml>',
}

function suiteHandler(onMessage: (message: SuiteCallbackMessage) => void | Promise<void>) {
  const errors: unknown[] = []
  const handler = createCallbackHandler({
    suiteId,
    providerCorpId,
    token,
    encodingAesKey,
    onMessage,
    onError: (error) => errors.push(error),
  })
  return { handler, errors }
}

async function post(handler: (request: Request) => Promise<Response>, plaintext: string) {
  const { query, body } = wecom.post(plaintext)
  const response = await handler(new Request(`${base}?${query}`, { method: 'POST', body }))
  return { status: response.status, body: await response.text() }
}

describe('a suite handler', () => {
  it('hands a suite_ticket posted as WeCom posts it over typed, and answers success', async () => {
    const saved: string[] = []
    const { handler } = suiteHandler(async (message) => {
      if (isKnownSuiteCallbackMessage(message) && message.InfoType === 'suite_ticket') {
        saved.push(message.SuiteTicket)
        expect(typeof message.TimeStamp).toBe('number')
      }
    })
    expect(await post(handler, xml.ticket('tkt-1'))).toEqual({ status: 200, body: 'success' })
    expect(saved).toEqual(['tkt-1'])
  })

  it('types create_auth, cancel_auth, reset_permanent_code and contact changes', async () => {
    const seen: SuiteCallbackMessage[] = []
    const { handler } = suiteHandler((message) => void seen.push(message))
    for (const plaintext of [xml.createAuth, xml.cancelAuth, xml.reset, xml.createUser]) {
      expect((await post(handler, plaintext)).body).toBe('success')
    }
    expect(seen.every(isKnownSuiteCallbackMessage)).toBe(true)
    expect(seen[0]).toMatchObject({
      InfoType: 'create_auth',
      AuthCode: 'AUTHCODE',
      State: '123',
      TimeStamp: 1403610513,
    })
    expect(seen[1]).toMatchObject({ InfoType: 'cancel_auth', AuthCorpId: 'wxf8b4f85f3a794e77' })
    expect(seen[2]).toMatchObject({ InfoType: 'reset_permanent_code', AuthCode: 'AUTHCODE2' })
    expect(seen[3]).toMatchObject({
      InfoType: 'change_contact',
      ChangeType: 'create_user',
      OpenUserID: 'woxxx',
      ExtAttr: [{ Name: '爱好', Type: '0', Text: { Value: '旅游' } }],
    })
  })

  it('runs once per notice when WeCom posts it again', async () => {
    let runs = 0
    const { handler } = suiteHandler(() => void runs++)
    const plaintext = xml.ticket('tkt-2')
    const first = wecom.post(plaintext)
    for (let i = 0; i < 3; i++) {
      const response = await handler(
        new Request(`${base}?${first.query}`, { method: 'POST', body: first.body }),
      )
      expect(await response.text()).toBe('success')
    }
    expect(runs).toBe(1)
  })

  it('answers 500, not success, when onMessage fails, so WeCom posts again', async () => {
    const { handler, errors } = suiteHandler(() => {
      throw new Error('store down')
    })
    expect((await post(handler, xml.ticket('tkt-3'))).status).toBe(500)
    expect(errors).toHaveLength(1)
  })

  it('refuses a corp message and a notice for another receiveId', async () => {
    const { handler, errors } = suiteHandler(() => {})
    expect((await post(handler, textXml('hi'))).status).toBe(400)
    const other = fakeWeCom({ token, encodingAesKey, corpId: 'wwothersuite' })
    const { query, body } = other.post(xml.ticket('tkt-4'))
    const response = await handler(new Request(`${base}?${query}`, { method: 'POST', body }))
    expect(response.status).toBe(403)
    expect(errors.map((error) => isWeComCallbackError(error) && error.reason)).toEqual(['xml', 'receive_id'])
  })

  it("passes the console's URL check, which WeCom makes with the provider's corpid", async () => {
    const { handler } = suiteHandler(() => {})
    const check = async (receiveId: string) => {
      const { query, echo } = fakeWeCom({ token, encodingAesKey, corpId: receiveId }).urlCheck()
      const response = await handler(new Request(`${base}?${query}`))
      return { status: response.status, echoed: (await response.text()) === echo }
    }
    expect(await check(providerCorpId)).toEqual({ status: 200, echoed: true })
    expect(await check(suiteId)).toEqual({ status: 200, echoed: true })
    expect((await check('wwsomeoneelse')).status).toBe(403)
    // A notice that names the provider's corpid instead of the suite id is taken too.
    const { query, body } = fakeWeCom({ token, encodingAesKey, corpId: providerCorpId }).post(
      xml.ticket('tkt-p'),
    )
    const response = await handler(new Request(`${base}?${query}`, { method: 'POST', body }))
    expect(await response.text()).toBe('success')
  })

  it('checks its options', () => {
    expect(() =>
      createCallbackHandler({ suiteId, token, encodingAesKey, onMessage: () => {} } as never),
    ).toThrowError(/providerCorpId/)
    expect(() =>
      createCallbackHandler({ suiteId: '', providerCorpId, token, encodingAesKey, onMessage: () => {} }),
    ).toThrowError(expect.objectContaining({ name: 'WeComValidationError' }))
    try {
      createCallbackHandler({
        suiteId,
        providerCorpId,
        corpId: 'ww',
        token,
        encodingAesKey,
        onMessage: () => {},
      } as never)
      expect.unreachable()
    } catch (error) {
      expect(isWeComValidationError(error)).toBe(true)
    }
  })
})

describe('a corp handler given a notice', () => {
  it('still answers success', async () => {
    const handler = createCallbackHandler({ receiveId: suiteId, token, encodingAesKey, onMessage: () => {} })
    expect(await post(handler, xml.ticket('tkt-5'))).toEqual({ status: 200, body: 'success' })
  })
})

describe('parseSuiteCallbackXml', () => {
  it('parses the docs example and refuses XML without InfoType', () => {
    const message = parseSuiteCallbackXml(xml.ticket('asdfasfdasdfasdf'))
    expect(message).toMatchObject({
      SuiteId: suiteId,
      InfoType: 'suite_ticket',
      SuiteTicket: 'asdfasfdasdfasdf',
    })
    expect(() => parseSuiteCallbackXml(textXml('hi'))).toThrowError(/InfoType/)
    expect(
      isKnownSuiteCallbackMessage(parseSuiteCallbackXml(xml.ticket('x').replace('suite_ticket', 'new_type'))),
    ).toBe(false)
  })
})
