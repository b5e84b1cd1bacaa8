/**
 * Local Stream Chat emulator: an HTTP server the real `stream-chat` SDK can use as its
 * `baseURL` (`new StreamChat(key, secret, { baseURL: emulator.url })`). It speaks the
 * server-side REST subset this product uses, with Stream's auth, request/response shapes and
 * error bodies (see /work/shared/docs/stream-api.md), keeps state in memory, and adds a
 * local-only control surface (`/__control`: health, state inspection, reset, faults).
 *
 * Choices where the reference is unsure ([Unsure] in stream-api.md) or silent:
 *  - Status codes: 201 for UpdateUsers, GetOrCreateChannel, SendMessage, UpdateChannel and
 *    QueryChannels (the OpenAPI document's create-style POSTs), 200 for the rest.
 *  - Auth failure wording: wrong secret → 401 code 5 "Token signature is invalid" (recent
 *    REST behaviour, not the docs' 43); expired → 40 "JWTAuth error: token is expired (exp)";
 *    nbf → 41; iat in the future → 42; missing/invalid stream-auth-type → 401 code 5
 *    "stream-auth-type missing or invalid" (observed); missing Authorization → code 5
 *    "JWTAuth error: Authorization header is missing"; wrong segment count → code 5
 *    "JWTAuth error: token contains an invalid number of segments" (observed).
 *    "api_key is invalid" uses the 2019 wording (current wording unknown).
 *  - User tokens: accepted only on GetOrCreateChannel, SendMessage and QueryChannels, and only
 *    for channels the user is a member of (403 code 17, Stream's "User 'x' with role 'y' is
 *    not allowed to perform action ReadChannel in scope 'messaging'" wording). A user token
 *    may create a channel only if it lists the user as a member. With multi_tenant_enabled,
 *    the channel's team must also be one of the user's teams. Other ops → 403 code 17.
 *  - GetOrCreateChannel: created_by/created_by_id is required only when the channel is
 *    created; an existing channel is read without applying `data`. A `created_by` object
 *    creates an unknown user; a bare `created_by_id` of an unknown user is a code-4 error
 *    ("The following users are involved in channel create operation, but don't exist: [..]"),
 *    the create-side twin of Stream's 2023 UpdateChannel wording. The `state` flag is ignored:
 *    members and messages are always returned. Default `messages.limit` is 25; above 300 it is
 *    capped silently; an explicit 0 returns no messages. An `id_lt`/`id_gt`/... cursor naming
 *    a message that is not in the channel is a code-4 error. `id_around`, `created_at_around`
 *    and message `offset` are refused (not emulated). With a lower bound (`id_gt(e)`,
 *    `created_at_after*`) the page is the first N after it, otherwise the latest N.
 *  - Unknown channel type → 400 code 4 `channel type "x" does not exist`. Bad channel ids →
 *    code 4 (the '!' case uses Stream's observed wording; length/characters use our own).
 *  - Missing channel on send/update/delete → 404 code 16 "Can't find channel with id <cid>".
 *  - SendMessage: text longer than max_message_length (5000, counted in code points) → 400
 *    code 20 "The message you are trying to send is larger than 5000 characters" (the
 *    documented code; the observed 2xx `type:"error"` variant is not emulated). A
 *    `message.user` object creates an unknown user; an unknown `user_id` is a code-4 error.
 *    Generated ids are UUIDv4. Frozen channels refuse user-token messages only.
 *    `html` is a small markdown rendering (paragraphs, code, bold, italics, links).
 *  - Message ids of a soft-deleted channel stay taken (the messages still exist, hidden);
 *    a hard delete frees them.
 *  - UpdateChannel: `data` replaces all custom fields; team/frozen/disabled change only when
 *    present; `data.members`/`created_by*` are ignored (use add_members). An optional
 *    `message` becomes a `system` message unless it names a type. add_moderators /
 *    demote_moderators / assign_roles need existing members. invites, filter tags and
 *    cooldown are refused as not emulated; hide_history is accepted and has no effect.
 *  - UpdateChannelPartial: set/unset both empty → code 4; reserved fields (created_at,
 *    updated_at, members, member_count, id, cid, type, config, created_by(_id), ...) → 403
 *    code 17 "field `x` is reserved and cannot updated" (observed wording, server-side Unsure).
 *  - DeleteChannel: soft-deleting twice → 404; a soft-deleted channel can still be hard-deleted.
 *  - QueryChannels: `limit` default 10, capped at 30 silently (observed), limit 0 = default;
 *    offset > 1000 and member_limit outside 0..100 → code 4 (observed wording); message_limit
 *    default 25, capped at 300. Default sort last_updated desc (= later of last_message_at and
 *    updated_at); channels without a value for a sort field come last in either direction;
 *    ties by cid. Unsupported filter operators → code 4 instead of being ignored.
 *    watch/presence true without connection_id → code 4 (also on GetOrCreateChannel).
 *  - UpdateUsers: full replace (role falls back to "user", teams to []), created_at kept;
 *    the map key is used when a user object has no id; invalid ids → code 4 (own wording).
 *  - Custom channel data over 5 KB → 413 code 22 (status observed, code from the table).
 *  - Not emulated: read state (`read` is always []), watchers, reactions, threads list,
 *    webhooks, rate limiting (X-RateLimit-* headers are static), token revocation.
 *  - Faults run before authentication; `fail`/`drop` skip the operation, latency-only rules
 *    delay it and then apply it (a slow Stream still does the work after a client timeout).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { FaultInjector } from '../faults';
import { createStreamApp } from './app';
import { persistStore } from './persistence';
import { StreamStore } from './store';
import { createConnectEndpoint } from './ws/connect';
import { ConnectionRegistry } from './ws/connections';
import { routeEvents } from './ws/events';

/** stream-chat-js derives its WebSocket URL by replacing `:3030` with `:8800` (only that). */
const SDK_REST_PORT = 3030;
const SDK_WS_PORT = 8800;

export interface StreamEmulatorOptions {
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** 0 (default) picks a free port; the dev launcher uses 3030. */
  port?: number;
  /**
   * A second port serving only the client WebSocket (`/connect`). Default: 8800 when `port`
   * is 3030, because that is where the SDK then looks; otherwise none (the WebSocket is
   * always served on the REST port too, which the SDK uses for any other port).
   */
  wsPort?: number;
  apiKey: string;
  apiSecret: string;
  /**
   * Keep state in this directory across restarts (`npm run dev` uses `.data/stream`).
   * Without it (tests), state is in memory only and starts empty.
   */
  dataDir?: string;
  /** One line per request and per internal error; silent by default. */
  log?: (line: string) => void;
}

export interface StreamEmulator {
  /** `http://127.0.0.1:PORT`, usable as the SDK's `baseURL` (no trailing slash). */
  url: string;
  port: number;
  /** Where the SDK opens its WebSocket for `url`: `ws://HOST:PORT` (8800 for port 3030). */
  wsUrl: string;
  wsPort: number;
  faults: FaultInjector;
  close(): Promise<void>;
}

function listening(server: Server): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.once('listening', () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Keep-alive sockets (the SDK uses an agent with keepAlive) would hold close() open.
    server.closeAllConnections();
  });
}

export async function startStreamEmulator(options: StreamEmulatorOptions): Promise<StreamEmulator> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => {});
  const faults = new FaultInjector();
  const store = new StreamStore((error) => log(`event listener failed: ${String(error)}`));
  const persistence = options.dataDir ? persistStore(store, options.dataDir, log) : undefined;
  const registry = new ConnectionRegistry();
  const stopRouting = routeEvents(store, registry);
  const credentials = { apiKey: options.apiKey, apiSecret: options.apiSecret };
  const app = createStreamApp({ store, faults, ...credentials, log, watches: registry });
  const connect = createConnectEndpoint({ store, registry, credentials, log });

  const server = serve({ fetch: app.fetch, hostname: host, port: options.port ?? 0 }) as Server;
  server.on('upgrade', connect.handleUpgrade);
  const port = await listening(server).catch((error: unknown) => {
    persistence?.close();
    throw error;
  });

  const servers = [server];
  const wsPortOption = options.wsPort ?? (port === SDK_REST_PORT ? SDK_WS_PORT : undefined);
  let wsPort = port;
  if (wsPortOption !== undefined) {
    const wsServer = createServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('WebSocket only: GET /connect');
    });
    wsServer.on('upgrade', connect.handleUpgrade);
    wsServer.listen(wsPortOption, host);
    try {
      wsPort = await listening(wsServer);
    } catch (error) {
      await closeServer(server);
      persistence?.close();
      throw error;
    }
    servers.push(wsServer);
  }

  // A wildcard listen address is not something to connect to; loopback reaches it.
  const connectHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const urlHost = connectHost.includes(':') ? `[${connectHost}]` : connectHost;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    wsUrl: `ws://${urlHost}:${wsPort}`,
    wsPort,
    faults,
    close: async () => {
      stopRouting();
      // 1001 "going away": the SDK reconnects when the emulator comes back.
      registry.closeAll(1001, 'emulator shutting down');
      connect.close();
      await Promise.all(servers.map(closeServer));
      persistence?.close();
    },
  };
}
