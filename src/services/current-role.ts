/**
 * Token claims are trusted for reads until the token expires, but never for a write that
 * reaches Stream: there the caller's role is read from the database in the same statement that
 * acts, so a removed or demoted member cannot create, change or join anything on an old token.
 */
import { type SQL, sql } from 'drizzle-orm';
import { ApiError, forbidden } from '../core/errors';
import type { Role } from '../core/types';

/** The caller's role in the tenant now, as a scalar subquery (null when not a member). */
export const currentRole = (tenantId: string, userId: string): SQL =>
  sql`(select role from memberships where tenant_id = ${tenantId} and user_id = ${userId})`;

/** True in SQL when the caller's current role is one of `roles`. */
export const roleIn = (tenantId: string, userId: string, roles: readonly Role[]): SQL =>
  sql`${currentRole(tenantId, userId)}::text in (${sql.join(
    roles.map((r) => sql`${r}`),
    sql`, `,
  )})`;

export const notAMember = () =>
  new ApiError(
    403,
    'not_a_member',
    'You are no longer a member of this tenant; log in again to see your tenants',
  );

/** Throws unless `role` (read from the database now) is one of `allowed`. */
export function assertCurrentRole(role: Role | null | undefined, allowed: readonly Role[]): void {
  if (!role) throw notAMember();
  if (!allowed.includes(role)) {
    throw forbidden(
      `This action needs the ${allowed.join(' or ')} role in the tenant`,
      'insufficient_role',
    );
  }
}
