import { isWeComApiError, isWeComHttpError, WeComValidationError } from '@wecom-kit/core'
import { parseWeComJson } from '@wecom-kit/core/resource-kit'
import { HttpResponse, http } from 'msw'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { BASE, makeClient, rejectionOf, tokenEndpoint, useMsw } from './helpers.js'

const server = useMsw()

afterEach(() => {
  vi.restoreAllMocks()
})

describe('parseWeComJson', () => {
  it('parses raw control characters inside strings (which JSON.parse refuses)', () => {
    const text = '{"errcode":0,"address":"line 1\nline 2","note":"a\tb","odd":"x\u0001y","cr":"\r"}'
    expect(() => JSON.parse(text)).toThrow()
    expect(parseWeComJson(text)).toEqual({
      errcode: 0,
      address: 'line 1\nline 2',
      note: 'a\tb',
      odd: 'x\u0001y',
      cr: '\r',
    })
  })

  it('keeps whitespace between tokens, and escaped characters, as they are', () => {
    const text = '{\n\t"a": "q\\"uote\\\\",\r\n "b": "tab\there", "c": "\\n"\n}'
    expect(parseWeComJson(text)).toEqual({ a: 'q"uote\\', b: 'tab\there', c: '\n' })
  })

  it('returns integers above 2^53 as exact strings, small numbers as numbers', () => {
    const text =
      '{"errcode":0,"errmsg":"ok","msgid":4561255354251345929,"agentid":1000002,"list":[9007199254740993,9007199254740991,1]}'
    const parsed = parseWeComJson(text) as Record<string, unknown>
    expect(parsed.msgid).toBe('4561255354251345929')
    expect(parsed.agentid).toBe(1000002)
    expect(parsed.errcode).toBe(0)
    expect(parsed.list).toEqual(['9007199254740993', 9007199254740991, 1])
  })

  it('handles negative, fractional and exponent numbers without touching them', () => {
    const text =
      '{"big":-4561255354251345929,"neg":-42,"f":2.5,"e":1.5e+20,"E":-2E-7,"z":0,"longfrac":0.12345678901234567890,"id":4561255354251345929}'
    expect(parseWeComJson(text)).toEqual({
      big: '-4561255354251345929',
      neg: -42,
      f: 2.5,
      e: 1.5e20,
      E: -2e-7,
      z: 0,
      longfrac: 0.12345678901234568,
      id: '4561255354251345929',
    })
  })

  it('leaves long digit runs inside strings alone', () => {
    const text =
      '{"userid":"12345678901234567890","url":"https://x/?a=99999999999999999","n":12345678901234567890}'
    expect(parseWeComJson(text)).toEqual({
      userid: '12345678901234567890',
      url: 'https://x/?a=99999999999999999',
      n: '12345678901234567890',
    })
  })

  it('repairs control characters and big integers in one body, after escaped quotes and backslashes', () => {
    const text =
      '{"a\\"b":"c:\\\\","msg":"first\nsecond","msgid":4561255354251345929,"s":"\\"4561255354251345929\\""}'
    expect(parseWeComJson(text)).toEqual({
      'a"b': 'c:\\',
      msg: 'first\nsecond',
      msgid: '4561255354251345929',
      s: '"4561255354251345929"',
    })
  })

  it('takes the plain JSON.parse path for ordinary JSON', () => {
    const text = JSON.stringify({
      errcode: 0,
      errmsg: 'ok',
      userlist: Array.from({ length: 50 }, (_, i) => ({
        userid: `u${i}`,
        name: `用户${i}`,
        department: [1, i],
      })),
    })
    const spy = vi.spyOn(JSON, 'parse')
    const parsed = parseWeComJson(text)
    expect(spy).toHaveBeenCalledTimes(1)
    expect(spy.mock.calls[0]![0]).toBe(text)
    expect(parsed).toEqual(JSON.parse(text))
  })

  it('throws a WeComValidationError on text that is not JSON at all', () => {
    expect(() => parseWeComJson('<html>502 Bad Gateway</html>')).toThrow(WeComValidationError)
    expect(() => parseWeComJson('{"a":1')).toThrow(WeComValidationError)
  })
})

describe('responses go through the WeCom JSON parser', () => {
  it('a body with a raw newline and a big msgid reaches the caller intact', async () => {
    const token = tokenEndpoint()
    server.use(
      token.handler,
      http.post(
        `${BASE}message/send`,
        () =>
          new HttpResponse(
            '{"errcode":0,"errmsg":"ok","invaliduser":"","msgid":4561255354251345929,"note":"a\nb"}',
            { headers: { 'content-type': 'application/json' } },
          ),
      ),
      http.get(
        `${BASE}user/get`,
        () =>
          new HttpResponse('{"errcode":0,"errmsg":"ok","userid":"zhangsan","address":"北京\n海淀区"}', {
            headers: { 'content-type': 'application/json' },
          }),
      ),
    )
    const client = makeClient()
    await expect(client.request('message/send', { json: { msgtype: 'text' } })).resolves.toEqual({
      errcode: 0,
      errmsg: 'ok',
      invaliduser: '',
      msgid: '4561255354251345929',
      note: 'a\nb',
    })
    await expect(client.request('user/get')).resolves.toMatchObject({ address: '北京\n海淀区' })
  })

  it('an errcode answer with a control character in errmsg still becomes a WeComApiError', async () => {
    const token = tokenEndpoint()
    server.use(
      token.handler,
      http.get(`${BASE}user/get`, () => new HttpResponse('{"errcode":60111,"errmsg":"userid not found\n"}')),
    )
    await expect(makeClient().request('user/get')).rejects.toMatchObject({
      name: 'WeComApiError',
      errcode: 60111,
      errmsg: 'userid not found\n',
    })
  })
})

describe('an errcode sent as a string', () => {
  const answering = (body: unknown) => {
    server.use(
      tokenEndpoint().handler,
      http.get(`${BASE}user/get`, () => HttpResponse.json(body as Record<string, unknown>)),
    )
    return makeClient().request('user/get')
  }

  it('a numeric string is an errcode like a number: "60011" fails with 60011 and its hint', async () => {
    const error = await rejectionOf(answering({ errcode: '60011', errmsg: 'no privilege' }))
    expect(isWeComApiError(error) && [error.errcode, error.hint !== undefined]).toEqual([60011, true])
  })

  it('"0" and no errcode at all are success', async () => {
    await expect(answering({ errcode: '0', errmsg: 'ok', userid: 'a' })).resolves.toMatchObject({
      userid: 'a',
    })
    await expect(answering({ userid: 'b' })).resolves.toMatchObject({ userid: 'b' })
  })

  it('an errcode that is no number at all is not taken for success', async () => {
    for (const errcode of ['abc', true, { code: 0 }, '']) {
      const error = await rejectionOf(answering({ errcode, errmsg: 'ok' }))
      expect(isWeComHttpError(error)).toBe(true)
    }
  })
})
