import { describe, expect, it } from 'vitest'
import { CsvError, parseCsv, parseCsvBytes } from '../src/wecom/csv.js'
import { multipartBoundary, parseMultipart } from '../src/wecom/multipart.js'
import { rawMultipart } from './support/files.js'

describe('CSV', () => {
  it.each([
    ['plain fields', 'a,b,c', [['a', 'b', 'c']]],
    [
      'LF records',
      'a,b\nc,d',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    [
      'CRLF records and a final line break',
      'a,b\r\nc,d\r\n',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    ['a lone CR', 'a\rb', [['a'], ['b']]],
    ['empty fields', ',a,,', [['', 'a', '', '']]],
    ['a quoted comma', '"a,b",c', [['a,b', 'c']]],
    ['doubled quotes', '"say ""hi""",x', [['say "hi"', 'x']]],
    ['a line break inside quotes', '"line1\r\nline2",x\ny', [['line1\r\nline2', 'x'], ['y']]],
    ['an empty quoted field', '"",x', [['', 'x']]],
    ['a quote inside an unquoted field', 'ab"c,d', [['ab"c', 'd']]],
    ['text after a closing quote', '"ab"c,d', [['abc', 'd']]],
    ['a blank line', 'a\n\nb', [['a'], [''], ['b']]],
    ['a BOM', '\uFEFF姓名,帐号', [['姓名', '帐号']]],
    ['nothing', '', []],
  ])('reads %s', (_, input, records) => {
    expect(parseCsv(input)).toEqual(records)
  })

  it('throws on a quote never closed and on bytes that are not UTF-8', () => {
    expect(() => parseCsv('"abc,d\ne')).toThrow(CsvError)
    expect(() => parseCsvBytes(new Uint8Array([0xff, 0xfe, 0x41]))).toThrow(/UTF-8/)
  })

  it('drops a UTF-8 BOM given as bytes', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('部门名称,部门ID\r\n')])
    expect(parseCsvBytes(bytes)).toEqual([['部门名称', '部门ID']])
  })
})

describe('multipart', () => {
  const encoder = new TextEncoder()

  it('finds the boundary, quoted or not', () => {
    expect(multipartBoundary('multipart/form-data; boundary=abc')).toBe('abc')
    expect(multipartBoundary('Multipart/Form-Data;boundary="a b;c"')).toBe('a b;c')
    expect(multipartBoundary('application/json')).toBeUndefined()
    expect(multipartBoundary('multipart/form-data')).toBeUndefined()
    expect(multipartBoundary(null)).toBeUndefined()
  })

  it('reads several parts, a preamble, binary data that looks like a boundary', () => {
    // `--X` without the line break before it, and another boundary, are data.
    const data = new Uint8Array([0x2d, 0x2d, 0x58, 0x0d, 0x0a, 0x2d, 0x2d, 0x59, 0x0d, 0x0a, 0x00, 0xff])
    const body = new Uint8Array([
      ...encoder.encode(
        'preamble\r\n--X\r\nContent-Disposition: form-data; name="note"\r\n\r\n附言\r\n--X\r\n',
      ),
      ...encoder.encode('content-disposition: form-data; name=media; filename="a\\"b.bin"\r\n'),
      ...encoder.encode('Content-Type: application/octet-stream\r\n\r\n'),
      ...data,
      ...encoder.encode('\r\n--X--\r\nepilogue'),
    ])
    const parts = parseMultipart(body, 'X')
    expect(parts?.map((part) => [part.name, part.filename, part.contentType])).toEqual([
      ['note', undefined, undefined],
      ['media', 'a"b.bin', 'application/octet-stream'],
    ])
    expect(new TextDecoder().decode(parts?.[0]?.data)).toBe('附言')
    expect(parts?.[1]?.data).toEqual(data)
  })

  it("reads WeCom's own example and undoes the browsers' %22 escape", () => {
    const docs = rawMultipart(
      '-------------------------acebdf13572468',
      'form-data; name="media";filename="wework.txt"; filelength=6',
      'application/octet-stream',
      encoder.encode('mytext'),
    )
    const [part] = parseMultipart(docs.body, '-------------------------acebdf13572468') ?? []
    expect(part).toMatchObject({ name: 'media', filename: 'wework.txt' })
    const browser = rawMultipart(
      'B',
      'form-data; name="media"; filename="%22q%22.csv"',
      'text/csv',
      encoder.encode('x'),
    )
    expect(parseMultipart(browser.body, 'B')?.[0]?.filename).toBe('"q".csv')
  })

  it('ignores filename* (WeCom reads only filename)', () => {
    const body = rawMultipart(
      'B',
      `form-data; name="media"; filename*=UTF-8''%E9%80%9A.csv`,
      'text/csv',
      encoder.encode('x'),
    )
    expect(parseMultipart(body.body, 'B')?.[0]?.filename).toBeUndefined()
  })

  it('answers undefined for a body that is cut short or has no boundary', () => {
    expect(
      parseMultipart(encoder.encode('--X\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue'), 'X'),
    ).toBe(undefined)
    expect(parseMultipart(encoder.encode('no boundary here'), 'X')).toBeUndefined()
    expect(parseMultipart(encoder.encode('--X--\r\n'), 'X')).toEqual([])
  })
})
