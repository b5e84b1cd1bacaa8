import { errorFields } from '../lib/safe-log';

/**
 * Best-effort undo of a half-done write. A failure here is logged, not thrown: the original
 * error is what the client must see, and the repair (src/sync/repair.ts) finishes what is left.
 */
export async function compensate(what: string, undo: () => Promise<unknown>): Promise<boolean> {
  try {
    await undo();
    return true;
  } catch (err) {
    console.error(
      JSON.stringify({
        level: 'error',
        code: 'compensation_failed',
        what,
        ...errorFields(err),
      }),
    );
    return false;
  }
}
