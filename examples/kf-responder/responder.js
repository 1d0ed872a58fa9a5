// The customer-service responder: a callback server for kf_msg_or_event that reads what is new
// with kf.syncMessages and answers each customer. Its place in the messages lives in a file (a
// cursor store of ten lines; use redisCursorStore from @wecom-kit/redis for a fleet), so a
// restarted process goes on exactly where the last one stopped.
//
// With real credentials: WECOM_CORP_ID, WECOM_KF_SECRET, the callback's token and AES key, and
// point the customer-service app's callback URL at this server.
import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { createCallbackHandler, isKnownCallbackMessage } from '@wecom-kit/callback'
import { createClient } from '@wecom-kit/core'
import { isKfSendRefusedError, kf } from '@wecom-kit/kf'

const env = process.env
const client = createClient({
  corpId: env.WECOM_CORP_ID,
  corpSecret: env.WECOM_KF_SECRET,
  ...(env.WECOM_BASE_URL ? { baseUrl: env.WECOM_BASE_URL } : {}),
}).with(kf)

/** A cursor store in a JSON file, written whole and renamed into place (never half written). */
function fileCursorStore(path) {
  const read = () => {
    try {
      return JSON.parse(readFileSync(path, 'utf8'))
    } catch {
      return {}
    }
  }
  return {
    async get(key) {
      return read()[key]
    },
    async set(key, cursor) {
      const all = { ...read(), [key]: cursor }
      writeFileSync(`${path}.tmp`, JSON.stringify(all))
      renameSync(`${path}.tmp`, path)
    },
  }
}
const cursorStore = fileCursorStore(env.CURSOR_FILE ?? 'kf-cursors.json')
const tell = (event) => process.send?.(event) ?? console.log(event)
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** Reads everything new on an account and answers each customer's text. */
async function catchUp(openKfId, token) {
  for await (const message of client.kf.syncMessages({ open_kfid: openKfId, token, cursorStore })) {
    if (message.origin !== 3 || message.msgtype !== 'text') continue
    tell({ event: 'handling', msgid: message.msgid, content: message.text.content })
    await sleep(Number(env.THINK_MS ?? 0)) // the app's own work (a lookup, a model …)
    try {
      await client.kf.send({
        touser: message.external_userid,
        open_kfid: message.open_kfid,
        msgtype: 'text',
        text: { content: `收到：${message.text.content}` },
      })
    } catch (error) {
      // The 48-hour / 5-message rule: nothing to retry, say so and go on.
      if (isKfSendRefusedError(error)) tell({ event: 'refused', refusal: error.refusal, hint: error.hint })
      else throw error
    }
  }
}

const handler = createCallbackHandler({
  token: env.WECOM_CALLBACK_TOKEN,
  encodingAesKey: env.WECOM_CALLBACK_AES_KEY,
  corpId: env.WECOM_CORP_ID,
  onMessage(message) {
    if (
      !isKnownCallbackMessage(message) ||
      message.MsgType !== 'event' ||
      message.Event !== 'kf_msg_or_event'
    )
      return
    // Answer WeCom at once (it re-posts after 5 s); the reading runs on. Syncs of one account take turns.
    catchUp(message.OpenKfId, message.Token).catch((error) =>
      tell({ event: 'error', message: String(error) }),
    )
  },
})

const server = createServer(handler.node)
server.listen(Number(env.PORT ?? 0), '127.0.0.1', async () => {
  tell({ event: 'listening', url: `http://127.0.0.1:${server.address().port}/kf/callback` })
  // Started (or restarted): whatever came while nothing ran is read now, from where the last process stopped.
  for (const openKfId of (env.KF_ACCOUNTS ?? '').split(',').filter(Boolean)) {
    await catchUp(openKfId).catch((error) => tell({ event: 'error', message: String(error) }))
  }
  tell({ event: 'caught-up' })
})
