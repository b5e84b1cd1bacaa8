/**
 * Users (https://getstream.io/chat/docs/node/update_users/):
 *   POST   /users        UpdateUsers (upsert)
 * DELETE /users/{id} DeleteUser, as `client.deleteUser(id, {hard_delete, mark_messages_deleted})`
 *                        sends it (query parameters). Soft delete marks `deleted_at`; hard delete
 *                        removes the user, their memberships and their messages.
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { parseWith, readJsonBody } from '../body';
import type { EmulatorContext } from '../context';
import type { StreamEnv } from '../env';
import { ErrorCode, inputError, StreamError } from '../errors';
import { LIMITS } from '../limits';
import { operation } from '../operation';
import { presentUser, type Wire } from '../present';
import { deleteUser, storeUsers } from '../state-changes';
import { assertUserId, userFromInput, userInputSchema } from '../users';
import { respond } from '../wire';

const upsertUsersSchema = z.looseObject({
  users: z.record(z.string(), userInputSchema),
});

const flag = z.enum(['true', 'false']).optional();
const deleteUserQuerySchema = z.looseObject({
  hard_delete: flag,
  mark_messages_deleted: flag,
  delete_conversation_channels: flag,
});

export function registerUserRoutes(app: Hono<StreamEnv>, ctx: EmulatorContext): void {
  const { store, deps } = ctx;
  app.post('/users', operation('UpdateUsers', deps), async (c) => {
    const raw = await readJsonBody(c);
    if (raw.users === undefined) throw inputError('users is a required field');
    const { users } = parseWith(upsertUsersSchema, raw);
    const entries = Object.entries(users);
    if (entries.length > LIMITS.upsertUsersMaxCount) {
      throw inputError(`users must contain at most ${LIMITS.upsertUsersMaxCount} users`);
    }
    // Validate the whole batch first: one bad user fails the call and nothing is written.
    const records = entries.map(([key, input]) => {
      const id = input.id ?? key;
      assertUserId(id);
      return userFromInput(id, input, store.users.get(id));
    });
    storeUsers(store, records);
    const result: Record<string, Wire> = {};
    for (const record of records) result[record.id] = presentUser(store, record);
    return respond(c, { users: result, membership_deletion_task_id: '' }, 201);
  });

  app.delete('/users/:id', operation('DeleteUser', deps), (c) => {
    const id = c.req.param('id');
    const query = parseWith(deleteUserQuerySchema, c.req.query());
    if (query.delete_conversation_channels === 'true') {
      throw inputError(
        'delete_conversation_channels is not supported by the local Stream emulator',
      );
    }
    const user = store.users.get(id);
    // Wording is ours: Stream's text for an unknown user is not published.
    if (!user) throw new StreamError(404, ErrorCode.DoesNotExist, `user "${id}" does not exist`);
    deleteUser(store, user, {
      hard: query.hard_delete === 'true',
      markMessagesDeleted: query.mark_messages_deleted === 'true',
    });
    return respond(c, { user: presentUser(store, user) });
  });
}
