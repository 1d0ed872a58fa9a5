import { isWeComValidationError } from '@wecom-kit/core'
import { filenameFromDisposition } from '@wecom-kit/media'
import { describe, expect, it } from 'vitest'

/** How fetch shows a header whose bytes are UTF-8: one character per byte. */
const asFetchShowsIt = (text: string) => Buffer.from(text, 'utf8').toString('latin1')

describe('filenameFromDisposition', () => {
  it.each([
    ['a quoted ASCII name', 'attachment; filename="MEDIA_ID.jpg"', 'MEDIA_ID.jpg'],
    ['an unquoted name', 'attachment; filename=report.pdf', 'report.pdf'],
    [
      'raw UTF-8 bytes, as WeCom sends them',
      `attachment; filename="${asFetchShowsIt('通讯录.csv')}"`,
      '通讯录.csv',
    ],
    [
      'RFC 5987, which wins',
      `attachment; filename="a.mp4"; filename*=UTF-8''${encodeURIComponent('会议.mp4')}`,
      '会议.mp4',
    ],
    ['an escaped quote', 'attachment; filename="a\\"b.txt"', 'a"b.txt'],
    ['latin1 that is not UTF-8', 'attachment; filename="caf\u00e9.txt"', 'caf\u00e9.txt'],
    ['no filename', 'inline', undefined],
    ['no header', null, undefined],
  ])('reads %s', (_label, header, expected) => {
    expect(filenameFromDisposition(header)).toBe(expected)
  })
})

describe('hostile input (pinned)', () => {
  it('no header is no filename; a value that is not a string is a WeComValidationError, not a TypeError', () => {
    expect(filenameFromDisposition(null)).toBeUndefined()
    expect(filenameFromDisposition(undefined)).toBeUndefined()
    for (const odd of [Object.create(null), 42, ['attachment'], Symbol('x')]) {
      let error: unknown
      try {
        filenameFromDisposition(odd as never)
      } catch (e) {
        error = e
      }
      expect(isWeComValidationError(error)).toBe(true)
    }
  })
})
