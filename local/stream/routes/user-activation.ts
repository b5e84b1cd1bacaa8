/**
 * Deactivating, reactivating and restoring users (user-activation.ts; Stream's OpenAPI,
 * https://getstream.io/chat/docs/node/update_users/), as stream-chat-js sends them:
 *   POST /users/{id}/deactivate  DeactivateUser {mark_messages_deleted?, created_by_id?} → {user}
 *   POST /users/deactivate       DeactivateUsers {user_ids, mark_messages_deleted?,
 *                                created_by_id?} → {task_id} (GetTask: routes/tasks.ts)
 *   POST /users/{id}/reactivate  ReactivateUser {restore_messages?, name?, created_by_id?} → {user}
 *   POST /users/reactivate       ReactivateUsers {user_ids, restore_messages?, created_by_id?}
 *                                → {task_id}
 *   POST /users/restore          RestoreUsers {user_ids} → {}
 * Server tokens only. A batch names at most 100 users; any unknown user fails it before anything
 * changes, and users already in the asked state are skipped (unsure: Stream reports per-user
 * failures in the task, which the emulator never has).
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { parseWith, readJsonBody } from '../body';
import type { EmulatorContext } from '../context';
import type { StreamEnv } from '../env';
import { LIMITS } from '../limits';
import { operation } from '../operation';
import { presentUser } from '../present';
import type { StreamStore } from '../store';
import { completedTask } from '../tasks';
import { deactivate, reactivate, restore } from '../user-activation';
import { userOrFail } from '../users';
import { respond } from '../wire';

const userIds = z.array(z.string().min(1)).min(1).max(LIMITS.userBatchMaxCount);
const deactivateSchema = z.looseObject({
  mark_messages_deleted: z.boolean().optional(),
  created_by_id: z.string().optional(),
});
const reactivateSchema = z.looseObject({
  restore_messages: z.boolean().optional(),
  name: z.string().optional(),
  created_by_id: z.string().optional(),
});
const batchDeactivateSchema = deactivateSchema.extend({ user_ids: userIds });
const batchReactivateSchema = reactivateSchema.extend({ user_ids: userIds });
const restoreSchema = z.looseObject({ user_ids: userIds });

const usersOrFail = (store: StreamStore, ids: string[]) =>
  [...new Set(ids)].map((id) => userOrFail(store, id));

export function registerUserActivationRoutes(app: Hono<StreamEnv>, ctx: EmulatorContext): void {
  const { store, deps } = ctx;

  app.post('/users/deactivate', operation('DeactivateUsers', deps), async (c) => {
    const body = parseWith(batchDeactivateSchema, await readJsonBody(c));
    const users = usersOrFail(store, body.user_ids).filter((u) => u.deactivated_at === undefined);
    for (const user of users) {
      deactivate(store, user, {
        markMessagesDeleted: body.mark_messages_deleted ?? false,
        ...(body.created_by_id ? { createdById: body.created_by_id } : {}),
      });
    }
    return respond(c, { task_id: completedTask(store, {}) }, 201);
  });

  app.post('/users/reactivate', operation('ReactivateUsers', deps), async (c) => {
    const body = parseWith(batchReactivateSchema, await readJsonBody(c));
    const users = usersOrFail(store, body.user_ids).filter((u) => u.deactivated_at !== undefined);
    for (const user of users) {
      reactivate(store, user, {
        restoreMessages: body.restore_messages ?? false,
        ...(body.created_by_id ? { createdById: body.created_by_id } : {}),
      });
    }
    return respond(c, { task_id: completedTask(store, {}) }, 201);
  });

  app.post('/users/restore', operation('RestoreUsers', deps), async (c) => {
    const body = parseWith(restoreSchema, await readJsonBody(c));
    restore(store, usersOrFail(store, body.user_ids));
    return respond(c, {}, 201);
  });

  app.post('/users/:id/deactivate', operation('DeactivateUser', deps), async (c) => {
    const body = parseWith(deactivateSchema, await readJsonBody(c));
    const user = userOrFail(store, c.req.param('id'));
    deactivate(store, user, {
      markMessagesDeleted: body.mark_messages_deleted ?? false,
      ...(body.created_by_id ? { createdById: body.created_by_id } : {}),
    });
    return respond(c, { user: presentUser(store, user) }, 201);
  });

  app.post('/users/:id/reactivate', operation('ReactivateUser', deps), async (c) => {
    const body = parseWith(reactivateSchema, await readJsonBody(c));
    const user = userOrFail(store, c.req.param('id'));
    reactivate(store, user, {
      restoreMessages: body.restore_messages ?? false,
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.created_by_id ? { createdById: body.created_by_id } : {}),
    });
    return respond(c, { user: presentUser(store, user) }, 201);
  });
}
