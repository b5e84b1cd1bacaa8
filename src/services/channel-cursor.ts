/**
 * Keyset pagination over (created_at, id), newest first; the cursor is opaque to clients.
 * created_at travels as Postgres' own text, to the microsecond: a JS Date keeps milliseconds
 * only, and a cursor cut to those skips the rows that share the boundary row's millisecond.
 */
import { sql } from 'drizzle-orm';
import { channels } from '../db/schema';

export const cursorAt = sql<string>`to_char(${channels.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export const encodeCursor = (row: { cursorAt: string; id: string }) =>
  btoa(JSON.stringify([row.cursorAt, row.id])).replace(/=+$/, '');

export interface ChannelCursor {
  /** ISO 8601 in UTC with up to 6 fraction digits. */
  createdAt: string;
  id: string;
}

export function decodeCursor(cursor: string): ChannelCursor | undefined {
  try {
    const [createdAt, id] = JSON.parse(atob(cursor)) as [unknown, unknown];
    if (
      typeof createdAt !== 'string' ||
      !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/.test(createdAt) ||
      Number.isNaN(Date.parse(createdAt)) ||
      typeof id !== 'string' ||
      !/^[0-9a-f-]{36}$/.test(id)
    ) {
      return undefined;
    }
    return { createdAt, id };
  } catch {
    return undefined;
  }
}
