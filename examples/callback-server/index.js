// A WeCom callback server on node:http, and in the same process a client that plays WeCom: it
// checks the callback URL, posts an encrypted message (then re-posts it, as WeCom does when an
// answer is slow), sends an event, tries a forged signature, and opens the encrypted replies.
// With real credentials, only the server half is needed: point the app's "API 接收消息" URL at it.
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { createServer } from 'node:http'
import {
  createCallbackCrypto,
  createCallbackHandler,
  isKnownCallbackMessage,
  newsReply,
  parseCallbackXml,
  textReply,
} from '@wecom-kit/callback'

const config = {
  token: process.env.WECOM_CALLBACK_TOKEN ?? 'demoToken2024',
  // 43 characters of base64, as the admin console generates it.
  encodingAesKey: process.env.WECOM_CALLBACK_AES_KEY ?? randomBytes(32).toString('base64').slice(0, 43),
  corpId: process.env.WECOM_CORP_ID ?? 'wwdemo0123456789',
}

// ---- The app's side -------------------------------------------------------------------------

let handled = 0
const handler = createCallbackHandler({
  ...config,
  timestampWindow: 300,
  onMessage(message) {
    handled++
    console.log(`  server: onMessage got ${describe(message)}`)
    if (!isKnownCallbackMessage(message)) return
    if (message.MsgType === 'text') return textReply(message, `收到：${message.Content}`)
    if (message.MsgType === 'event' && message.Event === 'enter_agent') {
      return newsReply(message, [
        { Title: '欢迎回来', Description: '今天的待办', Url: 'https://work.weixin.qq.com/' },
      ])
    }
  },
  onError(error, { stage }) {
    console.log(`  server: refused (${stage}): ${error.message}`)
  },
})

const server = createServer(handler.node)
server.listen(0, '127.0.0.1')
await once(server, 'listening')
const url = `http://127.0.0.1:${server.address().port}/wecom/callback`
console.log(`Callback server listening on ${url}\n`)

// ---- WeCom's side ---------------------------------------------------------------------------

const wecom = createCallbackCrypto({ ...config, receiveId: config.corpId })
const timestamp = () => String(Math.floor(Date.now() / 1000))
const nonce = () => String(randomBytes(4).readUInt32BE())

function signedQuery(encrypt, extra = {}) {
  const ts = timestamp()
  const n = nonce()
  return new URLSearchParams({
    msg_signature: wecom.signature(ts, n, encrypt),
    timestamp: ts,
    nonce: n,
    ...extra,
  })
}

function messageDelivery(xml) {
  const encrypt = wecom.encrypt(xml)
  const body = `<xml><ToUserName><![CDATA[${config.corpId}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>`
  return { query: signedQuery(encrypt), body }
}

async function post({ query, body }) {
  const response = await fetch(`${url}?${query}`, { method: 'POST', body })
  const text = await response.text()
  if (!text) return { status: response.status, reply: '(empty body)' }
  // WeCom checks the reply's signature, then decrypts it.
  const envelope = parseCallbackXml(text)
  if (!wecom.verifySignature(envelope.MsgSignature, envelope.TimeStamp, envelope.Nonce, envelope.Encrypt)) {
    throw new Error('the reply signature does not verify')
  }
  return { status: response.status, reply: describe(parseCallbackXml(wecom.decrypt(envelope.Encrypt))) }
}

function describe(message) {
  const id = message.MsgId ? ` (MsgId ${message.MsgId})` : ''
  if (message.MsgType === 'text') {
    return `text ${message.FromUserName} → ${message.ToUserName}: "${message.Content}"${id}`
  }
  if (message.MsgType === 'news') {
    const items = [message.Articles.item].flat().map((article) => article.Title)
    return `news → ${message.ToUserName}: ${items.join(', ')}`
  }
  if (message.MsgType === 'event') return `event ${message.Event} from ${message.FromUserName}`
  return `${message.MsgType} message`
}

function check(condition, what) {
  if (!condition) throw new Error(`check failed: ${what}`)
}

try {
  console.log('1. URL check (GET), as when the callback URL is saved in the admin console')
  const echo = String(randomBytes(8).readBigUInt64BE())
  const echostr = wecom.encrypt(echo)
  const verified = await fetch(`${url}?${signedQuery(echostr, { echostr })}`)
  const body = await verified.text()
  console.log(
    `  client: HTTP ${verified.status}, body ${JSON.stringify(body)} (expected ${JSON.stringify(echo)})`,
  )
  check(verified.status === 200 && body === echo, 'the URL check answers the bare echostr')

  console.log('\n2. A text message (POST)')
  const text = `<xml><ToUserName><![CDATA[${config.corpId}]]></ToUserName><FromUserName><![CDATA[zhangsan]]></FromUserName><CreateTime>${timestamp()}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[明天的会几点？]]></Content><MsgId>7372489104738126890</MsgId><AgentID>1000002</AgentID></xml>`
  const delivery = messageDelivery(text)
  const first = await post(delivery)
  console.log(`  client: HTTP ${first.status}, reply ${first.reply}`)
  check(first.status === 200 && first.reply.includes('收到：明天的会几点？'), 'the text is answered')

  console.log('\n3. The same message re-posted (WeCom retries when no answer came within 5 s)')
  const again = await post(delivery)
  console.log(`  client: HTTP ${again.status}, reply ${again.reply}; onMessage ran ${handled} time(s)`)
  check(again.status === 200 && handled === 1, 'a re-post does not run onMessage again')

  console.log('\n4. An event: the member opens the app')
  const enter = `<xml><ToUserName><![CDATA[${config.corpId}]]></ToUserName><FromUserName><![CDATA[zhangsan]]></FromUserName><CreateTime>${timestamp()}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[enter_agent]]></Event><EventKey><![CDATA[]]></EventKey><AgentID>1000002</AgentID></xml>`
  const entered = await post(messageDelivery(enter))
  console.log(`  client: HTTP ${entered.status}, reply ${entered.reply}`)
  check(entered.status === 200 && entered.reply.startsWith('news'), 'the event is answered with news')

  console.log('\n5. A request with a forged signature')
  const forged = messageDelivery(text)
  forged.query.set('msg_signature', 'f'.repeat(40))
  const refused = await fetch(`${url}?${forged.query}`, { method: 'POST', body: forged.body })
  console.log(`  client: HTTP ${refused.status}`)
  check(refused.status === 403 && handled === 2, 'a forged request is refused before onMessage')

  console.log('\nAll checks passed.')
} finally {
  server.closeAllConnections()
  server.close()
}
