/**
 * Reading a `/sql` request the way Neon's proxy does: option headers (exact-`true` booleans,
 * case-sensitive isolation names), a size-limited raw body whatever the Content-Type (the driver
 * sends `text/plain`), and the untagged `{query…}` | `{queries:[…]}` payload.
 */

import { concatBytes } from '../../src/core/bytes.ts';
import { NeonHttpError, requestTooLarge } from './errors';
import type { IsolationLevel, Payload, PgText, QueryItem, RequestOptions } from './types';

const ISOLATION_LEVELS: readonly IsolationLevel[] = [
  'ReadUncommitted',
  'ReadCommitted',
  'RepeatableRead',
  'Serializable',
];

/** `get` is a header lookup (case-insensitive, undefined when absent). */
export function parseRequestOptions(get: (name: string) => string | undefined): RequestOptions {
  // Anything but the exact value `true` means false, as in Neon.
  const flag = (name: string) => get(name) === 'true';
  const level = get('Neon-Batch-Isolation-Level');
  if (level !== undefined && !ISOLATION_LEVELS.includes(level as IsolationLevel)) {
    throw new NeonHttpError(400, 'invalid isolation level');
  }
  return {
    rawTextOutput: flag('Neon-Raw-Text-Output'),
    arrayMode: flag('Neon-Array-Mode'),
    isolationLevel: level as IsolationLevel | undefined,
    readOnly: flag('Neon-Batch-Read-Only'),
    deferrable: flag('Neon-Batch-Deferrable'),
  };
}

/**
 * Read the body, refusing more than `max` bytes: first by the declared Content-Length, then by
 * counting what actually arrives (a chunked upload declares nothing).
 */
export async function readBodyWithLimit(request: Request, max: number): Promise<Uint8Array> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > max) throw requestTooLarge(max);
  if (!request.body) return new Uint8Array(0);

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      // Stop reading but do not cancel: cancelling destroys the socket and the client would see
      // a network error instead of the 413. Node discards the unread rest after the response.
      reader.releaseLock();
      throw requestTooLarge(max);
    }
    chunks.push(value);
  }
  return concatBytes(chunks, total);
}

const badBody = (reason: string) =>
  new NeonHttpError(400, `could not parse the HTTP request body: ${reason}`);

/** serde's message when neither variant of the untagged payload enum matches. */
const NO_VARIANT = 'data did not match any variant of untagged enum Payload';

export function parsePayload(body: Uint8Array): Payload {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body));
  } catch (err) {
    throw badBody(err instanceof Error ? err.message : String(err));
  }
  if (!isObject(json)) throw badBody(NO_VARIANT);

  // Same precedence as serde's untagged enum: the single-query shape is tried first.
  const single = parseQueryItem(json);
  if (single) return { kind: 'single', item: single };

  const queries = json.queries;
  if (Array.isArray(queries)) {
    const items: QueryItem[] = [];
    for (const q of queries) {
      const item = isObject(q) ? parseQueryItem(q) : undefined;
      if (!item) throw badBody(NO_VARIANT);
      items.push(item);
    }
    return { kind: 'batch', items };
  }
  throw badBody(NO_VARIANT);
}

function parseQueryItem(obj: Record<string, unknown>): QueryItem | undefined {
  if (typeof obj.query !== 'string') return undefined;
  const params = obj.params ?? [];
  if (obj.params === null || !Array.isArray(params)) return undefined;
  const arrayMode = obj.arrayMode ?? undefined;
  if (arrayMode !== undefined && typeof arrayMode !== 'boolean') return undefined;
  return { query: obj.query, params: params.map(jsonToPgText), arrayMode };
}

/**
 * Neon's `json_to_pg_text`: strings pass unchanged, null stays NULL, other scalars and objects
 * become their JSON text, arrays become PostgreSQL array literals. The driver only ever sends
 * strings and nulls; the rest is for other clients.
 */
export function jsonToPgText(value: unknown): PgText {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return jsonArrayToPgArray(value);
  return JSON.stringify(value);
}

function jsonArrayToPgArray(value: unknown): string {
  if (Array.isArray(value)) {
    return `{${value.map((v) => (v === null ? 'NULL' : jsonArrayToPgArray(v))).join(',')}}`;
  }
  // Inside an array literal strings need quoting; objects are quoted as their JSON text.
  if (isObject(value)) return JSON.stringify(JSON.stringify(value));
  return JSON.stringify(value);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
