import { errcodeMessage } from './errcodes.js'

/** A WeCom JSON answer: errcode and errmsg first, then the endpoint's fields. */
export interface Answer {
  errcode: number
  errmsg: string
  [field: string]: unknown
}

/** A refusal from an endpoint or a domain rule, turned into an Answer at the edge. */
export interface Failure {
  readonly failure: true
  readonly errcode: number
  /** Extra words after WeCom's wording, e.g. which field was wrong. */
  readonly detail?: string | undefined
  /** WeCom's wording for this one API when it differs from the usual one (tag/addtagusers' 40070). */
  readonly wording?: string | undefined
  /** Fields WeCom sends along with the error (message/send's 81013 lists the invalid recipients). */
  readonly fields?: Record<string, unknown> | undefined
}

export function fail(errcode: number, detail?: string): Failure {
  return { failure: true, errcode, detail }
}

/** A failure whose errmsg starts with the API's own wording rather than the errcode's usual one. */
export function failWith(errcode: number, wording: string): Failure {
  return { failure: true, errcode, wording }
}

/** A failure whose answer carries more than errcode and errmsg. */
export function failWithFields(errcode: number, fields: Record<string, unknown>, detail?: string): Failure {
  return { failure: true, errcode, detail, fields }
}

export function isFailure(value: unknown): value is Failure {
  return typeof value === 'object' && value !== null && (value as { failure?: unknown }).failure === true
}

export function ok(fields: Record<string, unknown> = {}, errmsg = 'ok'): Answer {
  return { errcode: 0, errmsg, ...fields }
}

let hintCounter = 0

/**
 * WeCom's error wording: `<message>, hint: [<ts>_<n>_<hex>], more info at <devtool url>`.
 * The hint differs on every answer, as WeCom's does, so nobody asserts on the whole errmsg.
 * (WeCom also says `from ip: …`; left out because the msw face cannot know the caller's IP.)
 */
export function errorMessage(errcode: number, detail?: string, wording = errcodeMessage(errcode)): string {
  const message = detail ? `${wording}: ${detail}` : wording
  hintCounter = (hintCounter + 1) % 1000
  const hint = `${Math.floor(Date.now() / 1000)}_${hintCounter}_${randomHex(16)}`
  return `${message}, hint: [${hint}], more info at https://open.work.weixin.qq.com/devtool/query?e=${errcode}`
}

export function failureAnswer(failure: Failure): Answer {
  return {
    errcode: failure.errcode,
    errmsg: errorMessage(failure.errcode, failure.detail, failure.wording),
    ...failure.fields,
  }
}

export function toAnswer(outcome: Answer | Failure): Answer {
  return isFailure(outcome) ? failureAnswer(outcome) : outcome
}

/**
 * HTTP 200 with JSON, as WeCom answers even on errors. WeCom repeats errcode/errmsg in
 * `error-code`/`error-msg` headers; a header cannot carry non-Latin-1 text, so a custom
 * errmsg that has some is left out of the header.
 */
export function jsonResponse(answer: Answer, status = 200): Response {
  const headers = new Headers({ 'content-type': 'application/json; charset=UTF-8' })
  headers.set('error-code', String(answer.errcode))
  if (/^[\x20-\x7e]*$/.test(answer.errmsg)) headers.set('error-msg', answer.errmsg)
  return new Response(JSON.stringify(answer), { status, headers })
}

function randomHex(bytes: number): string {
  const buffer = crypto.getRandomValues(new Uint8Array(bytes))
  return Array.from(buffer, (b) => b.toString(16).padStart(2, '0')).join('')
}
