/**
 * `POST /unread_batch` UnreadCountsBatch {user_ids} → {counts_by_user: {id: UnreadCountsResponse}}
 * (Stream's OpenAPI; `client.getUnreadCountBatch(userIds)`, "Only works server side" in the SDK).
 * Each entry is what `GET /unread?user_id=` answers for that user (unread-counts.ts). Unknown
 * users are left out of `counts_by_user` [unsure: Stream's answer for them is not published].
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { parseWith, readJsonBody } from '../body';
import type { EmulatorContext } from '../context';
import type { StreamEnv } from '../env';
import { LIMITS } from '../limits';
import { operation } from '../operation';
import { unreadCounts } from '../unread-counts';
import { respond } from '../wire';

const batchSchema = z.looseObject({
  user_ids: z.array(z.string().min(1)).min(1).max(LIMITS.userBatchMaxCount),
});

export function registerUnreadBatchRoute(app: Hono<StreamEnv>, ctx: EmulatorContext): void {
  const { store, deps } = ctx;
  app.post('/unread_batch', operation('UnreadCountsBatch', deps), async (c) => {
    const { user_ids } = parseWith(batchSchema, await readJsonBody(c));
    const counts: Record<string, ReturnType<typeof unreadCounts>> = {};
    for (const id of new Set(user_ids)) {
      if (store.users.has(id)) counts[id] = unreadCounts(store, id);
    }
    return respond(c, { counts_by_user: counts }, 201);
  });
}
