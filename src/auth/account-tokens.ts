/**
 * One-time tokens sent by mail (email verification, email change, password reset): 256 random
 * bits, base64url. Only their SHA-256 is stored (account_tokens.token_hash); as with refresh
 * tokens, a fast hash suffices because there is nothing to brute-force.
 */
const toBase64Url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

export async function hashAccountToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  return toBase64Url(new Uint8Array(digest));
}

/** A new token and its hash. */
export async function newAccountToken(): Promise<{ token: string; hash: string }> {
  const token = toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
  return { token, hash: await hashAccountToken(token) };
}

/** How long each kind of token works. */
export const VERIFY_EMAIL_HOURS = 24;
export const RESET_PASSWORD_MINUTES = 30;
