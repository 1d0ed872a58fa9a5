// Checks the JS-SDK page in a real browser (Debian's Chromium, headless, driven by
// playwright-core). It proves three things:
//   (a) the page, running in the browser, received a config from its server;
//   (b) the URL that was signed is exactly the browser's location.href without the `#` part,
//       query string kept;
//   (c) the signature verifies: the simulator says so (the page asked it), and this script
//       recomputes it on its own with node:crypto from the ticket the server's client holds.
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { chromium } from 'playwright-core'
import { startDemo } from './server.js'

const TIMEOUT_MS = 20_000
const watchdog = setTimeout(() => {
  console.error(`jssdk-page: not done after ${TIMEOUT_MS / 1000} s`)
  process.exit(1) // playwright kills the browser it launched when this process exits
}, TIMEOUT_MS)

function check(condition, what) {
  if (!condition) throw new Error(`check failed: ${what}`)
  console.log(`  ✓ ${what}`)
}

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
if (!existsSync(executablePath)) {
  console.error(
    `jssdk-page: no Chromium at ${executablePath}. Install Debian's chromium package ` +
      '(apt-get install -y chromium), or set CHROMIUM_PATH to a Chromium or Chrome binary.',
  )
  process.exit(1)
}

const started = performance.now()
const demo = await startDemo()
let browser
try {
  browser = await chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  const page = await browser.newPage()
  page.on('pageerror', (error) => console.error(`  page error: ${error.message}`))
  page.on('console', (message) => console.log(`  page console: ${message.text()}`))

  // A query string that must be signed as it is, and a fragment that must not be signed.
  const address = `${demo.url}/?from=ci&x=1#section`
  console.log(`Chromium ${browser.version()} opens ${address}`)
  await page.goto(address)
  const result = page.locator('#result:not([data-status="pending"])')
  await result.waitFor({ timeout: 10_000 })
  const status = await result.getAttribute('data-status')
  const shown = await result.textContent()
  console.log(`\nThe page shows (data-status="${status}"):\n${shown}\n`)

  // (a) The page got a config, the one the server handed out, and put it in the DOM.
  check(status === 'ok', 'the page received its config and the simulator verified it')
  const { url, config } = JSON.parse(shown)
  check(demo.signed.length === 1, 'the page asked for exactly one config')
  check(
    JSON.stringify(config) === JSON.stringify(demo.signed[0].config),
    'the config in the page is the one the server signed',
  )

  // (b) What the browser says its URL is, minus the fragment, is what was signed.
  const browserUrl = await page.evaluate(() => location.href)
  check(browserUrl.endsWith('#section'), `the browser is at ${browserUrl}`)
  check(demo.signed[0].url === browserUrl.split('#')[0], 'the signed URL is location.href without the #')
  check(url === `${demo.url}/?from=ci&x=1`, 'the query string was kept')

  // (c) Recompute the signature here, independently of both the SDK and the simulator.
  const ticket = await demo.client.jssdk.getTicket() // cached: no second get_jsapi_ticket
  const expected = createHash('sha1')
    .update(`jsapi_ticket=${ticket}&noncestr=${config.nonceStr}&timestamp=${config.timestamp}&url=${url}`)
    .digest('hex')
  check(config.signature === expected, 'node:crypto SHA-1 over jsapi_ticket, noncestr, timestamp, url agrees')
  check(
    !demo.sim.verifyJsapiSignature({ ...config, url: `${demo.url}/` }),
    'the same signature does not verify for the page without its query string',
  )
  check(demo.sim.countCalls('get_jsapi_ticket') === 1, 'one get_jsapi_ticket in all')
  console.log(`\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s.`)
} catch (error) {
  console.error(error)
  process.exitCode = 1
} finally {
  await browser?.close()
  await demo.close()
  clearTimeout(watchdog)
}
