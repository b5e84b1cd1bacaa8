/**
 * The database behind the stand-in. Two implementations: PGlite in process (default) and a real
 * PostgreSQL through `pg`. Both must behave like Neon's compute connection for one request:
 * extended protocol, untyped text parameters, raw text results, and no session state surviving
 * into the next HTTP request.
 */
import { NeonHttpError } from './errors';
import type { EngineResult, PgText } from './types';

export type EngineName = 'pglite' | 'postgres';

/** Exclusive use of one connection for the duration of one HTTP request. */
export interface EngineSession {
  /**
   * Run one statement with the extended protocol (so a multi-statement string fails with 42601,
   * as on Neon), parameters as untyped text, results as raw text. Throws the engine's
   * DatabaseError on SQL errors.
   */
  query(text: string, params: readonly PgText[]): Promise<EngineResult>;
  /** The connection must not be reused as it is (Neon throws away a connection whose request erred). */
  discard(): void;
}

export interface Engine {
  readonly name: EngineName;
  /**
   * Run `work` with a connection of its own. The engine resets session state (or drops the
   * connection) before anyone else gets it; the reset may finish after `work`'s result has been
   * handed back, so it costs the next request on the same connection, not this response.
   */
  withSession<T>(work: (session: EngineSession) => Promise<T>): Promise<T>;
  /** Wait for in-flight work, then release the database. */
  close(): Promise<void>;
}

/**
 * Neon's reset before a pooled connection is reused (conn_pool_lib). Sent as one simple-protocol
 * string. `ROLLBACK` first ends any transaction a bare `BEGIN` left open (it only warns when there
 * is none); `RESET ALL` returns settings to their startup values, which is why TimeZone=UTC is set
 * as a startup option rather than with `SET`.
 */
export const RESET_SESSION_SQL = [
  'ROLLBACK',
  'CLOSE ALL',
  'SET SESSION AUTHORIZATION DEFAULT',
  'RESET ALL',
  'DEALLOCATE ALL',
  'UNLISTEN *',
  'SELECT pg_advisory_unlock_all()',
  'DISCARD TEMP',
  'DISCARD SEQUENCES',
].join('; ');

/**
 * Refuse `COPY table FROM …` before it reaches the database. Neon cannot stream COPY data over
 * HTTP, and locally it is worse than an error: PGlite blocks the whole Node process reading real
 * stdin (or loses its protocol state for FROM a file), and pg in extended mode never sends the Sync
 * the server waits for after its CopyFail, so the connection hangs. `COPY (query) TO …` has no
 * FROM form and is left alone.
 */
const COPY_FROM = /^copy\s+(?:"[^"]*"|[\w.$])+(?:\s*\([^)]*\))?\s+from\b/i;
const LEADING_COMMENTS = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/;

export function assertNotCopyFrom(text: string): void {
  if (COPY_FROM.test(text.replace(LEADING_COMMENTS, ''))) {
    throw new NeonHttpError(400, 'COPY … FROM is not supported over SQL-over-HTTP');
  }
}
