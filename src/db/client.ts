/**
 * Drizzle over Neon's SQL-over-HTTP endpoint (./neon-http.ts). Configuration decides local vs.
 * cloud: with NEON_HTTP_ENDPOINT set, queries go to that endpoint (the local stand-in); without
 * it, the endpoint is derived from DATABASE_URL as Neon's driver does. There is no second path.
 */
import type { NeonQueryFunction } from '@neondatabase/serverless';
import { drizzle } from 'drizzle-orm/neon-http';
import type { Config } from '../lib/config';
import { neonHttp } from './neon-http';
import * as schema from './schema';

export type Database = ReturnType<typeof createDb>;

export function createDb(config: Pick<Config, 'databaseUrl' | 'neonHttpEndpoint' | 'dbTimeoutMs'>) {
  const client = neonHttp({
    connectionString: config.databaseUrl,
    endpoint: config.neonHttpEndpoint,
    // Every query gets a deadline, so a stalled database fails the request with 504 instead
    // of hanging it.
    timeoutMs: config.dbTimeoutMs,
  });
  // drizzle-orm types its client as the driver's NeonQueryFunction; ours implements the part
  // drizzle calls (query function, lazy queries, transaction), checked by every database test.
  return drizzle({ client: client as unknown as NeonQueryFunction<false, false>, schema });
}
