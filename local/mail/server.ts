/**
 * A local stand-in for Resend's email API, for the dev launcher and tests: the API sends to it
 * when `EMAIL_API_URL` points here, and people read the mail at its `/` page. See ./README.md.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { FaultInjector } from '../faults';
import { createMailApp } from './app';
import { MailStore } from './store';

export interface MailStandInOptions {
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** 0 = a free port (tests); the dev launcher uses 8025. */
  port?: number;
  /** The API key senders must present (EMAIL_API_KEY). */
  apiKey: string;
  /** Where messages are kept (created if missing); in memory when absent. */
  dataDir?: string;
  log?: (line: string) => void;
}

export interface MailStandIn {
  /** http://127.0.0.1:PORT: EMAIL_API_URL, and the inbox page. */
  url: string;
  port: number;
  faults: FaultInjector;
  store: MailStore;
  close(): Promise<void>;
}

export async function startMailStandIn(options: MailStandInOptions): Promise<MailStandIn> {
  const host = options.host ?? '127.0.0.1';
  const store = new MailStore(options.dataDir);
  const faults = new FaultInjector();
  const app = createMailApp({
    apiKey: options.apiKey,
    store,
    faults,
    log: options.log ?? (() => {}),
  });
  const server = createAdaptorServer({ fetch: app.fetch, hostname: host }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost =
    host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    faults,
    store,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      });
      return closing;
    },
  };
}
