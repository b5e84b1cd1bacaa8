/**
 * Stream's request authentication
 * (https://getstream.io/chat/docs/node/tokens_and_authentication/): `api_key` query parameter,
 * `stream-auth-type: jwt` header and a raw HS256 JWT in `Authorization` (no "Bearer"). The checks
 * run in that order, so each failure gets Stream's code: 2 for the key, 5 for a missing/invalid
 * auth type or token, 40–42 for time-based claims.
 */
import type { Context } from 'hono';
import type { Auth, StreamEnv } from './env';
import { authError, ErrorCode, StreamError } from './errors';
import { type VerifiedClaims, verifyStreamJwt } from './jwt';

export interface Credentials {
  apiKey: string;
  apiSecret: string;
  /** Checks that need state (token revocation); throws a StreamError to refuse. */
  checkClaims?: (claims: VerifiedClaims) => void;
}

export async function authenticate(c: Context<StreamEnv>, credentials: Credentials): Promise<Auth> {
  const apiKey = c.req.query('api_key');
  if (!apiKey) throw new StreamError(401, ErrorCode.AccessKey, 'api_key not provided');
  if (apiKey !== credentials.apiKey) {
    throw new StreamError(401, ErrorCode.AccessKey, 'api_key is invalid');
  }
  // Only JWT auth exists here; "anonymous" (anonymous user clients) is not emulated.
  if (c.req.header('stream-auth-type') !== 'jwt') {
    throw authError('stream-auth-type missing or invalid');
  }
  const token = c.req.header('authorization');
  if (!token) throw authError('JWTAuth error: Authorization header is missing');

  const claims = await verifyStreamJwt(token.trim(), credentials.apiSecret);
  credentials.checkClaims?.(claims);
  // Any valid token without `user_id` is a server token (Stream accepts {"server":true},
  // {"exp":...}, ...).
  if (claims.user_id === undefined) return { kind: 'server' };
  if (claims.user_id === '') throw authError('JWTAuth error: user_id claim is empty');
  return { kind: 'user', userId: claims.user_id };
}
