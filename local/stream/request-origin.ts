/**
 * Which kind of token made the change being applied: Stream's `request_info.type` on webhook
 * events ("client" for user tokens, "server" for the API secret,
 * https://getstream.io/chat/docs/node/webhooks_overview/). The operation middleware runs each
 * handler inside `withOrigin`; bus listeners run synchronously inside `emit`, so they read the
 * origin of the call that caused the event without every rule module passing it along.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export type RequestOrigin = 'client' | 'server';

const storage = new AsyncLocalStorage<RequestOrigin>();

export function withOrigin<T>(origin: RequestOrigin, run: () => T): T {
  return storage.run(origin, run);
}

/** Outside an operation (the WebSocket handshake creating its user) the change is a client's. */
export function currentOrigin(): RequestOrigin {
  return storage.getStore() ?? 'client';
}
