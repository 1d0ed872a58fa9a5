// Runs in the browser. It never sees the jsapi_ticket: the server signs, and (in this demo
// only) the simulator, which knows the ticket, checks the signature.
const result = document.getElementById('result')

function show(status, value) {
  result.dataset.status = status
  result.textContent = typeof value === 'string' ? value : JSON.stringify(value, null, 2)
}

async function call(path, init) {
  const response = await fetch(path, init)
  const body = await response.json()
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}: ${body.error}`)
  return body
}

try {
  // The signature covers the page URL exactly, query included, without the fragment: the
  // fragment never reaches a server, and the JS-SDK ignores it too.
  const url = location.href.split('#')[0]
  const config = await call(`/api/jssdk-config?url=${encodeURIComponent(url)}`)
  // In WeCom: wx.config({ beta: true, ...config }); wx.ready(…); wx.error(…)
  const { verified } = await call('/api/verify', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ url, config }),
  })
  show(verified ? 'ok' : 'failed', { url, verified, config })
} catch (error) {
  show('error', String(error))
}
