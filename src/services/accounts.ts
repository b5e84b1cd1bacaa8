/**
 * Registration and login.
 * Round trips: register = 2 serial (DB insert, then Stream upsert; on Stream failure the user
 * row is deleted, a 3rd trip). Login = 1 (user and memberships in one query).
 */
import { eq, sql } from 'drizzle-orm';
import { hashPassword, verifyPasswordOrDecoy } from '../auth/passwords';
import { issueToken } from '../auth/tokens';
import { isUniqueViolation } from '../db/errors';
import { users } from '../db/schema';
import { conflict, forbidden, unauthorized } from '../lib/errors';
import type { Role, Services } from '../lib/types';
import { upsertUser } from '../stream/gateway';
import { compensate } from './compensate';

export interface PublicUser {
  id: string;
  email: string;
  name: string;
}

export async function register(
  s: Services,
  input: { email: string; password: string; name: string },
): Promise<{ token: string; user: PublicUser }> {
  const user: PublicUser = { id: crypto.randomUUID(), email: input.email, name: input.name };
  const passwordHash = await hashPassword(input.password);
  try {
    await s.db.insert(users).values({ ...user, passwordHash });
  } catch (err) {
    if (isUniqueViolation(err, 'users_email_lower_key')) {
      throw conflict('An account with this email already exists', 'email_taken');
    }
    throw err;
  }
  try {
    await upsertUser(await s.stream(), { id: user.id, name: user.name, teams: [] });
  } catch (err) {
    // Without a Stream user the account cannot chat: undo it so the client can simply retry.
    await compensate('register: delete user', () =>
      s.db.delete(users).where(eq(users.id, user.id)),
    );
    throw err;
  }
  const { token } = await issueToken(
    { userId: user.id },
    s.config.jwt.secret,
    s.config.jwt.ttlSeconds,
  );
  return { token, user };
}

type LoginRow = {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  memberships: Array<{ tenant_id: string; tenant_name: string; role: Role }>;
};

export async function login(
  s: Services,
  input: { email: string; password: string; tenantId?: string },
) {
  const { rows } = await s.db.execute<LoginRow>(sql`
    select u.id, u.email, u.name, u.password_hash,
      coalesce(json_agg(json_build_object('tenant_id', t.id, 'tenant_name', t.name, 'role', m.role)
        order by m.created_at, t.id) filter (where t.id is not null), '[]') as memberships
    from users u
    left join memberships m on m.user_id = u.id
    left join tenants t on t.id = m.tenant_id
    where lower(u.email) = lower(${input.email})
    group by u.id`);
  const row = rows[0];
  // Unknown email and wrong password take the same path and the same PBKDF2 time.
  if (!(await verifyPasswordOrDecoy(input.password, row?.password_hash)) || !row) {
    throw unauthorized('Email or password is incorrect', 'invalid_credentials');
  }
  const membership = input.tenantId
    ? row.memberships.find((m) => m.tenant_id === input.tenantId)
    : row.memberships[0];
  if (input.tenantId && !membership) {
    throw forbidden('You are not a member of this tenant', 'not_a_member');
  }
  const { token } = await issueToken(
    { userId: row.id, tenantId: membership?.tenant_id, role: membership?.role },
    s.config.jwt.secret,
    s.config.jwt.ttlSeconds,
  );
  return {
    token,
    user: { id: row.id, email: row.email, name: row.name },
    ...(membership
      ? {
          tenant: { id: membership.tenant_id, name: membership.tenant_name },
          role: membership.role,
        }
      : {}),
  };
}
