/**
 * The inline half of every write that reaches Stream (see outbox.ts): push the change, then
 * settle its markers after the response. If the push fails, undo the database change when the
 * write promises "a 5xx means nothing happened" (best effort: a failed undo is logged, and the
 * repair converges Stream to whatever the database then says), queue the repair, and rethrow.
 */
import type { SQL } from 'drizzle-orm';
import type { RequestServices } from '../runtime/services';
import { compensate } from './compensate';
import { type Mark, repairLater, settle, undoIfLatest } from './outbox';

export interface Undo {
  /** For the log line if the undo itself fails. */
  what: string;
  run: () => Promise<unknown>;
}

export async function pushOrUndo<T>(
  s: RequestServices,
  marks: Mark[],
  push: () => Promise<T>,
  undo?: Undo,
): Promise<T> {
  let result: T;
  try {
    result = await push();
  } catch (err) {
    if (undo) await compensate(s, undo.what, undo.run);
    repairLater(s, marks);
    throw err;
  }
  settle(s, marks);
  return result;
}

/**
 * An undo that applies only if no other write touched the aggregate since (its marker's seq is
 * still this write's own), so it never drops a newer change. None without a marker.
 */
export function undoUnlessNewer(
  s: RequestServices,
  marks: Mark[],
  what: string,
  undo: (unchanged: SQL) => SQL,
  also?: (undone: SQL) => SQL,
): Undo | undefined {
  const [mark] = marks;
  return mark && { what, run: () => undoIfLatest(s, mark, undo, also) };
}
