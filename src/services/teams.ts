/**
 * With Stream multi-tenancy, a user's teams are their tenants. A statement that changes a
 * membership also upserts the user's `user` sync marker and reads the user as Stream must show
 * them, so the inline push needs no second read (src/sync/outbox.ts).
 */
import { type SQL, sql } from 'drizzle-orm';
import type { RequestServices, Services } from '../runtime/services';
import { upsertUser } from '../stream/gateway';
import { type Mark, upsertMarks } from '../sync/outbox';
import { streamUser, type UserProjection } from '../sync/projection';
import { pushOrUndo } from '../sync/push';

/** The user's `user` marker, when Stream multi-tenancy is on. */
export const teamsMark = (s: Services, userIdSql: SQL) =>
  upsertMarks(
    s,
    'user',
    sql`select id from (${userIdSql}) as u(id) where ${s.config.stream.multiTenant}`,
  );

/**
 * The user as Stream must show them once they join `tenantId`, read in the joining statement
 * (which cannot see its own insert, hence the union), so the push needs no second read.
 */
export const userJoining = (userIdSql: SQL, tenantId: string | SQL) => sql`(
  select json_build_object('id', u.id, 'name', u.name, 'teams', array(
    select m.tenant_id::text from memberships m where m.user_id = u.id
    union select (${tenantId})::text order by 1),
    'revoked_before', u.stream_tokens_revoked_before)
  from users u where u.id = (${userIdSql}))`;

export type StreamUserRow = UserProjection;

/**
 * Pushes the user's teams inline; on failure runs `undo` (the database change goes back) and
 * leaves the repair to converge Stream to whatever the database then says.
 */
export async function pushTeams(
  s: RequestServices,
  user: StreamUserRow | null,
  marks: Mark[],
  undo: () => Promise<unknown>,
): Promise<void> {
  if (marks.length === 0 || !user) return;
  await pushOrUndo(s, marks, async () => upsertUser(await s.stream(), streamUser(s.config, user)), {
    what: 'teams: undo membership change',
    run: undo,
  });
}
