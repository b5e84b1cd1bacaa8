/**
 * HS256 JWT verification with WebCrypto, as Stream checks the `Authorization` header.
 *
 * Written out rather than using `hono/jwt`'s `verify` because that checks `exp`/`nbf`/`iat`
 * before the signature: a forged token would then be told it is "expired". Here the
 * signature is checked first and claims are only trusted after it matches, and each
 * failure maps to Stream's own code (5, 40, 41, 42) and wording (Go's jwt library messages,
 * as Stream relays them: "JWTAuth error: token is expired (exp)").
 */
import { ErrorCode, StreamError } from './errors';

export interface VerifiedClaims {
  [claim: string]: unknown;
  user_id?: string;
}

const encoder = new TextEncoder();
const keyCache = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret);
  if (!key) {
    key = crypto.subtle.importKey(
      'raw',
      encoder.encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['verify'],
    );
    keyCache.set(secret, key);
  }
  return key;
}

function base64UrlDecode(segment: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(segment)) return undefined;
  return new Uint8Array(Buffer.from(segment, 'base64url'));
}

function decodeJsonSegment(segment: string): Record<string, unknown> | undefined {
  const bytes = base64UrlDecode(segment);
  if (!bytes) return undefined;
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

const jwtError = (detail: string, code: number = ErrorCode.Authentication) =>
  new StreamError(401, code, detail);

/** Verifies `token` against `secret`; throws a 401 `StreamError` describing the failure. */
export async function verifyStreamJwt(
  token: string,
  secret: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<VerifiedClaims> {
  const parts = token.split('.');
  if (parts.length !== 3) {
    throw jwtError('JWTAuth error: token contains an invalid number of segments');
  }
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodeJsonSegment(headerPart);
  const payload = decodeJsonSegment(payloadPart);
  const signature = base64UrlDecode(signaturePart);
  if (!header || !payload || !signature) throw jwtError('JWTAuth error: token is malformed');
  if (header.alg !== 'HS256') {
    throw jwtError(`JWTAuth error: signing method ${String(header.alg)} is invalid`);
  }

  const valid = await crypto.subtle.verify(
    'HMAC',
    await hmacKey(secret),
    signature,
    encoder.encode(`${headerPart}.${payloadPart}`),
  );
  // Recent REST responses use code 5 with this wording (the docs' 43 is the websocket's).
  if (!valid) throw jwtError('Token signature is invalid');

  for (const claim of ['exp', 'nbf', 'iat'] as const) {
    if (payload[claim] !== undefined && typeof payload[claim] !== 'number') {
      throw jwtError(
        `JWTAuth error: json: cannot unmarshal ${typeof payload[claim]} into Go struct field StreamJWTClaims.${claim} of type int64`,
      );
    }
  }
  if (payload.user_id !== undefined && typeof payload.user_id !== 'string') {
    throw jwtError(
      `JWTAuth error: json: cannot unmarshal ${typeof payload.user_id} into Go struct field StreamJWTClaims.user_id of type string`,
    );
  }
  const { exp, nbf, iat } = payload as { exp?: number; nbf?: number; iat?: number };
  if (exp !== undefined && exp <= nowSeconds) {
    throw jwtError('JWTAuth error: token is expired (exp)', ErrorCode.TokenExpired);
  }
  if (nbf !== undefined && nbf > nowSeconds) {
    throw jwtError('JWTAuth error: token is not valid yet (nbf)', ErrorCode.TokenNotValidYet);
  }
  if (iat !== undefined && iat > nowSeconds) {
    throw jwtError(
      'JWTAuth error: token used before issued at (iat)',
      ErrorCode.TokenUsedBeforeIssuedAt,
    );
  }
  return payload as VerifiedClaims;
}
