/**
 * What a parity scenario gets: user clients of the `stream-chat` SDK connected to the emulator
 * over the WebSocket (the SDK's Node build under vitest, its browser build in Chromium), and the
 * server side for set-up through a bridge (in Node a server client; in a page the same client
 * in the Node runner, reached through a function the runner exposes, so no secret reaches the
 * page). Scenarios use only this, the SDK and ./assert.ts.
 */
import { type Channel, type Event, type MessageResponse, StreamChat } from 'stream-chat';
import { eventually } from './assert';

export interface ChannelRef {
  type: string;
  id: string;
  data?: Record<string, unknown>;
}

type Method<T> = {
  [K in keyof T & string]: T[K] extends (...args: never[]) => Promise<unknown> ? K : never;
}[keyof T & string];
type ArgsOf<T, M extends keyof T> = T[M] extends (...args: infer A) => unknown ? A : never;
type ResultOf<T, M extends keyof T> = T[M] extends (...args: never[]) => Promise<infer R>
  ? R
  : never;

/**
 * Server-side calls by the runner's server client. Arguments and results cross as JSON (dates
 * arrive as strings); a failure arrives as an error with Stream's `status` and `code`.
 */
export interface ServerBridge {
  /** `server[method](...args)`. */
  call<M extends Method<StreamChat>>(
    method: M,
    args: ArgsOf<StreamChat, M>,
  ): Promise<ResultOf<StreamChat, M>>;
  /** `server.channel(type, id, data)[method](...args)`. */
  channelCall<M extends Method<Channel>>(
    channel: ChannelRef,
    method: M,
    args: ArgsOf<Channel, M>,
  ): Promise<ResultOf<Channel, M>>;
  /** A user token for `userId`. */
  token(userId: string): Promise<string>;
}

export interface ParityContext {
  readonly server: ServerBridge;
  /** The emulator's URL (the SDK's `baseURL`). */
  readonly baseURL: string;
  /** A user client connected with `connectUser` (disconnected after the scenario). */
  connect(userId: string): Promise<StreamChat>;
  /** A user client with a token and no WebSocket (REST calls only; works for users who cannot connect). */
  rest(userId: string): Promise<StreamChat>;
  /** Something `channel.sendFile` / `sendImage` upload with this name and type. */
  file(bytes: Uint8Array, name: string, type: string): File;
  /** Upserts users, each named after its id with a capital first letter. */
  users(...ids: string[]): Promise<void>;
  /** Creates `<type>:<id>` server-side, created by the first member. */
  channel(
    id: string,
    members: string[],
    data?: Record<string, unknown>,
    type?: string,
  ): Promise<void>;
  /** Sends a message server-side as `userId`; the message as Stream answers it. */
  send(id: string, userId: string, message: Record<string, unknown>): Promise<MessageResponse>;
  /** Replaces roles' grants of a channel type, `messaging` by default (UpdateChannelType `grants`). */
  grants(grants: Record<string, string[]>, type?: string): Promise<void>;
  /** The events of `type` that `client` has received so far (since it connected). */
  received(client: StreamChat, type: string): Event[];
  /** The first event `client` received (since it connected) of `type` that `match` accepts. */
  event(client: StreamChat, type: string, match?: (event: Event) => boolean): Promise<Event>;
}

/** A bridge call as it crosses from a page to the Node runner. */
export type BridgeCall =
  | { kind: 'call'; method: string; args: unknown[] }
  | { kind: 'channelCall'; channel: ChannelRef; method: string; args: unknown[] }
  | { kind: 'token'; userId: string };

/** A bridge call's outcome as it crosses back: the value, or the Stream error's fields. */
export type BridgeAnswer =
  | { value: unknown }
  | { error: { message: string; status?: number; code?: number } };

/** Runs `call` on `bridge` (the Node side of a page's bridge) and never throws. */
export async function answerBridgeCall(
  bridge: ServerBridge,
  call: BridgeCall,
): Promise<BridgeAnswer> {
  try {
    switch (call.kind) {
      case 'call':
        return { value: await bridge.call(call.method as never, call.args as never) };
      case 'channelCall':
        return {
          value: await bridge.channelCall(call.channel, call.method as never, call.args as never),
        };
      case 'token':
        return { value: await bridge.token(call.userId) };
    }
  } catch (caught) {
    const { message, status, code } = caught as { message: string; status?: number; code?: number };
    return { error: { message, status, code } };
  }
}

/** The page side: a bridge whose calls go through `send`; errors keep `status` and `code`. */
export function bridgeOver(send: (call: BridgeCall) => Promise<BridgeAnswer>): ServerBridge {
  const answer = async (call: BridgeCall): Promise<never> => {
    const outcome = await send(call);
    if ('error' in outcome) throw Object.assign(new Error(outcome.error.message), outcome.error);
    return outcome.value as never;
  };
  return {
    call: (method, args) => answer({ kind: 'call', method, args }),
    channelCall: (channel, method, args) => answer({ kind: 'channelCall', channel, method, args }),
    token: (userId) => answer({ kind: 'token', userId }),
  };
}

export type Scenario = (ctx: ParityContext) => Promise<void>;

export interface ParityRun {
  context: ParityContext;
  /** Disconnects every client the scenario connected. */
  close(): Promise<void>;
}

const capitalized = (id: string) => id.charAt(0).toUpperCase() + id.slice(1);

/** A browser's upload body; the Node runner passes its own (see `createParityContext`). */
const browserFile = (bytes: Uint8Array, name: string, type: string) =>
  new File([bytes as Uint8Array<ArrayBuffer>], name, { type });

export function createParityContext(options: {
  baseURL: string;
  apiKey: string;
  server: ServerBridge;
  /** What uploads send; a `File` unless given (the SDK's Node build needs a `Buffer`). */
  file?: ParityContext['file'];
}): ParityRun {
  const { server, baseURL } = options;
  const clients: StreamChat[] = [];
  const received = new Map<StreamChat, Event[]>();
  const newClient = () => {
    const client = new StreamChat(options.apiKey, { baseURL, allowServerSideConnect: true });
    clients.push(client);
    return client;
  };
  const context: ParityContext = {
    server,
    baseURL,
    file: options.file ?? browserFile,
    async connect(userId) {
      const client = newClient();
      const events: Event[] = [];
      client.on((event) => {
        events.push(event);
      });
      received.set(client, events);
      await client.connectUser({ id: userId }, await server.token(userId));
      return client;
    },
    async rest(userId) {
      const client = newClient();
      await client._setToken({ id: userId }, await server.token(userId));
      client._setUser({ id: userId });
      return client;
    },
    async users(...ids) {
      await server.call('upsertUsers', [ids.map((id) => ({ id, name: capitalized(id) }))]);
    },
    async channel(id, members, data = {}, type = 'messaging') {
      const ref = { type, id, data: { created_by_id: members[0], members, ...data } };
      await server.channelCall(ref, 'create', []);
    },
    async send(id, userId, message) {
      const answer = await server.channelCall({ type: 'messaging', id }, 'sendMessage', [
        { ...message, user_id: userId },
      ]);
      return answer.message;
    },
    async grants(grants, type = 'messaging') {
      await server.call('updateChannelType', [
        type,
        { automod: 'disabled', automod_behavior: 'flag', max_message_length: 5000, grants },
      ]);
    },
    received(client, type) {
      return (received.get(client) ?? []).filter((event) => event.type === type);
    },
    event(client, type, match = () => true) {
      const events = received.get(client) ?? [];
      return eventually(
        () => events.find((event) => event.type === type && match(event)),
        `event ${type}`,
      );
    },
  };
  return {
    context,
    async close() {
      await Promise.all(clients.splice(0).map((client) => client.disconnectUser()));
    },
  };
}
