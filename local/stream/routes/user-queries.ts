/**
 * Users beyond upsert (https://getstream.io/chat/docs/node/query_users/,
 * https://getstream.io/chat/docs/node/multi_tenant_chat/,
 * https://getstream.io/chat/docs/node/tokens_and_authentication/):
 *   GET   /users?payload={filter_conditions,sort,limit,offset,include_deactivated_users}
 *                                                                 QueryUsers (deactivated users
 *                                                                 only when asked for: OpenAPI
 *                                                                 QueryUsersPayload)
 *   PATCH /users {users:[{id,set,unset}]}                         UpdateUsersPartial
 * A user token sees only users sharing one of its teams when multi-tenancy is on, and may
 * partially update only itself, and not its role or teams. `revoke_tokens_issued_before`
 * set here is RevokeUserToken.
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { assertUserMay } from '../access';
import { isRecord, parseWith, readJsonBody } from '../body';
import { nowTimestamp } from '../clock';
import type { EmulatorContext } from '../context';
import type { StreamEnv } from '../env';
import { ErrorCode, inputError, notAllowedError, StreamError } from '../errors';
import { activeBan } from '../expiry';
import { matchesRecord, sortRecords } from '../filters';
import { LIMITS } from '../limits';
import { operation } from '../operation';
import { isUserOnline, presentUser, type Wire } from '../present';
import { storeUsers } from '../state-changes';
import type { StreamStore, UserRecord } from '../store';
import { respond } from '../wire';

const queryUsersSchema = z.looseObject({
  filter_conditions: z.record(z.string(), z.unknown()).optional(),
  sort: z.array(z.looseObject({ field: z.string(), direction: z.number() })).optional(),
  limit: z.number().int().min(0).optional(),
  offset: z.number().int().min(0).optional(),
  presence: z.boolean().optional(),
  include_deactivated_users: z.boolean().optional(),
});

const partialSchema = z.looseObject({
  users: z
    .array(
      z.looseObject({
        id: z.string(),
        set: z.record(z.string(), z.unknown()).optional(),
        unset: z.array(z.string()).optional(),
      }),
    )
    .max(100),
});

/** Fields a user token may not change on itself. */
const SERVER_ONLY_FIELDS = new Set(['role', 'teams', 'teams_role', 'revoke_tokens_issued_before']);
const READ_ONLY_FIELDS = new Set([
  'id',
  'created_at',
  'updated_at',
  'last_active',
  'online',
  'banned',
]);

function userField(store: StreamStore) {
  return (user: UserRecord, field: string): unknown => {
    if (field === 'online') return isUserOnline(store, user);
    if (field === 'banned') return activeBan(user.ban) !== undefined;
    const wire = presentUser(store, user);
    return wire[field];
  };
}

/** Applies one `{set, unset}` to a copy of the user; throws before anything is stored. */
function patchedUser(user: UserRecord, set: Record<string, unknown>, unset: string[]): UserRecord {
  const next: UserRecord = structuredClone(user);
  for (const key of [...Object.keys(set), ...unset]) {
    if (READ_ONLY_FIELDS.has(key))
      throw inputError(`field "${key}" is reserved and cannot be updated`);
  }
  for (const [key, value] of Object.entries(set)) {
    if (key === 'role' || key === 'name' || key === 'image' || key === 'language') {
      if (typeof value !== 'string') throw inputError(`expected string for field "${key}"`);
      next[key] = value;
    } else if (key === 'teams') {
      next.teams = z.array(z.string()).parse(value);
    } else if (key === 'invisible') {
      next.invisible = value === true;
    } else if (key === 'revoke_tokens_issued_before') {
      if (value === null) delete next.revoke_tokens_issued_before;
      else if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) {
        next.revoke_tokens_issued_before = value;
      } else throw inputError('expected date for field "revoke_tokens_issued_before"');
    } else {
      next.custom[key] = value;
    }
  }
  for (const key of unset) {
    if (key === 'name' || key === 'image' || key === 'revoke_tokens_issued_before')
      delete next[key];
    else if (key === 'teams') next.teams = [];
    else delete next.custom[key];
  }
  next.updated_at = nowTimestamp();
  return next;
}

function visibleTo(store: StreamStore, viewerId: string | undefined, user: UserRecord): boolean {
  if (viewerId === undefined || !store.app.multi_tenant_enabled) return true;
  const teams = store.users.get(viewerId)?.teams ?? [];
  if (teams.length === 0) return user.teams.length === 0;
  return user.teams.some((team) => teams.includes(team));
}

export function registerUserQueryRoutes(app: Hono<StreamEnv>, ctx: EmulatorContext): void {
  const { store, deps } = ctx;

  app.get('/users', operation('QueryUsers', deps), (c) => {
    const auth = c.get('auth');
    assertUserMay(store, auth, 'SearchUser');
    let payload: unknown;
    try {
      payload = JSON.parse(c.req.query('payload') ?? '{}');
    } catch {
      throw inputError('payload query parameter is not valid JSON');
    }
    if (!isRecord(payload)) throw inputError('payload must be a JSON object');
    const body = parseWith(queryUsersSchema, payload);
    const viewerId = auth.kind === 'user' ? auth.userId : undefined;
    const fieldOf = userField(store);
    const matching = [...store.users.values()].filter(
      (user) =>
        visibleTo(store, viewerId, user) &&
        (body.include_deactivated_users === true || user.deactivated_at === undefined) &&
        matchesRecord(user, body.filter_conditions ?? {}, fieldOf),
    );
    const sort =
      body.sort && body.sort.length > 0 ? body.sort : [{ field: 'created_at', direction: -1 }];
    const sorted = sortRecords(matching, sort, fieldOf, (user) => user.id);
    const limit = Math.min(
      body.limit || LIMITS.queryUsersPageDefaultCount,
      LIMITS.queryUsersPageMaxCount,
    );
    const offset = body.offset ?? 0;
    const users = sorted.slice(offset, offset + limit).map((user) => presentUser(store, user));
    return respond(c, { users });
  });

  app.patch('/users', operation('UpdateUsersPartial', deps), async (c) => {
    const auth = c.get('auth');
    const { users } = parseWith(partialSchema, await readJsonBody(c));
    const updated = users.map(({ id, set = {}, unset = [] }) => {
      const user = store.users.get(id);
      if (!user) throw new StreamError(404, ErrorCode.DoesNotExist, `user "${id}" does not exist`);
      if (auth.kind === 'user') {
        if (id !== auth.userId)
          throw notAllowedError(`user "${auth.userId}" may only update itself`);
        const field = [...Object.keys(set), ...unset].find((key) => SERVER_ONLY_FIELDS.has(key));
        if (field) throw notAllowedError(`field "${field}" can only be changed server-side`);
        assertUserMay(store, auth, 'UpdateUser');
      }
      return patchedUser(user, set, unset);
    });
    storeUsers(store, updated);
    const result: Record<string, Wire> = {};
    for (const user of updated) result[user.id] = presentUser(store, user);
    return respond(c, { users: result });
  });
}
