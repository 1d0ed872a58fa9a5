import { type CallbackMessage, isKnownCallbackMessage, parseCallbackXml } from '@wecom-kit/callback'
import { isWeComCallbackError, type WeComCallbackErrorReason } from '@wecom-kit/core'
import { describe, expect, it } from 'vitest'

const head = (msgType: string, from = 'zhangsan') =>
  `<ToUserName><![CDATA[wwcorp]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName>` +
  `<CreateTime>1348831860</CreateTime><MsgType><![CDATA[${msgType}]]></MsgType>`
const message = (msgType: string, body: string) =>
  `<xml>${head(msgType)}${body}<MsgId>1234567890123456789</MsgId><AgentID>1</AgentID></xml>`
const event = (name: string, body = '', from?: string) =>
  `<xml>${head('event', from)}<Event><![CDATA[${name}]]></Event>${body}<AgentID>1</AgentID></xml>`

/** For fields the test knows are there, without narrowing first. */
const raw = (xml: string) => parseCallbackXml(xml) as Record<string, unknown>

const common = { ToUserName: 'wwcorp', FromUserName: 'zhangsan', CreateTime: 1348831860 }

function refused(xml: string): WeComCallbackErrorReason {
  try {
    parseCallbackXml(xml)
  } catch (error) {
    expect(isWeComCallbackError(error), String(error)).toBe(true)
    return (error as { reason: WeComCallbackErrorReason }).reason
  }
  return expect.unreachable('parsed')
}

describe('messages a member sends', () => {
  it.each<[string, string, Record<string, unknown>]>([
    ['text', '<Content><![CDATA[你好 <b>&amp;]]></Content>', { Content: '你好 <b>&amp;' }],
    [
      'image',
      '<PicUrl><![CDATA[https://p.example/1.jpg]]></PicUrl><MediaId><![CDATA[m1]]></MediaId>',
      { PicUrl: 'https://p.example/1.jpg', MediaId: 'm1' },
    ],
    [
      'voice',
      '<MediaId><![CDATA[m2]]></MediaId><Format><![CDATA[amr]]></Format>',
      { MediaId: 'm2', Format: 'amr' },
    ],
    [
      'video',
      '<MediaId><![CDATA[m3]]></MediaId><ThumbMediaId><![CDATA[t3]]></ThumbMediaId>',
      { MediaId: 'm3', ThumbMediaId: 't3' },
    ],
    [
      'location',
      '<Location_X>23.134521</Location_X><Location_Y>113.358803</Location_Y><Scale>20</Scale>' +
        '<Label><![CDATA[位置信息]]></Label><AppType><![CDATA[wxwork]]></AppType>',
      { Location_X: 23.134521, Location_Y: 113.358803, Scale: 20, Label: '位置信息', AppType: 'wxwork' },
    ],
    [
      'link',
      '<Title><![CDATA[标题]]></Title><Description><![CDATA[描述]]></Description>' +
        '<Url><![CDATA[https://x.example]]></Url><PicUrl><![CDATA[https://x.example/p.png]]></PicUrl>',
      { Title: '标题', Description: '描述', Url: 'https://x.example', PicUrl: 'https://x.example/p.png' },
    ],
  ])('%s', (msgType, body, fields) => {
    const parsed = parseCallbackXml(message(msgType, body))
    expect(parsed).toEqual({
      ...common,
      MsgType: msgType,
      ...fields,
      MsgId: '1234567890123456789',
      AgentID: '1',
    })
    expect(isKnownCallbackMessage(parsed)).toBe(true)
  })

  it('keeps a MsgId above 2^53 exact, and text exactly as sent (whitespace, entities, CDATA)', () => {
    const parsed = raw(
      `<?xml version="1.0" encoding="utf-8"?>\n<xml>\n  ${head('text')}\n  <Content>  a &lt;b&gt; &#x4E2D;&#25991; <![CDATA[<!DOCTYPE x> ]]]]><![CDATA[> &amp;]]></Content>\n` +
        '  <MsgId>18446744073709551615</MsgId>\n  <AgentID>1000002</AgentID>\n</xml>\n',
    )
    expect(parsed.MsgId).toBe('18446744073709551615')
    expect(parsed.Content).toBe('  a <b> 中文 <!DOCTYPE x> ]]> &amp;')
    expect(parsed.AgentID).toBe('1000002')
  })
})

describe('events', () => {
  const parse = raw

  it('subscribe, unsubscribe, enter_agent, click, view', () => {
    expect(parse(event('subscribe'))).toEqual({
      ...common,
      MsgType: 'event',
      Event: 'subscribe',
      AgentID: '1',
    })
    expect(parse(event('unsubscribe')).Event).toBe('unsubscribe')
    expect(parse(event('enter_agent', '<EventKey><![CDATA[]]></EventKey>')).EventKey).toBe('')
    expect(parse(event('click', '<EventKey><![CDATA[#sendmsg#_0_0]]></EventKey>'))).toMatchObject({
      Event: 'click',
      EventKey: '#sendmsg#_0_0',
    })
    expect(parse(event('view', '<EventKey><![CDATA[https://x.example]]></EventKey>')).EventKey).toBe(
      'https://x.example',
    )
  })

  it('LOCATION with numbers', () => {
    expect(
      parse(
        event(
          'LOCATION',
          '<Latitude>23.104105</Latitude><Longitude>113.320107</Longitude><Precision>65.000000</Precision>',
        ),
      ),
    ).toMatchObject({ Latitude: 23.104105, Longitude: 113.320107, Precision: 65 })
  })

  it('scancode_push and scancode_waitmsg', () => {
    for (const name of ['scancode_push', 'scancode_waitmsg']) {
      const parsed = parse(
        event(
          name,
          '<EventKey><![CDATA[6]]></EventKey><ScanCodeInfo><ScanType><![CDATA[qrcode]]></ScanType>' +
            '<ScanResult><![CDATA[1]]></ScanResult></ScanCodeInfo>',
        ),
      )
      expect(parsed).toMatchObject({
        Event: name,
        EventKey: '6',
        ScanCodeInfo: { ScanType: 'qrcode', ScanResult: '1' },
      })
    }
  })

  it('pic_sysphoto, pic_photo_or_album, pic_weixin: PicList as an array, however WeCom repeats it', () => {
    const one =
      '<PicList><item><PicMd5Sum><![CDATA[1b5f7c23b5bf75682a53e7b6d163e185]]></PicMd5Sum></item></PicList>'
    const twoItems =
      '<PicList><item><PicMd5Sum><![CDATA[a]]></PicMd5Sum></item><item><PicMd5Sum><![CDATA[b]]></PicMd5Sum></item></PicList>'
    const twoLists =
      '<PicList><item><PicMd5Sum><![CDATA[a]]></PicMd5Sum></item></PicList><PicList><item><PicMd5Sum><![CDATA[b]]></PicMd5Sum></item></PicList>'
    const info = (lists: string, count: number) =>
      `<EventKey><![CDATA[6]]></EventKey><SendPicsInfo><Count>${count}</Count>${lists}</SendPicsInfo>`
    expect(parse(event('pic_sysphoto', info(one, 1))).SendPicsInfo).toEqual({
      Count: 1,
      PicList: [{ PicMd5Sum: '1b5f7c23b5bf75682a53e7b6d163e185' }],
    })
    for (const name of ['pic_photo_or_album', 'pic_weixin']) {
      expect(parse(event(name, info(twoItems, 2))).SendPicsInfo).toEqual({
        Count: 2,
        PicList: [{ PicMd5Sum: 'a' }, { PicMd5Sum: 'b' }],
      })
      expect(parse(event(name, info(twoLists, 2))).SendPicsInfo).toEqual({
        Count: 2,
        PicList: [{ PicMd5Sum: 'a' }, { PicMd5Sum: 'b' }],
      })
    }
    expect(parse(event('pic_weixin', info('<PicList></PicList>', 0))).SendPicsInfo).toEqual({
      Count: 0,
      PicList: [],
    })
  })

  it('location_select', () => {
    const parsed = parse(
      event(
        'location_select',
        '<EventKey><![CDATA[6]]></EventKey><SendLocationInfo><Location_X><![CDATA[23]]></Location_X>' +
          '<Location_Y><![CDATA[113]]></Location_Y><Scale><![CDATA[15]]></Scale><Label><![CDATA[ 广州市海珠区]]></Label>' +
          '<Poiname><![CDATA[]]></Poiname></SendLocationInfo><AppType><![CDATA[wxwork]]></AppType>',
      ),
    )
    expect(parsed.SendLocationInfo).toEqual({
      Location_X: 23,
      Location_Y: 113,
      Scale: 15,
      Label: ' 广州市海珠区',
      Poiname: '',
    })
    expect(parsed.AppType).toBe('wxwork')
  })

  it('batch_job_result', () => {
    const parsed = parseCallbackXml(
      `<xml>${head('event', 'sys')}<Event><![CDATA[batch_job_result]]></Event><BatchJob>` +
        '<JobId><![CDATA[S0MrnndvRG5fadSlLwiBqiDDbM143UqTmKP3152FZk4]]></JobId><JobType><![CDATA[sync_user]]></JobType>' +
        '<ErrCode>0</ErrCode><ErrMsg><![CDATA[ok]]></ErrMsg></BatchJob></xml>',
    )
    expect(isKnownCallbackMessage(parsed)).toBe(true)
    if (isKnownCallbackMessage(parsed) && parsed.MsgType === 'event' && parsed.Event === 'batch_job_result') {
      expect(parsed.BatchJob).toEqual({
        JobId: 'S0MrnndvRG5fadSlLwiBqiDDbM143UqTmKP3152FZk4',
        JobType: 'sync_user',
        ErrCode: 0,
        ErrMsg: 'ok',
      })
    } else expect.unreachable('not narrowed')
  })

  describe('change_contact, each ChangeType', () => {
    const change = (changeType: string, body: string) =>
      `<xml>${head('event', 'sys')}<Event><![CDATA[change_contact]]></Event>` +
      `<ChangeType>${changeType}</ChangeType>${body}</xml>`

    it('create_user and update_user, ExtAttr as an array', () => {
      const member =
        '<UserID><![CDATA[zhangsan]]></UserID><Name><![CDATA[张三]]></Name><Department><![CDATA[1,2,3]]></Department>' +
        '<MainDepartment>1</MainDepartment><IsLeaderInDept><![CDATA[1,0,0]]></IsLeaderInDept>' +
        '<DirectLeader><![CDATA[lisi,wangwu]]></DirectLeader><Position><![CDATA[产品经理]]></Position>' +
        '<Mobile>13800000000</Mobile><Gender>1</Gender><Email><![CDATA[zhangsan@gzdev.com]]></Email>' +
        '<Status>1</Status><Alias><![CDATA[zhangsan]]></Alias>' +
        '<ExtAttr><Item><Name><![CDATA[爱好]]></Name><Type>0</Type><Text><Value><![CDATA[旅游]]></Value></Text></Item>' +
        '<Item><Name><![CDATA[卡号]]></Name><Type>1</Type><Web><Title><![CDATA[企业微信]]></Title>' +
        '<Url><![CDATA[https://work.weixin.qq.com]]></Url></Web></Item></ExtAttr>'
      const created = parseCallbackXml(change('create_user', member))
      expect(created).toMatchObject({
        MsgType: 'event',
        Event: 'change_contact',
        ChangeType: 'create_user',
        UserID: 'zhangsan',
        Department: '1,2,3',
        MainDepartment: '1',
        Mobile: '13800000000',
        ExtAttr: [
          { Name: '爱好', Type: '0', Text: { Value: '旅游' } },
          { Name: '卡号', Type: '1', Web: { Title: '企业微信', Url: 'https://work.weixin.qq.com' } },
        ],
      })
      const updated = parseCallbackXml(
        change('update_user', `${member}<NewUserID><![CDATA[zhangsan001]]></NewUserID>`),
      )
      expect(updated).toMatchObject({ ChangeType: 'update_user', NewUserID: 'zhangsan001' })
      const oneAttr = raw(
        change(
          'update_user',
          '<UserID>u</UserID><ExtAttr><Item><Name>n</Name><Type>0</Type></Item></ExtAttr>',
        ),
      )
      expect(oneAttr.ExtAttr).toEqual([{ Name: 'n', Type: '0' }])
    })

    it.each<[string, string, Record<string, unknown>]>([
      ['delete_user', '<UserID><![CDATA[zhangsan]]></UserID>', { UserID: 'zhangsan' }],
      [
        'create_party',
        '<Id>2</Id><Name><![CDATA[张三]]></Name><ParentId><![CDATA[1]]></ParentId><Order>1</Order>',
        { Id: '2', Name: '张三', ParentId: '1', Order: '1' },
      ],
      [
        'update_party',
        '<Id>2</Id><Name><![CDATA[张三]]></Name><ParentId><![CDATA[1]]></ParentId>',
        { Id: '2', ParentId: '1' },
      ],
      ['delete_party', '<Id>2</Id>', { Id: '2' }],
      [
        'update_tag',
        '<TagId>1</TagId><AddUserItems><![CDATA[zhangsan,lisi]]></AddUserItems><DelUserItems><![CDATA[zhangsan1]]></DelUserItems>' +
          '<AddPartyItems><![CDATA[1,2]]></AddPartyItems><DelPartyItems><![CDATA[3,4]]></DelPartyItems>',
        {
          TagId: '1',
          AddUserItems: 'zhangsan,lisi',
          DelUserItems: 'zhangsan1',
          AddPartyItems: '1,2',
          DelPartyItems: '3,4',
        },
      ],
    ])('%s', (changeType, body, fields) => {
      const parsed = parseCallbackXml(change(changeType, body))
      expect(parsed).toMatchObject({ ...common, FromUserName: 'sys', ChangeType: changeType, ...fields })
      expect(isKnownCallbackMessage(parsed)).toBe(true)
    })

    it('an unknown ChangeType still comes through', () => {
      const parsed = parseCallbackXml(change('merge_users', '<From>a</From><To>b</To>'))
      expect(isKnownCallbackMessage(parsed)).toBe(false)
      expect(parsed).toMatchObject({ ChangeType: 'merge_users', From: 'a', To: 'b', CreateTime: 1348831860 })
    })
  })

  it('template_card_event with its selections, and template_card_menu_event', () => {
    const parsed = parse(
      event(
        'template_card_event',
        '<EventKey><![CDATA[key111]]></EventKey><TaskId><![CDATA[taskid111]]></TaskId>' +
          '<CardType><![CDATA[vote_interaction]]></CardType><ResponseCode><![CDATA[rc]]></ResponseCode>' +
          '<SelectedItems><SelectedItem><QuestionKey><![CDATA[q1]]></QuestionKey><OptionIds>' +
          '<OptionId><![CDATA[o1]]></OptionId><OptionId><![CDATA[o2]]></OptionId></OptionIds></SelectedItem>' +
          '<SelectedItem><QuestionKey><![CDATA[q2]]></QuestionKey><OptionIds><OptionId><![CDATA[o3]]></OptionId>' +
          '</OptionIds></SelectedItem></SelectedItems>',
      ),
    )
    expect(parsed).toMatchObject({
      EventKey: 'key111',
      TaskId: 'taskid111',
      CardType: 'vote_interaction',
      ResponseCode: 'rc',
      SelectedItems: [
        { QuestionKey: 'q1', OptionIds: ['o1', 'o2'] },
        { QuestionKey: 'q2', OptionIds: ['o3'] },
      ],
    })
    const button = parse(
      event(
        'template_card_event',
        '<EventKey>k</EventKey><TaskId>t</TaskId><CardType>button_interaction</CardType><ResponseCode>r</ResponseCode>',
      ),
    )
    expect(button.SelectedItems).toBeUndefined()
    expect(parse(event('template_card_menu_event', '<EventKey>k</EventKey><TaskId>t</TaskId>')).Event).toBe(
      'template_card_menu_event',
    )
  })

  it('unknown types come through with their raw fields', () => {
    const parsed: CallbackMessage = parseCallbackXml(
      event(
        'living_status_change',
        '<LivingId><![CDATA[lid]]></LivingId><Status>1</Status><Nested><A>1</A><A>2</A></Nested>',
      ),
    )
    expect(isKnownCallbackMessage(parsed)).toBe(false)
    expect(parsed).toEqual({
      ...common,
      MsgType: 'event',
      Event: 'living_status_change',
      LivingId: 'lid',
      Status: '1',
      Nested: { A: ['1', '2'] },
      AgentID: '1',
    })
    const unknownType = parseCallbackXml(message('miniprogram', '<AppId>wx1</AppId>'))
    expect(isKnownCallbackMessage(unknownType)).toBe(false)
    expect(unknownType).toMatchObject({ MsgType: 'miniprogram', AppId: 'wx1', MsgId: '1234567890123456789' })
  })
})

describe('strict XML', () => {
  it('refuses a DOCTYPE, an ENTITY declaration, and never expands entities', () => {
    const xxe =
      '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' +
      `<xml>${head('text')}<Content>&xxe;</Content></xml>`
    expect(refused(xxe)).toBe('doctype')
    expect(refused(`<!doctype xml><xml>${head('text')}</xml>`)).toBe('doctype')
    expect(refused(`<xml>${head('text')}<!ENTITY a "b"><Content>x</Content></xml>`)).toBe('doctype')
    const billionLaughs =
      '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>' +
      `<xml>${head('text')}<Content>&lol2;</Content></xml>`
    expect(refused(billionLaughs)).toBe('doctype')
    expect(refused(`<xml>${head('text')}<Content>&xxe;</Content></xml>`)).toBe('xml')
    expect(refused(`<xml>${head('text')}<Content>&#0;</Content></xml>`)).toBe('xml')
  })

  it.each([
    ['no root', ''],
    ['text only', 'hello'],
    ['JSON', '{"MsgType":"text"}'],
    ['another root', '<root><A>1</A></root>'],
    ['an unclosed element', `<xml>${head('text')}<Content>x</xml>`],
    ['a mismatched end tag', `<xml>${head('text')}<Content>x</Contents></xml>`],
    ['an unterminated CDATA', `<xml>${head('text')}<Content><![CDATA[x</Content></xml>`],
    ['two roots', `<xml>${head('text')}</xml><xml></xml>`],
    ['text after the root', `<xml>${head('text')}</xml>trailing`],
    ['mixed content', `<xml>${head('text')}loose text</xml>`],
    ['a processing instruction', `<xml>${head('text')}<?php echo 1 ?></xml>`],
    ['a bare ampersand', `<xml>${head('text')}<Content>a & b</Content></xml>`],
    ['a malformed tag', `<xml>${head('text')}<Content x></Content></xml>`],
    ['a root with text only', '<xml>text</xml>'],
  ])('refuses %s', (_, xml) => {
    expect(refused(xml)).toBe('xml')
  })

  it('refuses nesting deeper than WeCom sends, without overflowing the stack', () => {
    expect(refused(`<xml>${'<a>'.repeat(100_000)}</xml>`)).toBe('xml')
  })

  it('keeps __proto__ as plain data', () => {
    const parsed = parseCallbackXml(
      `<xml>${head('text')}<__proto__><polluted>yes</polluted></__proto__><Content>x</Content></xml>`,
    ) as Record<string, unknown>
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype)
    expect(Object.hasOwn(parsed, '__proto__')).toBe(true)
  })

  it('reads attributes and comments, and a byte-order mark, without keeping them', () => {
    const parsed = parseCallbackXml(
      `\uFEFF<!-- c --><xml a="1" b='2'>${head('text')}<!-- c --><Content lang="zh">x</Content><Empty/></xml>`,
    )
    expect(parsed).toMatchObject({ Content: 'x', Empty: '' })
  })

  it('parses a megabyte in linear time', () => {
    const big = `<xml>${head('text')}<Content><![CDATA[${'字'.repeat(300_000)}]]></Content>${'<X>1</X>'.repeat(50_000)}</xml>`
    const started = performance.now()
    const parsed = raw(big)
    expect(performance.now() - started).toBeLessThan(2000)
    expect((parsed.X as string[]).length).toBe(50_000)
    // Adversarial: many unterminated-looking openings.
    const nasty = `<xml>${'<![CDATA['.repeat(1)}${'<'.repeat(200_000)}`
    const t = performance.now()
    expect(refused(nasty)).toBe('xml')
    expect(performance.now() - t).toBeLessThan(2000)
  })
})
