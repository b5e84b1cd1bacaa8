/**
 * Local Stream Chat emulator: an HTTP + WebSocket server the real `stream-chat` SDK can use
 * as its `baseURL`, server-side (`new StreamChat(key, secret, { baseURL })`) and in a
 * frontend (`new StreamChat(key, { baseURL })` + `connectUser`). What it emulates, the
 * choices it makes where Stream's behaviour is undocumented, and what it does not do are in
 * ./README.md.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { FaultInjector } from '../faults';
import { createStreamApp } from './app';
import { persistStore } from './persistence';
import { StreamStore } from './store';
import { diskUploadStorage, memoryUploadStorage } from './uploads';
import { type HookOptions, Hooks } from './webhooks/hooks';
import { createConnectEndpoint } from './ws/connect';
import { ConnectionRegistry } from './ws/connections';
import { routeEvents } from './ws/events';

export type { HookOptions } from './webhooks/hooks';

/** stream-chat-js derives its WebSocket URL by replacing `:3030` with `:8800` (only that). */
export const SDK_REST_PORT = 3030;
export const SDK_WS_PORT = 8800;

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
   * Keep state (and uploaded files, under `uploads/`) in this directory across restarts
   * (`npm run dev` uses `.data/stream`).
   * Without it (tests), state is in memory only and starts empty.
   */
  dataDir?: string;
  /** Serve the chat page at `/__playground` (npm run dev); off by default. */
  playground?: boolean;
  /** One line per request and per internal error; silent by default. */
  log?: (line: string) => void;
  /**
   * Webhook timing and record size. Defaults are Stream's (6 s per attempt, 15 s in all,
   * 0.5 s then 1 s between attempts); tests shorten them.
   */
  hooks?: HookOptions;
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
  const registry = new ConnectionRegistry((cid, userId, watching) => {
    const channel = store.channels.get(cid);
    const type = watching ? 'user.watching.start' : 'user.watching.stop';
    if (channel) store.emit({ type, channel, userId });
  });
  store.isConnected = (userId) => registry.isOnline(userId);
  const stopRouting = routeEvents(store, registry);
  const credentials = { apiKey: options.apiKey, apiSecret: options.apiSecret };
  const hooks = new Hooks({
    store,
    ...credentials,
    log,
    watcherCount: (cid) => registry.watcherCount(cid),
    ...(options.hooks ? { options: options.hooks } : {}),
  });
  const stopHooks = hooks.start();
  const app = createStreamApp({
    store,
    faults,
    ...credentials,
    log,
    watches: registry,
    hooks,
    uploads: options.dataDir ? diskUploadStorage(options.dataDir) : memoryUploadStorage(),
    playground: options.playground ?? false,
  });
  const connect = createConnectEndpoint({ store, registry, credentials, log });

  const server = serve({ fetch: app.fetch, hostname: host, port: options.port ?? 0 }) as Server;
  server.on('upgrade', connect.handleUpgrade);
  const port = await listening(server).catch((error: unknown) => {
    stopHooks();
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
      stopHooks();
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
      stopHooks();
      await hooks.close();
      // 1001 "going away": the SDK reconnects when the emulator comes back.
      registry.closeAll(1001, 'emulator shutting down');
      connect.close();
      await Promise.all(servers.map(closeServer));
      persistence?.close();
    },
  };
}
