/**
 * What a parity scenario gets: user clients of the `stream-chat` SDK connected to the emulator
 * over the WebSocket (the SDK's Node build under vitest, its browser build in Chromium), and the
 * server side for set-up through a bridge (in Node a server client; in a page the same client
 * in the Node runner, reached through a function the runner exposes, so no secret reaches the
 * page). Scenarios use only this, the SDK and ./assert.ts.
 */
import { type Event, StreamChat } from 'stream-chat';
import { eventually } from './assert';

export interface ChannelRef {
  type: string;
  id: string;
  data?: Record<string, unknown>;
}

/** Server-side calls by the runner's server client; arguments and results cross as JSON. */
export interface ServerBridge {
  /** `server[method](...args)`. */
  call(method: string, args: unknown[]): Promise<unknown>;
  /** `server.channel(type, id, data)[method](...args)`. */
  channelCall(channel: ChannelRef, method: string, args: unknown[]): Promise<unknown>;
  /** A user token for `userId`. */
  token(userId: string): Promise<string>;
}

export interface ParityContext {
  readonly server: ServerBridge;
  /** A user client connected with `connectUser` (disconnected after the scenario). */
  connect(userId: string): Promise<StreamChat>;
  /** Upserts users, each named after its id with a capital first letter. */
  users(...ids: string[]): Promise<void>;
  /** Creates `messaging:<id>` server-side, created by the first member. */
  channel(id: string, members: string[], data?: Record<string, unknown>): Promise<void>;
  /** Sends a message server-side as `userId`; the message as Stream answers it. */
  send(
    id: string,
    userId: string,
    message: Record<string, unknown>,
  ): Promise<{ id: string } & Record<string, unknown>>;
  /** Replaces roles' grants of the `messaging` type (Stream's UpdateChannelType `grants`). */
  grants(grants: Record<string, string[]>): Promise<void>;
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

export function dispatchBridgeCall(bridge: ServerBridge, call: BridgeCall): Promise<unknown> {
  switch (call.kind) {
    case 'call':
      return bridge.call(call.method, call.args);
    case 'channelCall':
      return bridge.channelCall(call.channel, call.method, call.args);
    case 'token':
      return bridge.token(call.userId);
  }
}

export type Scenario = (ctx: ParityContext) => Promise<void>;

export interface ParityRun {
  context: ParityContext;
  /** Disconnects every client the scenario connected. */
  close(): Promise<void>;
}

const capitalized = (id: string) => id.charAt(0).toUpperCase() + id.slice(1);

export function createParityContext(options: {
  baseURL: string;
  apiKey: string;
  server: ServerBridge;
}): ParityRun {
  const { server } = options;
  const clients: StreamChat[] = [];
  const received = new Map<StreamChat, Event[]>();
  const context: ParityContext = {
    server,
    async connect(userId) {
      const client = new StreamChat(options.apiKey, {
        baseURL: options.baseURL,
        allowServerSideConnect: true,
      });
      const events: Event[] = [];
      client.on((event) => {
        events.push(event);
      });
      received.set(client, events);
      clients.push(client);
      await client.connectUser({ id: userId }, await server.token(userId));
      return client;
    },
    async users(...ids) {
      await server.call('upsertUsers', [ids.map((id) => ({ id, name: capitalized(id) }))]);
    },
    async channel(id, members, data = {}) {
      const ref = { type: 'messaging', id, data: { created_by_id: members[0], members, ...data } };
      await server.channelCall(ref, 'create', []);
    },
    async send(id, userId, message) {
      const answer = (await server.channelCall({ type: 'messaging', id }, 'sendMessage', [
        { ...message, user_id: userId },
      ])) as { message: { id: string } & Record<string, unknown> };
      return answer.message;
    },
    async grants(grants) {
      await server.call('updateChannelType', [
        'messaging',
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
