/**
 * A local stand-in for Neon's SQL-over-HTTP endpoint (`/sql`), for the dev launcher and tests.
 * Point the driver at it with `neonConfig.fetchEndpoint = standIn.sqlEndpoint`.
 *
 * Engine: PGlite in process by default (persisted when `dataDir` is given, else in memory), or a
 * real PostgreSQL when `postgresUrl` is given. Protocol details and their sources: ./README.md.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { FaultInjector } from '../faults';
import { createNeonApp } from './app';
import type { Engine } from './engine';
import { createPgEngine } from './pg-engine';
import { createPgliteEngine } from './pglite-engine';

export interface NeonStandInOptions {
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** 0 = a free port (tests); the dev launcher uses 4444. */
  port?: number;
  /** PGlite data directory (created if missing). In memory when absent. Ignored with postgresUrl. */
  dataDir?: string;
  /** Use this PostgreSQL (through `pg`) instead of PGlite. */
  postgresUrl?: string;
  /** Request body limit; above it the answer is 413. Default 64 MB, Neon's documented limit. */
  maxRequestBytes?: number;
  /** Limit on the result rows of one response; above it the answer is 507. Default 64 MB. */
  maxResponseBytes?: number;
  /** One line per request and for engine trouble. Silent when absent. */
  log?: (line: string) => void;
}

export interface NeonStandIn {
  /** http://127.0.0.1:PORT */
  url: string;
  /** url + '/sql', the value for neonConfig.fetchEndpoint. */
  sqlEndpoint: string;
  port: number;
  engineName: 'pglite' | 'postgres';
  faults: FaultInjector;
  close(): Promise<void>;
}

export const DEFAULT_MAX_REQUEST_BYTES = 64 * 1024 * 1024;
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

export async function startNeonStandIn(options: NeonStandInOptions = {}): Promise<NeonStandIn> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => {});

  const engine: Engine = options.postgresUrl
    ? await createPgEngine({ connectionString: options.postgresUrl, log })
    : await createPgliteEngine({ dataDir: options.dataDir, log });

  const faults = new FaultInjector();
  const app = createNeonApp({
    engine,
    faults,
    maxRequestBytes: options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES,
    maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    log,
  });

  // createAdaptorServer without TLS/HTTP2 options builds a node:http Server.
  const server = createAdaptorServer({ fetch: app.fetch, hostname: host }) as Server;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await engine.close();
    throw err;
  }

  const port = (server.address() as AddressInfo).port;
  const url = `http://${urlHost(host)}:${port}`;
  log(`[neon] SQL-over-HTTP stand-in (${engine.name}) at ${url}/sql`);

  let closing: Promise<void> | undefined;
  return {
    url,
    sqlEndpoint: `${url}/sql`,
    port,
    engineName: engine.name,
    faults,
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        // Keep-alive sockets would otherwise hold close() open until they time out.
        server.closeAllConnections?.();
        await stopped;
        await engine.close();
      })();
      return closing;
    },
  };
}

/** The host part of a URL that reaches `host` (wildcard binds are reached via loopback). */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
