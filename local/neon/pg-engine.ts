/**
 * A real PostgreSQL through node-postgres, for developers who want the server Neon runs.
 *
 * - `queryMode: 'extended'`: without it pg uses the simple protocol whenever there are no
 *   parameters, which accepts `SELECT 1; SELECT 2` — Neon rejects that with 42601.
 * - `rowMode: 'array'` + an identity type parser: raw text values in column order.
 * - The request's `Neon-Connection-String` is never used to connect (its host is a Neon endpoint
 *   and `sslmode=require` would make pg try TLS); the configured URL is.
 * - After an error the connection is destroyed (`release(true)`), as Neon discards it; otherwise
 *   the session is reset before the connection goes back to the pool.
 */
import pg from 'pg';
import { assertNotCopyFrom, type Engine, type EngineSession, RESET_SESSION_SQL } from './engine';
import type { EngineResult, PgText } from './types';

export interface PgEngineOptions {
  connectionString: string;
  /** Pool size; Neon pools several connections per endpoint too. */
  max?: number;
  log?: (line: string) => void;
}

const rawText = (value: string) => value;
// @types/pg types getTypeParser with all of pg-types' overloads; an identity parser fits them all.
const RAW_TYPES = { getTypeParser: () => rawText } as unknown as pg.CustomTypesConfig;

/** @types/pg 8.23 does not declare `queryMode`, which pg's Query honours. */
type ExtendedArrayQuery = pg.QueryArrayConfig<PgText[]> & { queryMode: 'extended' };

export async function createPgEngine(options: PgEngineOptions): Promise<Engine> {
  const log = options.log ?? (() => {});
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    // A startup option, so RESET ALL in the session reset comes back to UTC.
    options: '-c TimeZone=UTC',
  });
  // An idle client losing its server must not crash the process; the pool replaces it.
  pool.on('error', (err) => log(`[neon] idle postgres connection failed: ${err.message}`));

  // Fail fast on a wrong URL instead of on the first request.
  try {
    (await pool.connect()).release();
  } catch (err) {
    await pool.end().catch(() => {});
    throw err;
  }

  const pending = new Set<Promise<void>>();
  let closed = false;

  return {
    name: 'postgres',

    async withSession<T>(work: (s: EngineSession) => Promise<T>): Promise<T> {
      if (closed) throw new Error('the local database is shut down');
      const client = await pool.connect();
      let broken = false;
      const session: EngineSession = {
        async query(text: string, params: readonly PgText[]): Promise<EngineResult> {
          assertNotCopyFrom(text);
          const config: ExtendedArrayQuery = {
            text,
            values: [...params],
            rowMode: 'array',
            queryMode: 'extended',
            types: RAW_TYPES,
          };
          const res = await client.query<PgText[]>(config);
          return {
            fields: res.fields.map((f) => ({
              name: f.name,
              dataTypeID: f.dataTypeID,
              tableID: f.tableID,
              columnID: f.columnID,
              dataTypeSize: f.dataTypeSize,
              dataTypeModifier: f.dataTypeModifier,
              format: 'text' as const,
            })),
            rows: res.rows,
            // pg reports command null for an empty query string; Neon sends "".
            command: res.command ?? '',
            rowCount: res.rowCount ?? null,
          };
        },
        discard() {
          broken = true;
        },
      };

      const finish = async () => {
        if (broken) return client.release(true);
        try {
          await client.query(RESET_SESSION_SQL);
          client.release();
        } catch (err) {
          log(`[neon] session reset failed, dropping connection: ${String(err)}`);
          client.release(true);
        }
      };
      const settle = () => {
        const p = finish().finally(() => pending.delete(p));
        pending.add(p);
      };

      try {
        const result = await work(session);
        settle();
        return result;
      } catch (err) {
        broken = true;
        settle();
        throw err;
      }
    },

    async close() {
      if (closed) return;
      closed = true;
      await Promise.all(pending);
      await pool.end();
    },
  };
}
