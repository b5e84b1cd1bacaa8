/** `POST /users` — UpdateUsers (upsert, stream-api.md §4.1). */
import type { Hono } from 'hono';
import { z } from 'zod';
import { parseWith, readJsonBody } from '../body';
import { storeUsers } from '../channel-changes';
import type { StreamEnv } from '../env';
import { inputError } from '../errors';
import { type OperationDeps, operation } from '../operation';
import { presentUser, type Wire } from '../present';
import type { StreamStore } from '../store';
import { assertUserId, MAX_USERS_PER_CALL, userFromInput, userInputSchema } from '../users';
import { respond } from '../wire';

const upsertUsersSchema = z.looseObject({
  users: z.record(z.string(), userInputSchema),
});

export function registerUserRoutes(app: Hono<StreamEnv>, store: StreamStore, deps: OperationDeps) {
  app.post('/users', operation('UpdateUsers', deps), async (c) => {
    const raw = await readJsonBody(c);
    if (raw.users === undefined) throw inputError('users is a required field');
    const { users } = parseWith(upsertUsersSchema, raw);
    const entries = Object.entries(users);
    if (entries.length > MAX_USERS_PER_CALL) {
      throw inputError(`users must contain at most ${MAX_USERS_PER_CALL} users`);
    }
    // Validate the whole batch first: one bad user fails the call and nothing is written.
    const records = entries.map(([key, input]) => {
      const id = input.id ?? key;
      assertUserId(id);
      return userFromInput(id, input, store.users.get(id));
    });
    storeUsers(store, records);
    const result: Record<string, Wire> = {};
    for (const record of records) result[record.id] = presentUser(record);
    return respond(c, { users: result, membership_deletion_task_id: '' }, 201);
  });
}
