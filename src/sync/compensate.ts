import { errorFields, logFor } from '../runtime/safe-log';
import type { Services } from '../runtime/services';

/**
 * Best-effort undo of a half-done write. A failure here is logged, not thrown: the original
 * error is what the client must see, and the repair (src/sync/repair.ts) finishes what is left.
 */
export async function compensate(
  s: Services,
  what: string,
  undo: () => Promise<unknown>,
): Promise<boolean> {
  try {
    await undo();
    return true;
  } catch (err) {
    logFor(s, 'error', { code: 'compensation_failed', what, ...errorFields(err) });
    return false;
  }
}
