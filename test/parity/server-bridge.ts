/**
 * The Node side of ./context.ts `ServerBridge`: a `stream-chat` server client on the emulator.
 * Results are JSON-cloned, as they are when they cross into a browser page.
 */
import { StreamChat } from 'stream-chat';
import type { ChannelRef, ServerBridge } from './context';

type Callable = Record<string, (...args: unknown[]) => Promise<unknown>>;

export function nodeServerBridge(baseURL: string, apiKey: string, apiSecret: string): ServerBridge {
  const server = new StreamChat(apiKey, apiSecret, { baseURL });
  const plain = (value: unknown) =>
    value === undefined ? null : JSON.parse(JSON.stringify(value));
  const invoke = async (target: object, method: string, args: unknown[]) => {
    const fn = (target as Callable)[method];
    if (typeof fn !== 'function') throw new Error(`no server method ${method}`);
    return plain(await fn.apply(target, args));
  };
  return {
    call: (method, args) => invoke(server, method, args) as never,
    channelCall: (ref: ChannelRef, method, args) =>
      invoke(server.channel(ref.type, ref.id, ref.data ?? {}), method, args) as never,
    token: async (userId) => server.createToken(userId),
  };
}
