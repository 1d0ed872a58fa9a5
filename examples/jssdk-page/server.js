// The server side of a JS-SDK page: serves index.html and page.js, and answers
// `GET /api/jssdk-config?url=<page url>` with `client.jssdk.getConfig(...)`, which is what the
// page passes to `wx.config`. Here the client talks to the local WeCom simulator.
//
// `node server.js` keeps serving, to try the page by hand (PORT=8080 by default).
// index.js imports `startDemo` and checks the page in headless Chromium.
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { pathToFileURL } from 'node:url'
import { createClient, isWeComValidationError } from '@wecom-kit/core'
import { jssdk } from '@wecom-kit/jssdk'
import { createWeComSimulator } from '@wecom-kit/testing'

const JS_API_LIST = ['scanQRCode', 'previewFile', 'getLocation']

const STATIC = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/page.js': { file: 'page.js', type: 'text/javascript; charset=utf-8' },
}

/** Starts the simulator, a client on it and the page's HTTP server; `port` 0 picks a free one. */
export async function startDemo({ port = 0, host = '127.0.0.1' } = {}) {
  const sim = createWeComSimulator({ corpId: 'wwdemo', corpSecret: 'demo-secret', corpName: '示例科技' })
  const wecom = await sim.listen()
  const client = createClient({
    corpId: sim.corpId,
    corpSecret: sim.corpSecret,
    agentId: 1000002,
    baseUrl: wecom.url,
  }).with(jssdk)
  /** Every config handed out, with the URL it was signed for: what the check compares against. */
  const signed = []

  async function getConfig(req, res, query) {
    const url = query.get('url') ?? ''
    // Sign only this site's own pages: a signature endpoint that signs any URL it is given lets
    // another site use your app's JS-SDK permissions (WeCom also checks the trusted domain).
    let host
    try {
      host = new URL(url).host
    } catch {
      return json(res, 400, { error: 'url must be the absolute URL of the page' })
    }
    if (host !== req.headers.host) return json(res, 400, { error: `not a page of this site: ${host}` })
    try {
      const config = await client.jssdk.getConfig({ url, jsApiList: JS_API_LIST })
      signed.push({ url, config })
      return json(res, 200, config)
    } catch (error) {
      // WeComError messages never hold the token or the ticket.
      if (isWeComValidationError(error)) return json(res, 400, { error: error.message })
      console.error(error)
      return json(res, 502, { error: error.message })
    }
  }

  // Demo only. In a real page nobody asks the server whether the signature is right: the WeCom
  // client checks it when the page calls wx.config, and calls `fail` if not. Outside WeCom the
  // simulator stands in for that check: it knows the ticket, the page does not and must not.
  async function verify(req, res) {
    let body = ''
    for await (const chunk of req) {
      body += chunk
      if (body.length > 16_384) return json(res, 413, { error: 'body too large' })
    }
    let check
    try {
      const { url, config } = JSON.parse(body)
      check = { url, nonceStr: config.nonceStr, timestamp: config.timestamp, signature: config.signature }
    } catch {
      return json(res, 400, { error: 'expected JSON { url, config }' })
    }
    return json(res, 200, { verified: sim.verifyJsapiSignature(check) })
  }

  const server = createServer(async (req, res) => {
    const { pathname, searchParams } = new URL(req.url ?? '/', 'http://localhost')
    try {
      if (req.method === 'GET' && pathname === '/api/jssdk-config')
        return await getConfig(req, res, searchParams)
      if (req.method === 'POST' && pathname === '/api/verify') return await verify(req, res)
      const asset = req.method === 'GET' && STATIC[pathname]
      if (!asset) return json(res, 404, { error: 'not found' })
      const content = await readFile(new URL(asset.file, import.meta.url))
      res.writeHead(200, { 'content-type': asset.type, 'cache-control': 'no-store' })
      res.end(content)
    } catch (error) {
      console.error(error)
      if (!res.headersSent) json(res, 500, { error: 'internal error' })
      else res.destroy()
    }
  })
  server.listen(port, host)
  await new Promise((resolve, reject) => {
    server.once('listening', resolve)
    server.once('error', reject)
  })

  return {
    url: `http://${host}:${server.address().port}`,
    sim,
    client,
    signed,
    async close() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
      await wecom.close()
    },
  }
}

function json(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
  res.end(JSON.stringify(body))
}

// `node server.js`: serve until Ctrl-C (or SIGTERM).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const demo = await startDemo({ port: Number(process.env.PORT ?? 8080), host: process.env.HOST })
  console.log(`JS-SDK demo page: ${demo.url}/?from=hand#top  (Ctrl-C to stop)`)
  const stop = async () => {
    await demo.close()
    process.exit(0)
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}
