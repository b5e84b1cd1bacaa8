/**
 * Refresh tokens: a session id and 256 random bits. Only their SHA-256 is stored, so a database
 * leak hands out no usable token; a fast hash is enough because the input has 256 bits of
 * entropy (nothing to brute-force, unlike a password).
 */
const toBase64Url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/**
 * `<session id>.<256 random bits>`: the session id in front lets a refresh name its successor's
 * family without a lookup (tokens rotate, sessions do not); only the random part is secret, so
 * nothing keyed on the session id alone may be spendable by others (the refresh rate limit
 * counts per whole token).
 */
export function newRefreshToken(sessionId: string): string {
  return `${sessionId}.${toBase64Url(crypto.getRandomValues(new Uint8Array(32)))}`;
}

/** The session a refresh token claims to belong to (only its hash decides whether it does). */
export const sessionIdOf = (token: string) => token.split('.')[0] ?? '';

export async function hashRefreshToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  return toBase64Url(new Uint8Array(digest));
}

/** Session lifetimes: sliding after each use, capped from sign-in. */
export const SESSION_IDLE_DAYS = 30;
export const SESSION_MAX_DAYS = 90;
/**
 * How long a rotated refresh token still works: a mobile app that fires two refreshes at once
 * must not be logged out by its own race. Past it, presenting a rotated token means it was
 * copied, and the whole session is revoked (RFC 9700 §4.14.2).
 */
export const REFRESH_REUSE_GRACE_SECONDS = 30;
