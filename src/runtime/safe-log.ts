/**
 * What an error may say in a log line. Logs leave the Worker (Workers Logs, `wrangler tail`,
 * log push), so they carry codes and ids, never input values: Drizzle's "Failed query: …
 * params: …" message holds the statement's parameters (emails, names, password hashes), and a
 * Postgres error's `detail` repeats the offending value. Database errors are described by their
 * SQLSTATE, constraint and table only; other messages pass through `redact` as a backstop.
 */

import { redact } from '../core/redact';
import { dbErrorFields } from '../db/errors';

/**
 * Log fields that describe `err` without any value a request carried; with `stack`, the stack's
 * frames too (not its first lines, which repeat the message).
 */
export function errorFields(err: unknown, { stack = false } = {}): Record<string, unknown> {
  const db = dbErrorFields(err);
  if (db) return db;
  if (!(err instanceof Error)) return { message: redact(String(err)) };
  // Drizzle wraps driver failures it does not know as DrizzleQueryError("Failed query: … params:
  // …"); only its cause may be described.
  if (err.message.startsWith('Failed query:')) {
    return { error_name: err.name, cause: errorFields(err.cause ?? 'unknown cause') };
  }
  const frames = stack
    ? err.stack
        ?.split('\n')
        .filter((line) => line.trimStart().startsWith('at '))
        .join('\n')
    : undefined;
  return { error_name: err.name, message: redact(err.message), stack: frames };
}

/** One JSON log line per event; `fields` must already be safe (see errorFields). */
export function log(level: 'info' | 'warn' | 'error', fields: Record<string, unknown>): void {
  console[level](JSON.stringify({ level, ...fields }));
}

/**
 * A log line of work done for a request (its services carry the request id, see
 * requestServices), so it can be found next to the request's other lines; queue and cron work
 * have none.
 */
export function logFor(
  s: { requestId?: string },
  level: 'info' | 'warn' | 'error',
  fields: Record<string, unknown>,
): void {
  log(level, s.requestId ? { request_id: s.requestId, ...fields } : fields);
}
