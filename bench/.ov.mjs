import { startServer } from '/work/main/bench/harness.mjs'
import { measureOverhead } from '/work/main/bench/overhead.mjs'
const s = await startServer()
try { const r = await measureOverhead(s); for (const x of r) console.log(x.label, 'raw', x.rawUs.toFixed(0), 'ky', x.kyUs.toFixed(0), 'sdk', x.sdkUs.toFixed(0), 'sdk/ky', (x.sdkUs/x.kyUs).toFixed(3), 'sdk/raw', (x.sdkUs/x.rawUs).toFixed(3)) } finally { s.stop() }
