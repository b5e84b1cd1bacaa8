/**
 * Authentication from the token alone: no database read on the request path. Exposes the
 * principal (user id, tenant id, role) to handlers as c.get('principal').
 */
import { createMiddleware } from 'hono/factory';
import { readToken, TokenExpiredError } from '../auth/tokens';
import { ApiError, forbidden, unauthorized } from '../core/errors';
import type { Principal, Role, TenantPrincipal } from '../core/types';
import { servicesFor } from '../runtime/services';
import type { AppEnv } from './types';

export const requireAuth = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header('authorization');
  const match = header && /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) {
    throw unauthorized('Send an API token as "Authorization: Bearer <token>"', 'missing_token');
  }
  const { config } = servicesFor(c.env);
  let principal: Principal;
  try {
    principal = await readToken(match[1], config.jwt.secret);
  } catch (err) {
    throw err instanceof TokenExpiredError
      ? unauthorized('The token has expired; log in again', 'token_expired')
      : unauthorized('The token is invalid', 'invalid_token');
  }
  c.set('principal', principal);
  await next();
});

export function tenantPrincipal(principal: Principal): TenantPrincipal {
  if (!principal.tenantId || !principal.role) {
    throw new ApiError(
      403,
      'tenant_required',
      'This route needs a tenant-scoped token: log in with tenant_id or use POST /tenants/{id}/token',
    );
  }
  return principal as TenantPrincipal;
}

/** Role guard for tenant-scoped routes. */
export const requireRole = (...roles: Role[]) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const principal = tenantPrincipal(c.get('principal'));
    if (!roles.includes(principal.role)) {
      throw forbidden(
        `This action needs the ${roles.join(' or ')} role in the tenant`,
        'insufficient_role',
      );
    }
    await next();
  });
