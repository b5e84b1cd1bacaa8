/**
 * Keyset pagination over (created_at, id), newest first; the cursor is opaque to clients.
 * created_at travels as Postgres' own text, to the microsecond: a JS Date keeps milliseconds
 * only, and a cursor cut to those skips the rows that share the boundary row's millisecond.
 */
import { type SQL, sql } from 'drizzle-orm';

/** The text a cursor carries for a timestamp column (select it next to the row's id). */
export const keysetText = (column: SQL | unknown) =>
  sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export const encodeCursor = (row: { cursorAt: string; id: string }) =>
  btoa(JSON.stringify([row.cursorAt, row.id])).replace(/=+$/, '');

export interface KeysetCursor {
  /** ISO 8601 in UTC with up to 6 fraction digits. */
  createdAt: string;
  id: string;
}

export function decodeCursor(cursor: string): KeysetCursor | undefined {
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

/** True in SQL for rows after the cursor, newest first. */
export const keysetAfter = (createdAt: SQL | unknown, id: SQL | unknown, after: KeysetCursor) =>
  sql`(${createdAt} < ${after.createdAt}::timestamptz
    or (${createdAt} = ${after.createdAt}::timestamptz and ${id} < ${after.id}::uuid))`;

/**
 * One page of rows read with `limit + 1` (each selecting `keysetText` as `cursorAt`): the rows
 * to show and the cursor of the next page (null on the last).
 */
export function keysetPage<T extends { cursorAt: string; id: string }>(
  rows: T[],
  limit: number,
): { shown: T[]; next_cursor: string | null } {
  const more = rows.length > limit;
  const shown = more ? rows.slice(0, limit) : rows;
  const last = shown.at(-1);
  return { shown, next_cursor: more && last ? encodeCursor(last) : null };
}
