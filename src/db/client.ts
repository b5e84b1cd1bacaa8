/**
 * Drizzle over the Neon serverless HTTP driver. Configuration decides local vs. cloud: with
 * NEON_HTTP_ENDPOINT set, queries go to that endpoint (the local stand-in); without it, the
 * driver derives Neon's endpoint from DATABASE_URL. There is no second code path.
 */
import { neon, neonConfig } from '@neondatabase/serverless';
import { drizzle } from 'drizzle-orm/neon-http';
import type { Config } from '../core/config';
import * as schema from './schema';

export type Database = ReturnType<typeof createDb>;

export function createDb(config: Pick<Config, 'databaseUrl' | 'neonHttpEndpoint' | 'dbTimeoutMs'>) {
  // neonConfig is module-global; one isolate serves one configuration, so setting it here is safe.
  if (config.neonHttpEndpoint) neonConfig.fetchEndpoint = config.neonHttpEndpoint;
  // The driver has no timeout of its own: give every HTTP query a deadline so a stalled
  // database fails the request with 504 instead of hanging it.
  neonConfig.fetchFunction = (url: string, init: RequestInit) =>
    fetch(url, { ...init, signal: AbortSignal.timeout(config.dbTimeoutMs) });
  return drizzle({ client: neon(config.databaseUrl), schema });
}
