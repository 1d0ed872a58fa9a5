// The WebSocket the bot connects with: the platform's global `WebSocket` where there is one
// (Node ≥ 22, Bun, Deno), else the `ws` package (Node 20), loaded only then. Both speak the
// WHATWG interface used here; `ws` hands text frames to `message` listeners as strings too.

/** The part of the WHATWG WebSocket the bot uses. */
export interface WebSocketLike {
  readonly readyState: number
  send(data: string): void
  close(code?: number, reason?: string): void
  addEventListener(type: 'open' | 'message' | 'close' | 'error', listener: (event: any) => void): void
}

/**
 * A WebSocket class: `globalThis.WebSocket`, `ws`'s `WebSocket`, or your own subclass (to go
 * through a proxy: `class extends WebSocket { constructor(url) { super(url, { agent }) } }`).
 */
export type WebSocketConstructor = new (url: string) => WebSocketLike

export const OPEN = 1

export async function resolveWebSocket(
  given: WebSocketConstructor | undefined,
): Promise<WebSocketConstructor> {
  if (given) return given
  const global = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket
  if (typeof global === 'function') return global
  const ws = await import('ws')
  return (ws.WebSocket ??
    (ws as unknown as { default: WebSocketConstructor }).default) as WebSocketConstructor
}

/** A frame's text: a string from the global WebSocket and `ws`, bytes from some others. */
export function frameText(data: unknown): string | undefined {
  if (typeof data === 'string') return data
  if (data instanceof ArrayBuffer) return new TextDecoder().decode(data)
  if (ArrayBuffer.isView(data)) return new TextDecoder().decode(data)
  return undefined
}
