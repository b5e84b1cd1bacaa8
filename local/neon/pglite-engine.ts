/**
 * PGlite (PostgreSQL compiled to WASM) in this process: the default engine, needing no server.
 *
 * - `db.query()` uses the extended protocol (Parse/Bind/Execute), so it rejects multi-statement
 *   strings with 42601 exactly like Neon.
 * - Identity parsers AND identity serializers keep values as PostgreSQL text both ways. They must be
 *   plain objects with every key of `db.parsers`/`db.serializers` (PGlite merges them by key; a
 *   Proxy is ignored). Without identity serializers a `\x…` string for a bytea parameter is
 *   rejected ("Invalid input for bytea type").
 * - PGlite is one connection: a mutex gives each HTTP request sole use of it, session reset
 *   included, so batches never interleave.
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PGlite, type QueryOptions } from '@electric-sql/pglite';
import { assertNotCopyFrom, type Engine, type EngineSession, RESET_SESSION_SQL } from './engine';
import { Mutex } from './mutex';
import type { EngineResult, PgText } from './types';

export interface PgliteEngineOptions {
  /** Persist here (created if missing); in memory when absent. */
  dataDir?: string;
  log?: (line: string) => void;
}

// Parameters reach the engine as strings or null (null never reaches a serializer).
const identity = (value: string) => value;

export async function createPgliteEngine(options: PgliteEngineOptions = {}): Promise<Engine> {
  const log = options.log ?? (() => {});
  let dataDir: string | undefined;
  if (options.dataDir) {
    dataDir = resolve(options.dataDir);
    await mkdir(dataDir, { recursive: true });
  }
  const db = await PGlite.create({
    dataDir,
    // A startup option (not SET) so that RESET ALL in the session reset keeps UTC, which is what
    // Neon reports and what timestamptz text output depends on.
    startParams: [...PGlite.defaultStartParams, '-c', 'TimeZone=UTC'],
  });

  let parserKeys = -1;
  let serializerKeys = -1;
  const queryOptions: QueryOptions = { rowMode: 'array', parsers: {}, serializers: {} };
  // PGlite adds array types to its maps at start (and on refreshArrayTypes); rebuild on change.
  const refreshIdentityMaps = () => {
    const pk = Object.keys(db.parsers);
    if (pk.length !== parserKeys) {
      queryOptions.parsers = Object.fromEntries(pk.map((k) => [k, identity]));
      parserKeys = pk.length;
    }
    const sk = Object.keys(db.serializers);
    if (sk.length !== serializerKeys) {
      queryOptions.serializers = Object.fromEntries(sk.map((k) => [k, identity]));
      serializerKeys = sk.length;
    }
  };

  const mutex = new Mutex();
  let closed = false;

  const session: EngineSession = {
    async query(text: string, params: readonly PgText[]): Promise<EngineResult> {
      assertNotCopyFrom(text);
      refreshIdentityMaps();
      const res = await db.query<PgText[]>(text, [...params], queryOptions);
      return {
        // PGlite reports only name and dataTypeID; the rest get Neon's "unknown" values.
        fields: res.fields.map((f) => ({
          name: f.name,
          dataTypeID: f.dataTypeID,
          tableID: 0,
          columnID: 0,
          dataTypeSize: -1,
          dataTypeModifier: -1,
          format: 'text' as const,
        })),
        rows: res.rows,
        command: res.command ?? '',
        rowCount: res.rowCount ?? null,
      };
    },
    // The only connection cannot be thrown away; the full reset after every request stands in.
    discard() {},
  };

  return {
    name: 'pglite',

    async withSession<T>(work: (s: EngineSession) => Promise<T>): Promise<T> {
      const release = await mutex.acquire();
      if (closed) {
        release();
        throw new Error('the local database is shut down');
      }
      const reset = () =>
        db
          .exec(RESET_SESSION_SQL)
          .catch((err: unknown) => log(`[neon] session reset failed: ${String(err)}`))
          .finally(release);
      try {
        const result = await work(session);
        // Not awaited: the lock is held until the reset is done, but this response need not wait.
        void reset();
        return result;
      } catch (err) {
        void reset();
        throw err;
      }
    },

    async close() {
      const release = await mutex.acquire();
      try {
        if (!closed) {
          closed = true;
          await db.close();
        }
      } finally {
        release();
      }
    },
  };
}
