/**
 * multipart/form-data, read the way WeCom's upload endpoints need it. Written here rather than
 * taken from `Request.formData()` because undici (Node 20) refuses the very header WeCom's docs
 * show, `form-data; name="media";filename="wework.txt"; filelength=6` (no space after `;`, an
 * extra parameter), and because part headers must be read as raw UTF-8: WeCom takes non-ASCII
 * file names as UTF-8 bytes in `filename="…"` and ignores RFC 2231 `filename*`.
 */

interface MultipartPart {
  /** Header names lower-cased; values decoded as UTF-8. */
  headers: Record<string, string>
  name: string | undefined
  /** Undefined when the part has no `filename` parameter (a plain field, not a file). */
  filename: string | undefined
  contentType: string | undefined
  /** A view into the request body: copy it before keeping it. */
  data: Uint8Array
}

const CRLF = [0x0d, 0x0a]
const utf8 = new TextDecoder()

/** The boundary of a `multipart/form-data` content type, or undefined for anything else. */
export function multipartBoundary(contentType: string | null): string | undefined {
  if (!contentType) return undefined
  const [type, ...rest] = contentType.split(';')
  if (type?.trim().toLowerCase() !== 'multipart/form-data') return undefined
  const boundary = parseParameters(rest.join(';')).boundary
  return boundary && boundary.length <= 200 ? boundary : undefined
}

/** The parts in order, or undefined when the body is not well-formed multipart. */
export function parseMultipart(body: Uint8Array, boundary: string): MultipartPart[] | undefined {
  const dashBoundary = ascii(`--${boundary}`)
  const delimiter = new Uint8Array([...CRLF, ...dashBoundary])
  // The first boundary may open the body or follow a preamble line.
  let at: number
  if (startsWith(body, dashBoundary, 0)) {
    at = dashBoundary.length
  } else {
    const found = indexOf(body, delimiter, 0)
    if (found < 0) return undefined
    at = found + delimiter.length
  }

  const parts: MultipartPart[] = []
  for (;;) {
    // `--` right after a boundary closes the body.
    if (body[at] === 0x2d && body[at + 1] === 0x2d) return parts
    // Transport padding, then the line break that ends the boundary line.
    while (body[at] === 0x20 || body[at] === 0x09) at++
    if (body[at] === 0x0d && body[at + 1] === 0x0a) at += 2
    else if (body[at] === 0x0a) at += 1
    else return undefined

    const headerEnd = findHeaderEnd(body, at)
    if (!headerEnd) return undefined
    const headers = parseHeaders(utf8.decode(body.subarray(at, headerEnd.start)))
    const dataStart = headerEnd.end
    const next = indexOf(body, delimiter, dataStart)
    if (next < 0) return undefined
    const disposition = parseDisposition(headers['content-disposition'] ?? '')
    parts.push({
      headers,
      name: disposition.name,
      filename: disposition.filename,
      contentType: headers['content-type'],
      data: body.subarray(dataStart, next),
    })
    at = next + delimiter.length
  }
}

/** `form-data; name="media"; filename="…"`: parameters after the first `;`, names lower-cased. */
function parseDisposition(value: string): { name: string | undefined; filename: string | undefined } {
  const semicolon = value.indexOf(';')
  const parameters = parseParameters(semicolon < 0 ? '' : value.slice(semicolon + 1))
  // Browsers and undici percent-encode `"`, CR and LF in these two (WHATWG form encoding); curl
  // escapes `"` with a backslash, which the quoted-string reading already undid.
  const name = parameters.name === undefined ? undefined : unescapeFormName(parameters.name)
  const filename = parameters.filename === undefined ? undefined : unescapeFormName(parameters.filename)
  return { name, filename }
}

/**
 * `; key=value; key="quoted \"value\""` with any spacing, as found in Content-Type and
 * Content-Disposition. Keys are lower-cased; the first of a repeated key wins.
 */
function parseParameters(input: string): Record<string, string> {
  const parameters: Record<string, string> = {}
  let i = 0
  while (i < input.length) {
    while (i < input.length && (input[i] === ';' || input[i] === ' ' || input[i] === '\t')) i++
    const equals = input.indexOf('=', i)
    const semicolon = input.indexOf(';', i)
    if (equals < 0 || (semicolon >= 0 && semicolon < equals)) {
      // A bare token: skip it.
      i = semicolon < 0 ? input.length : semicolon
      continue
    }
    const key = input.slice(i, equals).trim().toLowerCase()
    i = equals + 1
    while (input[i] === ' ' || input[i] === '\t') i++
    let value = ''
    if (input[i] === '"') {
      i++
      while (i < input.length && input[i] !== '"') {
        if (input[i] === '\\' && i + 1 < input.length) i++
        value += input[i]
        i++
      }
      i++
    } else {
      const end = input.indexOf(';', i)
      value = input.slice(i, end < 0 ? input.length : end).trim()
      i = end < 0 ? input.length : end
    }
    if (key !== '' && !(key in parameters)) parameters[key] = value
  }
  return parameters
}

function unescapeFormName(value: string): string {
  return value.replace(/%(22|0D|0A)/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
}

function parseHeaders(block: string): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':')
    if (colon <= 0) continue
    const name = line.slice(0, colon).trim().toLowerCase()
    if (!(name in headers)) headers[name] = line.slice(colon + 1).trim()
  }
  return headers
}

/** The blank line after a part's headers (CRLF CRLF, or LF LF from sloppy clients). */
function findHeaderEnd(body: Uint8Array, from: number): { start: number; end: number } | undefined {
  // A part without headers starts with the blank line itself.
  if (body[from] === 0x0d && body[from + 1] === 0x0a) return { start: from, end: from + 2 }
  const crlf = indexOf(body, new Uint8Array([0x0d, 0x0a, 0x0d, 0x0a]), from)
  const lf = indexOf(body, new Uint8Array([0x0a, 0x0a]), from)
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { start: crlf, end: crlf + 4 }
  if (lf >= 0) return { start: lf, end: lf + 2 }
  return undefined
}

/** Byte-sequence search: the native `indexOf` finds candidates for the first byte. */
function indexOf(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0]
  if (first === undefined) return from
  const last = haystack.length - needle.length
  for (let i = haystack.indexOf(first, from); i >= 0 && i <= last; i = haystack.indexOf(first, i + 1)) {
    if (startsWith(haystack, needle, i)) return i
  }
  return -1
}

function startsWith(haystack: Uint8Array, needle: Uint8Array, at: number): boolean {
  if (at + needle.length > haystack.length) return false
  for (let j = 0; j < needle.length; j++) if (haystack[at + j] !== needle[j]) return false
  return true
}

function ascii(text: string): Uint8Array {
  return new TextEncoder().encode(text)
}
