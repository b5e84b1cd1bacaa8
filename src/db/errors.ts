/**
 * Recognising database failures. Drizzle wraps single statements in DrizzleQueryError (cause =
 * NeonDbError); db.batch throws NeonDbError itself. Either way the SQLSTATE is on `code`.
 */
import { NeonDbError } from '@neondatabase/serverless';
import { UpstreamError } from '../core/errors';
import { redact } from '../core/redact';

function neonError(err: unknown): NeonDbError | undefined {
  if (err instanceof NeonDbError) return err;
  if (err instanceof Error && err.cause instanceof NeonDbError) return err.cause;
  return undefined;
}

/**
 * A database error as a log may show it: SQLSTATE, constraint, table, column. Never the message
 * (Drizzle's holds the query parameters) nor `detail` (Postgres repeats the offending value).
 */
export function dbErrorFields(err: unknown): Record<string, string> | undefined {
  const e = neonError(err);
  if (!e) return undefined;
  const fields: Record<string, string | undefined> = {
    error_name: 'NeonDbError',
    sqlstate: e.code,
    constraint: e.constraint,
    table: e.table,
    column: e.column,
    // Driver-side failures (no SQLSTATE: unreachable, HTTP status) describe the transport.
    driver_message: e.code ? undefined : redact(e.message.slice(0, 200)),
  };
  return Object.fromEntries(
    Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

/** The SQLSTATE of a failed query (e.g. "23505"), if it was a Postgres error. */
export function sqlState(err: unknown): string | undefined {
  return neonError(err)?.code || undefined;
}

export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = neonError(err);
  return e?.code === '23505' && (constraint === undefined || e.constraint === constraint);
}

export function isForeignKeyViolation(err: unknown, constraint?: string): boolean {
  const e = neonError(err);
  return e?.code === '23503' && (constraint === undefined || e.constraint === constraint);
}

/**
 * Runs `write`, turning a lost race with a removal from the tenant (the channel membership's
 * foreign key to the tenant membership, src/db/schema.ts) into `lost`'s error.
 */
export async function membershipRequired<T>(write: () => Promise<T>, lost: () => Error) {
  try {
    return await write();
  } catch (err) {
    if (isForeignKeyViolation(err, 'channel_members_membership_fk')) throw lost();
    throw err;
  }
}

// SQLSTATE classes that mean "the database could not serve this now", not "the query is wrong":
// connection exceptions, insufficient resources, operator intervention, serialization/deadlock.
const TRANSIENT_SQLSTATE = /^(08|53|57)|^40001$|^40P01$/;

/**
 * Maps a driver failure to a 502/503/504 UpstreamError: transient ones (connection, resources,
 * serialization) are 503, timeouts 504, anything else the database answered is 502
 * `database_error`. Undefined only for errors that did not come from the database.
 */
export function classifyDbError(err: unknown): UpstreamError | undefined {
  const e = neonError(err);
  if (!e) return undefined;
  if (e.message.startsWith('Error connecting to database')) {
    const source = e.sourceError?.name;
    const timedOut = source === 'TimeoutError' || /timed? ?out/i.test(e.message);
    return timedOut
      ? new UpstreamError(
          'database',
          'timeout',
          'The database did not answer in time',
          undefined,
          e,
        )
      : new UpstreamError('database', 'unavailable', 'The database is unreachable', undefined, e);
  }
  const http = /^Server error \(HTTP status (\d+)\)/.exec(e.message);
  if (http) {
    const status = Number(http[1]);
    const kind =
      status === 503 || status === 429 ? 'unavailable' : status === 504 ? 'timeout' : 'error';
    return new UpstreamError(
      'database',
      kind,
      `The database endpoint failed (HTTP ${status})`,
      status,
      e,
    );
  }
  if (e.code && TRANSIENT_SQLSTATE.test(e.code)) {
    return new UpstreamError(
      'database',
      'unavailable',
      'The database is temporarily unavailable',
      e.code,
      e,
    );
  }
  return new UpstreamError(
    'database',
    'error',
    'The database rejected the request',
    e.code || undefined,
    e,
  );
}
