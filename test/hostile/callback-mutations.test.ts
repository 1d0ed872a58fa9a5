// The callback receive path under attack: a valid encrypted callback (the official test vector,
// and a message made with the package's own encrypt) mutated at random — ciphertext bits and
// length, base64, signature, timestamp and nonce, the XML envelope — through decryptMessage,
// verifyUrl and the fetch handler. The answer is the original message when the mutation changes
// nothing that matters, else a WeComCallbackError whose `reason` names the check that failed;
// over HTTP a 4xx, never a 5xx; never another exception, never a hang.
import { Buffer } from 'node:buffer'
import { createCipheriv } from 'node:crypto'
import {
  type CallbackCrypto,
  type CallbackMessage,
  createCallbackCrypto,
  createCallbackHandler,
  textReply,
} from '@wecom-kit/callback'
import { isWeComCallbackError, isWeComError, type WeComCallbackErrorReason } from '@wecom-kit/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { envelope, VECTOR } from '../../packages/callback/test/support/wecom.js'
import { junk, POLLUTION_MARK } from './support/arbitraries.js'
import { errorName, settle, withTimeout } from './support/settle.js'

const RUNS = { crypto: 1_000, handler: 500, methods: 300 } as const

/** Every reason, with the status the HTTP handler must answer it with: all 4xx. */
const STATUS_OF: Record<WeComCallbackErrorReason, 400 | 403 | 408 | 413> = {
  missing_parameter: 400,
  signature: 403,
  timestamp: 403,
  base64: 400,
  ciphertext: 400,
  padding: 400,
  length: 400,
  receive_id: 403,
  encoding: 400,
  xml: 400,
  doctype: 400,
  body_too_large: 413,
  body_timeout: 408,
}
/** What decrypting bytes nobody encrypted can run into. */
const DECRYPT: WeComCallbackErrorReason[] = [
  'ciphertext',
  'padding',
  'length',
  'receive_id',
  'encoding',
  'xml',
  'doctype',
]

/** What a mutated callback must come to. */
type Expect =
  /** Nothing that matters changed: the original message. */
  | 'original'
  /** Re-signed bytes of unknown content (only a Token holder can do this): a typed refusal or a message. */
  | 'decrypted'
  /** Several mutations at once: the original message or any typed refusal. */
  | 'any'
  /** A typed refusal for one of these reasons. */
  | WeComCallbackErrorReason[]

interface Case {
  label: string
  body: string
  query: Record<string, unknown>
  expect: Expect
}

interface Valid {
  encrypt: string
  timestamp: string
  nonce: string
  corpId: string
  /** For plaintexts built by hand: the key, the receiveId and what `encrypt` holds. */
  encodingAesKey: string
  receiveId: string
  plaintext: string
  /** A message (XML, parsed) or a URL check's echo (plain text). */
  shape: 'message' | 'echo'
}

/** AES-256-CBC over raw bytes, no padding added: for plaintexts the SDK would never make. */
function rawEncrypt(encodingAesKey: string, plain: Buffer): string {
  const key = Buffer.from(`${encodingAesKey}=`, 'base64')
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16))
  cipher.setAutoPadding(false)
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64')
}

/** random | length | message | receiveId | padding, with one part made wrong by `wrong`. */
function plaintext(
  message: Buffer,
  receiveId: string,
  wrong: { length?: number; receiveId?: string; pad?: (n: number) => Buffer } = {},
): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(wrong.length ?? message.length)
  const body = Buffer.concat([
    Buffer.alloc(16, 7),
    length,
    message,
    Buffer.from(wrong.receiveId ?? receiveId),
  ])
  const n = 32 - (body.length % 32)
  return Buffer.concat([body, wrong.pad ? wrong.pad(n) : Buffer.alloc(n, n)])
}

type ByteOp = [string, (b: Buffer) => Buffer]
type TextOp = [string, (s: string) => string]

const ENCRYPT_RE = /<Encrypt><!\[CDATA\[([\s\S]*?)\]\]><\/Encrypt>/

/** Mutations of one valid callback, each with the outcome it must have. */
function mutations(cb: CallbackCrypto, base: Valid): fc.Arbitrary<Case> {
  const sign = (encrypt: string, timestamp = base.timestamp, nonce = base.nonce) =>
    cb.signature(timestamp, nonce, encrypt)
  const query = (encrypt: string, resign: boolean) => ({
    msg_signature: resign ? sign(encrypt) : sign(base.encrypt),
    timestamp: base.timestamp,
    nonce: base.nonce,
  })
  const body = (encrypt: string) => envelope(encrypt, base.corpId)
  const validBody = body(base.encrypt)

  /** A new Encrypt value, sent with the old signature or signed anew. */
  const withEncrypt = (label: string, encrypt: string, resign: boolean, broken: Expect): Case => ({
    label: `${label}${resign ? ', re-signed' : ''}`,
    body: body(encrypt),
    query: query(encrypt, resign),
    expect:
      encrypt === base.encrypt
        ? 'original'
        : encrypt === ''
          ? ['missing_parameter']
          : resign
            ? broken
            : ['signature'],
  })

  const bytes = () => Buffer.from(base.encrypt, 'base64')
  const byteOps: fc.Arbitrary<[string, (b: Buffer) => Buffer]> = fc.oneof(
    fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 })).map(
      ([at, bit]): ByteOp => [
        `flip bit ${bit} of byte ${at}`,
        (b: Buffer) => {
          b[at % b.length]! ^= 1 << bit
          return b
        },
      ],
    ),
    fc.nat().map((n): ByteOp => [`truncate to ${n}`, (b: Buffer) => b.subarray(0, n % b.length)]),
    fc
      .uint8Array({ minLength: 1, maxLength: 64 })
      .map((extra): ByteOp => [`extend by ${extra.length}`, (b: Buffer) => Buffer.concat([b, extra])]),
    fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 32 })).map(
      ([at, junkBytes]): ByteOp => [
        `overwrite ${junkBytes.length} bytes at ${at}`,
        (b: Buffer) => {
          b.set(junkBytes.subarray(0, Math.max(0, b.length - (at % b.length))), at % b.length)
          return b
        },
      ],
    ),
    fc.tuple(fc.nat(), fc.nat()).map(
      ([i, j]): ByteOp => [
        `swap AES blocks ${i} and ${j}`,
        (b: Buffer) => {
          const blocks = b.length / 16
          const x = Buffer.from(b.subarray((i % blocks) * 16, (i % blocks) * 16 + 16))
          b.copy(b, (i % blocks) * 16, (j % blocks) * 16, (j % blocks) * 16 + 16)
          x.copy(b, (j % blocks) * 16)
          return b
        },
      ],
    ),
    fc.nat().map(
      (i): ByteOp => [
        `drop AES block ${i}`,
        (b: Buffer) => {
          const at = (i % (b.length / 16)) * 16
          return Buffer.concat([b.subarray(0, at), b.subarray(at + 16)])
        },
      ],
    ),
  )
  const ciphertext = fc
    .tuple(byteOps, fc.boolean())
    .map(([[label, op], resign]) =>
      withEncrypt(`ciphertext: ${label}`, op(bytes()).toString('base64'), resign, 'decrypted'),
    )

  const notBase64 = fc.constantFrom(
    '-',
    '_',
    ' ',
    '\n',
    '\t',
    '%',
    '*',
    '.',
    '中',
    '\u0000',
    '\ud800',
    '=',
    '+',
    '/',
    'A',
  )
  const base64Ops: fc.Arbitrary<[string, (s: string) => string]> = fc.oneof(
    fc
      .tuple(fc.nat(), notBase64)
      .map(
        ([at, c]): TextOp => [
          `insert ${JSON.stringify(c)}`,
          (s: string) => s.slice(0, at % s.length) + c + s.slice(at % s.length),
        ],
      ),
    fc
      .tuple(fc.nat(), fc.integer({ min: 1, max: 8 }))
      .map(
        ([at, n]): TextOp => [
          `delete ${n} characters`,
          (s: string) => s.slice(0, at % s.length) + s.slice((at % s.length) + n),
        ],
      ),
    fc.constant<[string, (s: string) => string]>(['strip the padding', (s) => s.replace(/=+$/, '')]),
    fc.constantFrom('=', '==', '===').map((pad): TextOp => [`append ${pad}`, (s: string) => s + pad]),
    fc.constant<[string, (s: string) => string]>([
      'URL-safe alphabet',
      (s) => s.replaceAll('+', '-').replaceAll('/', '_'),
    ]),
    fc.integer({ min: 1, max: 63 }).map(
      (d): TextOp => [
        `shift the last data character by ${d}`,
        (s: string) => {
          const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
          const at = s.replace(/=+$/, '').length - 1
          return s.slice(0, at) + alphabet[(alphabet.indexOf(s[at]!) + d) % 64] + s.slice(at + 1)
        },
      ],
    ),
  )
  const base64 = fc
    .tuple(base64Ops, fc.boolean())
    .map(([[label, op], resign]) =>
      withEncrypt(`base64: ${label}`, op(base.encrypt), resign, ['base64', ...DECRYPT]),
    )

  const signature = fc
    .oneof(
      fc.constant<[string, string | unknown, Expect]>([
        'upper case',
        sign(base.encrypt).toUpperCase(),
        'original',
      ]),
      fc.nat(39).map((at): [string, unknown, Expect] => {
        const s = sign(base.encrypt)
        const c = s[at] === '0' ? '1' : '0'
        return [`hex digit ${at} changed`, s.slice(0, at) + c + s.slice(at + 1), ['signature']]
      }),
      fc
        .nat(39)
        .map((n): [string, unknown, Expect] => [
          'truncated',
          sign(base.encrypt).slice(0, n),
          ['signature', 'missing_parameter'],
        ]),
      fc.constant<[string, unknown, Expect]>(['extended', `${sign(base.encrypt)}0`, ['signature']]),
      fc.constant<[string, unknown, Expect]>(['empty', '', ['missing_parameter']]),
      fc
        .string({ unit: 'binary', minLength: 1, maxLength: 60 })
        .map((s): [string, unknown, Expect] => ['junk text', s, ['signature']]),
      junk.map((j): [string, unknown, Expect] => [
        'junk value',
        j,
        typeof j === 'string' && j !== '' ? ['signature'] : ['missing_parameter'],
      ]),
    )
    .map(
      ([label, value, expect]): Case => ({
        label: `msg_signature: ${label}`,
        body: validBody,
        query: { ...query(base.encrypt, true), msg_signature: value },
        expect,
      }),
    )

  const timestampOrNonce = fc
    .tuple(
      fc.constantFrom('timestamp', 'nonce'),
      fc.oneof(
        fc.string({ unit: 'binary', maxLength: 40 }),
        fc.constantFrom('', '-1', '1.5', '99999999999999999999', 'NaN', ' 1409659813', '1409659813\n'),
        junk,
      ),
      fc.boolean(),
    )
    .map(([field, value, resign]): Case => {
      const q: Record<string, unknown> = { ...query(base.encrypt, true), [field]: value }
      const asText = field === 'timestamp' && typeof value === 'number' ? String(value) : value
      const usable = typeof asText === 'string' && asText !== ''
      if (resign && usable) {
        q.msg_signature = sign(
          base.encrypt,
          field === 'timestamp' ? asText : base.timestamp,
          field === 'nonce' ? asText : base.nonce,
        )
      }
      const same = asText === (field === 'timestamp' ? base.timestamp : base.nonce)
      return {
        label: `${field}: ${fc.stringify(value).slice(0, 40)}${resign ? ', re-signed' : ''}`,
        body: validBody,
        query: q,
        expect: !usable ? ['missing_parameter'] : resign || same ? 'original' : ['signature'],
      }
    })

  const e = base.encrypt
  const head = `<ToUserName><![CDATA[${base.corpId}]]></ToUserName>`
  const tail = '<AgentID><![CDATA[218]]></AgentID>'
  const wrap = (inner: string) => `<xml>${inner}</xml>`
  const encryptEl = (inner = `<![CDATA[${e}]]>`) => `<Encrypt>${inner}</Encrypt>`
  const nested = (depth: number) => `${'<a>'.repeat(depth)}x${'</a>'.repeat(depth)}`
  const xmlNoOps: fc.Arbitrary<[string, string]> = fc.oneof(
    fc.constantFrom<[string, string]>(
      ['whitespace between elements', `<xml>\n  ${head}\n  ${encryptEl()}\n  ${tail}\n</xml>\n`],
      [
        'comments between elements',
        `<!-- a --><xml><!--b-->${head}<!-- -- -->${encryptEl()}${tail}</xml><!--c-->`,
      ],
      ['an XML declaration and a BOM', `\ufeff<?xml version="1.0" encoding="UTF-8"?>${validBody}`],
      [
        'attributes',
        `<xml a="1" b='2'>${head}<Encrypt type="aes">${`<![CDATA[${e}]]>`}</Encrypt>${tail}</xml>`,
      ],
      ['Encrypt as plain text', wrap(head + encryptEl(e) + tail)],
      ['Encrypt first', wrap(encryptEl() + head + tail)],
      ['an empty extra element', wrap(`${head}<Extra/>${encryptEl()}${tail}`)],
      ['nesting 30 deep beside Encrypt', wrap(`${head}${nested(30)}${encryptEl()}`)],
      ['a 1 MB comment', `<!--${'-'.repeat(1_000_000)}-->${validBody}`],
      [
        '100 000 entity references beside Encrypt',
        wrap(`${head}<X>${'&amp;'.repeat(100_000)}</X>${encryptEl()}`),
      ],
    ),
    fc.array(fc.nat(e.length), { minLength: 1, maxLength: 5 }).map((cuts): [string, string] => {
      const at = [...new Set(cuts)].sort((a, b) => a - b)
      const parts = at.map((c, i) => e.slice(i === 0 ? 0 : at[i - 1], c)).concat(e.slice(at.at(-1)))
      return [
        `CDATA split at ${at}`,
        wrap(head + encryptEl(parts.map((p) => `<![CDATA[${p}]]>`).join('')) + tail),
      ]
    }),
    fc.array(fc.nat(e.length - 1), { minLength: 1, maxLength: 8 }).map((picks): [string, string] => {
      const chosen = new Set(picks)
      const text = [...e].map((c, i) =>
        chosen.has(i)
          ? `&#${i % 2 ? 'x' : ''}${i % 2 ? c.codePointAt(0)!.toString(16) : c.codePointAt(0)};`
          : c,
      )
      return [`character references at ${[...chosen]}`, wrap(head + encryptEl(text.join('')) + tail)]
    }),
  )
  const xmlBroken: fc.Arbitrary<[string, string, WeComCallbackErrorReason[]]> = fc.oneof(
    fc.constantFrom<[string, string, WeComCallbackErrorReason[]]>(
      [
        'a DOCTYPE with an entity',
        `<!DOCTYPE xml [<!ENTITY x "${e}">]><xml>${head}${encryptEl('&x;')}</xml>`,
        ['doctype'],
      ],
      ['an external entity', `<!DOCTYPE xml SYSTEM "file:///etc/passwd">${validBody}`, ['doctype']],
      ['an ENTITY declaration inside', wrap(`<!ENTITY x "y">${head}${encryptEl()}`), ['doctype']],
      ['an undefined entity in Encrypt', wrap(head + encryptEl(`${e}&xxe;`)), ['xml']],
      ['Encrypt not closed', wrap(`${head}<Encrypt><![CDATA[${e}]]>${tail}`), ['xml']],
      ['the root not closed', `<xml>${head}${encryptEl()}${tail}`, ['xml']],
      ['a mismatched end tag', `<xml>${head}<Encrypt><![CDATA[${e}]]></Encrypted></xml>`, ['xml']],
      ['CDATA not terminated', wrap(`${head}<Encrypt><![CDATA[${e}</Encrypt>`), ['xml']],
      [
        '"]]>" inside the CDATA',
        wrap(head + encryptEl(`<![CDATA[${e.slice(0, 10)}]]>${e.slice(10)}]]>`)),
        ['signature', 'xml'],
      ],
      ['Encrypt twice, same value', wrap(head + encryptEl() + encryptEl()), ['missing_parameter']],
      [
        'Encrypt twice, another value',
        wrap(head + encryptEl() + encryptEl('<![CDATA[QUFB]]>')),
        ['missing_parameter'],
      ],
      ['Encrypt inside another element', wrap(`${head}<Outer>${encryptEl()}</Outer>`), ['missing_parameter']],
      ['another root', `<root>${head}${encryptEl()}</root>`, ['missing_parameter']],
      ['a processing instruction', wrap(`${head}<?php echo 1 ?>${encryptEl()}`), ['xml']],
      ['text mixed with elements', wrap(`junk${head}${encryptEl()}`), ['xml']],
      ['content after the root', `${validBody}<xml/>`, ['xml']],
      ['an empty body', '', ['xml']],
      ['nesting 10 000 deep', wrap(`${head}${nested(10_000)}${encryptEl()}`), ['xml']],
      ['100 000 "<"', `<xml>${'<'.repeat(100_000)}`, ['xml']],
      ['an unterminated comment', `${validBody}<!--`, ['xml']],
      ['an attribute with "<"', `<xml a="<">${head}${encryptEl()}</xml>`, ['xml']],
      ['a character reference to NUL', wrap(head + encryptEl(`${e}&#0;`)), ['xml']],
      ['an empty Encrypt', wrap(`${head}<Encrypt></Encrypt>`), ['missing_parameter']],
      ['no Encrypt', wrap(head + tail), ['missing_parameter']],
    ),
    fc
      .nat(validBody.length - 1)
      .map((n): [string, string, WeComCallbackErrorReason[]] => [
        `the body cut to ${n} characters`,
        validBody.slice(0, n),
        ['xml'],
      ]),
  )
  const xml = fc.oneof(
    xmlNoOps.map(
      ([label, xmlBody]): Case => ({
        label: `XML: ${label}`,
        body: xmlBody,
        query: query(e, true),
        expect: 'original',
      }),
    ),
    xmlBroken.map(
      ([label, xmlBody, reasons]): Case => ({
        label: `XML: ${label}`,
        body: xmlBody,
        query: query(e, true),
        expect: reasons,
      }),
    ),
  )

  /** Anything inserted anywhere: either harmless (whitespace between tags) or refused. */
  const anywhere = fc
    .tuple(
      fc.nat(validBody.length),
      fc.oneof(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }),
        fc.constantFrom('<', '>', '&', ']]>', '<!--', '<![CDATA[', '</xml>', '<Encrypt>', '"', '\u0000', ' '),
      ),
    )
    .map(
      ([at, text]): Case => ({
        label: `insert ${JSON.stringify(text)} at ${at}`,
        body: validBody.slice(0, at) + text + validBody.slice(at),
        query: query(e, true),
        expect: 'any',
      }),
    )

  /** Plaintexts with exactly one part wrong, encrypted and signed as WeCom would: the precise reason. */
  const message = Buffer.from(base.plaintext)
  const structural: [string, () => Buffer, Expect][] = [
    [
      'padding bytes of 0',
      () => plaintext(message, base.receiveId, { pad: (n) => Buffer.alloc(n, 0) }),
      ['padding'],
    ],
    [
      'padding bytes of 33',
      () => plaintext(message, base.receiveId, { pad: (n) => Buffer.alloc(n, 33) }),
      ['padding'],
    ],
    [
      'padding bytes that differ',
      () =>
        plaintext(message, base.receiveId, {
          pad: (n) =>
            n >= 2 ? Buffer.concat([Buffer.from([n ^ 0x40]), Buffer.alloc(n - 1, n)]) : Buffer.from([0]),
        }),
      ['padding'],
    ],
    ['nothing but padding', () => Buffer.alloc(32, 32), ['length']],
    [
      'a length past the data',
      () => plaintext(message, base.receiveId, { length: message.length + base.receiveId.length + 1 }),
      ['length'],
    ],
    ['a length of 2^32 - 1', () => plaintext(message, base.receiveId, { length: 0xffffffff }), ['length']],
    [
      'a length short of the message',
      () => plaintext(message, base.receiveId, { length: message.length - 1 }),
      ['receive_id'],
    ],
    [
      'another receiveId',
      () => plaintext(message, base.receiveId, { receiveId: `${base.receiveId}x` }),
      ['receive_id'],
    ],
    ['no receiveId', () => plaintext(message, base.receiveId, { receiveId: '' }), ['receive_id']],
    [
      'a message that is not UTF-8',
      () => plaintext(Buffer.from([0x3c, 0xff, 0xfe, 0x3e]), base.receiveId),
      ['encoding'],
    ],
  ]
  if (base.shape === 'message') {
    const xmlText = (text: string) => () => plaintext(Buffer.from(text), base.receiveId)
    structural.push(
      ['a message that is not XML', xmlText('hello'), ['xml']],
      ['a message with a DOCTYPE', xmlText('<!DOCTYPE x><xml><A>1</A></xml>'), ['doctype']],
      [
        'a billion-laughs message',
        xmlText('<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><xml><A>&b;</A></xml>'),
        ['doctype'],
      ],
      ['a message with an undefined entity', xmlText('<xml><A>&xxe;</A></xml>'), ['xml']],
      ['a message with another root', xmlText('<root><A>1</A></root>'), ['xml']],
      ['a message of text, not elements', xmlText('<xml>text</xml>'), ['xml']],
      // Well-formed, so accepted (re-signed: only a Token holder sends it); it must not pollute.
      [
        'a message with a __proto__ element',
        xmlText(
          `<xml><__proto__><${POLLUTION_MARK}>yes</${POLLUTION_MARK}></__proto__><MsgType>text</MsgType></xml>`,
        ),
        'decrypted',
      ],
    )
  }
  const plaintexts = fc.constantFrom(...structural).map(([label, make, reasons]): Case => {
    const encrypt = rawEncrypt(base.encodingAesKey, make())
    return { label: `plaintext: ${label}`, body: body(encrypt), query: query(encrypt, true), expect: reasons }
  })

  const single = fc.oneof(ciphertext, base64, signature, timestampOrNonce, xml, anywhere, plaintexts)

  return single
}

/** Checks one outcome against what the case expects; throws with the case's label. */
function judge(
  c: Case,
  original: unknown,
  outcome: { message?: unknown; error?: unknown },
  shape: 'message' | 'echo' = 'message',
): void {
  function fail(why: string): never {
    throw new Error(`${c.label}: ${why}`)
  }
  if ('error' in outcome) {
    const error = outcome.error
    if (!isWeComCallbackError(error)) fail(`threw ${errorName(error)}`)
    if (!(error.reason in STATUS_OF)) fail(`unknown reason ${error.reason}`)
    if (c.expect === 'original') fail(`refused a no-op mutation: ${error.message}`)
    if (c.expect === 'decrypted' && !DECRYPT.includes(error.reason)) fail(`reason ${error.reason}`)
    if (Array.isArray(c.expect) && !c.expect.includes(error.reason)) {
      fail(`reason ${error.reason}, expected ${c.expect.join(' or ')}`)
    }
    return
  }
  if (Array.isArray(c.expect)) fail(`accepted, expected a refusal (${c.expect.join(' or ')})`)
  if (c.expect === 'decrypted') {
    // CBC has no integrity of its own (the signature is the check): re-signed bytes may decrypt.
    const ok =
      shape === 'echo'
        ? typeof outcome.message === 'string'
        : typeof outcome.message === 'object' && outcome.message !== null
    if (!ok) fail(`not a ${shape}`)
    return
  }
  try {
    expect(outcome.message).toEqual(original)
  } catch {
    fail('accepted, but the message is not the original')
  }
}

function params(query: Record<string, unknown>): URLSearchParams {
  const search = new URLSearchParams()
  for (const [name, value] of Object.entries(query)) {
    if (typeof value === 'string') search.set(name, value)
    else if (typeof value === 'number') search.set(name, String(value))
  }
  return search
}

describe('decryptMessage on the official test vector, mutated', () => {
  const cb = createCallbackCrypto(VECTOR)
  const { msg_signature, timestamp, nonce, encrypt } = VECTOR.message
  const base: Valid = {
    encrypt,
    timestamp,
    nonce,
    corpId: VECTOR.receiveId,
    encodingAesKey: VECTOR.encodingAesKey,
    receiveId: VECTOR.receiveId,
    plaintext: VECTOR.message.xml,
    shape: 'message',
  }
  const original = cb.decryptMessage(envelope(encrypt, base.corpId), { msg_signature, timestamp, nonce })

  it('the original message, or a WeComCallbackError with the expected reason; each within a second', () => {
    const seen = new Map<string, number>()
    fc.assert(
      fc.property(mutations(cb, base), fc.boolean(), (c, asSearchParams) => {
        // As a plain object the query may hold non-strings; as URLSearchParams only text.
        const query = asSearchParams ? params(c.query) : c.query
        if (asSearchParams && !Object.values(c.query).every((v) => typeof v === 'string')) return
        const started = performance.now()
        let outcome: { message?: unknown; error?: unknown }
        try {
          outcome = { message: cb.decryptMessage(c.body, query as never) }
        } catch (error) {
          outcome = { error }
        }
        const ms = performance.now() - started
        if (ms > 1_000) throw new Error(`${c.label}: took ${Math.round(ms)} ms`)
        judge(c, original, outcome)
        const kind = 'error' in outcome ? (outcome.error as { reason: string }).reason : 'message'
        seen.set(kind, (seen.get(kind) ?? 0) + 1)
      }),
      { numRuns: RUNS.crypto },
    )
    // The mutations reached deep: past the signature, into the decryption and the XML.
    for (const reason of ['message', 'signature', 'base64', 'xml', 'missing_parameter']) {
      expect(seen.get(reason), `outcomes seen: ${[...seen.keys()]}`).toBeGreaterThan(0)
    }
    expect(DECRYPT.filter((r) => r !== 'doctype' && r !== 'xml').some((r) => seen.has(r))).toBe(true)
  })

  it('verifyUrl with a mutated echostr answers the echo only when nothing changed', () => {
    const { echostr, echo, ...rest } = VECTOR.verifyUrl
    fc.assert(
      fc.property(
        mutations(cb, {
          encrypt: echostr,
          timestamp: rest.timestamp,
          nonce: rest.nonce,
          corpId: '',
          encodingAesKey: VECTOR.encodingAesKey,
          receiveId: VECTOR.receiveId,
          plaintext: echo,
          shape: 'echo',
        }),
        (c) => {
          // The same mutations, moved from the body to the echostr parameter of the URL check.
          const found = ENCRYPT_RE.exec(c.body)
          const query = { ...c.query, echostr: found ? found[1] : c.body }
          const xmlOnly = c.label.startsWith('XML:') || c.label.startsWith('insert')
          let outcome: { message?: unknown; error?: unknown }
          try {
            outcome = { message: cb.verifyUrl(query as never) }
          } catch (error) {
            outcome = { error }
          }
          // XML mutations do not apply to a query parameter: only the typed-error half holds. A
          // space is read as the '+' that form decoding turned into one, so it no longer
          // matches what was signed.
          const spaced = Array.isArray(c.expect) && String(query.echostr).includes(' ')
          const expected: Expect = xmlOnly
            ? 'any'
            : spaced
              ? [...(c.expect as WeComCallbackErrorReason[]), 'signature']
              : c.expect
          judge({ ...c, expect: expected }, echo, outcome, 'echo')
        },
      ),
      { numRuns: RUNS.methods },
    )
  })
})

describe('the fetch handler, mutated requests', () => {
  const token = 'MutationToken0123456789'
  const encodingAesKey = 'Mut4tionAESkey0123456789abcdefghijklmnopqrs'
  const corpId = 'wwmutation0123'
  const cb = createCallbackCrypto({ token, encodingAesKey, receiveId: corpId })
  const xml =
    `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName><FromUserName><![CDATA[zhangsan]]></FromUserName>` +
    '<CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[你好 <b>&amp;</b>]]></Content>' +
    '<MsgId>9007199254740993123</MsgId><AgentID>1000002</AgentID></xml>'
  const base: Valid = {
    encrypt: cb.encrypt(xml),
    timestamp: '1700000000',
    nonce: '12345',
    corpId,
    encodingAesKey,
    receiveId: corpId,
    plaintext: xml,
    shape: 'message',
  }
  const original = cb.decryptMessage(envelope(base.encrypt, corpId), {
    msg_signature: cb.signature(base.timestamp, base.nonce, base.encrypt),
    timestamp: base.timestamp,
    nonce: base.nonce,
  })

  const delivered: CallbackMessage[] = []
  const refused: unknown[] = []
  const handler = createCallbackHandler({
    token,
    encodingAesKey,
    corpId,
    dedup: false, // every accepted delivery reaches onMessage, so each can be compared
    bodyLimit: 2 * 1024 * 1024,
    onMessage: (message) => {
      delivered.push(message)
      // A reply only to a message that has both ends (a re-signed odd one may not): a failing
      // onMessage is answered 500 by design, which is the app's failure, not the request's.
      const { FromUserName, ToUserName } = message as { FromUserName?: unknown; ToUserName?: unknown }
      return typeof FromUserName === 'string' && typeof ToUserName === 'string'
        ? textReply({ FromUserName, ToUserName }, '收到')
        : undefined
    },
    onError: (error, { stage }) => {
      if (stage === 'request') refused.push(error)
    },
  })

  async function send(method: string, query: URLSearchParams, body?: BodyInit, headers?: HeadersInit) {
    const request = new Request(`https://callback.example/wecom?${query}`, {
      method,
      ...(body === undefined ? {} : { body }),
      ...(headers === undefined ? {} : { headers }),
    })
    return withTimeout(handler(request), 2_000, `${method} ${query}`)
  }

  it('POST: 200 with the original message for a no-op, else 4xx with the typed reason; never 5xx, never a hang', async () => {
    await fc.assert(
      fc.asyncProperty(mutations(cb, base), async (c) => {
        delivered.length = 0
        refused.length = 0
        const response = await send('POST', params(c.query), c.body)
        await response.text()
        const outcome = response.status === 200 ? { message: delivered[0] } : { error: refused[0] }
        if (response.status >= 500) throw new Error(`${c.label}: answered ${response.status}`)
        // Over HTTP the query is text: a junk value that is not one arrives missing.
        const expect: Expect =
          Array.isArray(c.expect) && !Object.values(c.query).every((v) => typeof v === 'string' && v !== '')
            ? [...c.expect, 'missing_parameter', 'signature']
            : c.expect
        judge({ ...c, expect }, original, outcome)
        if (response.status !== 200) {
          const reason = (outcome.error as { reason: WeComCallbackErrorReason }).reason
          if (response.status !== STATUS_OF[reason]) {
            throw new Error(`${c.label}: ${reason} answered ${response.status}, not ${STATUS_OF[reason]}`)
          }
        }
      }),
      { numRuns: RUNS.handler },
    )
  })

  it('GET (the URL check): the bare echo for a no-op, else 4xx; never 5xx', async () => {
    const echo = '1616140317555161061'
    const echostr = cb.encrypt(echo)
    const urlBase: Valid = { ...base, encrypt: echostr, plaintext: echo, shape: 'echo' }
    await fc.assert(
      fc.asyncProperty(mutations(cb, urlBase), async (c) => {
        const found = ENCRYPT_RE.exec(c.body)
        const query = params({ ...c.query, echostr: found ? found[1] : c.body })
        const response = await send('GET', query)
        const text = await response.text()
        // XML mutations do not apply to a query parameter: the echo or a refusal, either way.
        const expected = c.label.startsWith('XML:') || c.label.startsWith('insert') ? 'any' : c.expect
        if (response.status >= 500) throw new Error(`${c.label}: answered ${response.status}`)
        if (response.status === 200) {
          if (Array.isArray(expected)) throw new Error(`${c.label}: answered 200, expected a refusal`)
          // Re-signed ciphertext (only a Token holder can make it) may decrypt to another echo.
          if (text !== echo && expected !== 'decrypted') {
            throw new Error(`${c.label}: answered ${JSON.stringify(text)}`)
          }
        } else if (![400, 403].includes(response.status)) {
          throw new Error(`${c.label}: answered ${response.status}`)
        } else if (expected === 'original') {
          throw new Error(`${c.label}: refused a no-op with ${response.status}`)
        }
      }),
      { numRuns: RUNS.methods },
    )
  })

  it('HTTP-level abuse: other methods 405, a body that is not UTF-8 400, oversized 413, missing query 400', async () => {
    const valid = params({
      msg_signature: cb.signature(base.timestamp, base.nonce, base.encrypt),
      timestamp: base.timestamp,
      nonce: base.nonce,
    })
    const body = envelope(base.encrypt, corpId)
    const cases: [string, () => Promise<Response>, number][] = [
      ['PUT', () => send('PUT', valid, body), 405],
      ['DELETE', () => send('DELETE', valid), 405],
      ['a body that is not UTF-8', () => send('POST', valid, new Uint8Array([0x3c, 0xff, 0xfe, 0x3e])), 400],
      ['a body over the limit', () => send('POST', valid, 'x'.repeat(2 * 1024 * 1024 + 1)), 413],
      [
        'a Content-Length over the limit',
        () => send('POST', valid, body, { 'content-length': '999999999' }),
        413,
      ],
      ['no query', () => send('POST', new URLSearchParams(), body), 400],
      ['each parameter twice', () => send('POST', new URLSearchParams(`${valid}&${valid}`), body), 200],
      [
        'a query of 10 000 parameters',
        () => send('POST', new URLSearchParams('a=1&'.repeat(10_000)), body),
        400,
      ],
    ]
    for (const [label, run, status] of cases) {
      const response = await run()
      await response.text()
      expect(response.status, label).toBe(status)
    }
  })

  it('with a timestamp window, a junk or stale timestamp is 403 (timestamp), never 5xx', async () => {
    const windowed = createCallbackHandler({
      token,
      encodingAesKey,
      corpId,
      timestampWindow: 300,
      onMessage: () => {},
    })
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }),
          fc.constantFrom('1e10', '-1', 'Infinity', '0x10', ' '),
        ),
        async (timestamp) => {
          const query = params({
            msg_signature: cb.signature(timestamp, base.nonce, base.encrypt),
            timestamp,
            nonce: base.nonce,
          })
          const request = new Request(`https://callback.example/wecom?${query}`, {
            method: 'POST',
            body: envelope(base.encrypt, corpId),
          })
          const response = await withTimeout(windowed(request), 2_000, 'windowed')
          await response.text()
          expect([403, 400]).toContain(response.status)
        },
      ),
      { numRuns: RUNS.methods },
    )
  })
})

describe('every CallbackCrypto method with arbitrary arguments', () => {
  const cb = createCallbackCrypto(VECTOR)
  const names = Object.keys(cb).filter(
    (name) => typeof (cb as unknown as Record<string, unknown>)[name] === 'function',
  )

  it('finds the methods', () => {
    expect(names.sort()).toEqual(
      [
        'decrypt',
        'decryptMessage',
        'encrypt',
        'encryptReply',
        'signature',
        'verifySignature',
        'verifyUrl',
      ].sort(),
    )
  })

  for (const name of names) {
    it(`${name}: a result or a WeComError, never a raw exception`, async () => {
      const method = (cb as unknown as Record<string, (...args: unknown[]) => unknown>)[name]!
      await fc.assert(
        fc.asyncProperty(fc.array(junk, { maxLength: 4 }), async (args) => {
          const out = await settle(() => method(...args), 1_000)
          if (!out.ok && !isWeComError(out.error)) throw new Error(`threw ${errorName(out.error)}`)
        }),
        {
          numRuns: RUNS.methods,
          // Each argument in turn made a value that cannot even be turned into a string.
          examples: [0, 1, 2, 3].flatMap((i) =>
            [() => Object.create(null), () => Symbol('odd'), () => 1n].map((odd): [unknown[]] => {
              const args: unknown[] = ['1409659589', 'nonce', VECTOR.message.encrypt, 'x']
              args[i] = odd()
              return [args]
            }),
          ),
        },
      )
    })
  }
})

describe('after every mutation above', () => {
  it('no prototype was polluted by a parsed message', () => {
    expect(({} as Record<string, unknown>)[POLLUTION_MARK]).toBeUndefined()
  })
})
