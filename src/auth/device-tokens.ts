/**
 * Device tokens (OWASP's "device cookie" for an API): 256 random bits a device receives at each
 * successful sign-in and presents at its next login (`device_token` in the body). Only their
 * SHA-256 is stored; a fast hash suffices for 256 random bits. The token names no user: the
 * login checks it against the account of the email it comes with, so another account's token
 * is no token at all.
 */
const toBase64Url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

export function newDeviceToken(): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
}

export async function hashDeviceToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  return toBase64Url(new Uint8Array(digest));
}

/**
 * How long a device stays trusted after its last password sign-in: longer than a session can
 * live (90 days), so a device whose session ran out is still trusted when it signs in again.
 */
export const DEVICE_TOKEN_DAYS = 180;
