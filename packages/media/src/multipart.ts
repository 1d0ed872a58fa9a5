// The multipart/form-data body WeCom's upload endpoints take: one part named `media`.
// Written by hand rather than with FormData so that the filename goes out as raw UTF-8 in
// `filename="…"` (WeCom ignores RFC 2231 `filename*`) on every runtime, and so that the body
// is a Blob: its length is known and a retry can send it again.

/** Quotes and line breaks in a filename are percent-encoded, as browsers do. */
function quoteFilename(name: string): string {
  return name.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

export function multipartBody(
  file: Blob,
  filename: string,
  contentType: string,
): { body: Blob; contentType: string } {
  const boundary = `----wecom-kit-${randomHex(16)}`
  const head =
    `--${boundary}\r\n` +
    `Content-Disposition: form-data; name="media"; filename="${quoteFilename(filename)}"; filelength=${file.size}\r\n` +
    `Content-Type: ${contentType}\r\n\r\n`
  const tail = `\r\n--${boundary}--\r\n`
  return { body: new Blob([head, file, tail]), contentType: `multipart/form-data; boundary=${boundary}` }
}

function randomHex(bytes: number): string {
  const buffer = globalThis.crypto.getRandomValues(new Uint8Array(bytes))
  return Array.from(buffer, (b) => b.toString(16).padStart(2, '0')).join('')
}
