import type { WeComClient } from './client.js'

/** Every WeCom answer carries these; resource methods resolve only when errcode is 0. */
export interface WeComResult {
  errcode: number
  errmsg: string
}

/** A namespace that `client.with(...)` attaches: `client[name] = create(client)`. */
export interface Resource<Name extends string = string, Api = unknown> {
  readonly name: Name
  readonly create: (client: WeComClient) => Api
}

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void
  ? I
  : never

/** The property a resource adds to a client: `{ users: UsersApi }` for the users resource. */
export type Namespace<R> = R extends Resource<infer Name, infer Api> ? { readonly [K in Name]: Api } : never

/** The namespaces a list of resources adds to a client. */
export type WithResources<R extends readonly Resource[]> = R extends readonly []
  ? unknown
  : UnionToIntersection<Namespace<R[number]>>

/**
 * Declares a resource. `create` runs when the resource is attached, never at import time, so
 * importing a resource package has no side effects. Resource packages write the call as
 * `/* @__PURE__ *\/ defineResource(…)`: esbuild honours the annotation below only within this
 * file, and without it an app importing one standalone function would bundle the namespace.
 */
/* @__NO_SIDE_EFFECTS__ */
export function defineResource<const Name extends string, Api>(
  name: Name,
  create: (client: WeComClient) => Api,
): Resource<Name, Api> {
  return { name, create }
}

/** Turns `fn(client, ...args)` functions into methods bound to one client. */
/* @__NO_SIDE_EFFECTS__ */
export function bindAll<Fns extends Record<string, (client: WeComClient, ...args: any[]) => unknown>>(
  client: WeComClient,
  fns: Fns,
): {
  [K in keyof Fns]: Fns[K] extends (client: WeComClient, ...args: infer A) => infer R
    ? Fns[K] extends { readonly operation: infer O }
      ? ((...args: A) => R) & { readonly operation: O }
      : (...args: A) => R
    : never
} {
  const bound: Record<string, unknown> = {}
  for (const name in fns) {
    const fn = fns[name]! as Fns[string] & { operation?: unknown }
    const method = (...args: unknown[]) => fn(client, ...args)
    // The operation table travels with the method, for docs/coverage.md and for tools.
    bound[name] = fn.operation ? Object.assign(method, { operation: fn.operation }) : method
  }
  return bound as never
}
