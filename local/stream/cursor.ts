/**
 * The opaque `next` cursors of the emulator's paged queries (QueryThreads, QueryReactions):
 * Stream's are opaque strings too; ours encode the offset of the next page.
 */
import { inputError } from './errors';

export const cursorFor = (offset: number) => btoa(JSON.stringify({ offset }));

export function offsetOf(next: string): number {
  try {
    const { offset } = JSON.parse(atob(next)) as { offset?: unknown };
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // Falls through to the error below.
  }
  throw inputError('next is not a valid cursor');
}
