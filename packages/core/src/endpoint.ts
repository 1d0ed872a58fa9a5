import type * as v from 'valibot'
import type { WeComClient } from './client.js'
import type { HttpMethod } from './hooks.js'
import type { RequestOptions } from './options.js'
import type { WeComResult } from './resource.js'
import { type AnySchema, parseInput, requestOptions } from './validate.js'

/**
 * One WeCom operation as data: what `docs/coverage.md` lists and what a reader looks up. The
 * functions made by `defineEndpoint` and `defineOperation` carry it as `.operation`.
 */
export interface Operation {
  readonly method: HttpMethod
  /** The path under the base URL: `user/get`. */
  readonly path: string
  /**
   * May the call be sent again after it possibly reached WeCom (a timeout, a reset, a 5xx)?
   * Reads and writes that land the same however often they run are; creates and sends are not.
   * Hand-written operations may name a condition instead (`'with duplicate check'`).
   */
  readonly idempotent: boolean | string
  /** The official page: developer.work.weixin.qq.com/document/path/{doc}. */
  readonly doc: number
}

export interface EndpointSpec<S extends AnySchema | undefined, F extends ArgsMapper | undefined, R>
  extends Operation {
  readonly idempotent: boolean
  /** The input's schema; the input is checked before any request is sent. */
  readonly input?: S
  /**
   * Positional arguments → the input object, when the method takes them positionally
   * (`updateTag(client, tagid, tagname)`): `(tagid: number, tagname: string) => ({ tagid, tagname })`.
   * Without it the method takes the input object itself.
   */
  readonly args?: F
  /** Where the input goes: the query string or a JSON body. Default: GET → query, POST → json. */
  readonly to?: 'query' | 'json'
  /** The answer's type, for the type checker only: `returns: {} as ListTagsResult`. */
  readonly returns?: R
  /** The query parameter of the token, when this path wants another than the client's. */
  readonly tokenParam?: string
}

type ArgsMapper = (...args: any[]) => unknown

/** The arguments a defined endpoint takes after the client. */
export type EndpointArgs<S, F> = F extends (...args: infer A) => unknown
  ? A
  : S extends AnySchema
    ? [input: v.InferInput<S>]
    : []

/** A standalone function made from an operation table entry. */
export type Endpoint<A extends unknown[], R> = ((
  client: WeComClient,
  ...args: [...A, options?: RequestOptions]
) => Promise<R>) & { readonly operation: Operation }

/**
 * Makes the standalone function for a plain "check input, call one path" endpoint: it parses
 * the input with the schema (a `WeComValidationError` before any request), sends it in the
 * query or as JSON, and resolves to WeCom's answer. Resource packages write the call as
 * `/* @__PURE__ *\/ defineEndpoint({...})` so that an unused endpoint is left out of a bundle.
 *
 * ```ts
 * export const updateTag = /* @__PURE__ *\/ defineEndpoint({
 *   method: 'POST', path: 'tag/update', doc: 90211, idempotent: true,
 *   input: UpdateTagInput, args: (tagid: number, tagname: string) => ({ tagid, tagname }),
 * })
 * ```
 */
/* @__NO_SIDE_EFFECTS__ */
export function defineEndpoint<
  S extends AnySchema | undefined = undefined,
  F extends (S extends AnySchema ? (...args: never[]) => v.InferInput<S> : never) | undefined = undefined,
  R = WeComResult,
>(spec: EndpointSpec<S, F, R>): Endpoint<EndpointArgs<S, F>, R> {
  const { method, path, input, args, idempotent, tokenParam } = spec
  const to = spec.to ?? (method === 'GET' ? 'query' : 'json')
  // Where the options argument sits: after the positional arguments, or after the one input.
  const arity = args ? args.length : input ? 1 : 0
  const call = async (client: WeComClient, ...rest: unknown[]) => {
    const raw = args ? (args as ArgsMapper)(...rest.slice(0, arity)) : rest[0]
    const checked = input ? (parseInput(input, raw, `${path} input`) as Record<string, never>) : undefined
    return client.request(path, {
      ...requestOptions(rest[arity] as RequestOptions | undefined),
      method,
      ...(checked === undefined ? {} : to === 'query' ? { query: checked } : { json: checked }),
      idempotent,
      ...(tokenParam ? { tokenParam } : {}),
    })
  }
  return Object.assign(call, {
    operation: { method, path, idempotent, doc: spec.doc } satisfies Operation,
  }) as never
}

/**
 * Labels a hand-written function (pagination, uploads, several calls) with the operations it
 * performs, so that `docs/coverage.md` lists it like a defined endpoint. Returns `fn` itself.
 */
/* @__NO_SIDE_EFFECTS__ */
export function defineOperation<Fn extends (client: WeComClient, ...args: never[]) => unknown>(
  operation: Operation | readonly Operation[],
  fn: Fn,
): Fn & { readonly operation: Operation | readonly Operation[] } {
  return Object.assign(fn, { operation })
}
