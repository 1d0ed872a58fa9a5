/** Small files whose first bytes are what WeCom's format checks look at. */

const pad = (head: number[], size: number) => {
  const bytes = new Uint8Array(size)
  bytes.set(head)
  for (let i = head.length; i < size; i++) bytes[i] = (i * 31) % 251
  return bytes
}

export const png = (size = 64) => pad([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], size)
export const jpeg = (size = 64) => pad([0xff, 0xd8, 0xff, 0xe0], size)
export const amr = (size = 64) => pad([0x23, 0x21, 0x41, 0x4d, 0x52, 0x0a], size)
export const mp4 = (size = 64) => pad([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d], size)
export const binary = (size: number) => pad([], size)

/** A FormData with one file part named `field` (default `media`). */
export function form(
  bytes: Uint8Array,
  filename: string,
  type = 'application/octet-stream',
  field = 'media',
) {
  const data = new FormData()
  data.append(field, new Blob([bytes as Uint8Array<ArrayBuffer>], { type }), filename)
  return data
}

/** A multipart body written by hand, e.g. exactly as WeCom's docs show it. */
export function rawMultipart(boundary: string, disposition: string, contentType: string, bytes: Uint8Array) {
  const encoder = new TextEncoder()
  const head = encoder.encode(
    `--${boundary}\r\nContent-Disposition: ${disposition}\r\nContent-Type: ${contentType}\r\n\r\n`,
  )
  const tail = encoder.encode(`\r\n--${boundary}--\r\n`)
  const body = new Uint8Array(head.length + bytes.length + tail.length)
  body.set(head)
  body.set(bytes, head.length)
  body.set(tail, head.length + bytes.length)
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

/** A header value as fetch shows it (one character per byte) read back as UTF-8. */
export function utf8Header(value: string | null): string {
  return new TextDecoder().decode(Uint8Array.from(value ?? '', (char) => char.charCodeAt(0)))
}
