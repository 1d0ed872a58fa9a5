// Customer contact (document/path/92130) and customer service (94670) events, typed.
import { isKnownCallbackMessage, parseCallbackXml } from '@wecom-kit/callback'
import { describe, expect, it } from 'vitest'

const head = (event: string, change?: string) =>
  '<ToUserName><![CDATA[ww1]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>' +
  `<CreateTime>1403610513</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[${event}]]></Event>` +
  (change ? `<ChangeType><![CDATA[${change}]]></ChangeType>` : '')

describe('change_external_contact', () => {
  it.each([
    'add_external_contact',
    'edit_external_contact',
    'add_half_external_contact',
    'del_external_contact',
    'del_follow_user',
    'transfer_fail',
    'msg_audit_approved',
  ])('%s is known and narrows', (change) => {
    const message = parseCallbackXml(
      `<xml>${head('change_external_contact', change)}<UserID><![CDATA[zhangsan]]></UserID>` +
        '<ExternalUserID><![CDATA[woAJ2GCAAAXtWyujaWJHDDGi0mACH71w]]></ExternalUserID>' +
        '<State><![CDATA[teststate]]></State><WelcomeCode><![CDATA[WELCOMECODE]]></WelcomeCode>' +
        '<FailReason><![CDATA[customer_refused]]></FailReason></xml>',
    )
    expect(isKnownCallbackMessage(message)).toBe(true)
    if (!isKnownCallbackMessage(message) || message.MsgType !== 'event') throw new Error('not narrowed')
    if (message.Event !== 'change_external_contact') throw new Error('not narrowed')
    expect(message.ChangeType).toBe(change)
    expect(message.ExternalUserID).toBe('woAJ2GCAAAXtWyujaWJHDDGi0mACH71w')
    if (message.ChangeType === 'add_external_contact') expect(message.WelcomeCode).toBe('WELCOMECODE')
    if (message.ChangeType === 'transfer_fail') expect(message.FailReason).toBe('customer_refused')
  })

  it('an unknown ChangeType stays unknown, fields kept', () => {
    const message = parseCallbackXml(
      `<xml>${head('change_external_contact', 'future_change')}<UserID>u</UserID></xml>`,
    )
    expect(isKnownCallbackMessage(message)).toBe(false)
    expect(message).toMatchObject({ ChangeType: 'future_change', UserID: 'u' })
  })
})

describe('change_external_chat', () => {
  it('update with members: numbers and the member list as an array', () => {
    const message = parseCallbackXml(
      `<xml>${head('change_external_chat', 'update')}<ChatId><![CDATA[wrx7HUARsKTaT]]></ChatId>` +
        '<UpdateDetail><![CDATA[add_member]]></UpdateDetail><JoinScene>1</JoinScene><QuitScene>0</QuitScene>' +
        '<MemChangeCnt>2</MemChangeCnt><MemChangeList><Item>Jack</Item><Item>Rose</Item></MemChangeList>' +
        '<LastMemVer>9c3f97c2ada667dfb5f6d03308d963e1</LastMemVer><CurMemVer>71217227bbd112ecfe3a49c482195cb4</CurMemVer></xml>',
    )
    expect(isKnownCallbackMessage(message)).toBe(true)
    expect(message).toMatchObject({
      ChangeType: 'update',
      ChatId: 'wrx7HUARsKTaT',
      UpdateDetail: 'add_member',
      JoinScene: 1,
      QuitScene: 0,
      MemChangeCnt: 2,
      MemChangeList: ['Jack', 'Rose'],
      CurMemVer: '71217227bbd112ecfe3a49c482195cb4',
    })
  })

  it.each(['create', 'dismiss'])('%s is known', (change) => {
    const message = parseCallbackXml(`<xml>${head('change_external_chat', change)}<ChatId>wr1</ChatId></xml>`)
    expect(isKnownCallbackMessage(message)).toBe(true)
  })
})

describe('change_external_tag', () => {
  it.each(['create', 'update', 'delete', 'shuffle'])('%s is known', (change) => {
    const message = parseCallbackXml(
      `<xml>${head('change_external_tag', change)}<Id><![CDATA[etm7wjCgAA]]></Id><TagType><![CDATA[tag]]></TagType>` +
        '<StrategyId>1</StrategyId></xml>',
    )
    expect(isKnownCallbackMessage(message)).toBe(true)
    if (
      isKnownCallbackMessage(message) &&
      message.MsgType === 'event' &&
      message.Event === 'change_external_tag'
    ) {
      expect([message.ChangeType, message.Id, message.TagType]).toEqual([change, 'etm7wjCgAA', 'tag'])
    }
  })
})

describe('kf_msg_or_event', () => {
  it('carries the Token and the account', () => {
    const message = parseCallbackXml(
      `<xml>${head('kf_msg_or_event')}<Token><![CDATA[ENCApHxnGDNAVNY4AaSJKj4Tb5mwsEMzxhFmHVGcra996NR]]></Token>` +
        '<OpenKfId><![CDATA[wkxxxxxxx]]></OpenKfId></xml>',
    )
    expect(isKnownCallbackMessage(message)).toBe(true)
    if (
      isKnownCallbackMessage(message) &&
      message.MsgType === 'event' &&
      message.Event === 'kf_msg_or_event'
    ) {
      expect([message.Token, message.OpenKfId]).toEqual([
        'ENCApHxnGDNAVNY4AaSJKj4Tb5mwsEMzxhFmHVGcra996NR',
        'wkxxxxxxx',
      ])
    }
  })
})
