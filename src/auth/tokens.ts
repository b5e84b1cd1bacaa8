/**
 * Our API tokens: HS256 JWTs signed and verified by hono/jwt (WebCrypto), algorithm pinned.
 * Claims: sub (user id), tid (tenant id, when scoped), role (in that tenant), sid (session), iss,
 * iat, exp.
 * Handlers trust these claims without a database read, so the TTL bounds how long a removed
 * member or a demoted admin keeps access (default 15 minutes, at most an hour).
 */
import { sign, verify } from 'hono/jwt';
import * as z from 'zod';
import { hmacKey } from '../core/hmac-key';
import type { Principal } from '../core/types';

const ISSUER = 'edge-chat-api';
const ALGORITHM = 'HS256';

const claimsSchema = z.object({
  sub: z.uuid(),
  tid: z.uuid().optional(),
  role: z.enum(['admin', 'moderator', 'member']).optional(),
  /** The session (refresh-token family) the token was issued for. */
  sid: z.uuid().optional(),
  iss: z.literal(ISSUER),
  iat: z.number().int(),
  exp: z.number().int(),
});

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

export async function issueToken(
  principal: Principal,
  secret: string,
  ttlSeconds: number,
  now = Date.now(),
): Promise<IssuedToken> {
  const iat = Math.floor(now / 1000);
  const exp = iat + ttlSeconds;
  const claims: Record<string, unknown> = { sub: principal.userId, iss: ISSUER, iat, exp };
  if (principal.sessionId) claims.sid = principal.sessionId;
  if (principal.tenantId) {
    claims.tid = principal.tenantId;
    claims.role = principal.role;
  }
  return {
    token: await sign(claims, await hmacKey(secret), ALGORITHM),
    expiresAt: new Date(exp * 1000),
  };
}

/** Thrown for a genuine (correctly signed) token past its exp; named like hono's own error. */
export class TokenExpiredError extends Error {
  override name = 'JwtTokenExpired';
}

/**
 * Tokens this isolate has already verified, with their principal and exp: a client sends the
 * same token for its whole lifetime, so later requests skip the HMAC and the claims parse. Only
 * a token that passed verification under the same secret is ever found here, and exp is still
 * checked on every request. Bounded: the oldest entries go first.
 */
const verified = new Map<string, { secret: string; principal: Principal; exp: number }>();
const VERIFIED_MAX = 1000;

function assertUnexpired(exp: number): void {
  if (exp <= Math.floor(Date.now() / 1000)) throw new TokenExpiredError('The token has expired');
}

/** Returns the principal, or throws (bad signature, wrong alg, expired, missing claims). */
export async function readToken(token: string, secret: string): Promise<Principal> {
  const known = verified.get(token);
  if (known?.secret === secret) {
    assertUnexpired(known.exp);
    return known.principal;
  }
  // hono/jwt checks exp before the signature, so a forged token with a past exp would be reported
  // as "expired" rather than "invalid": verify the signature first, then check exp ourselves.
  const payload = await verify(token, await hmacKey(secret), {
    alg: ALGORITHM,
    iss: ISSUER,
    exp: false,
  });
  // The schema requires exp: our tokens must always expire.
  const claims = claimsSchema.parse(payload);
  assertUnexpired(claims.exp);
  const principal = Object.freeze({
    userId: claims.sub,
    tenantId: claims.tid,
    role: claims.role,
    sessionId: claims.sid,
  });
  if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value ?? '');
  verified.set(token, { secret, principal, exp: claims.exp });
  return principal;
}
