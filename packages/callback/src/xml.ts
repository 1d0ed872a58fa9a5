import { WeComCallbackError } from '@wecom-kit/core'
import { validationError } from '@wecom-kit/core/resource-kit'

// A strict reader for the XML WeCom sends: one root, elements, text, CDATA, comments and the
// five predefined entities plus character references. No DTD is ever read: a DOCTYPE or any
// other `<!` declaration is refused, and an entity other than the predefined ones is an error,
// never expanded. Each token is found with indexOf, so the time is linear in the input.

/** An element's value: its text, or its children by name (a repeated name gives an array). */
export type XmlValue = string | XmlObject
export interface XmlObject {
  [name: string]: XmlValue | XmlValue[]
}

/** Deeper nesting than WeCom ever sends (it uses four levels at most). */
const MAX_DEPTH = 32

const NAME_START = /[A-Za-z_:]/
const NAME = /[A-Za-z0-9_:.-]/
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }

function xmlError(message: string): WeComCallbackError {
  return new WeComCallbackError('xml', message)
}

/** Parses a whole document and returns its root element's name and value. */
export function parseXml(text: string): { name: string; value: XmlValue } {
  if (typeof text !== 'string') {
    // A Buffer or a parsed body handed over by mistake: say so, rather than fail deep inside.
    throw validationError(
      'callback XML',
      '',
      'the XML must be a string (decode a Buffer with .toString("utf8"))',
    )
  }
  const reader = new Reader(text)
  return reader.document()
}

class Reader {
  private pos = 0

  constructor(private readonly text: string) {}

  document(): { name: string; value: XmlValue } {
    const { text } = this
    if (text.charCodeAt(0) === 0xfeff) this.pos = 1
    if (text.startsWith('<?xml', this.pos)) this.skipPast('?>', 'XML declaration')
    this.misc()
    if (this.text[this.pos] !== '<') throw xmlError('expected the root element')
    const root = this.element(1)
    this.misc()
    if (this.pos < text.length) throw xmlError('unexpected content after the root element')
    return root
  }

  /** Whitespace and comments around the root. */
  private misc(): void {
    const { text } = this
    for (;;) {
      while (this.pos < text.length && isSpace(text.charCodeAt(this.pos))) this.pos++
      if (text.startsWith('<!--', this.pos)) this.skipPast('-->', 'comment')
      else if (text.startsWith('<!', this.pos)) throw declarationError(text, this.pos)
      else if (text.startsWith('<?', this.pos)) throw xmlError('processing instructions are not accepted')
      else return
    }
  }

  private skipPast(end: string, what: string): void {
    const at = this.text.indexOf(end, this.pos)
    if (at < 0) throw xmlError(`unterminated ${what}`)
    this.pos = at + end.length
  }

  private name(): string {
    const { text } = this
    const start = this.pos
    if (!NAME_START.test(text[start] ?? '')) throw xmlError('expected a name')
    this.pos++
    while (this.pos < text.length && NAME.test(text[this.pos]!)) this.pos++
    return text.slice(start, this.pos)
  }

  private spaces(): boolean {
    const start = this.pos
    while (this.pos < this.text.length && isSpace(this.text.charCodeAt(this.pos))) this.pos++
    return this.pos > start
  }

  /** An element starting at `<`; returns its name and value. */
  private element(depth: number): { name: string; value: XmlValue } {
    if (depth > MAX_DEPTH) throw xmlError(`nesting deeper than ${MAX_DEPTH} levels`)
    const { text } = this
    this.pos++ // <
    const name = this.name()
    // Attributes are read (to find the tag's end correctly) and dropped: WeCom sends none.
    for (;;) {
      const spaced = this.spaces()
      if (text.startsWith('/>', this.pos)) {
        this.pos += 2
        return { name, value: '' }
      }
      if (text[this.pos] === '>') {
        this.pos++
        break
      }
      if (!spaced) throw xmlError(`malformed start tag <${name}>`)
      this.name()
      this.spaces()
      if (text[this.pos] !== '=') throw xmlError(`malformed attribute in <${name}>`)
      this.pos++
      this.spaces()
      const quote = text[this.pos]
      if (quote !== '"' && quote !== "'") throw xmlError(`malformed attribute in <${name}>`)
      const end = text.indexOf(quote, this.pos + 1)
      if (end < 0) throw xmlError(`unterminated attribute in <${name}>`)
      const raw = text.slice(this.pos + 1, end)
      if (raw.includes('<')) throw xmlError(`"<" in an attribute of <${name}>`)
      decodeText(raw)
      this.pos = end + 1
    }

    let content = ''
    let significantText = false
    let children: XmlObject | undefined
    for (;;) {
      const lt = text.indexOf('<', this.pos)
      if (lt < 0) throw xmlError(`<${name}> is not closed`)
      if (lt > this.pos) {
        const chunk = decodeText(text.slice(this.pos, lt))
        content += chunk
        if (!significantText && !isBlank(chunk)) significantText = true
      }
      this.pos = lt
      if (text.startsWith('<![CDATA[', lt)) {
        const end = text.indexOf(']]>', lt + 9)
        if (end < 0) throw xmlError('unterminated CDATA section')
        content += text.slice(lt + 9, end)
        significantText = true
        this.pos = end + 3
      } else if (text.startsWith('<!--', lt)) {
        this.skipPast('-->', 'comment')
      } else if (text.startsWith('<!', lt)) {
        throw declarationError(text, lt)
      } else if (text.startsWith('<?', lt)) {
        throw xmlError('processing instructions are not accepted')
      } else if (text.startsWith('</', lt)) {
        this.pos += 2
        const closing = this.name()
        if (closing !== name) throw xmlError(`</${closing}> closes <${name}>`)
        this.spaces()
        if (text[this.pos] !== '>') throw xmlError(`malformed end tag </${name}>`)
        this.pos++
        break
      } else {
        const child = this.element(depth + 1)
        children ??= {}
        addChild(children, child.name, child.value)
      }
    }
    if (children) {
      if (significantText) throw xmlError(`<${name}> mixes text and elements`)
      return { name, value: children }
    }
    return { name, value: content }
  }
}

function declarationError(text: string, at: number): WeComCallbackError {
  const head = text.slice(at, at + 10).toUpperCase()
  if (/^<!(DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)/.test(head)) {
    return new WeComCallbackError('doctype', 'DOCTYPE and entity declarations are not accepted')
  }
  return xmlError('unexpected <! markup')
}

// Own properties only: a child named `__proto__` must not reach the object's prototype.
function addChild(into: XmlObject, name: string, value: XmlValue): void {
  if (Object.hasOwn(into, name)) {
    const existing = into[name]!
    if (Array.isArray(existing)) existing.push(value)
    else into[name] = [existing, value]
  } else {
    Object.defineProperty(into, name, { value, enumerable: true, writable: true, configurable: true })
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d
}

function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!isSpace(s.charCodeAt(i))) return false
  return true
}

/** Resolves the predefined entities and character references; anything else is refused. */
function decodeText(raw: string): string {
  if (!raw.includes('&')) return raw
  let out = ''
  let start = 0
  for (let amp = raw.indexOf('&'); amp >= 0; amp = raw.indexOf('&', start)) {
    const semi = raw.indexOf(';', amp)
    if (semi < 0 || semi - amp > 12) throw xmlError('malformed entity reference')
    const ref = raw.slice(amp + 1, semi)
    let decoded: string | undefined
    if (ref.startsWith('#')) {
      const code = /^#x[0-9a-fA-F]{1,6}$/.test(ref)
        ? Number.parseInt(ref.slice(2), 16)
        : /^#[0-9]{1,7}$/.test(ref)
          ? Number.parseInt(ref.slice(1), 10)
          : Number.NaN
      if (!isXmlChar(code)) throw xmlError('invalid character reference')
      decoded = String.fromCodePoint(code)
    } else {
      decoded = Object.hasOwn(PREDEFINED, ref) ? PREDEFINED[ref] : undefined
      if (decoded === undefined)
        throw xmlError(`undefined entity &${ref.slice(0, 20)}; (entities are never expanded)`)
    }
    out += raw.slice(start, amp) + decoded
    start = semi + 1
  }
  return out + raw.slice(start)
}

function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  )
}

/** A CDATA section holding `text` exactly, splitting any `]]>` inside it. */
export function cdata(text: string): string {
  return `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`
}
