/**
 * Local Stream Chat emulator: an HTTP server the real `stream-chat` SDK can use as its
 * `baseURL` (`new StreamChat(key, secret, { baseURL: emulator.url })`). Protocol choices, the
 * grants model and known differences from Stream: ./README.md.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { FaultInjector } from '../faults';
import { createStreamApp } from './app';
import { StreamStore } from './store';

export interface StreamEmulatorOptions {
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** 0 (default) picks a free port; the dev launcher uses 3030. */
  port?: number;
  apiKey: string;
  apiSecret: string;
  /** One line per request and per internal error; silent by default. */
  log?: (line: string) => void;
}

export interface StreamEmulator {
  /** `http://127.0.0.1:PORT`, usable as the SDK's `baseURL` (no trailing slash). */
  url: string;
  port: number;
  faults: FaultInjector;
  close(): Promise<void>;
}

export async function startStreamEmulator(options: StreamEmulatorOptions): Promise<StreamEmulator> {
  const host = options.host ?? '127.0.0.1';
  const faults = new FaultInjector();
  const store = new StreamStore();
  const app = createStreamApp({
    store,
    faults,
    apiKey: options.apiKey,
    apiSecret: options.apiSecret,
    log: options.log ?? (() => {}),
  });

  const server = serve({ fetch: app.fetch, hostname: host, port: options.port ?? 0 });
  const port = await new Promise<number>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.once('listening', () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });

  // A wildcard listen address is not something to connect to; loopback reaches it.
  const connectHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const urlHost = connectHost.includes(':') ? `[${connectHost}]` : connectHost;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    faults,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets (the SDK uses an agent with keepAlive) would hold close() open.
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}
